"""``webflow-cms import`` against the emulator: results, the failures file, re-runs, bad input."""

from __future__ import annotations

import os
import shlex
import signal
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

from cli.runner import FAST, SCRIPT, by_slug, cli, cli_many, failure_files, read_jsonl, write_jsonl
from support import create_collection, emulated, read_all

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
        assert "column 'slug': 'Not A Slug' must be lowercase letters" in failed[0]["_error"]
        assert [f["_action"] for f in failed] == ["fix", "fix"]
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
        assert "fieldData.rank: 'high' must be a number" in failed[0]["_error"]
        assert "name" in failed[1]["_error"]
        assert [f["_action"] for f in failed] == ["fix", "fix"]
        assert by_slug(await emu.raw_items())["gamma"]["isDraft"] is False

        failed[0]["rank"] = 2
        failed[1]["name"] = "Delta"
        write_jsonl(failures, failed)
        rerun = await cli(emu, "--json", "import", emu.collection_id, failures, cwd=tmp_path)

        assert rerun.code == 0, rerun.stderr
        assert rerun.json()["counts"] == {"created": 2, "updated": 0, "unchanged": 0, "failed": 0}
        assert rerun.json()["failuresFile"] is None
        assert not (tmp_path / "posts.failed.failed.jsonl").exists()
        assert not failures.exists()  # every row of it went through: nothing is left to fix
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
        write_jsonl(tmp_path / "one.jsonl", [{"name": "One", "slug": "one"}, {"name": "Three", "slug": "three"}])
        assert (await cli(emu, "import", emu.collection_id, "one.jsonl", cwd=tmp_path)).code == 0
        before = await emu.raw_items()
        source = write_jsonl(
            tmp_path / "posts.jsonl",
            [{"name": "One", "slug": "one"}, {"name": "Two", "slug": "two"}, {"name": "Tres", "slug": "three"}],
        )

        run = await cli(emu, "--json", "import", emu.collection_id, source, "--dry-run", cwd=tmp_path)

        assert run.code == 0, run.stderr
        assert run.json()["dryRun"] is True
        assert run.json()["counts"] == {"created": 1, "updated": 1, "unchanged": 1, "failed": 0}
        assert run.json()["problems"] == []
        assert await emu.raw_items() == before
        assert failure_files(tmp_path) == []


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
    ("no-key.csv", "name,rank\nA,1\n", None, "no-key.csv line 1: no column for the --key field 'slug'"),
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


_WHEN = "Thu Oct 19 2023 18:21:26 GMT+0000 (Coordinated Universal Time)"
_META = "64f0c3e2f8a1b2c3d4e5f601,64f0c3e2f8a1b2c3d4e5f602"  # Collection ID, Locale ID of another site
WEBFLOW_EXPORT = (
    "Name,Slug,Collection ID,Locale ID,Item ID,Archived,Draft,Created On,Updated On,Published On,"
    "Summary,Published,Kind,Author,Tags\n"
    f'First post,first-post,{_META},64f0c3e2f8a1b2c3d4e5f603,false,true,{_WHEN},{_WHEN},,"Hello, world",{_WHEN},'
    "story,ada,ada; bo\n"
    f"Old post,old-post,{_META},64f0c3e2f8a1b2c3d4e5f604,true,false,{_WHEN},,,,2023-10-20,Note,bo,\n"
)


async def _articles(emu: Any) -> tuple[str, dict[str, str]]:
    """An "articles" collection whose Author and Tags refer to an "authors" collection (with ada and bo)."""
    authors = await create_collection(emu.url, emu.token, emu.site_id, "authors", fields=[])
    people = await read_or_create(emu, authors, [{"name": "Ada", "slug": "ada"}, {"name": "Bo", "slug": "bo"}])
    fields = [
        {"displayName": "Summary", "slug": "summary", "type": "PlainText"},
        {"displayName": "Published", "slug": "published", "type": "DateTime"},
        {"displayName": "Kind", "slug": "kind", "type": "Option",
         "validations": {"options": [{"name": "Story"}, {"name": "Note"}]}},
        {"displayName": "Author", "slug": "author", "type": "Reference", "validations": {"collectionId": authors}},
        {"displayName": "Tags", "slug": "tags", "type": "MultiReference", "validations": {"collectionId": authors}},
    ]  # fmt: skip
    return await create_collection(emu.url, emu.token, emu.site_id, "articles", fields=fields), people


async def read_or_create(emu: Any, collection_id: str, rows: list[dict[str, Any]]) -> dict[str, str]:
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {emu.token}"}) as http:
        answer = await http.post(
            f"{emu.url}/collections/{collection_id}/items", json={"items": [{"fieldData": r} for r in rows]}
        )
        assert answer.status_code < 300, answer.text
    return {i["fieldData"]["slug"]: i["id"] for i in await read_all(emu.url, emu.token, collection_id)}


async def test_webflows_own_csv_export_imports_as_it_is(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        articles, people = await _articles(emu)
        source = tmp_path / "Articles.csv"
        source.write_text(WEBFLOW_EXPORT, encoding="utf-8")

        dry = await cli(emu, "--json", "import", "Articles", source, "--dry-run", cwd=tmp_path)
        run = await cli(emu, "--json", "import", "Articles", source, cwd=tmp_path)

        assert dry.code == 0, dry.stderr
        assert dry.json()["counts"] == {"created": 2, "updated": 0, "unchanged": 0, "failed": 0}
        assert run.code == 0, run.stderr
        assert run.json()["counts"] == {"created": 2, "updated": 0, "unchanged": 0, "failed": 0}
        ignored = "columns Collection ID, Created On, Updated On, Published On ignored (set by Webflow"
        assert run.stderr.count(ignored) == 1
        assert run.stderr.count("Locale ID names no locale of this collection's site; ignored") == 1
        items = by_slug(await read_all(emu.url, emu.token, articles))
        kinds = {o["name"]: o["id"] for o in await _options(emu, articles)}
        first, old = items["first-post"], items["old-post"]
        assert first["fieldData"] == {
            "name": "First post",
            "slug": "first-post",
            "summary": "Hello, world",
            "published": "2023-10-19T18:21:26.000Z",
            "kind": kinds["Story"],
            "author": people["ada"],
            "tags": [people["ada"], people["bo"]],
        }
        assert (first["isDraft"], first["isArchived"]) == (True, False)
        assert old["fieldData"]["published"] == "2023-10-20T00:00:00.000Z"
        assert (old["fieldData"]["kind"], old["fieldData"]["author"]) == (kinds["Note"], people["bo"])
        assert (old["isDraft"], old["isArchived"]) == (False, True)
        # The Item IDs name items of another site: they were imported as new items, with ids of their own.
        assert not {first["id"], old["id"]} & {"64f0c3e2f8a1b2c3d4e5f603", "64f0c3e2f8a1b2c3d4e5f604"}

        again = await cli(emu, "--json", "import", articles, source, cwd=tmp_path)
        assert again.json()["counts"] == {"created": 0, "updated": 0, "unchanged": 2, "failed": 0}


async def _options(emu: Any, collection_id: str) -> list[dict[str, str]]:
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {emu.token}"}) as http:
        answer = await http.get(f"{emu.url}/collections/{collection_id}")
    kind = next(f for f in answer.json()["fields"] if f["slug"] == "kind")
    options: list[dict[str, str]] = kind["validations"]["options"]
    return options


async def test_an_unknown_option_or_reference_fails_its_row_by_line(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        articles, _ = await _articles(emu)
        source = tmp_path / "a.csv"
        source.write_text("Name,Slug,Kind,Author\nA,a,Story,ada\nB,b,Rumour,ada\nC,c,Note,nobody\n", encoding="utf-8")

        run = await cli(emu, "--json", "import", articles, source, cwd=tmp_path)

        assert run.code == 1
        assert run.json()["counts"] == {"created": 1, "updated": 0, "unchanged": 0, "failed": 2}
        problems = {p["line"]: p["error"] for p in run.json()["problems"]}
        assert problems[3] == (
            "column 'Kind': 'Rumour' is not one of the field's options;"
            " write one of: Story, Note (an option's id works too)"
        )
        assert problems[4] == (
            "column 'Author': no item of the referenced collection has the slug 'nobody';"
            " write the slug or id (24 hex characters) of one of its items"
        )
        assert sorted(by_slug(await read_all(emu.url, emu.token, articles))) == ["a"]


async def test_duplicate_keys_in_a_file_fail_before_sending_by_file_line(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        source = tmp_path / "dup.csv"
        source.write_text("name,slug\nA,a\n\nB,b\nA again,a\nB again,b\n", encoding="utf-8")

        run = await cli(emu, "--json", "import", emu.collection_id, source, cwd=tmp_path)

        assert run.code == 1
        assert [(p["line"], p["error"]) for p in run.json()["problems"]] == [
            (5, "slug 'a' is also on line 2; slugs are unique in a collection, so keep one of the two lines"),
            (6, "slug 'b' is also on line 4; slugs are unique in a collection, so keep one of the two lines"),
        ]
        assert sorted(by_slug(await emu.raw_items())) == ["a", "b"]
        assert (await emu.stats())["responses"].get("409", 0) == 0  # caught here, not by the server


async def test_a_read_only_token_is_reported_as_a_403_for_every_row(tmp_path: Path) -> None:
    tokens = ["rw:cms:read,cms:write,sites:read,sites:write", "ro:cms:read,sites:read"]
    async with emulated(rate_limit=FAST, tokens=tokens) as emu:
        source = write_jsonl(tmp_path / "p.jsonl", [{"name": f"P{n}", "slug": f"p-{n}"} for n in range(950)])

        run = await cli(emu, "import", emu.collection_id, source, cwd=tmp_path, env={"WEBFLOW_TOKEN": "ro"})

        assert run.code == 1
        assert "403 missing_scopes" in run.error_lines[0]
        failed = read_jsonl(tmp_path / "p.failed.jsonl")
        assert [f["_line"] for f in failed] == list(range(1, 951))
        for entry in failed:
            assert "403 missing_scopes" in entry["_error"], entry
            assert entry["_action"] == "resend"  # the rows are fine: the token is not
            assert "connection" not in entry["_error"]
        assert await emu.raw_items() == []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
async def test_a_signal_leaves_a_pending_file_and_the_resume_command(tmp_path: Path, signum: int) -> None:
    rows = 1500
    async with emulated(rate_limit=FAST) as emu:
        source = write_jsonl(tmp_path / "big.jsonl", [{"name": f"P{n}", "slug": f"p-{n}"} for n in range(rows)])
        environment = {**os.environ, "WEBFLOW_TOKEN": emu.token, "WEBFLOW_BASE_URL": emu.url}
        with anyio.fail_after(60):
            async with await anyio.open_process(
                # The client's own throttle (4 requests a second) keeps the job running long enough to stop.
                [str(SCRIPT), "--rate-limit", "4/1", "import", emu.collection_id, str(source)],
                cwd=tmp_path,
                env=environment,
            ) as proc:
                # Another process's progress: polled (bounded by fail_after), there is no event to wait on.
                while (await emu.stats())["responses"].get("202", 0) == 0:  # noqa: ASYNC110 - the first batch is in
                    await anyio.sleep(0.05)
                proc.send_signal(signum)
                assert proc.stdout is not None
                assert proc.stderr is not None
                stdout = (await _read_all(proc.stdout)).decode()
                stderr = (await _read_all(proc.stderr)).decode()
                code = await proc.wait()

        assert code == 130, stdout
        lines = stdout.splitlines()
        assert lines[0].startswith("Blog Posts: interrupted, so far: ")
        pending = tmp_path / "big.pending.jsonl"
        assert lines[-2] == f"rows not confirmed: {pending}"
        assert lines[-1] == f"to resume: webflow-cms import {emu.collection_id} {pending}"
        assert f"{signal.Signals(signum).name}: stopping; requests in flight are abandoned" in stderr
        waiting = read_jsonl(pending)
        on_server = set(by_slug(await emu.raw_items()))
        assert 0 < len(on_server) < rows
        # Every row is on the server or pending; a row whose request was cut off may be both.
        assert on_server | {r["slug"] for r in waiting} == {f"p-{n}" for n in range(rows)}
        assert len(waiting) < rows

        resumed = await cli(emu, "--json", *shlex.split(lines[-1].removeprefix("to resume: "))[1:], cwd=tmp_path)

        assert resumed.code == 0, resumed.stderr
        counts = resumed.json()["counts"]
        assert counts["failed"] == 0
        assert counts["created"] + counts["unchanged"] == len(waiting)
        final = by_slug(await emu.raw_items())
        assert final.duplicates == []
        assert len(final) == rows


async def _read_all(stream: Any) -> bytes:
    data = b""
    async for chunk in stream:
        data += chunk
    return data
