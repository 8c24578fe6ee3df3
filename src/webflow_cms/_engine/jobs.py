"""One-input calls (``create``, ``update``, ``delete``) run as bulk jobs of one, then unwrapped."""

from __future__ import annotations

from typing import TypeVar

from ..bulk import BulkJob
from ..errors import APIConnectionError, UnexpectedResponseError

__all__ = ["single"]

T = TypeVar("T")


async def single(job: BulkJob[T]) -> T:
    """Run a one-input job and return its item; raise the input's error if it failed."""
    result = await job
    if result.failed:
        raise result.failed[0].error
    if result.succeeded:
        record = result.succeeded[0]
        if record.item is not None:
            return record.item
        raise UnexpectedResponseError(
            f"the item was {record.action} (id {record.id}), but the answer did not include it",
            status=None,
            code="unexpected_response",
        )
    reason = job.unknown_reasons.get(0)
    if reason is not None:
        raise reason
    raise APIConnectionError("the request's outcome is unknown: the connection broke and could not be checked")
