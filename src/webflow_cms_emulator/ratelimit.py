"""Per-token token buckets: capacity N, refilled continuously at N/SECONDS per second."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from .options import RateLimit


class _Bucket:
    __slots__ = ("stamp", "tokens")

    def __init__(self, tokens: float, stamp: float) -> None:
        self.tokens = tokens
        self.stamp = stamp


class RateLimiter:
    """Decides whether a token may make a request now, and reports what is left."""

    def __init__(self, limit: RateLimit, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def _refilled(self, key: str) -> _Bucket:
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(float(self.limit.capacity), now)
        else:
            gained = (now - bucket.stamp) * self.limit.per_second
            bucket.tokens = min(float(self.limit.capacity), bucket.tokens + gained)
            bucket.stamp = now
        return bucket

    def acquire(self, key: str) -> tuple[bool, int, int]:
        """Take one token: (allowed, remaining, retry_after_seconds)."""
        with self._lock:
            bucket = self._refilled(key)
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return True, math.floor(bucket.tokens), 0
            wait = (1.0 - bucket.tokens) / self.limit.per_second
            return False, 0, max(1, math.ceil(wait))

    def remaining(self, key: str) -> int:
        """Tokens left for `key` without taking one."""
        with self._lock:
            return math.floor(self._refilled(key).tokens)
