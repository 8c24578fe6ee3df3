"""Bad input, property-based: the SDK rejects malformed documents before sending; the emulator answers
malformed HTTP with a 4xx and Webflow's error body, never a 5xx or a hang, and writes nothing."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import anyio
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import Emulated, emulated
from webflow_cms import AsyncWebflowCMS, RateLimit, ValidationError

pytestmark = pytest.mark.anyio

_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))

_junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.lists(st.integers(), max_size=3),
    st.binary(max_size=10),
)
_blank = st.sampled_from(["", " ", "\t\n"])

_KNOWN = {"fieldData", "isDraft", "isArchived", "cmsLocaleId"}

# Documents the SDK can tell are wrong before sending anything.
bad_docs = st.one_of(
    _junk,  # not a mapping at all
    st.fixed_dictionaries({}, optional={"isDraft": st.booleans()}),  # no fieldData
    st.fixed_dictionaries({"fieldData": _junk}),  # fieldData not a mapping
    st.fixed_dictionaries({"fieldData": st.fixed_dictionaries({"slug": st.text(min_size=1)})}),  # no name
    st.fixed_dictionaries({"fieldData": st.fixed_dictionaries({"name": st.text(min_size=1)})}),  # no slug
    st.fixed_dictionaries({"fieldData": st.fixed_dictionaries({"name": _junk | _blank, "slug": st.text()})}),
    st.fixed_dictionaries({"fieldData": st.fixed_dictionaries({"name": st.text(), "slug": _junk | _blank})}),
    st.fixed_dictionaries(  # unknown top-level keys (a field put beside fieldData)
        {
            "fieldData": st.just({"name": "n", "slug": "s"}),
            st.text(min_size=1).filter(
                lambda k: k not in {"fieldData", "isDraft", "isArchived", "cmsLocaleId"}
            ): st.text(),
        }
    ),
    st.fixed_dictionaries(
        {"fieldData": st.just({"name": "n", "slug": "s"}), "isDraft": st.text() | st.integers() | st.none()}
    ),
    st.fixed_dictionaries({"fieldData": st.just({"name": "n", "slug": "s"}), "cmsLocaleId": st.integers()}),
)

# Ids that are not 24 lowercase hex characters (including path traversal attempts).
bad_ids = st.one_of(
    _junk,
    st.text(max_size=40).filter(lambda s: not (len(s) == 24 and all(c in "0123456789abcdef" for c in s))),
    st.sampled_from(["../../sites", "..%2F..%2Fsites", "6571f0c3e2f8a1b2c3d4e5f6/../x", "6571F0C3E2F8A1B2C3D4E5F6"]),
)


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
async def emu() -> AsyncIterator[Emulated]:
    async with emulated(rate_limit="1000000/1") as running:
        yield running


async def _requests(emu: Emulated) -> int:
    return int((await emu.stats())["requests"])


async def _item_count(emu: Emulated) -> int:
    return len(await emu.raw_items())


async def test_malformed_docs_fail_typed_before_any_request(emu: Emulated) -> None:
    async with AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=RateLimit(100000, 1)) as wf:
        items = wf.items(emu.collection_id)
        seen: list[int] = []

        @_SETTINGS
        @given(docs=st.lists(bad_docs, min_size=1, max_size=5))
        def check(docs: list[Any]) -> None:
            async def run() -> None:
                before = await _requests(emu)
                result = await items.create_many(docs)
                assert len(result.failed) == len(docs), (docs, result)
                assert all(isinstance(f.error, ValidationError) for f in result.failed)
                assert all(f.error.status is None for f in result.failed)  # type: ignore[attr-defined]
                changes = [{**d, "id": "not-an-id"} if isinstance(d, dict) else d for d in docs]
                result = await items.update_many(changes)
                assert len(result.failed) == len(docs)
                assert all(isinstance(f.error, ValidationError) for f in result.failed)
                assert await _requests(emu) == before, "a malformed input reached the server"
                result = await items.upsert_many(docs)
                assert len(result.failed) == len(docs)
                assert all(isinstance(f.error, ValidationError) for f in result.failed)
                # With nothing valid to write, upsert_many does not even read the collection.
                assert await _requests(emu) == before
                seen.append(len(docs))

            anyio.from_thread.run(run)

        await anyio.to_thread.run_sync(check)
        assert seen


async def test_non_hex_ids_fail_typed_before_any_request(emu: Emulated) -> None:
    async with AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=RateLimit(100000, 1)) as wf:
        items = wf.items(emu.collection_id)

        @_SETTINGS
        @given(ids=st.lists(bad_ids, min_size=1, max_size=5))
        def check(ids: list[Any]) -> None:
            async def run() -> None:
                before = await _requests(emu)
                for method in ("delete_many", "publish", "unpublish"):
                    result = await getattr(items, method)(ids)
                    assert len(result.failed) == len(ids)
                    assert all(isinstance(f.error, ValidationError) for f in result.failed)
                for single in (items.get, items.delete):
                    with pytest.raises(ValidationError):
                        await single(ids[0])
                with pytest.raises(ValidationError):
                    wf.items(ids[0])
                assert await _requests(emu) == before

            anyio.from_thread.run(run)

        await anyio.to_thread.run_sync(check)


async def test_more_than_100_locale_variants_in_one_input_fail_before_sending(emu: Emulated) -> None:
    async with AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=RateLimit(100000, 1)) as wf:
        items = wf.items(emu.collection_id)
        before = await _requests(emu)
        ref = {"id": "6571f0c3e2f8a1b2c3d4e5f6", "cmsLocaleIds": [f"{i:024x}" for i in range(101)]}
        for method in ("delete_many", "publish", "unpublish"):
            result = await getattr(items, method)([ref])
            assert [type(f.error) for f in result.failed] == [ValidationError]
            assert "101 locale variants" in str(result.failed[0].error)
        assert await _requests(emu) == before


async def test_huge_and_unicode_docs_are_sent_intact_or_refused_cleanly(emu: Emulated) -> None:
    """Valid-shaped but extreme: the server stores them exactly or refuses them with a 4xx; never half."""
    async with AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=RateLimit(100000, 1)) as wf:
        items = wf.items(emu.collection_id)
        count = 0

        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
        @given(name=st.text(min_size=1, max_size=300).filter(str.strip), big=st.integers(0, 300_000))
        def check(name: str, big: int) -> None:
            nonlocal count

            async def run() -> None:
                nonlocal count
                count += 1
                slug = f"odd-{count}"
                doc = {"fieldData": {"name": name, "slug": slug, "summary": "é☃𝄞" * (big // 3)}}
                before = await _item_count(emu)
                result = await items.create_many([doc])
                after = await _item_count(emu)
                if result.ok:
                    assert after == before + 1
                    stored = await items.get(result.succeeded[0].id or "")
                    assert stored.name == name
                    assert stored.fields["summary"] == doc["fieldData"]["summary"]
                else:
                    assert after == before
                    err = result.failed[0].error
                    status = getattr(err, "status", None)
                    assert status is not None
                    assert 400 <= status < 500

            anyio.from_thread.run(run)

        await anyio.to_thread.run_sync(check)


# ------------------------------------------------------------------ the emulator given malformed HTTP


def _is_webflow_error(response: httpx.Response) -> bool:
    body = response.json()
    return set(body) == {"code", "message", "externalReference", "details"} and isinstance(body["details"], list)


async def test_emulator_answers_malformed_http_with_4xx_and_writes_nothing(emu: Emulated) -> None:
    base = f"{emu.url}/collections/{emu.collection_id}"
    headers = {"Authorization": f"Bearer {emu.token}"}
    async with httpx.AsyncClient(headers=headers, timeout=10) as http:
        before = await _item_count(emu)

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

        @_SETTINGS
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
        assert await _item_count(emu) >= before


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
        before = await _item_count(emu)
        url = f"{emu.url}/collections/{emu.collection_id}{path}"
        with anyio.fail_after(10):
            response = await http.request(method, url, params=params, json={"fieldData": {"name": "x"}})
        assert 400 <= response.status_code < 500, response.text[:300]
        assert _is_webflow_error(response)
        assert await _item_count(emu) == before


async def test_emulator_huge_body_is_refused_without_a_write(emu: Emulated) -> None:
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {emu.token}"}, timeout=30) as http:
        before = await _item_count(emu)
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
            assert await _item_count(emu) == before
