"""``webflow-cms export``: every item out, staged or live, as JSONL or CSV that imports back unchanged."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from cli.runner import FAST, by_slug, cli, read_jsonl, write_jsonl
from support import emulated

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


async def test_export_of_an_unknown_collection_is_exit_2(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        run = await cli(emu, "export", "nope", "-o", "x.jsonl", cwd=tmp_path)
        assert run.code == 2
        assert "no collection has the id, slug or name 'nope'" in run.stderr
        assert not (tmp_path / "x.jsonl").exists()
