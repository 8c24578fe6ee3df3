"""Deterministic: the first write of a bulk call is applied by the server, then answered 503.

This is the ambiguous case Webflow's lack of idempotency keys makes dangerous. For every helper the
result must describe the server: a create is not duplicated, and an input reported as failed must be
absent or unchanged.
"""

from __future__ import annotations

import httpx
import pytest

from reliability._harness import accounted
from support import Emulated, by_slug, emulated, post, read_all
from webflow_cms import AsyncWebflowCMS, RateLimit

pytestmark = pytest.mark.anyio


class AppliedThen503(httpx.AsyncBaseTransport):
    """Forwards everything; the first request with ``method`` reaches the server, but its answer becomes 503."""

    def __init__(self, method: str, path_suffix: str = "") -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.method = method
        self.path_suffix = path_suffix
        self.tripped = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if not self.tripped and request.method == self.method and request.url.path.endswith(self.path_suffix):
            self.tripped += 1
            await response.aread()
            body = b'{"code":"internal_error","message":"injected","externalReference":"x","details":[]}'
            return httpx.Response(503, headers={"content-type": "application/json"}, content=body)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


async def _seed(emu: Emulated, n: int) -> dict[str, str]:
    async with AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=RateLimit(1000, 1)) as wf:
        (await wf.items(emu.collection_id).create_many([post(i) for i in range(n)])).raise_on_failure()
    return {i["fieldData"]["slug"]: i["id"] for i in await read_all(emu.url, emu.token, emu.collection_id)}


@pytest.mark.parametrize(
    ("operation", "method", "suffix"),
    [
        ("create_many", "POST", "/items/insert"),
        ("update_many", "PATCH", "/items"),
        ("publish", "POST", "/items/publish"),
        ("delete_many", "DELETE", "/items"),
        ("unpublish", "DELETE", "/items/live"),
    ],
)
async def test_applied_write_answered_503_is_reported_as_applied(operation: str, method: str, suffix: str) -> None:
    n = 150
    async with emulated(rate_limit="100000/1") as emu:
        ids = await _seed(emu, 0 if operation == "create_many" else n)
        transport = AppliedThen503(method, suffix)
        async with httpx.AsyncClient(transport=transport) as http:
            async with AsyncWebflowCMS(
                emu.token, base_url=emu.url, rate_limit=RateLimit(1000, 1), http_client=http
            ) as wf:
                items = wf.items(emu.collection_id)
                slugs = [f"post-{i}" for i in range(n)]
                if operation == "unpublish":
                    (await items.publish([ids[s] for s in slugs])).raise_on_failure()
                if operation == "create_many":
                    result = await items.create_many([post(i) for i in range(n)])
                elif operation == "update_many":
                    result = await items.update_many([{"id": ids[s], "fieldData": {"summary": "new"}} for s in slugs])
                else:
                    result = await getattr(items, operation)([ids[s] for s in slugs])
        assert transport.tripped == 1
        accounted(result)
        live = operation in ("publish", "unpublish")
        server = by_slug(await read_all(emu.url, emu.token, emu.collection_id, live=live))
        assert server.duplicates == []
        applied = {
            "create_many": lambda s: s in server,
            "update_many": lambda s: server[s]["fieldData"]["summary"] == "new",
            "publish": lambda s: s in server,
            "delete_many": lambda s: s not in server,
            "unpublish": lambda s: s not in server,
        }[operation]
        wrongly_failed = [(f.index, repr(f.error)) for f in result.failed if applied(slugs[f.index])]
        assert wrongly_failed == [], f"{len(wrongly_failed)} applied inputs reported failed: {wrongly_failed[:3]}"
        assert result.ok, result.counts()
        assert all(applied(s) for s in slugs)
