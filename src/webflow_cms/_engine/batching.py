"""Sending a bulk call's payloads in batches of at most 100 locale variants.

Batches run concurrently (bounded by the client's ``max_concurrency``); an
answer that rejects some items fails those items and re-sends the rest
(``send_isolating``). A batch whose fate is unknown (5xx, broken
connection, or a re-send refused because an earlier attempt did the job)
goes to the caller's ``on_ambiguous``, which reads the items back.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from typing import Any

from ..errors import (
    APIConnectionError,
    APIError,
    AuthenticationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    ValidationError,
    WebflowError,
)
from ..ids import ID_PATTERN
from .inputs import CheckedInputs, weight
from .reads import ItemReader
from .tasks import run_all
from .tracker import MAX_BATCH, Tracker

__all__ = [
    "AMBIGUOUS",
    "AppliedBefore",
    "OnAmbiguous",
    "ScopeCheck",
    "Send",
    "as_error",
    "blame",
    "chunk",
    "is_item_error",
    "refuses_the_call",
    "send_batches",
    "send_isolating",
]

#: Sends one batch (input indices) and settles its inputs from the answer.
Send = Callable[[list[int]], Awaitable[None]]
#: Told which inputs of a batch have an unknown fate, and the error that left them so.
OnAmbiguous = Callable[[list[int], Exception], None]


class AppliedBefore(WebflowError):
    """A re-sent request was refused because an earlier attempt already did the job."""

    def __init__(self, error: APIError) -> None:
        super().__init__(str(error))
        self.error = error


#: Errors after which a write's fate is unknown: it may or may not have been applied.
AMBIGUOUS = (ServerError, APIConnectionError, AppliedBefore)


def as_error(error: Exception) -> WebflowError:
    """The error to report for a write that was not applied: its API error, or the lost connection."""
    if isinstance(error, AppliedBefore):
        error = error.error
    if isinstance(error, WebflowError):
        return error
    return APIConnectionError(f"the request got no answer and the change is not on the server: {error}")


async def send_batches(
    reader: ItemReader,
    tracker: Tracker,
    payloads: Mapping[int, Mapping[str, Any]],
    send: Send,
    on_ambiguous: OnAmbiguous,
    *,
    concurrency: int,
    group: Callable[[int], object] | None = None,
) -> None:
    """Send payloads in batches, isolating items the server rejects.

    ``group`` keeps inputs apart that cannot share a request (a batch holds one group).
    """

    def fail(index: int, err: APIError) -> None:
        tracker.fail(index, err)

    def item_id(index: int) -> str | None:
        value = payloads[index].get("id")
        return value if isinstance(value, str) else None

    collection_found = False

    async def check_scope(error: APIError) -> None:
        """A 404 that names no item: raise it if the collection itself is gone (checked once)."""
        nonlocal collection_found
        if not collection_found:
            try:
                await reader.list(page_size=1)
            except NotFoundError:
                raise error from None
            collection_found = True

    async def one(batch: list[int]) -> None:
        tracker.start(batch)
        try:
            await send_isolating(batch, send, fail, ids=item_id, check_scope=check_scope)
        except AMBIGUOUS as exc:
            on_ambiguous([i for i in batch if not tracker.is_done(i)], exc)
        tracker.report()

    indices = payloads.indices() if isinstance(payloads, CheckedInputs) else sorted(payloads)
    batches = chunk(indices, lambda i: weight(payloads[i]), group=group)
    await run_all((partial(one, b) for b in batches), concurrency)


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
_OBJECT_ID = re.compile(rf"\b{ID_PATTERN.pattern}\b")

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
