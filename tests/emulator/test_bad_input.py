"""The emulator given malformed HTTP: a 4xx with Webflow's error body, never a 5xx or a hang, and nothing
written. (The SDK's side of bad input, refused before sending, is in test_inputs.py; these three test the
emulator, webflow_cms_emulator, and belong under tests/emulator/.)"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import anyio
import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from support import Emulated, emulated
from support.items import PROPERTY_SETTINGS, item_count

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
async def emu() -> AsyncIterator[Emulated]:
    async with emulated(rate_limit="1000000/1") as running:
        yield running


def _is_webflow_error(response: httpx.Response) -> bool:
    body = response.json()
    return set(body) == {"code", "message", "externalReference", "details"} and isinstance(body["details"], list)


async def test_emulator_answers_malformed_http_with_4xx_and_writes_nothing(emu: Emulated) -> None:
    base = f"{emu.url}/collections/{emu.collection_id}"
    headers = {"Authorization": f"Bearer {emu.token}"}
    async with httpx.AsyncClient(headers=headers, timeout=10) as http:
        before = await item_count(emu)

        bodies = st.one_of(
            st.binary(max_size=300),
            st.text(max_size=300).map(str.encode),
            st.recursive(
                st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
                max_leaves=20,
            ).map(lambda v: json.dumps({"items": v} if isinstance(v, list) else v).encode()),
            st.just(b"[" * 5000 + b"]" * 5000),
            st.just(b'{"items": [{"fieldData": {"name": "x", "slug": "y"}}], "a": NaN}'),
        )
        ctypes = st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded", ""])
        routes = st.sampled_from(
            [
                ("POST", "/items"),
                ("POST", "/items/live"),
                ("PATCH", "/items"),
                ("DELETE", "/items"),
                ("POST", "/items/publish"),
                ("POST", "/items/bulk"),
                ("PATCH", "/items/6571f0c3e2f8a1b2c3d4e5f6"),
            ]
        )

        @PROPERTY_SETTINGS
        @given(route=routes, body=bodies, ctype=ctypes)
        def check(route: tuple[str, str], body: bytes, ctype: str) -> None:
            async def run() -> None:
                method, path = route
                extra = {"Content-Type": ctype} if ctype else {}
                with anyio.fail_after(10):
                    response = await http.request(method, base + path, content=body, headers=extra)
                # A structurally valid create may succeed; anything else must be a clean 4xx.
                assert response.status_code < 500, (method, path, body[:100], response.text[:300])
                if response.status_code >= 400:
                    assert _is_webflow_error(response), response.text[:300]

            anyio.from_thread.run(run)

        await anyio.to_thread.run_sync(check)
        # Whatever was valid may have been created; whatever was refused left nothing behind.
        for item in await emu.raw_items():
            assert isinstance(item["fieldData"]["name"], str)
        assert await item_count(emu) >= before


@pytest.mark.parametrize(
    ("method", "path", "params"),
    [
        ("GET", "/items", {"offset": "-1"}),
        ("GET", "/items", {"limit": "0"}),
        ("GET", "/items", {"limit": "101"}),
        ("GET", "/items", {"limit": "ten"}),
        ("GET", "/items", {"offset": "99999999999999999999999"}),
        ("GET", "/items/live", {"offset": "-5"}),
        ("GET", "/items/..%2F..%2Fsites", {}),
        ("GET", "/items/../../sites", {}),
        ("GET", "/items/6571f0c3e2f8a1b2c3d4e5f6%00", {}),
        ("DELETE", "/items/..%2F6571f0c3e2f8a1b2c3d4e5f6", {}),
        ("PATCH", "/items/%2e%2e", {}),
        ("GET", "/items/" + "a" * 5000, {}),
    ],
)
async def test_emulator_bad_queries_and_ids_are_4xx(
    emu: Emulated, method: str, path: str, params: dict[str, str]
) -> None:
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {emu.token}"}, timeout=10) as http:
        before = await item_count(emu)
        url = f"{emu.url}/collections/{emu.collection_id}{path}"
        with anyio.fail_after(10):
            response = await http.request(method, url, params=params, json={"fieldData": {"name": "x"}})
        assert 400 <= response.status_code < 500, response.text[:300]
        assert _is_webflow_error(response)
        assert await item_count(emu) == before


async def test_emulator_huge_body_is_refused_without_a_write(emu: Emulated) -> None:
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {emu.token}"}, timeout=30) as http:
        before = await item_count(emu)
        items = [{"fieldData": {"name": f"n{i}", "slug": f"huge-{i}"}} for i in range(101)]
        response = await http.post(f"{emu.url}/collections/{emu.collection_id}/items", json={"items": items})
        assert 400 <= response.status_code < 500
        assert _is_webflow_error(response)
        blob = {"items": [{"fieldData": {"name": "n", "slug": "blob", "summary": "x" * 20_000_000}}]}
        with anyio.fail_after(30):
            response = await http.post(f"{emu.url}/collections/{emu.collection_id}/items", json=blob)
        assert response.status_code < 500
        if response.status_code >= 400:
            assert _is_webflow_error(response)
            assert await item_count(emu) == before
