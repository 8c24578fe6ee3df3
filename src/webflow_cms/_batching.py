"""Sending a bulk call's payloads in batches of at most 100 locale variants.

Batches run concurrently (bounded by the client's ``max_concurrency``); an
answer that rejects some items fails those items and re-sends the rest
(``bulk.send_isolating``). A batch whose fate is unknown (5xx, broken
connection, or a re-send refused because an earlier attempt did the job)
goes to the caller's ``on_ambiguous``, which reads the items back.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from functools import partial
from typing import Any

from ._inputs import CheckedInputs, weight
from ._reads import ItemReader
from ._tasks import run_all
from .bulk import Tracker, chunk, send_isolating
from .errors import APIConnectionError, APIError, NotFoundError, ServerError, WebflowError

__all__ = ["AMBIGUOUS", "AppliedBefore", "OnAmbiguous", "Send", "as_error", "send_batches"]

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
