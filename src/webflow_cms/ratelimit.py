"""Client-side rate limiting: one token bucket per API token.

Webflow meters each token per minute (60 or 120 requests, by plan) and says
how much is left in ``X-RateLimit-Remaining`` on every answer. The bucket
starts from ``RateLimit`` (or the learned ``X-RateLimit-Limit``), is lowered,
never raised, by what the server reports left, and stops every request of the
client for ``Retry-After`` after a 429. A job that shares one client therefore
runs at the limit without the server having to refuse it.

The bucket lives in one process. When other processes spend the same token,
429s tell it so: each congestion event (the 429s of one burst count once)
halves its rate, and the rate grows back linearly, to the full rate within one
window of the limit; pauses carry a little random jitter so that processes do
not resume in step (AIMD, as TCP shares a link). Processes that should share
one budget exactly pass a shared limiter, such as ``RedisLimiter``: anything
with the ``Limiter`` methods, or a ``SharedLimiter`` that hands one out per token.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Awaitable, Callable
from typing import Protocol, runtime_checkable

import anyio
import attrs

__all__ = ["DEFAULT_REQUESTS", "DEFAULT_WINDOW", "Limiter", "RateLimit", "SharedLimiter", "TokenBucket"]

#: Webflow's window when only ``X-RateLimit-Limit`` is known.
DEFAULT_WINDOW = 60.0
#: The smaller of Webflow's plan limits, used until the server tells us its own.
DEFAULT_REQUESTS = 60
#: A 429 multiplies the rate by this (once per congestion event) ...
DECREASE = 0.5
#: ... down to this share of the configured or learned rate.
FLOOR = 1 / 64
#: Random extra pause after a 429, at most this share of the limit's window.
PAUSE_JITTER = 0.1


@attrs.frozen
class RateLimit:
    """``requests`` per ``per`` seconds for one token."""

    requests: int = attrs.field(validator=attrs.validators.gt(0))
    per: float = attrs.field(default=60.0, converter=float, validator=attrs.validators.gt(0))


@runtime_checkable
class Limiter(Protocol):
    """What the client needs from a rate limiter; implement it to share one across processes."""

    async def acquire(self) -> None:
        """Wait until one request may be sent, and count it."""

    def observe(self, limit: int | None, remaining: int | None, in_flight: int) -> None:
        """Take in the server's rate-limit headers from an answer.

        ``in_flight`` counts the requests sent after the answered one and not
        yet answered: the server may not have counted them in ``remaining``.
        """

    def pause(self, seconds: float) -> None:
        """Stop every request for ``seconds`` (after a 429)."""


@runtime_checkable
class SharedLimiter(Protocol):
    """A limiter shared by every client on one API token, such as ``RedisLimiter``.

    The client asks it for the token's ``Limiter`` once, when it is built, so
    one shared limiter can serve clients of several tokens without mixing them.
    """

    def for_token(self, token: str) -> Limiter:
        """The limiter of the budget of ``token``."""


class TokenBucket:
    """A token bucket for one API token, safe to share between tasks.

    ``rate`` fixes the limit; with ``None`` it starts at the lower plan limit and
    follows ``X-RateLimit-Limit`` over a 60 second window. ``jitter`` is the
    largest random extra pause after a 429, as a share of the window.
    ``clock``, ``sleep`` and ``rng`` exist for tests.
    """

    def __init__(
        self,
        rate: RateLimit | None = None,
        *,
        jitter: float = PAUSE_JITTER,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self._fixed = rate is not None
        rate = rate or RateLimit(DEFAULT_REQUESTS, DEFAULT_WINDOW)
        self._clock = clock
        self._sleep = sleep
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not crypto
        self._jitter = jitter
        self._window = rate.per
        self._capacity = float(rate.requests)
        self._per_second = rate.requests / rate.per
        #: The rate to return to after a 429 slowed the bucket down, and when it last grew back.
        self._target_per_second = self._per_second
        self._recovered_at = clock()
        #: 429s before this time answer requests sent before the last slow-down: they do not slow it again.
        self._cut_until = -math.inf
        self._tokens = self._capacity
        self._updated = clock()
        self._paused_until = 0.0
        self._lock = anyio.Lock()

    def __repr__(self) -> str:
        return f"TokenBucket(capacity={self._capacity:g}, per_second={self._per_second:g}, tokens={self._tokens:.2f})"

    @property
    def rate(self) -> RateLimit:
        return RateLimit(int(self._capacity), self._capacity / self._per_second)

    @property
    def tokens(self) -> float:
        """Requests that could be sent right now."""
        self._refill()
        return self._tokens

    def _refill(self) -> None:
        now = self._clock()
        if now > self._updated:
            self._tokens = min(self._capacity, self._tokens + (now - self._updated) * self._per_second)
            self._updated = now

    def _wait_time(self) -> float:
        now = self._clock()
        if now < self._paused_until:
            return self._paused_until - now
        self._refill()
        if self._tokens >= 1.0 - 1e-9:  # float refills land a hair short of whole tokens
            return 0.0
        return (1.0 - self._tokens) / self._per_second

    async def acquire(self) -> None:
        # The lock is held while waiting, so tasks are served in arrival order
        # and never all wake at once for the same token.
        async with self._lock:
            while (wait := self._wait_time()) > 0:
                await self._sleep(wait)
            self._tokens -= 1.0

    def observe(self, limit: int | None, remaining: int | None, in_flight: int) -> None:
        self._refill()
        if limit is not None and limit > 0 and not self._fixed and limit != self._capacity:
            # Learned limit: Webflow's windows are one minute.
            self._per_second = self._target_per_second = limit / DEFAULT_WINDOW
            self._tokens = min(self._tokens + (limit - self._capacity), float(limit))
            self._capacity = float(limit)
        elif limit is not None and 0 < limit < self._capacity:
            # A configured limit above the server's (a wrong plan): the server's count holds, over the
            # configured window. Never burst past it, nor pace faster than it.
            scale = limit / self._capacity
            self._capacity = float(limit)
            self._target_per_second *= scale
            self._per_second = min(self._per_second, self._target_per_second)
            self._tokens = min(self._tokens, self._capacity)
        # After a 429 the rate was cut; it grows back linearly, from nothing to full in one window.
        now = self._clock()
        if self._per_second < self._target_per_second and now > self._recovered_at:
            grown = self._per_second + self._target_per_second * (now - self._recovered_at) / self._window
            self._per_second = min(self._target_per_second, grown)
        self._recovered_at = max(self._recovered_at, now)
        if remaining is not None:
            # Requests sent after this one and still unanswered may have reached the
            # server after it counted this one: they are not in ``remaining`` yet.
            self._tokens = min(self._tokens, float(remaining - in_flight))

    def pause(self, seconds: float) -> None:
        # A 429 means the server's limit is below ours, or others spend the token: slow down, once
        # per congestion event (the other requests of the same burst get their 429s too).
        now = self._clock()
        if now > self._cut_until:
            self._per_second = max(self._per_second * DECREASE, self._target_per_second * FLOOR)
        extra = self._rng.uniform(0.0, self._jitter * self._window) if self._jitter > 0 else 0.0
        self._paused_until = max(self._paused_until, now + max(0.0, seconds) + extra)
        self._cut_until = self._paused_until
        self._recovered_at = max(self._recovered_at, self._paused_until)
        self._refill()
        self._tokens = min(self._tokens, 0.0)
        self._updated = max(self._updated, self._paused_until)
