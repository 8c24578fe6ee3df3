"""``webflow-cms collections``: the collections of each site, with item counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.runner import FAST, cli, write_jsonl
from support import create_collection, emulated

pytestmark = pytest.mark.anyio


async def test_collections_lists_each_with_its_item_count(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        other = await create_collection(emu.url, emu.token, emu.site_id, slug="news")
        write_jsonl(tmp_path / "p.jsonl", [{"name": f"P{n}", "slug": f"p-{n}"} for n in range(3)])
        assert (await cli(emu, "import", emu.collection_id, "p.jsonl", cwd=tmp_path)).code == 0

        run = await cli(emu, "--json", "collections", cwd=tmp_path)
        by_site = await cli(emu, "collections", "--site", emu.site_id, "--json", cwd=tmp_path)
        text = await cli(emu, "collections", cwd=tmp_path)

        assert run.code == 0, run.stderr
        counts = {row["id"]: (row["slug"], row["items"], row["site"]) for row in run.json()}
        assert counts == {
            emu.collection_id: ("blog-posts", 3, emu.site_id),
            other: ("news", 0, emu.site_id),
        }
        assert by_site.json() == run.json()
        assert text.stdout.splitlines()[0].split() == ["SITE", "COLLECTION", "ID", "SLUG", "NAME", "ITEMS"]
        assert any(
            line.split()[1:3] == [emu.collection_id, "blog-posts"] and line.endswith(" 3")
            for line in text.stdout.splitlines()
        )


async def test_an_unknown_site_is_exit_2(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        run = await cli(emu, "collections", "--site", "0123456789abcdef01234567", cwd=tmp_path)
        assert run.code == 2
        assert "site '0123456789abcdef01234567' not found" in run.stderr
