"""``webflow-cms publish``: by ids, by slugs, every draft; read back with plain httpx."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.runner import FAST, by_slug, cli, cli_many, write_jsonl
from support import emulated

pytestmark = pytest.mark.anyio


async def test_publish_ids_then_all_drafts_then_unpublish(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        source = write_jsonl(tmp_path / "in.jsonl", [{"name": f"P{n}", "slug": f"p-{n}"} for n in range(6)])
        assert (await cli(emu, "import", emu.collection_id, source, cwd=tmp_path)).code == 0
        ids = {slug: item["id"] for slug, item in by_slug(await emu.raw_items()).items()}

        some = await cli(emu, "--json", "publish", emu.collection_id, "--ids", ids["p-0"], ids["p-1"], cwd=tmp_path)
        assert some.code == 0, some.stderr
        assert some.json()["published"] == 2
        assert sorted(by_slug(await emu.raw_items(live=True))) == ["p-0", "p-1"]

        rest = await cli(emu, "--json", "publish", emu.collection_id, "--all-drafts", cwd=tmp_path)
        assert rest.code == 0, rest.stderr
        assert rest.json()["published"] == 4  # only the four not yet live
        assert len(await emu.raw_items(live=True)) == 6

        nothing = await cli(emu, "publish", emu.collection_id, "--all-drafts", cwd=tmp_path)
        assert nothing.code == 0
        assert "nothing to do" in nothing.stdout

        off = await cli(emu, "unpublish", emu.collection_id, "--ids", ids["p-5"], cwd=tmp_path)
        assert off.code == 0, off.stderr
        assert "1 of 1 unpublished" in off.stdout
        assert "p-5" not in by_slug(await emu.raw_items(live=True))
        assert by_slug(await emu.raw_items())["p-5"]["isDraft"] is True


async def test_publishing_an_unknown_item_fails_that_item_with_exit_1(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        source = write_jsonl(tmp_path / "in.jsonl", [{"name": "P", "slug": "p"}])
        assert (await cli(emu, "import", emu.collection_id, source, cwd=tmp_path)).code == 0
        known = (await emu.raw_items())[0]["id"]
        missing = "0123456789abcdef01234567"

        run = await cli(emu, "--json", "publish", emu.collection_id, "--ids", known, missing, cwd=tmp_path)

        assert run.code == 1
        report = run.json()
        assert report["published"] == 1
        assert [f["id"] for f in report["failed"]] == [missing]
        assert [i["id"] for i in await emu.raw_items(live=True)] == [known]


BAD_ARGUMENTS = [
    (["publish", "{c}", "--ids", "not-an-id"], "'not-an-id' is not an item id"),
    (["publish", "{c}", "--all-drafts", "--ids", "0123456789abcdef01234567"], "not allowed with argument"),
    (["publish", "{c}"], "one of the arguments --all-drafts --ids --slugs is required"),
    (["publish", "{c}", "--slugs", "nope"], "no item in the collection has the slug 'nope'"),
    (["publish", "no-such-collection", "--all-drafts"], "no collection has the id, slug or name"),
]


async def test_bad_publish_arguments_exit_2(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        runs = await cli_many(
            emu, [[a.format(c=emu.collection_id) for a in args] for args, _ in BAD_ARGUMENTS], cwd=tmp_path
        )
        for (args, message), run in zip(BAD_ARGUMENTS, runs, strict=True):
            assert run.code == 2, (args, run.stderr)
            assert message in run.stderr, (args, run.stderr)
