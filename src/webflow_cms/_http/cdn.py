"""Live reads through Webflow's Content Delivery host, charged to the budget only when not cached.

Webflow serves the two live GETs from a second host as well (``https://api-cdn.webflow.com/v2``,
listed on those operations in its OpenAPI file). A cached answer does not count against the
token's rate limit; an uncached one does (developers.webflow.com/data/docs/working-with-the-cms/
content-delivery), and ``CF-Cache-Status`` says which it was. So a Content Delivery request is
sent without waiting for the budget, and charged to it after the answer unless that was a HIT:
cached reads go at the speed of the network, and uncached ones still keep the pace.
"""

from __future__ import annotations

import anyio
import httpx

from ..ratelimit import Limiter
from ..retry import RetryPolicy
from .transport import ThrottledTransport

__all__ = ["CDN_URL_ENV", "DEFAULT_CDN_URL", "RoutedTransport", "content_delivery_transport"]

DEFAULT_CDN_URL = "https://api-cdn.webflow.com/v2"
#: The environment variable read for the Content Delivery base URL (the emulator prints its own).
CDN_URL_ENV = "WEBFLOW_CDN_URL"


class _ChargedAfter:
    """A limiter view whose ``acquire`` never takes from the budget (``charge`` does, after the answer).

    It still waits out a pause (a 429 from the Content Delivery host), and passes the server's
    rate-limit headers and pauses on to the real limiter, which every other request shares.
    """

    def __init__(self, limiter: Limiter) -> None:
        self._limiter = limiter
        self._paused_until = 0.0

    async def acquire(self) -> None:
        left = self._paused_until - anyio.current_time()
        if left > 0:
            await anyio.sleep(left)

    def observe(self, limit: int | None, remaining: int | None, in_flight: int) -> None:
        self._limiter.observe(limit, remaining, in_flight)

    def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, anyio.current_time() + seconds)
        self._limiter.pause(seconds)

    async def charge(self) -> None:
        await self._limiter.acquire()


class _ContentDelivery(httpx.AsyncBaseTransport):
    """Throttled retries as for any read, with the budget charged after a non-HIT answer."""

    def __init__(self, inner: httpx.AsyncBaseTransport, limiter: Limiter, policy: RetryPolicy) -> None:
        self._budget = _ChargedAfter(limiter)
        self._throttled = ThrottledTransport(inner, self._budget, policy)
        #: Answers served from the cache (not charged) and from the origin (charged).
        self.hits = 0
        self.misses = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._throttled.handle_async_request(request)
        if response.headers.get("cf-cache-status", "").strip().upper() == "HIT":
            self.hits += 1
        else:
            self.misses += 1
            try:
                await self._budget.charge()
            except BaseException:  # cancelled while waiting for the budget: nobody will read the answer
                await response.aclose()
                raise
        return response


def content_delivery_transport(
    inner: httpx.AsyncBaseTransport, limiter: Limiter, policy: RetryPolicy
) -> httpx.AsyncBaseTransport:
    """The transport for requests to the Content Delivery host."""
    return _ContentDelivery(inner, limiter, policy)


class RoutedTransport(httpx.AsyncBaseTransport):
    """Sends requests under ``prefix`` through ``routed``, every other one through ``default``.

    httpx's own ``mounts`` match scheme, host and port only; the emulator serves Content
    Delivery under a path of the same host, so the route is by URL prefix.
    """

    def __init__(self, default: httpx.AsyncBaseTransport, prefix: str, routed: httpx.AsyncBaseTransport) -> None:
        self._default = default
        self._prefix = prefix.rstrip("/") + "/"
        self._routed = routed

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        route = self._routed if str(request.url).startswith(self._prefix) else self._default
        return await route.handle_async_request(request)

    async def aclose(self) -> None:
        await self._default.aclose()
