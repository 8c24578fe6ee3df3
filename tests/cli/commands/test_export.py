"""``webflow-cms export``: every item out, staged or live, as JSONL or CSV that imports back unchanged."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import httpx
import pytest

from cli.runner import FAST, by_slug, cli, read_jsonl, write_jsonl
from support import create_collection, emulated, read_all
from webflow_cms_emulator.cdn import cdn_url

pytestmark = pytest.mark.anyio

N = 230  # three pages of 100


def _posts_csv(path: Path) -> Path:
    lines = ["name,slug,summary,rank,featured"]
    for n in range(N):
        summary = f'"Post {n}, with a comma"' if n % 3 == 0 else ("" if n % 3 == 1 else f"Plain {n}")
        rank = "" if n % 5 == 0 else (str(n) if n % 2 else f"{n}.5")
        lines.append(f"Post {n},post-{n},{summary},{rank},{'true' if n % 4 == 0 else 'false'}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


async def test_csv_export_matches_the_imported_csv_row_for_row(tmp_path: Path) -> None:
    source = _posts_csv(tmp_path / "posts.csv")
    async with emulated(rate_limit=FAST) as emu:
        assert (await cli(emu, "import", emu.collection_id, source, cwd=tmp_path)).code == 0

        run = await cli(emu, "export", emu.collection_id, "-o", "out.csv", cwd=tmp_path)

        assert run.code == 0, run.stderr
        assert f"exported {N} staged items" in run.stderr
        assert not (tmp_path / "out.csv.part").exists()
        exported = _csv_rows((tmp_path / "out.csv").read_text(encoding="utf-8"))
        original = _csv_rows(source.read_text(encoding="utf-8"))
        assert len(exported) == len(original) == N
        # Batches are created concurrently, so the collection's order need not be the file's: match by slug.
        by_slug_out = {row["slug"]: row for row in exported}
        assert len(by_slug_out) == N
        for before in original:
            after = by_slug_out[before["slug"]]
            assert after["name"] == before["name"]
            assert after["summary"] == before["summary"]
            assert after["featured"] == before["featured"]
            assert (float(after["rank"]) if after["rank"] else None) == (
                float(before["rank"]) if before["rank"] else None
            )

        again = await cli(emu, "--json", "import", emu.collection_id, tmp_path / "out.csv", cwd=tmp_path)
        assert again.json()["counts"] == {"created": 0, "updated": 0, "unchanged": N, "failed": 0}


async def test_jsonl_export_is_the_items_and_imports_back_unchanged(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        source = write_jsonl(tmp_path / "in.jsonl", [{"name": f"P{n}", "slug": f"p-{n}", "rank": n} for n in range(N)])
        assert (await cli(emu, "import", emu.collection_id, source, cwd=tmp_path)).code == 0

        run = await cli(emu, "export", "blog-posts", cwd=tmp_path)  # to stdout

        assert run.code == 0, run.stderr
        lines = [json.loads(line) for line in run.stdout.splitlines()]
        assert lines == await emu.raw_items()  # every item, in the server's order, as the API gives it

        out = tmp_path / "items.jsonl"
        assert (await cli(emu, "export", "blog-posts", "-o", out, cwd=tmp_path)).code == 0
        assert read_jsonl(out) == lines
        again = await cli(emu, "--json", "import", "blog-posts", out, cwd=tmp_path)
        assert again.json()["counts"] == {"created": 0, "updated": 0, "unchanged": N, "failed": 0}


async def test_live_export_holds_only_published_items(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        source = write_jsonl(tmp_path / "in.jsonl", [{"name": f"P{n}", "slug": f"p-{n}"} for n in range(4)])
        assert (await cli(emu, "import", emu.collection_id, source, cwd=tmp_path)).code == 0
        ids = [item["id"] for item in await emu.raw_items()]
        assert (await cli(emu, "publish", emu.collection_id, "--ids", ids[1], ids[3], cwd=tmp_path)).code == 0

        run = await cli(emu, "--json", "export", emu.collection_id, "--live", "-o", "live.jsonl", cwd=tmp_path)

        assert run.code == 0, run.stderr
        assert run.json() == {
            "collection": emu.collection_id,
            "exported": 2,
            "file": "live.jsonl",
            "live": True,
        }
        assert sorted(by_slug(read_jsonl(tmp_path / "live.jsonl"))) == ["p-1", "p-3"]


async def test_a_live_export_through_content_delivery_is_served_from_the_cache_the_second_time(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu, httpx.AsyncClient(base_url=emu.url) as raw:
        source = write_jsonl(tmp_path / "in.jsonl", [{"name": f"P{n}", "slug": f"p-{n}"} for n in range(3)])
        assert (await cli(emu, "import", emu.collection_id, source, "--publish", cwd=tmp_path)).code == 0
        cdn = {"WEBFLOW_CDN_URL": cdn_url(emu.url)}
        for name in ("first.jsonl", "second.jsonl"):
            run = await cli(
                emu, "export", emu.collection_id, "--live", "--content-delivery", "-o", name, cwd=tmp_path, env=cdn
            )
            assert run.code == 0, run.stderr
        stats = (await raw.get("/_emulator/stats")).json()
        # the second export's pages (the pager reads ahead) were all answered from the cache
        assert stats["cdn"]["hits"] == stats["cdn"]["misses"] > 0
        assert read_jsonl(tmp_path / "first.jsonl") == read_jsonl(tmp_path / "second.jsonl")
        assert sorted(by_slug(read_jsonl(tmp_path / "second.jsonl"))) == ["p-0", "p-1", "p-2"]
        staged = await cli(emu, "export", emu.collection_id, "--content-delivery", cwd=tmp_path, env=cdn)
        assert staged.code == 2
        assert "--content-delivery serves published items only: add --live" in staged.stderr


async def test_export_of_an_unknown_collection_is_exit_2(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        run = await cli(emu, "export", "nope", "-o", "x.jsonl", cwd=tmp_path)
        assert run.code == 2
        assert "no collection has the id, slug or name 'nope'" in run.stderr
        assert not (tmp_path / "x.jsonl").exists()


async def test_csv_export_has_an_id_column_that_matches_items(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        write_jsonl(tmp_path / "in.jsonl", [{"name": f"P{n}", "slug": f"p-{n}"} for n in range(3)])
        assert (await cli(emu, "import", emu.collection_id, "in.jsonl", cwd=tmp_path)).code == 0

        run = await cli(emu, "export", emu.collection_id, "--format", "csv", cwd=tmp_path)

        rows = _csv_rows(run.stdout)
        assert list(rows[0]) == ["id", "name", "slug", "summary", "rank", "featured"]
        assert {r["id"]: r["slug"] for r in rows} == {i["id"]: i["fieldData"]["slug"] for i in await emu.raw_items()}


async def test_webflow_csv_round_trip_changes_exactly_the_edited_item(tmp_path: Path) -> None:
    fields = [
        {"displayName": "Summary", "slug": "summary", "type": "PlainText"},
        {"displayName": "Published", "slug": "published", "type": "DateTime"},
        {"displayName": "Kind", "slug": "kind", "type": "Option", "validations": {"options": [{"name": "Story"}]}},
    ]
    async with emulated(rate_limit=FAST) as emu:
        cid = await create_collection(emu.url, emu.token, emu.site_id, "articles", fields=fields)
        lines = ["Name,Slug,Summary,Published,Kind,Draft"]
        lines += [
            f"Post {n},post-{n},S {n},2023-10-{n + 10}T08:00:00.000Z,Story,{'true' if n % 2 else 'false'}"
            for n in range(6)
        ]
        (tmp_path / "in.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert (await cli(emu, "import", cid, "in.csv", cwd=tmp_path)).code == 0
        before = by_slug(await read_all(emu.url, emu.token, cid))

        run = await cli(emu, "export", cid, "--format", "webflow-csv", "-o", "Articles.csv", cwd=tmp_path)

        assert run.code == 0, run.stderr
        text = (tmp_path / "Articles.csv").read_text(encoding="utf-8")
        exported = _csv_rows(text)
        assert text.splitlines()[0] == (
            "Name,Slug,Collection ID,Locale ID,Item ID,Archived,Draft,Created On,Updated On,Published On,"
            "Summary,Published,Kind"
        )
        first = next(r for r in exported if r["Slug"] == "post-0")
        assert first["Published"] == "Tue Oct 10 2023 08:00:00 GMT+0000 (Coordinated Universal Time)"
        assert first["Kind"] == "Story"
        assert first["Item ID"] == before["post-0"]["id"]
        assert first["Collection ID"] == cid
        assert first["Created On"].endswith("GMT+0000 (Coordinated Universal Time)")

        edited = text.replace("S 3,", "S three,")
        (tmp_path / "Articles.csv").write_text(edited, encoding="utf-8")
        again = await cli(emu, "--json", "import", cid, "Articles.csv", cwd=tmp_path)

        assert again.code == 0, again.stderr
        assert again.json()["counts"] == {"created": 0, "updated": 1, "unchanged": 5, "failed": 0}
        after = by_slug(await read_all(emu.url, emu.token, cid))
        changed = [slug for slug in before if before[slug] != after[slug]]
        assert changed == ["post-3"]
        assert after["post-3"]["fieldData"]["summary"] == "S three"

        # The Item ID column drives the match: a renamed slug renames that item.
        renamed = edited.replace("post-4,", "post-four,")
        (tmp_path / "Articles.csv").write_text(renamed, encoding="utf-8")
        third = await cli(emu, "--json", "import", cid, "Articles.csv", cwd=tmp_path)
        assert third.json()["counts"] == {"created": 0, "updated": 1, "unchanged": 5, "failed": 0}
        final = by_slug(await read_all(emu.url, emu.token, cid))
        assert final["post-four"]["id"] == before["post-4"]["id"]
        assert "post-4" not in final
