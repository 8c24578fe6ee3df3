"""Injected faults (500/503, before or after applying) and connection resets over real TCP."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio
import httpx
import pytest

from webflow_cms_emulator import RunningEmulator, serve
from webflow_cms_emulator.chaos import Chaos

pytestmark = pytest.mark.anyio


async def _setup_collection(emu: RunningEmulator) -> str:
    """Create a collection despite the chaos: retry resets, and after a 5xx look whether it was applied."""
    body = {"displayName": "C", "singularName": "C", "slug": "c"}
    async with httpx.AsyncClient(base_url=emu.url, headers={"Authorization": f"Bearer {emu.token}"}) as raw:
        for _ in range(50):
            try:
                response = await raw.post(f"/sites/{emu.site_id}/collections", json=body)
                if response.status_code == 200:
                    return str(response.json()["id"])
                listed = (await raw.get(f"/sites/{emu.site_id}/collections")).json()["collections"]
            except httpx.TransportError:
                continue
            if listed:
                return str(listed[0]["id"])
    raise AssertionError("could not create a collection")


async def _read_total(client: httpx.AsyncClient, collection_id: str) -> int:
    for _ in range(50):
        try:
            response = await client.get(f"/collections/{collection_id}/items", params={"limit": 1})
        except httpx.TransportError:
            continue
        return int(response.json()["pagination"]["total"])
    raise AssertionError("every read was reset")


async def test_faults_hit_writes_only_and_some_are_applied(make_client: Callable[..., httpx.AsyncClient]) -> None:
    async with serve(fault_rate=1.0, seed=7, rate_limit="100000/1") as emu:
        client = make_client(emu.url, emu.token)
        collection_id = await _setup_collection(emu)
        before = (await client.get("/_emulator/stats")).json()["faults"]
        statuses = set()
        for n in range(40):
            body = {"fieldData": {"name": f"n{n}", "slug": f"n-{n}"}}
            response = await client.post(f"/collections/{collection_id}/items", json=body)
            statuses.add(response.status_code)
            assert response.json()["code"] == "internal_error"
            assert set(response.json()) == {"code", "message", "externalReference", "details"}
        assert statuses == {500, 503}
        after = (await client.get("/_emulator/stats")).json()["faults"]
        assert after["total"] - before["total"] == 40
        applied = after["afterApply"] - before["afterApply"]
        assert 5 <= applied <= 35
        listed = await client.get(f"/collections/{collection_id}/items")
        assert listed.status_code == 200
        assert listed.json()["pagination"]["total"] == applied


async def test_applied_faults_match_stored_items(make_client: Callable[..., httpx.AsyncClient]) -> None:
    async with serve(fault_rate=0.5, seed=11, rate_limit="100000/1") as emu:
        client = make_client(emu.url, emu.token)
        collection_id = await _setup_collection(emu)
        before = (await client.get("/_emulator/stats")).json()["faults"]
        ok = 0
        for n in range(60):
            response = await client.post(
                f"/collections/{collection_id}/items", json={"fieldData": {"name": f"n{n}", "slug": f"n-{n}"}}
            )
            if response.status_code == 202:
                ok += 1
            else:
                assert response.status_code in (500, 503)
        after = (await client.get("/_emulator/stats")).json()["faults"]
        applied_faults = after["afterApply"] - before["afterApply"]
        skipped_faults = after["beforeApply"] - before["beforeApply"]
        assert ok + applied_faults + skipped_faults == 60
        assert applied_faults > 0
        assert skipped_faults > 0
        assert await _read_total(client, collection_id) == ok + applied_faults


async def test_resets_are_connection_errors_not_responses(make_client: Callable[..., httpx.AsyncClient]) -> None:
    async with serve(reset_rate=1.0, seed=3, rate_limit="100000/1") as emu:
        client = make_client(emu.url, emu.token)
        for _ in range(5):
            with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)):
                await client.get("/sites")
        stats = (await client.get("/_emulator/stats")).json()
        assert stats["resets"]["total"] == 5
        assert stats["responses"] == {}
        assert stats["requests"] == 5


async def test_resets_after_applying_a_write(make_client: Callable[..., httpx.AsyncClient]) -> None:
    async with serve(reset_rate=0.5, seed=5, rate_limit="100000/1") as emu:
        client = make_client(emu.url, emu.token)
        collection_id = await _setup_collection(emu)
        before = (await client.get("/_emulator/stats")).json()["resets"]
        answered = 0
        for n in range(60):
            body: dict[str, Any] = {"fieldData": {"name": f"n{n}", "slug": f"n-{n}"}}
            try:
                response = await client.post(f"/collections/{collection_id}/items", json=body)
            except httpx.TransportError:
                continue
            assert response.status_code == 202
            answered += 1
        after = (await client.get("/_emulator/stats")).json()["resets"]
        resets = after["total"] - before["total"]
        applied = after["afterApply"] - before["afterApply"]
        assert answered + resets == 60
        assert 0 < applied < resets
        assert await _read_total(client, collection_id) == answered + applied


async def test_same_seed_same_mishaps() -> None:
    def run(seed: int) -> list[Any]:
        chaos = Chaos(0.3, 0.2, seed)
        return [chaos.draw(write=n % 3 != 0) for n in range(200)]

    assert run(42) == run(42)
    assert run(42) != run(43)
    draws = run(42)
    assert all(m is None or m.kind == "reset" for n, m in enumerate(draws) if n % 3 == 0)


async def test_same_seed_same_statuses_over_http() -> None:
    async def statuses(seed: int) -> list[int | str]:
        seen: list[int | str] = []
        async with serve(fault_rate=0.4, reset_rate=0.2, seed=seed, rate_limit="100000/1") as emu:
            headers = {"Authorization": f"Bearer {emu.token}"}
            async with httpx.AsyncClient(base_url=emu.url, headers=headers) as client:
                for n in range(30):
                    try:
                        response = await client.post(f"/sites/{emu.site_id}/collections", json={"displayName": f"c{n}"})
                        seen.append(response.status_code)
                    except httpx.TransportError:
                        seen.append("reset")
        return seen

    first = await statuses(99)
    assert first == await statuses(99)
    assert {"reset", 200} <= set(first)
    assert set(first) & {500, 503}


async def test_latency_is_added_to_every_response() -> None:
    async with serve(latency_ms=150) as emu, httpx.AsyncClient(base_url=emu.url) as client:
        for path, headers in (("/sites", {"Authorization": f"Bearer {emu.token}"}), ("/sites", {})):
            started = anyio.current_time()
            response = await client.get(path, headers=headers)
            assert response.status_code in (200, 401)
            assert anyio.current_time() - started >= 0.15
