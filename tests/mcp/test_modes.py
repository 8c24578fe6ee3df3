"""The server's modes and its behaviour under pressure: --read-only, --http, site publishes, injected faults.

Each test starts its own emulator (with the options it needs) and its own server subprocess.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

import httpx
import pytest
from mcp.client import Client

from support import by_slug, create_collection, emulated, read_all
from webflow_cms_emulator import serve

pytestmark = pytest.mark.anyio

FAST = "100000/1"
WRITES = {
    "create_items": {"items": [{"name": "A", "slug": "a"}]},
    "update_items": {"items": [{"id": "a" * 24, "name": "B"}]},
    "upsert_items": {"items": [{"name": "A", "slug": "a"}]},
    "publish_items": {"item_ids": ["a" * 24]},
    "unpublish_items": {"item_ids": ["a" * 24], "confirm": True},
    "delete_items": {"item_ids": ["a" * 24], "confirm": True},
}
Serve = Callable[..., AbstractAsyncContextManager[Any]]


async def _stats(url: str, token: str) -> dict[str, Any]:
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}) as http:
        data: dict[str, Any] = (await http.get(f"{url}/_emulator/stats")).json()
        return data


async def test_read_only_lists_only_reads_and_refuses_every_write_tool(serve_agent: Serve) -> None:
    async with emulated(rate_limit=FAST) as emu, serve_agent(emu.url, emu.token, "--read-only") as agent:
        listed = {tool.name for tool in (await agent.client.list_tools()).tools}
        before = (await _stats(emu.url, emu.token))["requests"]

        refusals = {
            name: await agent.refused(name, collection_id=emu.collection_id, **arguments)
            for name, arguments in WRITES.items()
        }
        refusals["publish_site"] = await agent.refused("publish_site", site_id=emu.site_id)

        assert listed == {"list_sites", "list_collections", "get_collection", "list_items", "get_item"}
        for name, text in refusals.items():
            assert f"{name} is a write tool and this server runs with --read-only" in text
        assert (await _stats(emu.url, emu.token))["requests"] == before
        assert (await agent.call("list_items", collection_id=emu.collection_id))["items"] == []


async def test_streamable_http_answers_a_tool_call(serve_http: Callable[..., Any]) -> None:
    async with emulated(rate_limit=FAST) as emu, serve_http(emu.url, emu.token) as (url, stderr):
        async with Client(url) as client:
            result = await client.call_tool("list_sites", {})

        assert not result.is_error
        assert result.structured_content is not None
        assert [s["id"] for s in result.structured_content["sites"]] == [emu.site_id]
        assert url.startswith("http://127.0.0.1:")
        assert emu.token not in stderr[0]


async def test_a_site_publish_refused_with_a_429_is_waited_out_not_handed_to_the_agent(serve_agent: Serve) -> None:
    async with emulated(rate_limit=FAST, site_publish_interval=3) as emu, serve_agent(emu.url, emu.token) as agent:
        async with httpx.AsyncClient(headers={"Authorization": f"Bearer {emu.token}"}) as http:
            other = await http.post(f"{emu.url}/sites/{emu.site_id}/publish", json={"publishToWebflowSubdomain": True})
        assert other.status_code == 202  # someone else published: the emulator refuses another for 3 seconds

        started = time.monotonic()
        answer = await agent.call("publish_site", site_id=emu.site_id)

        assert answer["counts"] == {"published": 1}
        assert answer["results"][0]["id"] == emu.site_id
        assert time.monotonic() - started >= 1.5
        assert (await _stats(emu.url, emu.token))["rateLimited"] == 1  # the one 429, which the agent never saw


@pytest.mark.chaos
async def test_publish_site_twice_within_a_minute_waits_its_turn(serve_agent: Serve) -> None:
    async with emulated(rate_limit=FAST) as emu, serve_agent(emu.url, emu.token) as agent:
        first = await agent.call("publish_site", site_id=emu.site_id)
        second = await agent.call("publish_site", site_id=emu.site_id)

        assert first["counts"] == second["counts"] == {"published": 1}
        assert first["seconds"] < 10
        assert second["seconds"] >= 50
        assert (await _stats(emu.url, emu.token))["rateLimited"] == 0  # by waiting, not by being refused


async def test_create_items_of_500_under_30_percent_faults_leaves_500_items_none_twice(serve_agent: Serve) -> None:
    async with serve(rate_limit=FAST, fault_rate=0.3, seed=24) as emu:
        posts = await create_collection(emu.url, emu.token, emu.site_id, patient=True)
        docs = [{"name": f"Post {i}", "slug": f"post-{i}", "rank": i} for i in range(500)]
        async with serve_agent(emu.url, emu.token) as agent:
            answer = await agent.call("create_items", collection_id=posts, items=docs)
            statuses = {r["status"] for r in answer["results"]}
            assert [r["index"] for r in answer["results"]] == list(range(500))
            assert statuses <= {"created", "unknown", "failed"}
            unsettled = [docs[r["index"]] for r in answer["results"] if r["status"] != "created"]
            if unsettled:  # what an agent does with unknown or failed inputs: upsert them (never a duplicate)
                again = await agent.call("upsert_items", collection_id=posts, items=unsettled)
                assert set(again["counts"]) <= {"created", "unchanged"}, again["counts"]

        held = by_slug(await read_all(emu.url, emu.token, posts))
        stats = await _stats(emu.url, emu.token)
        assert stats["faults"]["total"] > 0
        assert held.duplicates == []
        assert sorted(held) == sorted(d["slug"] for d in docs)


async def test_stdout_carries_only_the_protocol_and_logs_go_to_stderr_without_the_token(
    server_process: Callable[..., Any],
) -> None:
    async with serve(rate_limit=FAST, fault_rate=0.5, seed=3) as emu:
        posts = await create_collection(emu.url, emu.token, emu.site_id, patient=True)
        docs = [{"name": f"Post {i}", "slug": f"post-{i}", "rank": i} for i in range(150)]
        messages = [
            {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "initialize",
                "params": {
                    "protocolVersion": "2025-06-18",
                    "capabilities": {},
                    "clientInfo": {"name": "t", "version": "1"},
                },
            },
            {"jsonrpc": "2.0", "method": "notifications/initialized"},
            {
                "jsonrpc": "2.0",
                "id": 2,
                "method": "tools/call",
                "params": {"name": "create_items", "arguments": {"collection_id": posts, "items": docs}},
            },
        ]
        stdout, stderr = await server_process(emu.url, emu.token, messages, answers=2)

    lines = stdout.splitlines()
    answers = [json.loads(line) for line in lines]  # every line is a JSON-RPC message
    assert all(a["jsonrpc"] == "2.0" for a in answers)
    assert answers[-1]["id"] == 2
    assert answers[-1]["result"]["structuredContent"]["counts"]["created"] > 0
    assert "webflow-cms mcp:" in stderr  # the SDK's lines about the injected faults, on stderr
    assert emu.token not in stdout + stderr


async def test_bad_command_lines_exit_2_with_a_message_and_no_protocol() -> None:
    from webflow_cms.cli.__main__ import run

    assert run(["mcp", "--port", "9000"]) == 2
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("WEBFLOW_TOKEN", raising=False)
        assert run(["mcp"]) == 2
