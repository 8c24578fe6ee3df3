"""Items whose key left the source, under each --on-missing policy; held and keyless rows keep items safe."""

from __future__ import annotations

import pytest

from support import read_all
from sync._harness import Env, by_slug_now, posts
from webflow_cms.sync import Held, sync

pytestmark = pytest.mark.anyio

N = 12


async def test_keep_lists_the_missing_keys_every_run_and_sends_nothing(env: Env) -> None:
    async with env.client() as wf:
        await sync(wf, env.collection_id, posts(N), ledger=env.ledger)
        for _ in range(2):
            report = await sync(wf, env.collection_id, posts(N, drop=[2, 5]), ledger=env.ledger)
            assert report.missing == {"post-2": "kept", "post-5": "kept"}
            assert report.counts["missing"] == 2
            assert report.requests == 2
    assert len(await env.items()) == N


async def test_archive_takes_items_down_once_and_a_returning_row_unarchives_its_item(env: Env) -> None:
    async with env.client() as wf:
        await sync(wf, env.collection_id, posts(N), ledger=env.ledger)
        gone = await sync(wf, env.collection_id, posts(N, drop=[2, 5]), ledger=env.ledger, on_missing="archive")
        assert gone.missing == {"post-2": "archived", "post-5": "archived"}
        held = await by_slug_now(env)
        assert (held["post-2"]["isArchived"], held["post-3"]["isArchived"]) == (True, False)
        again = await sync(wf, env.collection_id, posts(N, drop=[2, 5]), ledger=env.ledger, on_missing="archive")
        assert again.requests == 2  # already archived: nothing to send
        assert again.missing == {"post-2": "archived", "post-5": "archived"}
        back = await sync(wf, env.collection_id, posts(N, drop=[5]), ledger=env.ledger, on_missing="archive")
        assert back.counts["updated"] == 1
    held = await by_slug_now(env)
    assert (held["post-2"]["isArchived"], held["post-5"]["isArchived"]) == (False, True)


async def test_unpublish_takes_live_copies_down_and_publish_puts_a_returning_row_back(env: Env) -> None:
    async with env.client() as wf:
        first = await sync(wf, env.collection_id, posts(N), ledger=env.ledger, publish=True)
        assert first.requests == 1 + 1 + 1  # count, one live create, the closing read
        live = await read_all(env.emu.url, env.emu.token, env.collection_id, live=True)
        assert len(live) == N
        down = await sync(wf, env.collection_id, posts(N, drop=[4]), ledger=env.ledger, on_missing="unpublish")
        assert down.missing == {"post-4": "unpublished"}
        live = await read_all(env.emu.url, env.emu.token, env.collection_id, live=True)
        assert sorted(i["fieldData"]["slug"] for i in live) == sorted(r["slug"] for r in posts(N, drop=[4]))
        back = await sync(wf, env.collection_id, posts(N), ledger=env.ledger, on_missing="unpublish", publish=True)
        assert back.counts["published"] == 1
        assert back.requests == 4  # count, delta, one publish, the closing read
    live = await read_all(env.emu.url, env.emu.token, env.collection_id, live=True)
    assert len(live) == N


async def test_delete_removes_the_items_and_a_returning_row_is_created_again(env: Env) -> None:
    async with env.client() as wf:
        await sync(wf, env.collection_id, posts(N), ledger=env.ledger)
        report = await sync(wf, env.collection_id, posts(N, drop=[0, 1]), ledger=env.ledger, on_missing="delete")
        assert report.missing == {"post-0": "deleted", "post-1": "deleted"}
        assert len(await env.items()) == N - 2
        back = await sync(wf, env.collection_id, posts(N), ledger=env.ledger, on_missing="delete")
        assert back.counts["created"] == 2
        assert back.scan_reason is None
    assert len(await env.items()) == N


async def test_held_rows_keep_their_items_and_a_keyless_row_stops_every_removal(env: Env) -> None:
    async with env.client() as wf:
        await sync(wf, env.collection_id, posts(N), ledger=env.ledger)
        rows: list[object] = [*posts(N, drop=[1, 2, 3], changed=[1]), Held("post-1", "a bad cell")]
        held = await sync(wf, env.collection_id, rows, ledger=env.ledger, on_missing="delete")
        assert held.missing == {"post-2": "deleted", "post-3": "deleted"}
        assert [(r.key, r.action) for r in held.rows] == [("post-1", "held")]
        assert held.ok
        keyless = await sync(
            wf, env.collection_id, [*posts(N, drop=[1, 2, 3, 4]), {"name": "No slug"}], ledger=env.ledger,
            on_missing="delete",
        )  # fmt: skip
        assert keyless.removals_held is not None
        assert "no item was deleted" in keyless.removals_held
        assert keyless.counts["deleted"] == 0
        assert [(r.index, r.action) for r in keyless.rows] == [(N - 4, "failed")]
        assert "fieldData.slug is required" in str(keyless.rows[0].error)
        assert not keyless.ok
    slugs = set(await by_slug_now(env))
    assert slugs == {r["slug"] for r in posts(N, drop=[2, 3])}
