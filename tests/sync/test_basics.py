"""The ordinary runs: images compared by what was sent, publishing, the dry run, and the ledger as written."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from support import read_all
from sync._harness import Env, by_slug_now, posts
from webflow_cms.sync import SQLiteLedger, sync

pytestmark = pytest.mark.anyio


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _pictures(n: int, *, changed: int | None = None) -> list[dict[str, object]]:
    return [
        {
            "name": f"Pic {i}",
            "slug": f"pic-{i}",
            "photo": {"url": f"https://images.example/{i}.png", "alt": f"Alt {i}{'!' if i == changed else ''}"},
        }
        for i in range(n)
    ]


async def test_an_unchanged_image_costs_no_request_though_webflow_rehosts_it(env: Env) -> None:
    async with httpx.AsyncClient(base_url=env.emu.url, headers={"Authorization": f"Bearer {env.emu.token}"}) as http:
        field = {"displayName": "Photo", "slug": "photo", "type": "Image"}
        assert (await http.post(f"/collections/{env.collection_id}/fields", json=field)).status_code == 200
    async with env.client() as wf:
        first = await sync(wf, env.collection_id, _pictures(5), ledger=env.ledger)
        assert first.counts["created"] == 5
        stored = (await by_slug_now(env))["pic-2"]["fieldData"]["photo"]
        assert stored["url"] != "https://images.example/2.png"  # Webflow's copy, not ours
        assert stored["alt"] == "Alt 2"
        second = await sync(wf, env.collection_id, _pictures(5), ledger=env.ledger)
        assert (second.counts["unchanged"], second.requests) == (5, 2)
        third = await sync(wf, env.collection_id, _pictures(5, changed=3), ledger=env.ledger)
        assert (third.counts["updated"], third.requests) == (1, 4)
    assert (await by_slug_now(env))["pic-3"]["fieldData"]["photo"]["alt"] == "Alt 3!"


async def test_publish_leaves_created_and_changed_items_live(env: Env) -> None:
    async with env.client() as wf:
        staged = await sync(wf, env.collection_id, posts(30), ledger=env.ledger)  # never published
        assert staged.requests == 3
        assert await read_all(env.emu.url, env.emu.token, env.collection_id, live=True) == []
        # 5 changed (written staged, then published), 25 unchanged but not live (published), 2 new (created live)
        live = await sync(wf, env.collection_id, posts(30, changed=range(5), extra=2), ledger=env.ledger, publish=True)
        assert (live.counts["updated"], live.counts["created"], live.counts["published"]) == (5, 2, 30)
        assert live.requests == 2 + 1 + 1 + 1 + 1 + 1  # count, delta, update, publish x2, create, closing
        held = await read_all(env.emu.url, env.emu.token, env.collection_id, live=True)
        assert {i["fieldData"]["slug"]: i["fieldData"]["summary"] for i in held} == {
            r["slug"]: r["summary"] for r in posts(30, changed=range(5), extra=2)
        }
        # Now live: a change goes through the live endpoint in one request.
        again = await sync(wf, env.collection_id, posts(30, changed=[9], extra=2), ledger=env.ledger, publish=True)
        assert (again.counts["updated"], again.requests) == (6, 4)
        quiet = await sync(wf, env.collection_id, posts(30, changed=[9], extra=2), ledger=env.ledger, publish=True)
        assert quiet.requests == 2


async def test_a_dry_run_plans_and_prices_the_writes_and_touches_nothing(env: Env, tmp_path: Path) -> None:
    fresh = tmp_path / "never-written.sqlite3"
    async with env.client() as wf:
        plan = await sync(wf, env.collection_id, posts(250), ledger=fresh, dry_run=True)
        assert not fresh.exists()
        assert (plan.dry_run, plan.counts["created"], plan.planned_requests, plan.requests) == (True, 250, 4, 1)
        assert await env.items() == []
        await sync(wf, env.collection_id, posts(250), ledger=env.ledger)
        before = env.ledger.stat().st_mtime_ns
        source = posts(250, changed=range(120), drop=[200], extra=3)
        plan = await sync(wf, env.collection_id, source, ledger=env.ledger, dry_run=True, on_missing="delete")
        assert (plan.counts["updated"], plan.counts["created"], plan.counts["toRemove"]) == (120, 3, 1)
        assert plan.missing == {"post-200": "to be deleted"}
        assert plan.planned_requests == 2 + 1 + 1 + 1  # two update batches, a create, a delete, the closing read
        assert plan.requests == 2
        assert env.ledger.stat().st_mtime_ns == before
        real = await sync(wf, env.collection_id, source, ledger=env.ledger, on_missing="delete")
        assert real.requests == plan.requests + plan.planned_requests


async def test_the_ledger_holds_what_webflow_confirmed(env: Env) -> None:
    async with env.client() as wf:
        await sync(wf, env.collection_id, posts(3), ledger=env.ledger)
    items = await by_slug_now(env)
    async with SQLiteLedger(env.ledger) as ledger:
        state, entries = await ledger.load(env.collection_id)
    assert state.key_field == "slug"
    assert state.watermark == max(i["lastUpdated"] for i in items.values())
    by_key = {e.key: e for e in entries}
    one = by_key['"post-1"']
    assert (one.item_id, one.slug, one.last_updated) == (
        items["post-1"]["id"],
        "post-1",
        items["post-1"]["lastUpdated"],
    )
    assert (one.published, one.conflict, one.removed, one.pending) == ("staged", None, None, None)
    assert one.hash is not None
    assert len(one.hash) == 64
