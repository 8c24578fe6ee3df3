"""Running the emulator: serve() under asyncio and trio, the CLI, create_app in-process,
persistence across restarts and concurrent clients."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
import trio

from support import new_collection
from webflow_cms_emulator import create_app, serve

pytestmark = pytest.mark.anyio


async def _collection(client: httpx.AsyncClient, site_id: str) -> str:
    """A collection with only the built-in fields."""
    return str((await new_collection(client, site_id, slug="things", fields=[]))["id"])


def test_serve_works_from_trio() -> None:
    async def main() -> tuple[int, str]:
        async with (
            serve() as emu,
            httpx.AsyncClient(base_url=emu.url, headers={"Authorization": f"Bearer {emu.token}"}) as client,
        ):
            response = await client.get("/sites")
            return response.status_code, response.json()["sites"][0]["id"] == emu.site_id and emu.url

    status, url = trio.run(main)
    assert status == 200
    assert isinstance(url, str)
    assert url.startswith("http://127.0.0.1:")
    assert url.endswith("/v2")


async def test_create_app_in_process() -> None:
    app = create_app(tokens=["local"])
    state = app.state.emulator
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://emulator/v2", headers={"Authorization": "Bearer local"}
    ) as client:
        collection_id = await _collection(client, state.site_id)
        created = await client.post(
            f"/collections/{collection_id}/items", json={"fieldData": {"name": "a", "slug": "a"}}
        )
        assert created.status_code == 202
        listed = (await client.get(f"/collections/{collection_id}/items")).json()
        assert [i["id"] for i in listed["items"]] == [created.json()["id"]]
    state.db.close()


async def test_data_survives_a_restart_on_the_same_db(
    tmp_path: Path, make_client: Callable[..., httpx.AsyncClient]
) -> None:
    db = str(tmp_path / "emulator.sqlite")
    async with serve(db=db, tokens=["t"]) as first:
        client = make_client(first.url, "t")
        collection_id = await _collection(client, first.site_id)
        items = [{"fieldData": {"name": f"n{n}", "slug": f"n-{n}"}} for n in range(3)]
        created = (await client.post(f"/collections/{collection_id}/items", json={"items": items})).json()["items"]
        await client.post(f"/collections/{collection_id}/items/publish", json={"itemIds": [created[0]["id"]]})
        site_id = first.site_id
        staged_before = (await client.get(f"/collections/{collection_id}/items")).json()
    async with serve(db=db, tokens=["t"]) as second:
        client = make_client(second.url, "t")
        assert second.site_id == site_id
        assert (await client.get(f"/collections/{collection_id}/items")).json() == staged_before
        live = (await client.get(f"/collections/{collection_id}/items/live")).json()
        assert [i["id"] for i in live["items"]] == [created[0]["id"]]
        later = await client.post(f"/collections/{collection_id}/items", json={"fieldData": {"name": "z", "slug": "z"}})
        order = (await client.get(f"/collections/{collection_id}/items")).json()["items"]
        assert [i["id"] for i in order] == [*(i["id"] for i in created), later.json()["id"]]
        collection = (await client.get(f"/collections/{collection_id}")).json()
        assert [f["slug"] for f in collection["fields"]] == ["name", "slug"]


async def test_memory_db_starts_empty_each_time(make_client: Callable[..., httpx.AsyncClient]) -> None:
    async with serve() as first:
        client = make_client(first.url, first.token)
        await _collection(client, first.site_id)
    async with serve() as second:
        client = make_client(second.url, second.token)
        assert second.site_id != first.site_id
        assert (await client.get(f"/sites/{second.site_id}/collections")).json()["collections"] == []


async def test_concurrent_writers_never_corrupt_state(make_client: Callable[..., httpx.AsyncClient]) -> None:
    async with serve(rate_limit="100000/1") as emu:
        client = make_client(emu.url, emu.token, limits=httpx.Limits(max_connections=20))
        collection_id = await _collection(client, emu.site_id)
        statuses: list[int] = []
        created: list[str] = []

        async def create_batch(batch: int) -> None:
            items = [{"fieldData": {"name": f"b{batch}-{n}", "slug": f"b{batch}-{n}"}} for n in range(20)]
            response = await client.post(f"/collections/{collection_id}/items", json={"items": items})
            statuses.append(response.status_code)
            created.extend(i["id"] for i in response.json()["items"])

        async def create_same_slug(n: int) -> None:
            body = {"fieldData": {"name": f"dup {n}", "slug": "contested"}}
            response = await client.post(f"/collections/{collection_id}/items", json=body)
            statuses.append(response.status_code)

        async with anyio.create_task_group() as group:
            for batch in range(15):
                group.start_soon(create_batch, batch)
            for n in range(15):
                group.start_soon(create_same_slug, n)

        assert statuses.count(202) == 16
        assert statuses.count(409) == 14
        listed: list[dict[str, Any]] = []
        for offset in range(0, 400, 100):
            page = await client.get(f"/collections/{collection_id}/items", params={"offset": offset})
            listed += page.json()["items"]
        assert len(listed) == 301
        assert len({i["id"] for i in listed}) == 301
        assert set(created) <= {i["id"] for i in listed}
        assert sum(i["fieldData"]["slug"] == "contested" for i in listed) == 1


def test_cli_prints_one_json_line_and_stops_on_sigterm() -> None:
    command = [
        sys.executable, "-m", "webflow_cms_emulator",
        "--port", "0", "--token", "ro:cms:read", "--token", "rw", "--seed", "1", "--rate-limit", "50/10",
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        info = json.loads(process.stdout.readline())
        assert set(info) == {"url", "cdn_url", "site_id", "token"}
        assert info["token"] == "ro"
        assert info["url"].startswith("http://127.0.0.1:")
        assert info["url"].endswith("/v2")
        assert info["cdn_url"] == info["url"].removesuffix("/v2") + "/cdn/v2"  # Content Delivery (cdn.py)
        with httpx.Client(base_url=info["url"], headers={"Authorization": "Bearer ro"}, timeout=10) as client:
            sites = client.get("/sites")
            assert sites.status_code == 403
            assert sites.json()["details"] == ["sites:read"]
            assert sites.headers["X-RateLimit-Limit"] == "50"
            denied = client.post(f"/sites/{info['site_id']}/collections", json={"displayName": "x"})
            assert denied.status_code == 403
            rw = client.get("/sites", headers={"Authorization": "Bearer rw"})
            assert rw.json()["sites"][0]["id"] == info["site_id"]
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
        assert process.stdout.read() == ""
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_cli_rejects_bad_options() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "webflow_cms_emulator", "--rate-limit", "fast"],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ},
        check=False,
    )
    assert result.returncode == 2
    assert "rate limit" in result.stderr
    assert result.stdout == ""
