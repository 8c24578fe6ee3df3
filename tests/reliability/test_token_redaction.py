"""Security: the token never shows in logs, exception text, reprs or results, on any public path.

Every public SDK call runs with DEBUG logging on every logger (httpx and httpcore included), an httpx
client with request/response event hooks, and against failing servers (401, 403, 404, 500, refused).
Then everything captured is scanned for the token.
"""

from __future__ import annotations

import logging
import socket
import traceback
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from support import emulated, post
from webflow_cms import (
    AsyncWebflowCMS,
    InsecureURLError,
    PermissionDeniedError,
    RateLimit,
    WebflowError,
)
from webflow_cms_emulator import serve

pytestmark = pytest.mark.anyio

TOKEN = "wf_secret_TOKEN_6d1f0c4b9a8e7d6c5b4a3f2e1d0c9b8a"
READ_ONLY = "wf_secret_READONLY_0a1b2c3d4e5f60718293a4b5c6d7e8f9"
MISSING = "6571f0c3e2f8a1b2c3d4e5f6"


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += "".join(traceback.format_exception(*record.exc_info))
        self.lines.append(f"{record.name}: {text} {record.args!r} {record.__dict__!r}")


@pytest.fixture
def captured() -> Any:
    handler = Capture()
    root = logging.getLogger()
    old = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(handler)
    loggers = [logging.getLogger(n) for n in ("httpx", "httpcore", "webflow_cms", "anyio", "uvicorn", "asyncio")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(old)
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _every_public_path(wf: AsyncWebflowCMS, collection_id: str, site_id: str, out: list[object]) -> None:
    """Call every public path once; keep what they return and what they raise."""
    items = wf.items(collection_id)
    calls: list[Callable[[], Awaitable[Any]]] = [
        lambda: items.list(),
        lambda: items.get(MISSING),
        lambda: items.get(MISSING, live=True),
        lambda: items.create_many([post(1), post(2)]),
        lambda: items.update_many([{"id": MISSING, "fieldData": {"summary": "x"}}]),
        lambda: items.upsert_many([post(1, summary="changed"), post(3)], publish=True),
        lambda: items.publish([MISSING]),
        lambda: items.unpublish([MISSING]),
        lambda: items.delete_many([MISSING]),
        lambda: items.create(post(9)),
        lambda: items.update(MISSING, {"fieldData": {"summary": "y"}}),
        lambda: items.delete(MISSING),
        lambda: wf.collections.list(site_id),
        lambda: wf.collections.get(collection_id),
        lambda: wf.sites.list(),
        lambda: wf.sites.get(site_id),
    ]

    async def listed() -> Any:
        return [i async for i in items.list()]

    calls.append(listed)
    for call in calls:
        try:
            value = await call()
        except WebflowError as exc:
            out.append(exc)
            out.append(getattr(exc, "partial_result", None))
            out.append("".join(traceback.format_exception(exc)))
        else:
            out.append(value)
            for attr in ("succeeded", "failed"):
                out.extend(getattr(value, attr, []))
            out.extend(getattr(value, "items", []) or [])
    out.extend([wf, items, wf.limiter, wf.transport, wf.retry_policy, wf.sites, wf.collections])


def _scan(token: str, captured: Capture, things: list[object], hooks: list[str]) -> list[str]:
    leaks = [line[:200] for line in captured.lines if token in line]
    for thing in things:
        for text in (repr(thing), str(thing)):
            if token in text:
                leaks.append(text[:200])
        if isinstance(thing, BaseException):
            leaks.extend(str(a)[:200] for a in thing.args if token in str(a))
    # Event hooks see the real request, Authorization header included: that is the caller's own client.
    # What the SDK must not do is put the token anywhere else in the request (URL, query, body).
    leaks.extend(h[:200] for h in hooks if token in h)
    return leaks


async def test_no_public_path_leaks_the_token(captured: Capture) -> None:
    seen_by_hooks: list[str] = []

    async def on_request(request: httpx.Request) -> None:
        seen_by_hooks.append(f"{request.method} {request.url} {request.content!r}")

    async def on_response(response: httpx.Response) -> None:
        await response.aread()
        seen_by_hooks.append(f"{response.status_code} {dict(response.headers)} {response.text}")

    results: list[object] = []
    tokens = {TOKEN: ["cms:read", "cms:write", "sites:read", "sites:write"], READ_ONLY: ["cms:read"]}
    async with emulated(tokens=tokens, rate_limit="100000/1", fault_rate=0.0) as emu:
        hooks = {"request": [on_request], "response": [on_response]}
        async with httpx.AsyncClient(event_hooks=hooks) as http:
            for token in (TOKEN, READ_ONLY, "wf_secret_WRONG_TOKEN_ffffffffffffffffffffffff"):
                async with AsyncWebflowCMS(
                    token, base_url=emu.url, rate_limit=RateLimit(10000, 1), http_client=http, max_retries=1
                ) as wf:
                    await _every_public_path(wf, emu.collection_id, emu.site_id, results)
        # A server that answers 500 to every write.
        async with serve(tokens={TOKEN: tokens[TOKEN]}, fault_rate=1.0, rate_limit="100000/1") as broken:
            async with AsyncWebflowCMS(TOKEN, base_url=broken.url, max_retries=1, rate_limit=RateLimit(10000, 1)) as wf:
                await _every_public_path(wf, emu.collection_id, broken.site_id, results)
    # Nobody listening.
    refused = f"http://127.0.0.1:{_free_port()}/v2"
    async with AsyncWebflowCMS(TOKEN, base_url=refused, max_retries=0, rate_limit=RateLimit(10000, 1)) as wf:
        await _every_public_path(wf, MISSING, MISSING, results)

    errors = [r for r in results if isinstance(r, WebflowError)]
    statuses = {getattr(e, "status", None) for e in errors}
    assert {401, 403, 404} <= statuses, statuses  # the failing paths really ran
    assert statuses & {500, 503}, statuses
    assert any(type(e).__name__ == "APIConnectionError" for e in errors)
    assert any(line.startswith("httpcore") for line in captured.lines), "DEBUG logging did not capture httpcore"
    assert any(line.startswith("webflow_cms") for line in captured.lines), "no retry was logged"
    for token in (TOKEN, READ_ONLY):
        leaks = _scan(token, captured, results, seen_by_hooks)
        assert leaks == [], leaks[:5]


async def test_read_only_token_create_many_raises_permission_denied_naming_cms_write() -> None:
    async with emulated(tokens={TOKEN: ["cms:read", "cms:write", "sites:read"], READ_ONLY: ["cms:read"]}) as emu:
        async with AsyncWebflowCMS(READ_ONLY, base_url=emu.url) as wf:
            items = wf.items(emu.collection_id)
            assert (await items.list()).total == 0  # reading is allowed
            with pytest.raises(PermissionDeniedError) as caught:
                await items.create_many([post(1)])
        assert "cms:write" in caught.value.missing_scopes
        assert "cms:write" in str(caught.value)
        assert READ_ONLY not in str(caught.value)
        assert len(await emu.raw_items()) == 0


@pytest.mark.parametrize(
    "url",
    [
        "http://api.webflow.com/v2",
        "http://10.0.0.5/v2",
        "http://example.localhost.evil.com/v2",
        "ftp://x/v2",
        "ws://h/v2",
    ],
)
def test_plain_http_refused_for_non_loopback_hosts(url: str) -> None:
    with pytest.raises(InsecureURLError) as caught:
        AsyncWebflowCMS(TOKEN, base_url=url)
    assert TOKEN not in str(caught.value)


@pytest.mark.parametrize("url", ["http://127.0.0.1:1/v2", "http://localhost:1/v2", "http://[::1]:1/v2"])
async def test_plain_http_allowed_for_loopback(url: str) -> None:
    async with AsyncWebflowCMS(TOKEN, base_url=url) as wf:
        assert str(wf.base_url).startswith("http://")


async def test_tls_verification_stays_on_by_default() -> None:
    async with AsyncWebflowCMS(TOKEN) as wf:
        inner = wf.transport._inner
        assert isinstance(inner, httpx.AsyncHTTPTransport)
        ctx = inner._pool._ssl_context
        import ssl

        assert ctx is not None
        assert ctx.verify_mode == ssl.CERT_REQUIRED
        assert ctx.check_hostname is True
