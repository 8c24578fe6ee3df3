"""What a bulk call did with each input, and the machinery to run one.

Every input of a bulk call ends in exactly one place of its ``BulkResult``:
``succeeded`` (with the resulting item or id, and what was done),
``failed`` (with its typed error; the input is absent or unchanged),
``unknown`` (a request carrying it was cut off and could not be checked), or
``skipped`` (the job stopped before sending it). A ``BulkJob`` is awaitable
and keeps its ``result`` up to date while it runs, so a caller that cancels it
still learns what was done.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Awaitable, Callable, Generator, Iterable, Iterator, Sequence
from typing import Any

import attrs

from .errors import (
    APIError,
    AuthenticationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ValidationError,
    WebflowError,
)
from .models import Item

__all__ = ["BulkError", "BulkJob", "BulkResult", "Failed", "Succeeded"]

#: Webflow's limit on items (locale variants counted) per bulk request.
MAX_BATCH = 100

ProgressCallback = Callable[[int, int], object]


@attrs.frozen
class Succeeded:
    """An input that was applied: ``action`` is created, updated, unchanged, deleted, published or unpublished."""

    index: int
    input: Any
    action: str
    item: Item | None = None
    id: str | None = None


@attrs.frozen
class Failed:
    """An input that was not applied, and why."""

    index: int
    input: Any
    error: WebflowError


@attrs.define
class BulkResult:
    """The outcome of every input of a bulk call, each tied to its input's position."""

    total: int
    succeeded: list[Succeeded] = attrs.field(factory=list)
    failed: list[Failed] = attrs.field(factory=list)
    unknown: list[int] = attrs.field(factory=list)
    skipped: list[int] = attrs.field(factory=list)

    @property
    def ok(self) -> bool:
        """True when every input succeeded."""
        return len(self.succeeded) == self.total

    def counts(self) -> dict[str, int]:
        """How many inputs ended each way, e.g. ``{"created": 98, "failed": 2}``."""
        counts = Counter(s.action for s in self.succeeded)
        for name, group in (("failed", self.failed), ("unknown", self.unknown), ("skipped", self.skipped)):
            if group:
                counts[name] = len(group)
        return dict(counts)

    @property
    def items(self) -> list[Item]:
        """The resulting items, in input order (inputs without an item left out)."""
        return [s.item for s in sorted(self.succeeded, key=lambda s: s.index) if s.item is not None]

    def raise_on_failure(self) -> BulkResult:
        """Return self if every input succeeded; otherwise raise ``BulkError``."""
        if not self.ok:
            raise BulkError(self)
        return self

    def __repr__(self) -> str:
        return f"BulkResult(total={self.total}, {self.counts()})"


class BulkError(WebflowError):
    """Raised by ``BulkResult.raise_on_failure``; ``result`` holds the details."""

    def __init__(self, result: BulkResult) -> None:
        self.result = result
        first = result.failed[0].error if result.failed else None
        text = f"{result.total - len(result.succeeded)} of {result.total} inputs did not succeed: {result.counts()}"
        super().__init__(text + (f"; first error: {first}" if first else ""))


_PENDING, _IN_FLIGHT, _DONE = 0, 1, 2


class Tracker:
    """Records each input's fate exactly once and reports progress."""

    def __init__(self, inputs: Sequence[Any], on_progress: ProgressCallback | None) -> None:
        self.inputs = inputs
        self.result = BulkResult(total=len(inputs))
        self._state = [_PENDING] * len(inputs)
        self._done = 0
        self._on_progress = on_progress
        #: Why some ``unknown`` inputs are unknown, when the cause was not a lost answer.
        self.unknown_reasons: dict[int, WebflowError] = {}

    def start(self, indices: Iterable[int]) -> None:
        for i in indices:
            if self._state[i] == _PENDING:
                self._state[i] = _IN_FLIGHT

    def is_done(self, index: int) -> bool:
        return self._state[index] == _DONE

    def succeed(self, index: int, action: str, item: Item | None = None, id: str | None = None) -> None:
        if self._settle(index):
            self.result.succeeded.append(Succeeded(index, self.inputs[index], action, item, id))

    def fail(self, index: int, error: WebflowError) -> None:
        if self._settle(index):
            self.result.failed.append(Failed(index, self.inputs[index], error))

    def mark_unknown(self, index: int, reason: WebflowError | None = None) -> None:
        """The input's fate could not be learned; ``reason`` says why, when it is not a lost answer."""
        if self._settle(index):
            self.result.unknown.append(index)
            if reason is not None:
                self.unknown_reasons[index] = reason

    def reopen(self, index: int) -> Succeeded:
        """Take back an input's success, to settle it again after a correction; returns the old record."""
        for pos, record in enumerate(self.result.succeeded):
            if record.index == index:
                del self.result.succeeded[pos]
                self._state[index] = _IN_FLIGHT
                self._done -= 1
                return record
        raise KeyError(index)

    def _settle(self, index: int) -> bool:
        if self._state[index] == _DONE:
            return False
        self._state[index] = _DONE
        self._done += 1
        return True

    def report(self) -> None:
        if self._on_progress is not None:
            self._on_progress(self._done, self.result.total)

    def finish(self) -> None:
        """Account for every input not yet settled: in flight is unknown, never sent is skipped."""
        for i, state in enumerate(self._state):
            if state == _IN_FLIGHT:
                self.result.unknown.append(i)
            elif state == _PENDING:
                self.result.skipped.append(i)
            self._state[i] = _DONE
        self.result.unknown.sort()


class BulkJob:
    """An awaitable bulk call; ``await job`` returns its ``BulkResult``.

    ``job.result`` is live while it runs and final after it ends, even when it
    was cancelled or stopped by an error that concerns every input (such an
    error is raised, with ``partial_result`` set on it).
    """

    def __init__(self, tracker: Tracker, run: Callable[[Tracker], Awaitable[None]]) -> None:
        self._tracker = tracker
        self._run = run
        self._started = False

    @property
    def result(self) -> BulkResult:
        return self._tracker.result

    @property
    def unknown_reasons(self) -> dict[int, WebflowError]:
        """Why inputs in ``result.unknown`` are unknown, for those whose answer was not simply lost."""
        return dict(self._tracker.unknown_reasons)

    def __await__(self) -> Generator[Any, None, BulkResult]:
        return self._execute().__await__()

    async def _execute(self) -> BulkResult:
        if self._started:
            raise RuntimeError("a bulk job runs once; call the method again for a new job")
        self._started = True
        try:
            await self._run(self._tracker)
        except WebflowError as exc:
            raise exc.with_partial_result(self._tracker.result).with_traceback(exc.__traceback__) from exc.__cause__
        finally:
            self._tracker.finish()
            self._tracker.report()
        return self._tracker.result


def chunk(
    indices: Iterable[int],
    weight: Callable[[int], int],
    limit: int = MAX_BATCH,
    group: Callable[[int], object] | None = None,
) -> Iterator[list[int]]:
    """Batches whose weights (locale variants) sum to at most ``limit``, each formed when wanted.

    With ``group``, a batch holds inputs of one group only (each group fills its own batch,
    in input order); without it, batches are runs of consecutive inputs.
    """
    current: dict[object, tuple[list[int], int]] = {}
    for i in indices:
        key = group(i) if group is not None else None
        batch, load = current.get(key, ([], 0))
        w = weight(i)
        if batch and load + w > limit:
            yield batch
            batch, load = [], 0
        batch.append(i)
        current[key] = (batch, load + w)
    for batch, _ in current.values():
        if batch:
            yield batch


_ITEM_PARAM = re.compile(r"^items\[(\d+)\]\.?(.*)$")
_OBJECT_ID = re.compile(r"\b[0-9a-f]{24}\b")

#: Looks at a 404 that names no item of the batch and raises when it concerns the whole call
#: (a missing collection); returning means the batch's items are to blame.
ScopeCheck = Callable[[APIError], Awaitable[None]]


def is_item_error(err: APIError) -> bool:
    """True for answers that may blame items of the request rather than the whole call.

    A 404 counts whatever its code (Webflow documents both ``resource_not_found``, in its
    examples, and ``item_not_found``, in its code enum), unless it says the collection is missing.
    """
    if isinstance(err, NotFoundError):
        return err.code != "collection_not_found"
    return isinstance(err, ValidationError | ConflictError)


def refuses_the_call(err: APIError) -> bool:
    """True for answers that refuse the whole call before applying any of it: 401, 403, 429."""
    return isinstance(err, AuthenticationError | PermissionDeniedError | RateLimitError)


def blame(err: APIError, batch_ids: Sequence[str | None]) -> dict[int, APIError]:
    """The positions in a batch that an error names, each with its own error.

    An error names a position through a detail's ``items[3]...`` param, or names an item
    by quoting its id in the message or a detail (as Webflow's 404s do).
    """
    size = len(batch_ids)
    per_item: dict[int, list[Any]] = {}
    for detail in err.details:
        param = detail.get("param") if isinstance(detail, dict) else None
        match = _ITEM_PARAM.match(param) if isinstance(param, str) else None
        if match and int(match.group(1)) < size:
            per_item.setdefault(int(match.group(1)), []).append({**detail, "param": match.group(2) or param})
    if not per_item:
        quoted = set(_OBJECT_ID.findall(" ".join([err.message, *map(str, err.details)])))
        for pos, item_id in enumerate(batch_ids):
            if item_id is not None and item_id in quoted:
                per_item[pos] = list(err.details)
    return {
        pos: type(err)(
            err.message,
            status=err.status,
            code=err.code,
            details=details,
            request_id=err.request_id,
            attempts=err.attempts,
        )
        for pos, details in per_item.items()
    }


async def send_isolating(
    batch: list[int],
    send: Callable[[list[int]], Awaitable[None]],
    fail: Callable[[int, APIError], None],
    *,
    ids: Callable[[int], str | None] = lambda index: None,
    check_scope: ScopeCheck | None = None,
) -> None:
    """Send a batch; when the server rejects it for some items, fail those and send the rest.

    Webflow rejects a whole bulk request for one bad item. When the error names the items
    (``items[3].fieldData.slug``, or an item's id) only those fail; when it does not, the
    batch is halved until the bad items stand alone. A 404 that names nothing is first put
    to ``check_scope``, which raises it when the whole call is at fault.
    """
    try:
        await send(batch)
        return
    except APIError as err:
        if not is_item_error(err):
            if refuses_the_call(err):
                # A definite "no" to the whole call (the token, its scopes, the rate): this batch was
                # not applied. The job stops; the caller sees these inputs failed with the cause.
                for index in batch:
                    fail(index, err)
            raise
        error = err
    blamed = blame(error, [ids(i) for i in batch])
    if not blamed and isinstance(error, NotFoundError) and check_scope is not None:
        await check_scope(error)
    if blamed:
        for pos, item_error in blamed.items():
            fail(batch[pos], item_error)
        parts = [[u for pos, u in enumerate(batch) if pos not in blamed]]
    elif len(batch) == 1:
        fail(batch[0], error)
        return
    else:
        middle = len(batch) // 2
        parts = [batch[:middle], batch[middle:]]
    for part in parts:
        if part:
            await send_isolating(part, send, fail, ids=ids, check_scope=check_scope)
