"""Client-side rate limiting: one token bucket per API token.

Webflow meters each token per minute (60 or 120 requests, by plan) and says
how much is left in ``X-RateLimit-Remaining`` on every answer. The bucket
starts from ``RateLimit`` (or the learned ``X-RateLimit-Limit``), is lowered,
never raised, by what the server reports left, and stops every request of the
client for ``Retry-After`` after a 429. A job that shares one client therefore
runs at the limit without the server having to refuse it.

The bucket lives in one process. Several processes on one token need a shared
limiter: anything with the ``Limiter`` methods can be passed as ``rate_limit``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable
from typing import Protocol, runtime_checkable

import anyio
import attrs

__all__ = ["Limiter", "RateLimit", "TokenBucket"]

#: Webflow's window when only ``X-RateLimit-Limit`` is known.
DEFAULT_WINDOW = 60.0
#: The smaller of Webflow's plan limits, used until the server tells us its own.
DEFAULT_REQUESTS = 60


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


class TokenBucket:
    """A token bucket for one API token, safe to share between tasks.

    ``rate`` fixes the limit; with ``None`` it starts at the lower plan limit and
    follows ``X-RateLimit-Limit`` over a 60 second window. ``clock`` and
    ``sleep`` exist for tests.
    """

    def __init__(
        self,
        rate: RateLimit | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
    ) -> None:
        self._fixed = rate is not None
        rate = rate or RateLimit(DEFAULT_REQUESTS, DEFAULT_WINDOW)
        self._clock = clock
        self._sleep = sleep
        self._capacity = float(rate.requests)
        self._per_second = rate.requests / rate.per
        #: The rate to return to after a 429 slowed the bucket down, and when it last grew back.
        self._target_per_second = self._per_second
        self._recovered_at = clock()
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
            # A configured limit above the server's: never burst past what the server allows.
            self._capacity = float(limit)
            self._tokens = min(self._tokens, self._capacity)
        # After a 429 the rate was halved; win it back slowly: it doubles in about 40 s without a 429.
        now = self._clock()
        if self._per_second < self._target_per_second and now > self._recovered_at:
            grown = self._per_second * (1.0 + (now - self._recovered_at) / DEFAULT_WINDOW)
            self._per_second = min(self._target_per_second, grown)
        self._recovered_at = max(self._recovered_at, now)
        if remaining is not None:
            # Requests sent after this one and still unanswered may have reached the
            # server after it counted this one: they are not in ``remaining`` yet.
            self._tokens = min(self._tokens, float(remaining - in_flight))

    def pause(self, seconds: float) -> None:
        # A 429 means the server's limit is below ours (or others share the token): halve the rate.
        self._per_second = max(self._per_second / 2, self._target_per_second / 64)
        now = self._clock()
        self._recovered_at = max(self._recovered_at, now + seconds)
        self._paused_until = max(self._paused_until, now + max(0.0, seconds))
        self._refill()
        self._tokens = min(self._tokens, 0.0)
        self._updated = max(self._updated, self._paused_until)


def parse_limit_header(value: str | None) -> int | None:
    """An integer rate-limit header, or None when absent or malformed."""
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    return int(number)
