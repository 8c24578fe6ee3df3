"""``webflow-cms import`` against the emulator: results, the failures file, re-runs, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.runner import FAST, by_slug, cli, cli_many, failure_files, read_jsonl, write_jsonl
from support import emulated

pytestmark = pytest.mark.anyio

CSV_WITH_BAD_ROWS = """name,slug,summary,rank,featured
First post,first-post,"Hello, world",1,true
Second post,second-post,,2.5,no
Shouting,Not A Slug,loud,3,
Third post,third-post,third,,FALSE
Copy of first,first-post,dup,4,yes
"""


async def test_csv_import_converts_cells_and_keeps_failed_rows(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        source = tmp_path / "posts.csv"
        source.write_text(CSV_WITH_BAD_ROWS, encoding="utf-8")

        run = await cli(emu, "--json", "import", emu.collection_id, source, cwd=tmp_path)

        assert run.code == 1, run.stderr
        report = run.json()
        assert report["counts"] == {"created": 3, "updated": 0, "unchanged": 0, "failed": 2}
        assert report["failuresFile"] == str(tmp_path / "posts.failed.jsonl")
        failed = read_jsonl(tmp_path / "posts.failed.jsonl")
        assert [f["_line"] for f in failed] == [4, 6]
        assert failed[0]["slug"] == "Not A Slug"
        assert "fieldData.slug" in failed[0]["_error"]
        assert failed[1]["slug"] == "first-post"
        assert "first-post" in failed[1]["_error"]
        assert failed[1]["rank"] == 4  # kept as converted, so the file imports again as it is

        items = by_slug(await emu.raw_items())
        assert sorted(items) == ["first-post", "second-post", "third-post"]
        assert items["first-post"]["fieldData"] == {
            "name": "First post",
            "slug": "first-post",
            "summary": "Hello, world",
            "rank": 1,
            "featured": True,
        }
        second = items["second-post"]["fieldData"]
        assert second["rank"] == 2.5
        assert second["featured"] is False
        assert "summary" not in second  # an empty cell sets nothing
        assert items["third-post"]["fieldData"]["featured"] is False
        assert "rank" not in items["third-post"]["fieldData"]


async def test_jsonl_import_then_fixing_the_failures_file_imports_only_those(tmp_path: Path) -> None:
    rows = [
        {"name": "Alpha", "slug": "alpha", "rank": 1},
        {"name": "Beta", "slug": "beta", "rank": "high"},  # wrong type: the server refuses it
        {"fieldData": {"name": "Gamma", "slug": "gamma", "featured": True}, "isDraft": False},
        {"slug": "delta", "summary": "no name"},  # the SDK refuses it before sending
    ]
    async with emulated(rate_limit=FAST) as emu:
        source = write_jsonl(tmp_path / "posts.jsonl", rows)

        run = await cli(emu, "import", emu.collection_id, source, cwd=tmp_path)

        assert run.code == 1
        assert "2 created, 0 updated, 0 unchanged, 2 failed" in run.stdout
        failures = tmp_path / "posts.failed.jsonl"
        assert str(failures) in run.stdout
        failed = read_jsonl(failures)
        assert [(f["_line"], f["slug"]) for f in failed] == [(2, "beta"), (4, "delta")]
        assert "rank" in failed[0]["_error"]
        assert "name" in failed[1]["_error"]
        assert by_slug(await emu.raw_items())["gamma"]["isDraft"] is False

        failed[0]["rank"] = 2
        failed[1]["name"] = "Delta"
        write_jsonl(failures, failed)
        rerun = await cli(emu, "--json", "import", emu.collection_id, failures, cwd=tmp_path)

        assert rerun.code == 0, rerun.stderr
        assert rerun.json()["counts"] == {"created": 2, "updated": 0, "unchanged": 0, "failed": 0}
        assert rerun.json()["failuresFile"] is None
        assert not (tmp_path / "posts.failed.failed.jsonl").exists()
        items = by_slug(await emu.raw_items())
        assert sorted(items) == ["alpha", "beta", "delta", "gamma"]
        assert items["beta"]["fieldData"]["rank"] == 2


async def test_a_second_import_of_the_same_file_changes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "posts.csv"
    source.write_text(
        "name,slug,rank,featured\n" + "".join(f"Post {n},post-{n},{n},{n % 2}\n" for n in range(150)),
        encoding="utf-8",
    )
    async with emulated(rate_limit=FAST) as emu:
        first = await cli(emu, "--json", "import", "blog-posts", source, cwd=tmp_path)
        assert first.code == 0, first.stderr
        assert first.json()["counts"]["created"] == 150
        before = by_slug(await emu.raw_items())

        again = await cli(emu, "--json", "import", "blog-posts", source, cwd=tmp_path)

        assert again.code == 0, again.stderr
        assert again.json()["counts"] == {"created": 0, "updated": 0, "unchanged": 150, "failed": 0}
        assert by_slug(await emu.raw_items()) == before  # not even lastUpdated moved

        source.write_text(source.read_text().replace("Post 7,", "Post seven,"), encoding="utf-8")
        changed = await cli(emu, "--json", "import", "blog-posts", source, cwd=tmp_path)
        assert changed.json()["counts"] == {"created": 0, "updated": 1, "unchanged": 149, "failed": 0}
        assert by_slug(await emu.raw_items())["post-7"]["fieldData"]["name"] == "Post seven"


async def test_dry_run_reports_the_plan_and_writes_nothing(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        write_jsonl(tmp_path / "one.jsonl", [{"name": "One", "slug": "one"}])
        assert (await cli(emu, "import", emu.collection_id, "one.jsonl", cwd=tmp_path)).code == 0
        source = write_jsonl(
            tmp_path / "posts.jsonl",
            [{"name": "One", "slug": "one"}, {"name": "Two", "slug": "two"}, {"name": "Uno", "slug": "one"}],
        )

        run = await cli(emu, "--json", "import", emu.collection_id, source, "--dry-run", cwd=tmp_path)

        assert run.code == 0, run.stderr
        assert run.json()["dryRun"] is True
        assert run.json()["counts"] == {"created": 1, "updated": 1, "unchanged": 1}
        assert [i["fieldData"]["slug"] for i in await emu.raw_items()] == ["one"]


async def test_publish_leaves_every_imported_item_live(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        source = write_jsonl(tmp_path / "p.jsonl", [{"name": f"P{n}", "slug": f"p-{n}"} for n in range(5)])
        run = await cli(emu, "import", "Blog Posts", source, "--publish", cwd=tmp_path)
        assert run.code == 0, run.stderr
        assert "5 created" in run.stdout
        assert sorted(i["fieldData"]["slug"] for i in await emu.raw_items(live=True)) == [f"p-{n}" for n in range(5)]


BAD_INPUT: list[tuple[str, str | bytes | None, str | None, str]] = [
    (
        "unknown-column.csv",
        "name,slug,colour\nA,a,red\n",
        None,
        "unknown-column.csv line 1: column 'colour' is not a field of collection 'Blog Posts'",
    ),
    ("no-slug.csv", "name,slug\nA,a\nB,\n", None, "no-slug.csv line 3: no 'slug' value"),
    ("no-slug.jsonl", '{"name": "A", "slug": "a"}\n{"name": "B"}\n', None, "no-slug.jsonl line 2: no 'slug'"),
    ("bad-number.csv", "name,slug,rank\nA,a,ten\n", None, "bad-number.csv line 2: column 'rank' is a Number"),
    ("bad-json.jsonl", '{"name": "A", "slug": "a"}\n{"name": \n', None, "bad-json.jsonl line 2: not valid JSON"),
    ("missing.csv", None, None, "missing.csv: cannot read it"),
    ("latin1.csv", b"name,slug\nCaf\xe9,cafe\n", None, "latin1.csv: not UTF-8 text"),
    ("posts.txt", "name,slug\n", None, "posts.txt: cannot tell the format"),
    ("ok.csv", "name,slug\nA,a\n", "0123456789abcdef01234567", "collection '0123456789abcdef01234567' not found"),
    ("ok.csv", "name,slug\nA,a\n", "no-such-collection", "no collection has the id, slug or name"),
]


def _write_cases(folder: Path) -> None:
    for name, content, _, _ in BAD_INPUT:
        if isinstance(content, bytes):
            (folder / name).write_bytes(content)
        elif content is not None:
            (folder / name).write_text(content, encoding="utf-8")


async def test_bad_input_is_one_line_exit_2_and_nothing_sent(tmp_path: Path) -> None:
    _write_cases(tmp_path)
    async with emulated(rate_limit=FAST) as emu:
        runs = await cli_many(
            emu,
            [["import", collection or emu.collection_id, name] for name, _, collection, _ in BAD_INPUT],
            cwd=tmp_path,
        )

        for (name, _, _, message), run in zip(BAD_INPUT, runs, strict=True):
            assert run.code == 2, (name, run.stderr)
            assert len(run.error_lines) == 1, (name, run.stderr)
            assert message in run.error_lines[0], (name, run.stderr)
            assert run.stdout == "", name
        assert await emu.raw_items() == []
        assert failure_files(tmp_path) == []
