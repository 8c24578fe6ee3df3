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

import anyio
import anyio.lowlevel
import attrs

from .errors import APIError, ConflictError, NotFoundError, ValidationError, WebflowError, first_error
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

    def mark_unknown(self, index: int) -> None:
        if self._settle(index):
            self.result.unknown.append(index)

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

    def __await__(self) -> Generator[Any, None, BulkResult]:
        return self._execute().__await__()

    async def _execute(self) -> BulkResult:
        if self._started:
            raise RuntimeError("a bulk job runs once; call the method again for a new job")
        self._started = True
        try:
            await self._run(self._tracker)
        except WebflowError as exc:
            exc.partial_result = self._tracker.result  # type: ignore[attr-defined]
            raise
        finally:
            self._tracker.finish()
            self._tracker.report()
        return self._tracker.result


def chunk(indices: Iterable[int], weight: Callable[[int], int], limit: int = MAX_BATCH) -> Iterator[list[int]]:
    """Consecutive batches whose weights (locale variants) sum to at most ``limit``, each formed when wanted."""
    current: list[int] = []
    load = 0
    for i in indices:
        w = weight(i)
        if current and load + w > limit:
            yield current
            current, load = [], 0
        current.append(i)
        load += w
    if current:
        yield current


async def run_all(jobs: Iterable[Callable[[], Awaitable[None]]], concurrency: int) -> None:
    """Run the jobs concurrently, at most ``concurrency`` at a time; the first error stops them all.

    ``jobs`` may be lazy: it is drawn one job at a time, letting started jobs
    run in between, so the first request does not wait for the last job to be
    built.
    """
    limiter = anyio.CapacityLimiter(concurrency)

    async def run(job: Callable[[], Awaitable[None]]) -> None:
        async with limiter:
            await job()

    try:
        async with anyio.create_task_group() as tg:
            for job in jobs:
                tg.start_soon(run, job)
                await anyio.lowlevel.checkpoint()
    except BaseExceptionGroup as group:
        raise first_error(group) from None


_ITEM_PARAM = re.compile(r"^items\[(\d+)\]\.?(.*)$")


def is_item_error(err: APIError) -> bool:
    """True for answers that blame items of the request rather than the whole call."""
    if isinstance(err, ValidationError | ConflictError):
        return True
    return isinstance(err, NotFoundError) and err.code == "item_not_found"


def blame(err: APIError, size: int) -> dict[int, APIError]:
    """The positions in a batch that an error's details name, each with its own error."""
    per_item: dict[int, list[Any]] = {}
    for detail in err.details:
        param = detail.get("param") if isinstance(detail, dict) else None
        match = _ITEM_PARAM.match(param) if isinstance(param, str) else None
        if match and int(match.group(1)) < size:
            per_item.setdefault(int(match.group(1)), []).append({**detail, "param": match.group(2) or param})
    return {
        pos: type(err)(err.message, status=err.status, code=err.code, details=details, request_id=err.request_id)
        for pos, details in per_item.items()
    }


async def send_isolating(
    batch: list[int],
    send: Callable[[list[int]], Awaitable[None]],
    fail: Callable[[int, APIError], None],
) -> None:
    """Send a batch; when the server rejects it for some items, fail those and send the rest.

    Webflow rejects a whole bulk request for one bad item. When the error's
    details name the items (``items[3].fieldData.slug``) only those fail;
    when they do not, the batch is halved until the bad items stand alone.
    """
    try:
        await send(batch)
        return
    except APIError as err:
        if not is_item_error(err):
            raise
        error = err
    blamed = blame(error, len(batch))
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
            await send_isolating(part, send, fail)
