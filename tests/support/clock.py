"""The one fake clock of the test suite: time moves only when a test (or a sleeper) moves it.

Two ways to use it:

* ``clock.now`` / ``clock()`` as the clock and ``clock.sleep`` as the sleep of the code under test.
  Outside ``driven()`` a sleep moves the clock forward at once (enough for code that sleeps in turn,
  like a token bucket serving tasks one at a time under its lock).
* ``async with clock.driven():`` for concurrent sleepers: each sleep waits for its virtual deadline,
  and a driver task wakes the sleeper with the earliest deadline (ties in the order they fell asleep)
  only once every other task has had its turns and is waiting again. Which answer comes first is then
  decided by the deadlines alone, never by how busy the machine is.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import anyio.lowlevel

#: Event-loop turns the driver gives the other tasks after each wake-up before it wakes the next
#: sleeper. A woken worker reaches its next sleep (or ends its window and the next window starts)
#: within a few turns (3 are enough today); 200 leave a wide margin and cost about a millisecond per wake-up.
SETTLE_TURNS = 200
#: More sleeps than any test needs: code that sleeps forever (a bucket that never refills) fails the
#: test with this error instead of spinning until the test run is killed.
MAX_SLEEPS = 100_000


class FakeClock:
    """A monotonic clock for tests; ``t`` is the current time in seconds."""

    def __init__(self, start: float = 1000.0) -> None:
        self.t = start
        #: Every duration asked of ``sleep``, in order.
        self.sleeps: list[float] = []
        self._sleepers: list[tuple[float, int, anyio.Event]] = []
        self._order = itertools.count()
        self._driven = False
        self._new_sleeper: anyio.Event | None = None

    def now(self) -> float:
        return self.t

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        if len(self.sleeps) > MAX_SLEEPS:
            raise AssertionError(f"over {MAX_SLEEPS} sleeps on the fake clock: the code under test never gets on")
        if not self._driven:
            # Code may ask for a sleep below the clock's float resolution (a token bucket's refill
            # leaves 0.99999999999989 tokens); a real clock always moves on, so does this one.
            self.t += max(seconds, 1e-9)
            await anyio.lowlevel.checkpoint()
            return
        entry = (self.t + max(seconds, 0.0), next(self._order), anyio.Event())
        heapq.heappush(self._sleepers, entry)
        if self._new_sleeper is not None:
            self._new_sleeper.set()
        try:
            await entry[2].wait()
        finally:
            if entry in self._sleepers:  # cancelled before its deadline: it never wakes
                self._sleepers.remove(entry)
                heapq.heapify(self._sleepers)

    @property
    def sleeping(self) -> int:
        """Sleepers waiting for their deadline (only while driven)."""
        return len(self._sleepers)

    @asynccontextmanager
    async def driven(self) -> AsyncIterator[FakeClock]:
        """Run the body with concurrent sleepers woken in deadline order (see the module docstring).

        An error of the body comes out as itself, not wrapped in the driver's exception group.
        """
        try:
            async with anyio.create_task_group() as tg:
                self._driven = True
                tg.start_soon(self._drive)
                try:
                    yield self
                finally:
                    self._driven = False
                    tg.cancel_scope.cancel()
        except BaseExceptionGroup as group:
            if len(group.exceptions) == 1:
                raise group.exceptions[0] from None
            raise

    async def settle(self) -> None:
        """Give every other task its turns until all of them wait again."""
        for _ in range(SETTLE_TURNS):
            await anyio.lowlevel.checkpoint()

    async def _drive(self) -> None:
        while True:
            await self.settle()
            if not self._sleepers:
                self._new_sleeper = anyio.Event()
                await self._new_sleeper.wait()
                self._new_sleeper = None
                continue
            deadline, _, wake = heapq.heappop(self._sleepers)
            self.t = max(self.t, deadline)
            wake.set()
