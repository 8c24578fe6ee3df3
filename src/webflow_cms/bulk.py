"""Running a bulk call: ``BulkJob``, awaitable, with a live ``result``.

A ``BulkJob`` keeps its ``result`` (``results.BulkResult``) up to date while it
runs, so a caller that cancels it still learns what was done with each input.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator
from typing import Any, Generic, TypeVar, cast, overload

from ._engine.tracker import Tracker
from .errors import WebflowError
from .models import Item
from .results import BulkError, BulkResult, Failed, ProgressCallback, Succeeded

__all__ = ["BulkError", "BulkJob", "BulkResult", "Failed", "ProgressCallback", "Succeeded"]

T = TypeVar("T")


class BulkJob(Generic[T]):
    """An awaitable bulk call; ``await job`` returns its ``BulkResult``.

    ``job.result`` is live while it runs and final after it ends, even when it
    was cancelled or stopped by an error that concerns every input (such an
    error is raised, with ``partial_result`` set on it). With a ``view`` (typed
    models) the result gives each item as ``view(item)``, and each read of
    ``job.result`` is a snapshot of the job at that moment.
    """

    @overload
    def __init__(self: BulkJob[Item], tracker: Tracker, run: Callable[[Tracker], Awaitable[None]]) -> None: ...
    @overload
    def __init__(
        self, tracker: Tracker, run: Callable[[Tracker], Awaitable[None]], view: Callable[[Item], T]
    ) -> None: ...
    def __init__(
        self, tracker: Tracker, run: Callable[[Tracker], Awaitable[None]], view: Callable[[Item], T] | None = None
    ) -> None:
        self._tracker = tracker
        self._run = run
        self._started = False
        self._settled = False
        self._view = view
        self._views: dict[int, tuple[Item, T]] = {}

    @property
    def result(self) -> BulkResult[T]:
        if self._view is None:
            return cast("BulkResult[T]", self._tracker.result)
        return self._tracker.result.viewed_as(self._seen)

    def _seen(self, item: Item) -> T:
        """``view(item)``, made once per item however often ``result`` is read."""
        assert self._view is not None
        known = self._views.get(id(item))
        if known is None or known[0] is not item:
            known = (item, self._view(item))
            self._views[id(item)] = known
        return known[1]

    @property
    def unknown_reasons(self) -> dict[int, WebflowError]:
        """Why inputs in ``result.unknown`` are unknown, for those whose answer was not simply lost."""
        return dict(self._tracker.unknown_reasons)

    def __await__(self) -> Generator[Any, None, BulkResult[T]]:
        return self._execute().__await__()

    async def _execute(self) -> BulkResult[T]:
        if self._started:
            raise RuntimeError("a bulk job runs once; call the method again for a new job")
        self._started = True
        try:
            await self._run(self._tracker)
        except WebflowError as exc:
            self._settle()  # before the partial result is taken: a typed one is a copy, made once
            raise exc.with_partial_result(self._partial()).with_traceback(exc.__traceback__) from exc.__cause__
        finally:
            self._settle()
        try:
            return self.result
        except WebflowError as exc:  # an item the view could not take (a model out of date): say what was done
            raise exc.with_partial_result(self._tracker.result) from None

    def _settle(self) -> None:
        """Account for every input (once), then report the final progress."""
        if not self._settled:
            self._settled = True
            self._tracker.finish()
            self._tracker.report()

    def _partial(self) -> BulkResult[Any]:
        try:
            return self.result
        except WebflowError:
            return self._tracker.result
