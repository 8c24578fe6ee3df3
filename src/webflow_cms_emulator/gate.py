"""The ASGI layer in front of the routes: auth, rate limit, scopes, faults, resets, latency, stats,
and the response cache of the Content Delivery prefix (`cdn.py`)."""

from __future__ import annotations

from collections.abc import Callable

import anyio
import anyio.lowlevel
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import resets
from .cdn import CDN_PREFIX, cache_key, origin_path
from .errors import error_body
from .options import token_label
from .state import EmulatorState

STATS_PATH = "/v2/_emulator/stats"
#: Paths of the emulator's own (not Webflow's) endpoints.
EMULATOR_PREFIX = "/v2/_emulator/"
_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_JSON = (b"content-type", b"application/json")


def required_scope(method: str, path: str) -> str | None:
    """The scope an API path needs, or None for paths that need none (or do not exist).

    Collections, fields and items: the `security` of each upstream operation (`cms:read` to read,
    `cms:write` to change). Sites, custom domains, site publish: likewise (`sites:read`,
    `sites:write`). Webhooks: upstream's operations declare no `security` (the file-wide one names no
    scope), so their descriptions' "Required scope" lines decide: `sites:read` to list and get,
    `sites:write` to create, and `sites:read` (sic) to remove a webhook.
    """
    mode = "read" if method in ("GET", "HEAD") else "write"
    path = path.removeprefix(CDN_PREFIX)  # the Content Delivery host serves the same operations
    if path.startswith("/v2/collections/"):
        return f"cms:{mode}"
    if path.startswith("/v2/webhooks/"):
        return "sites:read" if method in ("GET", "HEAD", "DELETE") else "sites:write"
    if path.startswith("/v2/sites"):
        area = "cms" if path.rstrip("/").endswith("/collections") else "sites"
        return f"{area}:{mode}"
    return None


def _bearer(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() if scheme.lower() == "bearer" and token.strip() else None
    return None


async def _discard(message: Message) -> None:
    """A `send` that swallows the response of a change applied before a fault or reset."""


class Gate:
    """Wraps the routed app; every response leaves through here with rate-limit headers."""

    def __init__(self, app: ASGIApp, state: EmulatorState) -> None:
        self.app = app
        self.state = state
        self.capacity = str(state.options.rate_limit.capacity).encode()
        self.latency = state.options.latency_ms / 1000.0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = self.state
        token = _bearer(scope)
        scopes = state.options.tokens.get(token) if token is not None else None
        label = token_label(token) if token is not None and scopes is not None else "anonymous"
        path = scope["path"]
        if path.startswith(EMULATOR_PREFIX):
            # The emulator's own endpoints are no Webflow API calls: no rate limit, scopes, faults or
            # counting. The stats are open to all; the Designer stand-in wants one of the tokens.
            remaining = state.limiter.remaining(token) if token is not None and scopes is not None else None
            if path != STATS_PATH and scopes is None:
                await self._error(send, None, 401, "not_authorized", "A valid bearer token is required", remaining)
                return
            await self.app(scope, receive, self._sender(send, None, remaining))
            return
        if path.startswith(CDN_PREFIX + "/"):
            await self._content_delivery(scope, receive, send, token, scopes, label)
            return
        await self._api(scope, receive, send, token, scopes, label)

    async def _content_delivery(
        self, scope: Scope, receive: Receive, send: Send, token: str | None, scopes: frozenset[str] | None, label: str
    ) -> None:
        """A GET of a Content Delivery path with a valid token: a fresh cached answer (HIT) skips the
        rate limit, scopes, faults and handlers, and leaves `X-RateLimit-Remaining` as it was; else the
        request goes on as any other (MISS) and a 200 answer is kept. Anything else passes (BYPASS)."""
        state = self.state
        if scope["method"] != "GET" or token is None or scopes is None or origin_path(scope["path"]) is None:
            await self._api(scope, receive, _tagged(send, b"BYPASS"), token, scopes, label)
            return
        key = cache_key(scope["path"], scope["query_string"], token)
        hit = state.cdn.get(key)
        state.stats.cdn(label, hit=hit is not None)
        if hit is None:

            def keep(status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
                state.cdn.put(key, status, headers, body)

            await self._api(scope, receive, _caching(_tagged(send, b"MISS"), keep), token, scopes, label)
            return
        cached, age = hit
        state.stats.request(label)
        headers = [*cached.headers, (b"cf-cache-status", b"HIT"), (b"age", str(int(age)).encode())]
        out = self._sender(send, label, state.limiter.remaining(token))
        await out({"type": "http.response.start", "status": cached.status, "headers": headers})
        await out({"type": "http.response.body", "body": cached.body})

    async def _api(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        token: str | None,
        scopes: frozenset[str] | None,
        label: str,
    ) -> None:
        """A Webflow API call: auth, rate limit, scopes, injected mishaps, then the routed app."""
        state = self.state
        method, path = scope["method"], scope["path"]
        state.stats.request(label)
        if token is None or scopes is None:
            await self._error(send, label, 401, "not_authorized", "A valid bearer token is required", None)
            return
        allowed, remaining, retry_after = state.limiter.acquire(token)
        if not allowed:
            message = f"Rate limit of {state.options.rate_limit.capacity} requests exceeded; retry later"
            extra = [(b"retry-after", str(retry_after).encode())]
            await self._error(send, label, 429, "too_many_requests", message, remaining, extra)
            return
        needed = required_scope(method, path)
        if needed is not None and needed not in scopes:
            message = f"This request needs the {needed} scope, which the token lacks"
            await self._error(send, label, 403, "missing_scopes", message, remaining, details=[needed])
            return
        mishap = state.chaos.draw(write=method in _WRITES)
        if mishap is not None and mishap.kind == "reset" and resets.can_drop(scope):
            if mishap.after:
                await self.app(scope, receive, _discard)
            resets.drop(scope)
            state.stats.reset(label, applied=mishap.after)
            await anyio.lowlevel.checkpoint()
            return
        if mishap is not None and mishap.kind == "fault":
            if mishap.after:
                await self.app(scope, receive, _discard)
            state.stats.fault(label, applied=mishap.after)
            kind = "Internal error" if mishap.status == 500 else "Service unavailable"
            await self._error(send, label, mishap.status, "internal_error", f"{kind}; try again", remaining)
            return
        await self.app(scope, receive, self._sender(send, label, remaining))

    def _sender(self, send: Send, label: str | None, remaining: int | None) -> Send:
        """Wrap `send` to add headers, latency and counting to the response start."""
        left = self.capacity if remaining is None else str(remaining).encode()

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"x-ratelimit-limit", self.capacity), (b"x-ratelimit-remaining", left)]
                message = {**message, "headers": headers}
                if label is not None:
                    self.state.stats.response(label, message["status"])
                if self.latency:
                    await anyio.sleep(self.latency)
            await send(message)

        return wrapped

    async def _error(
        self,
        send: Send,
        label: str | None,
        status: int,
        code: str,
        message: str,
        remaining: int | None,
        extra: list[tuple[bytes, bytes]] | None = None,
        details: list[str] | None = None,
    ) -> None:
        body = error_body(code, message, list(details or []))
        headers = [_JSON, (b"content-length", str(len(body)).encode()), *(extra or [])]
        out = self._sender(send, label, remaining)
        await out({"type": "http.response.start", "status": status, "headers": headers})
        await out({"type": "http.response.body", "body": body})


def _tagged(send: Send, status: bytes) -> Send:
    """Add `CF-Cache-Status` to the response start."""

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), (b"cf-cache-status", status)]}
        await send(message)

    return wrapped


def _caching(send: Send, keep: Callable[[int, list[tuple[bytes, bytes]], bytes], None]) -> Send:
    """Pass the response on, and hand its status, headers and whole body to `keep` once sent."""
    start: list[Message] = []
    chunks: list[bytes] = []

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.append(message)
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False) and start:
                keep(start[0]["status"], list(start[0].get("headers", [])), b"".join(chunks))
        await send(message)

    return wrapped
