"""The httpx transport that every request of a client goes through.

It takes a token from the rate limiter before each attempt, feeds the limiter
the server's rate-limit headers, waits out 429s, and re-sends requests that
are safe to repeat after a 5xx, a timeout or a broken connection. The
generated endpoint functions and the hand-written layer both get this for
free because it sits under the ``httpx.AsyncClient``.
"""

from __future__ import annotations

import logging
import random

import anyio
import httpx

from ..ratelimit import Limiter
from ..retry import REPEATABLE, RetryPolicy, is_idempotent
from .headers import parse_limit_header, parse_retry_after

log = logging.getLogger("webflow_cms")

#: ``response.extensions`` key holding how many attempts a request took.
ATTEMPTS = "webflow_cms.attempts"
#: Upper bound on waits for 429 per request, apart from ``max_retries``.
_MAX_RATE_LIMITED = 10

# Failures where the request surely never reached the server: safe to re-send anything.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class ClientTransport(httpx.AsyncBaseTransport):
    """Sends through a caller-supplied ``httpx.AsyncClient`` (its proxies, TLS, hooks)."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._client.send(request, stream=True)


class ThrottledTransport(httpx.AsyncBaseTransport):
    """Rate limiting and safe retries around another transport."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        limiter: Limiter,
        policy: RetryPolicy,
        *,
        rng: random.Random | None = None,
    ) -> None:
        self._inner = inner
        self._limiter = limiter
        self._policy = policy
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not crypto
        #: Sequence numbers of the requests sent and not yet answered.
        self._in_flight: set[int] = set()
        #: Counters for reports and tests: attempts sent, retries, 429s seen.
        self.sent = 0
        self.retries = 0
        self.rate_limited = 0

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        idempotent = is_idempotent(request.method, repeatable=request.extensions.get(REPEATABLE) is True)
        failures = 0
        limited = 0
        while True:
            await self._limiter.acquire()
            self.sent += 1
            ticket = self.sent
            self._in_flight.add(ticket)
            try:
                response = await self._inner.handle_async_request(request)
            except httpx.TransportError as exc:
                if self._policy.should_retry(failures, safe=idempotent or isinstance(exc, _NOT_SENT)):
                    failures += 1
                    await self._wait(request, type(exc).__name__, failures, self._policy.backoff(failures, self._rng))
                    continue
                raise
            finally:
                # Also when cancelled: a request that will never answer is no longer in flight.
                self._in_flight.discard(ticket)
            # The server counted every request that reached it before this one; those sent
            # later and still unanswered may not be in its X-RateLimit-Remaining yet.
            sent_later = sum(1 for other in self._in_flight if other > ticket)
            self._limiter.observe(
                parse_limit_header(response.headers.get("x-ratelimit-limit")),
                parse_limit_header(response.headers.get("x-ratelimit-remaining")),
                sent_later,
            )
            status = response.status_code
            if status == 429:
                self.rate_limited += 1
                delay = parse_retry_after(response.headers.get("retry-after"))
                if delay is None:
                    delay = self._policy.backoff(limited + 1, self._rng)
                self._limiter.pause(delay)
                if delay <= self._policy.max_retry_after and limited < _MAX_RATE_LIMITED:
                    limited += 1
                    await response.aclose()
                    self._log_retry(request, "429", limited, delay)
                    continue
            elif status >= 500 and self._policy.should_retry(failures, safe=idempotent):
                failures += 1
                await response.aclose()
                await self._wait(request, str(status), failures, self._policy.backoff(failures, self._rng))
                continue
            response.extensions[ATTEMPTS] = failures + limited + 1
            return response

    async def _wait(self, request: httpx.Request, reason: str, attempt: int, delay: float) -> None:
        self._log_retry(request, reason, attempt, delay)
        await anyio.sleep(delay)

    def _log_retry(self, request: httpx.Request, reason: str, attempt: int, delay: float) -> None:
        self.retries += 1
        # Method and path only: never headers (the token) or query strings.
        log.info(
            "retrying %s %s after %s (retry %d, in %.2fs)", request.method, request.url.path, reason, attempt, delay
        )
