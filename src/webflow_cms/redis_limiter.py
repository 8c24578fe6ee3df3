"""One rate budget per API token, shared through Redis by every process that uses it.

Webflow meters the token, not the process: four cron jobs on one token get the
budget of one. ``RedisLimiter`` keeps that budget in Redis, as a GCRA
(a token bucket stored as one "theoretical arrival time"), updated by one Lua
script per request, so there is no read-modify-write race between workers:

* each request reserves the next free slot and sleeps until it; slots are
  handed out in arrival order across every machine, which keeps workers fair;
* the server's ``X-RateLimit-Remaining`` and a 429's ``Retry-After`` seen by
  any worker lower the budget, or pause it, for all of them;
* time is Redis's own clock, so machines need not agree on the time;
* the key is a hash of the token, never the token.

When Redis is down or slow, a worker falls back to its own ``TokenBucket``
(which AIMD keeps polite), says so once, and returns to Redis when it answers
again. A Redis error never reaches the caller's job, and no request waits on
Redis longer than ``timeout``.

It uses redis-py's asyncio client, so it runs under asyncio only; under trio
it refuses to be created, with an error that says so.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import math
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import anyio

from .ratelimit import DEFAULT_REQUESTS, DEFAULT_WINDOW, Limiter, RateLimit, TokenBucket

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = ["RedisLimiter", "TokenBudget"]

log = logging.getLogger("webflow_cms")

#: Prefix of every key this limiter writes.
KEY_PREFIX = "webflow_cms:budget:"

# KEYS[1]: the token's budget (a hash). ARGV, all numbers (times in ms, rates per ms):
#   1 requests, 2 window (ms): the configured limit; 3 learn: 1 when the limit comes from the server
#   4 server limit seen (0: none)
#   5 pause (ms, 0: none), 6 its age (ms): a 429's Retry-After seen by this worker
#   7 remaining seen (-1: none), 8 its age (ms), 9 requests in flight then
#   10 now (ms, -1: Redis's clock), 11 reserve: 1 to take a slot, 0 to only read
# Returns {wait before the slot (ms), limit in force, tokens left, pauses so far (ms)}, as strings
# (Lua numbers would be truncated to integers).
_SCRIPT = """
local SLACK = 0
local key = KEYS[1]
local now = tonumber(ARGV[10])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
end
local requests = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local server = tonumber(ARGV[4])
if server > 0 then
  redis.call('HSET', key, 'limit', server)
else
  server = tonumber(redis.call('HGET', key, 'limit') or '0')
end
local capacity = requests
local interval = window / requests
if ARGV[3] == '1' then
  if server > 0 then
    capacity = server
    interval = window / server
  end
elseif server > 0 and server < capacity then
  capacity = server
end
local tat = tonumber(redis.call('HGET', key, 'tat') or '0')
local paused = tonumber(redis.call('HGET', key, 'paused') or '0')
local shift = tonumber(redis.call('HGET', key, 'shift') or '0')
if tat < now then tat = now end
local pause = tonumber(ARGV[5])
if pause > 0 then
  local resume = now - tonumber(ARGV[6]) + pause
  local from = paused
  if from < now then from = now end
  if resume > from then
    -- Every slot handed out and not yet due moves back by the new part of the pause; 'shift'
    -- adds the moves up, so that workers asleep until such a slot learn how much longer to wait.
    tat = tat + (resume - from)
    shift = shift + (resume - from)
    paused = resume
  end
  -- the budget restarts empty when the pause ends
  if tat < paused + capacity * interval then tat = paused + capacity * interval end
end
local remaining = tonumber(ARGV[7])
if remaining >= 0 then
  local seen = now - tonumber(ARGV[8])
  local floor = seen + (capacity - (remaining - tonumber(ARGV[9]))) * interval
  -- The header is a little stale (the server counted before it answered, and rounds down): only
  -- a clear gap means that someone outside this budget spends the token.
  if tat < floor - SLACK * interval then tat = floor end
end
-- A tenth of the burst (at least one) stays in reserve: the server counts a request when it arrives,
-- a little after its slot was handed out, and a busy worker may send late; a 429 costs far more
-- (Webflow's Retry-After is about a minute) than these few slots at the start.
local reserve = math.max(1, math.floor(capacity / 10))
if reserve >= capacity then reserve = capacity - 1 end
local start = tat - (capacity - reserve - 1) * interval
if start < now then start = now end
if start < paused then start = paused end
if ARGV[11] == '1' then
  tat = tat + interval
end
redis.call('HSET', key, 'tat', tostring(tat), 'paused', tostring(paused), 'shift', tostring(shift))
local ttl = math.ceil(tat - now + 2 * window)
if paused > now then ttl = ttl + math.ceil(paused - now) end
redis.call('PEXPIRE', key, ttl)
local tokens = capacity - (tat - now) / interval
return {tostring(start - now), tostring(capacity), tostring(tokens), tostring(shift), tostring(server)}
"""


def budget_key(token: str) -> str:
    """The Redis key of a token's budget: a hash of the token, never the token."""
    return KEY_PREFIX + hashlib.sha256(token.encode("utf-8")).hexdigest()[:32]


def _refuse_trio() -> None:
    try:
        import sniffio  # trio depends on it: without it, trio cannot be running
    except ImportError:  # pragma: no cover - depends on the install
        return
    try:
        library = sniffio.current_async_library()
    except sniffio.AsyncLibraryNotFoundError:
        return
    if library != "asyncio":
        raise RuntimeError(
            f"RedisLimiter runs under asyncio only (redis-py's client is asyncio-based), not {library}; "
            "use a RateLimit (one budget per process) under trio"
        )


class RedisLimiter:
    """A ``SharedLimiter``: every client built with it on one token shares one budget in Redis.

    ``rate_limit`` fixes the budget (as ``RateLimit`` does for one process); with
    ``None`` it is learned from ``X-RateLimit-Limit`` and shared. ``timeout`` is
    the longest a request waits on Redis before using the local fallback, and
    ``retry_after`` how long the fallback lasts before Redis is tried again.
    ``clock`` replaces Redis's clock (tests only: every worker must pass the same one).
    """

    def __init__(
        self,
        redis_url: str,
        rate_limit: RateLimit | None = None,
        *,
        timeout: float = 2.0,
        retry_after: float = 5.0,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
    ) -> None:
        _refuse_trio()
        try:
            from redis.asyncio import Redis
            from redis.asyncio.connection import AbstractConnection
            from redis.asyncio.retry import Retry
            from redis.backoff import NoBackoff
        except ImportError:  # pragma: no cover - depends on the install
            raise ImportError("RedisLimiter needs redis-py: pip install 'webflow-cms[redis]'", name="redis") from None
        self.rate_limit = rate_limit
        self.timeout = timeout
        self.retry_after = retry_after
        self._clock = clock
        self._sleep = sleep
        # No CLIENT SETINFO on connect: it reads package metadata, slow when many workers start at once
        # (redis-py 8 says so with driver_info=None, older releases with lib_name/lib_version=None).
        parameters = inspect.signature(AbstractConnection.__init__).parameters
        no_setinfo: dict[str, Any] = (
            {"driver_info": None} if "driver_info" in parameters else {"lib_name": None, "lib_version": None}
        )
        self._redis: Redis = Redis.from_url(
            # No retries inside redis-py: a failed call goes to the local bucket at once.
            redis_url,
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
            retry=Retry(NoBackoff(), 0),
            **no_setinfo,
        )
        pool_kwargs = self._redis.connection_pool.connection_kwargs
        where = pool_kwargs.get("path") or f"{pool_kwargs.get('host')}:{pool_kwargs.get('port')}"
        #: Where Redis is, for messages: never the URL, which may carry a password.
        self.where = f"{where}/{pool_kwargs.get('db', 0)}"
        self._script = self._redis.register_script(_SCRIPT)
        # One call at a time: a worker needs one connection, not one per concurrent request.
        self._calls = anyio.Lock()

    def __repr__(self) -> str:
        return f"RedisLimiter({self.where!r}, rate_limit={self.rate_limit!r})"

    def for_token(self, token: str) -> Limiter:
        _refuse_trio()
        return TokenBudget(self, budget_key(token))

    async def aclose(self) -> None:
        await self._redis.aclose()

    async def _run(self, key: str, feedback: list[float], *, take: bool) -> tuple[float, float, float, float, float]:
        """Run the script on ``key``: (wait, limit, tokens, pauses so far, the server limit the key holds or 0),
        times in seconds."""
        now = -1.0 if self._clock is None else self._clock() * 1000.0
        with anyio.fail_after(self.timeout):
            async with self._calls:
                wait, limit, tokens, shift, held = await self._script(
                    keys=[key], args=[*feedback, now, 1 if take else 0]
                )
        return float(wait) / 1000.0, float(limit), float(tokens), float(shift) / 1000.0, float(held)


class TokenBudget:
    """One token's budget in Redis, as the client's ``Limiter``; a local bucket when Redis fails."""

    def __init__(self, owner: RedisLimiter, key: str) -> None:
        #: The RedisLimiter this budget belongs to (its connection, its settings).
        self.shared = owner
        self.key = key
        rate = owner.rate_limit
        self._learn = rate is None
        rate = rate or RateLimit(DEFAULT_REQUESTS, DEFAULT_WINDOW)
        self._requests = rate.requests
        self._window_ms = rate.per * 1000.0
        clock = owner._clock or time.monotonic
        self._clock = clock
        self.fallback = TokenBucket(owner.rate_limit, clock=clock, sleep=owner._sleep)
        # Feedback waiting to be written with the next request: limit, pause and when, remaining and when.
        self._limit = 0
        #: The server limit Redis already holds from this worker: written again only when it changes.
        self._limit_written = 0
        self._pause: tuple[float, float] | None = None
        self._remaining: tuple[int, int, float] | None = None
        self._down_until = -math.inf
        self._warned = False
        #: The last answer of Redis: the limit in force and the tokens left (for ``status``).
        self.limit: float | None = None
        self.tokens: float | None = None

    def __repr__(self) -> str:
        return f"TokenBudget({self.shared.where!r}, key={self.key!r})"

    @property
    def on_redis(self) -> bool:
        """False while Redis failed recently and the local bucket is in use."""
        return self._clock() >= self._down_until

    async def acquire(self) -> None:
        answer = await self._reserve(take=True)
        if answer is None:
            await self.fallback.acquire()
            return
        wait, shifted = answer
        while wait > 0:
            await self.shared._sleep(wait)
            # A 429 seen by any worker while this one slept moved its slot back by the pause.
            answer = await self._reserve(take=False)
            if answer is None:
                return
            wait, shifted = answer[1] - shifted, answer[1]

    async def status(self) -> dict[str, float | None]:
        """The budget as Redis has it now, without taking from it."""
        await self._reserve(take=False)
        return {"limit": self.limit, "tokens": self.tokens}

    async def _reserve(self, *, take: bool) -> tuple[float, float] | None:
        """Seconds to wait for a slot (taking it when ``take``) and the pauses so far; None when Redis failed."""
        now = self._clock()
        if now < self._down_until:
            return None
        pause, self._pause = self._pause, None
        remaining, self._remaining = self._remaining, None
        limit = self._limit if self._limit != self._limit_written else 0
        feedback: list[float] = [
            self._requests,
            self._window_ms,
            1 if self._learn else 0,
            limit,
            0 if pause is None else pause[0] * 1000.0,
            0 if pause is None else max(0.0, now - pause[1]) * 1000.0,
            -1 if remaining is None else remaining[0],
            0 if remaining is None else max(0.0, now - remaining[2]) * 1000.0,
            0 if remaining is None else remaining[1],
        ]
        try:
            wait, self.limit, self.tokens, shift, held = await self.shared._run(self.key, feedback, take=take)
        except Exception as exc:  # any Redis failure means "use the local bucket"
            # Keep what Redis did not get (unless newer news came meanwhile) for when it answers again.
            self._pause = self._pause or pause
            self._remaining = self._remaining or remaining
            self._down_until = now + self.shared.retry_after
            if not self._warned:
                self._warned = True
                log.warning(
                    "Redis at %s did not answer (%s); this process uses its own rate budget until it does",
                    self.shared.where,
                    type(exc).__name__,
                )
            return None
        if limit:
            self._limit_written = limit
        elif self._limit and not held:  # another worker's limit is newer news: this one writes only changes
            self._limit_written = 0  # the key expired while idle: write the server's limit again next time
        if self._warned:
            self._warned = False
            log.warning("Redis at %s answers again; the shared rate budget is back in use", self.shared.where)
        return wait, shift

    def observe(self, limit: int | None, remaining: int | None, in_flight: int) -> None:
        self.fallback.observe(limit, remaining, in_flight)
        if limit is not None and limit > 0:
            self._limit = limit
        if remaining is not None:
            self._remaining = (remaining, in_flight, self._clock())

    def pause(self, seconds: float) -> None:
        self.fallback.pause(seconds)
        self._pause = (max(seconds, 1e-3), self._clock())
