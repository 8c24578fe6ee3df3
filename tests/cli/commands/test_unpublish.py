"""``webflow-cms unpublish``: by ids, by slugs, every live item; read back with plain httpx and with ``status``."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.runner import FAST, by_slug, cli, cli_many, write_jsonl
from support import emulated

pytestmark = pytest.mark.anyio


BAD_ARGUMENTS = [
    (["unpublish", "{c}", "--ids", "xyz"], "'xyz' is not an item id"),
    (["unpublish", "{c}"], "one of the arguments --all --ids --slugs is required"),
    (["unpublish", "{c}", "--all", "--slugs", "a"], "not allowed with argument"),
]


async def test_bad_unpublish_arguments_exit_2(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        runs = await cli_many(
            emu, [[a.format(c=emu.collection_id) for a in args] for args, _ in BAD_ARGUMENTS], cwd=tmp_path
        )
        for (args, message), run in zip(BAD_ARGUMENTS, runs, strict=True):
            assert run.code == 2, (args, run.stderr)
            assert message in run.stderr, (args, run.stderr)


async def test_unpublish_by_slug_and_all_then_status_agrees_with_the_live_list(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        source = write_jsonl(tmp_path / "in.jsonl", [{"name": f"P{n}", "slug": f"p-{n}"} for n in range(5)])
        assert (await cli(emu, "import", emu.collection_id, source, "--publish", cwd=tmp_path)).code == 0

        one = await cli(emu, "--json", "unpublish", emu.collection_id, "--slugs", "p-1", "p-2", cwd=tmp_path)
        assert one.code == 0, one.stderr
        assert one.json()["unpublished"] == 2
        assert sorted(by_slug(await emu.raw_items(live=True))) == ["p-0", "p-3", "p-4"]
        status = (await cli(emu, "--json", "status", emu.collection_id, cwd=tmp_path)).json()["counts"]
        assert (status["published"], status["draft"], status["draft_changes"]) == (3, 2, 0)

        unknown = await cli(emu, "unpublish", emu.collection_id, "--slugs", "p-1", cwd=tmp_path)  # not live now
        assert unknown.code == 2
        assert "no item live has the slug 'p-1'" in unknown.stderr

        rest = await cli(emu, "--json", "unpublish", emu.collection_id, "--all", cwd=tmp_path)
        assert rest.json()["unpublished"] == 3
        assert await emu.raw_items(live=True) == []
        status = (await cli(emu, "--json", "status", emu.collection_id, cwd=tmp_path)).json()
        assert status["counts"]["draft"] == 5
        assert status["counts"]["published"] == status["counts"]["draft_changes"] == 0

        again = await cli(emu, "--json", "publish", emu.collection_id, "--slugs", "p-0", cwd=tmp_path)
        assert again.json()["published"] == 1
        assert sorted(by_slug(await emu.raw_items(live=True))) == ["p-0"]
