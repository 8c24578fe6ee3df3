"""``webflow-cms status``: counts per status and the oldest unpublished change."""

from __future__ import annotations

from pathlib import Path

import anyio
import pytest

from cli.runner import FAST, by_slug, cli, write_jsonl
from support import emulated

pytestmark = pytest.mark.anyio

ZERO = {"published": 0, "draft_changes": 0, "draft": 0, "queued_to_publish": 0, "archived": 0}


async def test_status_follows_imports_publishes_and_edits(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        write_jsonl(tmp_path / "old.jsonl", [{"name": "Old", "slug": "old"}])
        assert (await cli(emu, "import", emu.collection_id, "old.jsonl", cwd=tmp_path)).code == 0
        await anyio.sleep(0.01)  # a later lastUpdated for the next import
        write_jsonl(
            tmp_path / "new.jsonl",
            [
                {"name": "New", "slug": "new"},
                {"fieldData": {"name": "Live", "slug": "live"}, "isDraft": False},
                {"fieldData": {"name": "Gone", "slug": "gone"}, "isArchived": True},
            ],
        )
        assert (await cli(emu, "import", emu.collection_id, "new.jsonl", cwd=tmp_path)).code == 0
        items = by_slug(await emu.raw_items())

        first = await cli(emu, "--json", "status", emu.collection_id, cwd=tmp_path)

        assert first.code == 0, first.stderr
        report = first.json()
        assert report["total"] == 4
        assert report["counts"] == {**ZERO, "draft": 2, "queued_to_publish": 1, "archived": 1}
        oldest = report["oldestUnpublishedChange"]
        assert (oldest["slug"], oldest["id"]) == ("old", items["old"]["id"])

        assert (await cli(emu, "publish", emu.collection_id, "--all-drafts", cwd=tmp_path)).code == 0
        published = (await cli(emu, "--json", "status", emu.collection_id, cwd=tmp_path)).json()
        assert published["counts"] == {**ZERO, "published": 3, "archived": 1}
        assert published["oldestUnpublishedChange"] is None

        write_jsonl(tmp_path / "edit.jsonl", [{"fieldData": {"name": "New, edited", "slug": "new"}, "isDraft": True}])
        assert (await cli(emu, "import", emu.collection_id, "edit.jsonl", cwd=tmp_path)).code == 0
        edited = await cli(emu, "status", emu.collection_id, cwd=tmp_path)
        assert edited.code == 0
        lines = edited.stdout.splitlines()
        assert lines[0] == f"Blog Posts ({emu.collection_id}): 4 items"
        assert lines[1].split() == ["Published", "2"]
        assert lines[2].split() == ["Draft", "changes", "1"]
        assert f"oldest unpublished change: new ({items['new']['id']})" in edited.stdout
