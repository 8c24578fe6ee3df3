"""What a bulk call did with each input.

Every input of a bulk call ends in exactly one place of its ``BulkResult``:
``succeeded`` (with the resulting item or id, and what was done),
``failed`` (with its typed error; the input is absent or unchanged),
``unknown`` (a request carrying it was cut off and could not be checked), or
``skipped`` (the job stopped before sending it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any, Generic, Literal, TypeVar

import attrs

from .errors import WebflowError

__all__ = ["Action", "BulkError", "BulkResult", "Failed", "ProgressCallback", "Succeeded"]

#: What was done with a succeeded input.
Action = Literal["created", "updated", "unchanged", "deleted", "published", "unpublished"]

#: ``on_progress(done, total)``, called as inputs settle.
ProgressCallback = Callable[[int, int], object]

#: What a succeeded input's item is given as: an ``Item``, or a typed model (``wf.items(id, model=...)``).
T = TypeVar("T")
U = TypeVar("U")


@attrs.frozen
class Succeeded(Generic[T]):
    """An input that was applied: ``action`` says what was done with it."""

    index: int
    input: Any
    action: Action
    item: T | None = None
    id: str | None = None


@attrs.frozen
class Failed:
    """An input that was not applied, and why."""

    index: int
    input: Any
    error: WebflowError


@attrs.define
class BulkResult(Generic[T]):
    """The outcome of every input of a bulk call, each tied to its input's position."""

    total: int
    succeeded: list[Succeeded[T]] = attrs.field(factory=list)
    failed: list[Failed] = attrs.field(factory=list)
    unknown: list[int] = attrs.field(factory=list)
    skipped: list[int] = attrs.field(factory=list)

    @property
    def ok(self) -> bool:
        """True when every input succeeded."""
        return len(self.succeeded) == self.total

    def counts(self) -> dict[str, int]:
        """How many inputs ended each way, e.g. ``{"created": 98, "failed": 2}``."""
        counts: Counter[str] = Counter(s.action for s in self.succeeded)
        for name, group in (("failed", self.failed), ("unknown", self.unknown), ("skipped", self.skipped)):
            if group:
                counts[name] = len(group)
        return dict(counts)

    @property
    def items(self) -> list[T]:
        """The resulting items, in input order (inputs without an item left out)."""
        return [s.item for s in sorted(self.succeeded, key=lambda s: s.index) if s.item is not None]

    def viewed_as(self, view: Callable[[T], U]) -> BulkResult[U]:
        """The same outcome with each resulting item passed through ``view`` (e.g. into a typed model)."""
        succeeded = [
            Succeeded(s.index, s.input, s.action, None if s.item is None else view(s.item), s.id)
            for s in self.succeeded
        ]
        return BulkResult(self.total, succeeded, list(self.failed), list(self.unknown), list(self.skipped))

    def raise_on_failure(self) -> BulkResult[T]:
        """Return self if every input succeeded; otherwise raise ``BulkError``."""
        if not self.ok:
            raise BulkError(self)
        return self

    def __repr__(self) -> str:
        return f"BulkResult(total={self.total}, {self.counts()})"


class BulkError(WebflowError):
    """Raised by ``BulkResult.raise_on_failure``; ``result`` holds the details."""

    def __init__(self, result: BulkResult[Any]) -> None:
        self.result = result
        first = result.failed[0].error if result.failed else None
        text = f"{result.total - len(result.succeeded)} of {result.total} inputs did not succeed: {result.counts()}"
        super().__init__(text + (f"; first error: {first}" if first else ""))
