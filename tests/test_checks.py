"""Webflow's field rules as ``import`` checks them, against the emulator's own verdicts on the same rows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from cli.runner import FAST, cli, failure_files, write_jsonl
from support import create_collection, emulated

pytestmark = pytest.mark.anyio

OPTION_FIELD = {
    "displayName": "Kind",
    "slug": "kind",
    "type": "Option",
    "validations": {"options": [{"name": "Story"}]},
}
FIELDS = [
    {"displayName": "Author", "slug": "author", "type": "PlainText", "isRequired": True},
    {"displayName": "Rank", "slug": "rank", "type": "Number"},
    {"displayName": "Featured", "slug": "featured", "type": "Switch"},
    {"displayName": "Published", "slug": "published", "type": "DateTime"},
    {"displayName": "Contact", "slug": "contact", "type": "Email"},
    {"displayName": "Source", "slug": "source", "type": "Link"},
    {"displayName": "Tint", "slug": "tint", "type": "Color"},
    {"displayName": "Cover", "slug": "cover", "type": "Image"},
    {"displayName": "Related", "slug": "related", "type": "MultiReference"},
    OPTION_FIELD,
]


def _row(n: int, **fields: Any) -> dict[str, Any]:
    return {"name": f"Row {n}", "slug": f"row-{n}", "author": "Ada", **fields}


# (row, the rule it breaks or None): each row is judged on its own, in file order.
ROWS: list[tuple[dict[str, Any], str | None]] = [
    (_row(1, rank=3, featured=True, published="2023-10-19T18:21:26.000Z"), None),
    (_row(2, published="2023-10-19"), None),
    (_row(3, published="2023-10-19T18:21:26+02:00", contact="ada@example.com", source="https://x.test/a"), None),
    (_row(4, tint="#1a2b3c", cover="https://x.test/a.png", related=["0123456789abcdef01234567"]), None),
    ({**_row(5), "slug": "Not A Slug"}, "fieldData.slug"),
    ({**_row(6), "slug": "double--hyphen"}, "fieldData.slug"),
    ({**_row(7), "slug": "-leading"}, "fieldData.slug"),
    ({**_row(8), "slug": "x" * 257}, "fieldData.slug"),
    ({**_row(9), "slug": "caf\u00e9"}, "fieldData.slug"),
    ({**_row(10), "name": "   "}, "fieldData.name"),
    ({"slug": "row-11", "author": "Ada"}, "fieldData.name is required"),
    ({"name": "Row 12", "slug": "row-12"}, "fieldData.author is required"),
    (_row(13, rank="three"), "fieldData.rank: 'three' must be a number"),
    (_row(14, rank=True), "fieldData.rank"),
    (_row(15, featured="maybe"), "fieldData.featured: 'maybe' must be true or false"),
    (_row(16, published="yesterday"), "fieldData.published: 'yesterday' must be a date or time: an ISO 8601"),
    (_row(17, published="19/10/2023"), "fieldData.published"),
    (_row(18, contact="not-an-email"), "fieldData.contact"),
    (_row(19, source="example.com/no-scheme"), "fieldData.source"),
    (_row(20, tint="hsl(banana)"), "fieldData.tint"),
    (_row(21, kind="Rumour"), "fieldData.kind: 'Rumour' is not one of the field's options; write one of: Story"),
    (_row(22, related=42), "fieldData.related: 42 must be a list, each the slug or id"),
    (_row(23, cover=42), "fieldData.cover"),
    ({**_row(24), "slug": "row-1"}, "slug 'row-1' is also on line 1"),
]


async def _server_verdicts(url: str, token: str, collection_id: str) -> dict[int, str]:
    """Each row sent alone, in file order, straight to the emulator (no SDK, no CLI): line -> its refusal."""
    refused: dict[int, str] = {}
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=30) as http:
        for line, (row, _) in enumerate(ROWS, start=1):
            answer = await http.post(f"{url}/collections/{collection_id}/items", json={"fieldData": row})
            assert answer.status_code in (200, 202, 400, 409), answer.text
            if answer.status_code >= 400:
                refused[line] = answer.text
    return refused


async def test_dry_run_and_the_emulator_refuse_the_same_rows(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        ours = await create_collection(emu.url, emu.token, emu.site_id, "ours", fields=FIELDS)
        theirs = await create_collection(emu.url, emu.token, emu.site_id, "theirs", fields=FIELDS)
        source = write_jsonl(tmp_path / "rows.jsonl", [row for row, _ in ROWS])

        dry = await cli(emu, "--json", "import", ours, source, "--dry-run", cwd=tmp_path)
        server = await _server_verdicts(emu.url, emu.token, theirs)

        assert dry.code == 1, dry.stderr
        problems = {p["line"]: p["error"] for p in dry.json()["problems"]}
        expected = {line for line, (_, rule) in enumerate(ROWS, start=1) if rule is not None}
        assert set(problems) == expected
        assert set(server) == expected  # the emulator, with its own code, agrees line for line
        for line, (_, rule) in enumerate(ROWS, start=1):
            if rule is not None:
                assert rule in problems[line], (line, problems[line])
        assert dry.json()["counts"] == {"created": 4, "updated": 0, "unchanged": 0, "failed": len(expected)}

        real = await cli(emu, "--json", "import", ours, source, cwd=tmp_path)
        assert real.code == 1
        assert real.json()["counts"] == dry.json()["counts"]
        failed = [json.loads(line) for line in (tmp_path / "rows.failed.jsonl").read_text().splitlines()]
        assert [f["_line"] for f in failed] == sorted(expected)
        assert {f["_line"]: f["_error"] for f in failed} == problems
        assert "slug" in server[24]  # the emulator refused the repeated slug too (409), on its own terms


async def test_a_clean_dry_run_is_followed_by_a_run_without_field_errors(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        ours = await create_collection(emu.url, emu.token, emu.site_id, "ours", fields=FIELDS)
        good = [row for row, rule in ROWS if rule is None]
        source = write_jsonl(tmp_path / "good.jsonl", good)

        dry = await cli(emu, "--json", "import", ours, source, "--dry-run", cwd=tmp_path)
        real = await cli(emu, "--json", "import", ours, source, cwd=tmp_path)

        assert dry.code == real.code == 0, dry.stderr + real.stderr
        assert dry.json()["problems"] == []
        assert real.json()["counts"] == {"created": len(good), "updated": 0, "unchanged": 0, "failed": 0}
        assert failure_files(tmp_path) == []


async def test_jsonl_values_written_as_text_are_read_as_csv_cells_are(tmp_path: Path) -> None:
    """What the API would refuse as it is, but a CSV cell may hold, is converted before the rules judge it."""
    webflow_date = "Thu Oct 19 2023 18:21:26 GMT+0000 (Coordinated Universal Time)"
    rows = [
        _row(1, rank="3", featured="yes", published=webflow_date, kind="story"),
        _row(2, rank="2.5", featured="0", published="2023-10-19", related="0123456789abcdef01234567"),
    ]
    async with emulated(rate_limit=FAST) as emu:
        ours = await create_collection(emu.url, emu.token, emu.site_id, "ours", fields=FIELDS)
        source = write_jsonl(tmp_path / "text.jsonl", rows)

        run = await cli(emu, "--json", "import", ours, source, cwd=tmp_path)

        assert run.code == 0, run.stderr
        assert run.json()["counts"] == {"created": 2, "updated": 0, "unchanged": 0, "failed": 0}
        async with httpx.AsyncClient(headers={"Authorization": f"Bearer {emu.token}"}) as http:
            schema = (await http.get(f"{emu.url}/collections/{ours}")).json()
            listed = (await http.get(f"{emu.url}/collections/{ours}/items")).json()["items"]
        story = next(f for f in schema["fields"] if f["slug"] == "kind")["validations"]["options"][0]["id"]
        stored = {item["fieldData"]["slug"]: item["fieldData"] for item in listed}
        first, second = stored["row-1"], stored["row-2"]
        assert (first["rank"], first["featured"], first["kind"]) == (3, True, story)
        assert first["published"].startswith("2023-10-19T18:21:26")
        assert (second["rank"], second["featured"], second["related"]) == (2.5, False, ["0123456789abcdef01234567"])
