"""Editors' changes in Webflow: between runs (a raw PATCH) under each --conflict policy, and during a run."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from sync._harness import Env, HookedLedger, by_slug_now, patch, posts
from webflow_cms.sync import Entry, SQLiteLedger, sync

pytestmark = pytest.mark.anyio

N = 20


async def _edited(env: Env) -> dict[str, str]:
    """A first sync, then an editor changes post-3 and post-4 in Webflow; item ids by slug."""
    async with env.client() as wf:
        first = await sync(wf, env.collection_id, posts(N), ledger=env.ledger)
    assert first.counts["created"] == N
    held = await by_slug_now(env)
    await patch(env, held["post-3"]["id"], {"summary": "Editor 3"})
    await patch(env, held["post-4"]["id"], {"summary": "Editor 4"})
    return {slug: item["id"] for slug, item in held.items()}


async def test_skip_reports_a_conflict_leaves_it_and_reports_it_again_next_run(env: Env) -> None:
    await _edited(env)
    source = posts(N, changed=[3, 5])  # post-3 changed on both sides, post-4 in Webflow only, post-5 in the source
    async with env.client() as wf:
        second = await sync(wf, env.collection_id, source, ledger=env.ledger)
        assert [c.key for c in second.conflicts] == ['"post-3"']
        assert [(r.index, r.key, r.action) for r in second.rows] == [(3, "post-3", "conflict")]
        assert second.changed_in_webflow == ["post-4"]
        assert (second.counts["updated"], second.counts["conflicts"], second.counts["unchanged"]) == (1, 1, N - 3)
        assert second.requests == 4  # count, delta, one update, the closing read
        held = await by_slug_now(env)
        assert held["post-3"]["fieldData"]["summary"] == "Editor 3"
        assert held["post-4"]["fieldData"]["summary"] == "Editor 4"
        assert held["post-5"]["fieldData"]["summary"] == "Summary 5!"

        third = await sync(wf, env.collection_id, source, ledger=env.ledger)
        assert [c.key for c in third.conflicts] == ['"post-3"']  # kept in the ledger
        assert third.changed_in_webflow == []  # reported once, then taken as the item's state
        assert third.requests == 2

        fourth = await sync(wf, env.collection_id, source, ledger=env.ledger, conflict="source")
        assert fourth.conflicts == []
        assert fourth.counts["updated"] == 1
    held = await by_slug_now(env)
    assert held["post-3"]["fieldData"]["summary"] == "Summary 3!"
    assert held["post-4"]["fieldData"]["summary"] == "Editor 4"


async def test_source_overwrites_every_change_made_in_webflow(env: Env) -> None:
    await _edited(env)
    source = posts(N, changed=[3])
    async with env.client() as wf:
        second = await sync(wf, env.collection_id, source, ledger=env.ledger, conflict="source")
        assert second.conflicts == []
        assert second.counts["updated"] == 2
        again = await sync(wf, env.collection_id, source, ledger=env.ledger, conflict="source")
        assert again.requests == 2
        assert again.counts["unchanged"] == N
    held = await by_slug_now(env)
    assert held["post-3"]["fieldData"]["summary"] == "Summary 3!"
    assert held["post-4"]["fieldData"]["summary"] == "Summary 4"


async def test_webflow_keeps_the_editors_version_and_takes_the_row_as_applied(env: Env) -> None:
    await _edited(env)
    source = posts(N, changed=[3])
    async with env.client() as wf:
        second = await sync(wf, env.collection_id, source, ledger=env.ledger, conflict="webflow")
        assert second.conflicts == []
        assert sorted(second.changed_in_webflow) == ["post-3", "post-4"]
        assert second.counts["updated"] == 0
        assert second.requests == 2
        quiet = await sync(wf, env.collection_id, source, ledger=env.ledger, conflict="webflow")
        assert (quiet.changed_in_webflow, quiet.counts["unchanged"]) == ([], N)
        later = await sync(wf, env.collection_id, posts(N, changed=[3], tag="later"), ledger=env.ledger)
        assert later.counts["updated"] == 1  # a new change in the source goes through
    held = await by_slug_now(env)
    assert held["post-3"]["fieldData"]["summary"] == "Summary 3!later"
    assert held["post-4"]["fieldData"]["summary"] == "Editor 4"


async def test_an_edit_during_a_run_is_seen_by_the_next_run(env: Env) -> None:
    ids = await _edited(env)
    async with env.client() as wf:
        await sync(wf, env.collection_id, posts(N), ledger=env.ledger, conflict="source")  # settle the edits
        edited: list[str] = []

        async def editor(put: Sequence[Entry]) -> None:
            if not edited and any(e.pending is None and e.hash for e in put):  # a batch of the run was confirmed
                await patch(env, ids["post-19"], {"summary": "Edited during the run"})
                edited.append("post-19")

        ledger = HookedLedger(SQLiteLedger(env.ledger), editor)
        during = await sync(wf, env.collection_id, posts(N, changed=range(5)), ledger=ledger)
        assert edited == ["post-19"]
        assert during.counts["updated"] == 5
        assert during.watermark_note is not None
        assert "changed in Webflow during the run" in during.watermark_note
        after = await sync(wf, env.collection_id, posts(N, changed=range(5)), ledger=env.ledger)
        assert after.changed_in_webflow == ["post-19"]
        assert after.watermark_note is None
    held = await by_slug_now(env)
    assert held["post-19"]["fieldData"]["summary"] == "Edited during the run"
