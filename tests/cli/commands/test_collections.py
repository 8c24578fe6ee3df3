"""``webflow-cms collections``: each collection with its item count.

``collections create``: a collection from a JSON schema and/or a CSV header, then imported into.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from cli.runner import FAST, cli, cli_many, write_jsonl
from support import Emulated, create_collection, emulated

pytestmark = pytest.mark.anyio

CSV = """Name,Slug,Item ID,Draft,Created On,Summary,Rank,Featured,Published,Contact,Home page
A,a,64f0c3e2f8a1b2c3d4e5f603,false,Thu Oct 19 2023 18:21:26 GMT+0000 (Coordinated Universal Time),Hi,3,true,2023-10-19,a@x.test,https://x.test
B,b,,true,,,2.5,false,Thu Oct 19 2023 18:21:26 GMT+0000 (Coordinated Universal Time),,
"""


async def _stored(emu: Emulated, collection_id: str) -> dict[str, Any]:
    """The collection as the emulator keeps it (read with the API, not the SDK)."""
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {emu.token}"}) as http:
        response = await http.get(f"{emu.url}/collections/{collection_id}")
        response.raise_for_status()
        data: dict[str, Any] = response.json()
        return data


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


async def test_create_from_schema_and_header_then_import_the_file(tmp_path: Path) -> None:
    (tmp_path / "posts.csv").write_text(CSV, encoding="utf-8")
    schema = [{"displayName": "Summary", "type": "RichText"}, {"displayName": "Tier", "type": "Option",
              "validations": {"options": [{"name": "Gold"}]}}]  # fmt: skip
    (tmp_path / "schema.json").write_text(json.dumps(schema), encoding="utf-8")
    async with emulated(rate_limit=FAST) as emu:
        run = await cli(
            emu, "--json", "collections", "create", "Posts", "--schema", "schema.json", "--infer", "posts.csv",
            cwd=tmp_path,
        )  # fmt: skip

        assert run.code == 0, run.stderr
        made = run.json()
        assert made["slug"] == "posts"
        assert [(f["slug"], f["type"]) for f in made["fields"]] == [
            ("name", "PlainText"), ("slug", "PlainText"), ("summary", "RichText"), ("tier", "Option"),
            ("rank", "Number"), ("featured", "Switch"), ("published", "DateTime"), ("contact", "Email"),
            ("home-page", "Link"),
        ]  # fmt: skip
        assert "next: webflow-cms import posts FILE.csv --dry-run" in run.stderr

        imported = await cli(emu, "--json", "import", "posts", "posts.csv", cwd=tmp_path)
        assert imported.code == 0, imported.stderr
        assert imported.json()["counts"] == {"created": 2, "updated": 0, "unchanged": 0, "failed": 0}

        taken = await cli(emu, "collections", "create", "Posts", cwd=tmp_path)
        assert taken.code == 1
        assert "409" in taken.stderr


async def test_bad_schemas_are_exit_2(tmp_path: Path) -> None:
    (tmp_path / "bad-type.json").write_text('[{"displayName": "X", "type": "Text"}]', encoding="utf-8")
    (tmp_path / "no-name.json").write_text('[{"type": "Number"}]', encoding="utf-8")
    async with emulated(rate_limit=FAST) as emu:
        for name, message in (
            ("bad-type.json", "field 1 (X) has type 'Text': write 'PlainText' (the types are PlainText, RichText"),
            ("no-name.json", "field 1 needs a displayName"),
            ("missing.json", "cannot read it"),
        ):
            run = await cli(emu, "collections", "create", "X", "--schema", name, cwd=tmp_path)
            assert run.code == 2, run.stderr
            assert message in run.stderr


async def test_a_schema_key_the_command_does_not_take_is_refused_with_the_keys_it_takes(tmp_path: Path) -> None:
    field_keys = "it takes displayName, type, slug, isRequired, helpText, metadata, validations"
    files = {
        "required.json": (
            [{"displayName": "Summary", "required": True}],
            f"field 1 (Summary) has the unknown key 'required' (did you mean 'isRequired'?); {field_keys}",
        ),
        "spelt.json": (
            [{"displayName": "A"}, {"displayName": "Rank", "is_required": True, "helpTxt": "1-5", "colour": "red"}],
            "field 2 (Rank) has the unknown keys 'is_required' (did you mean 'isRequired'?),"
            f" 'helpTxt' (did you mean 'helpText'?), 'colour'; {field_keys}",
        ),
        "top.json": (
            {"displayName": "Tags", "singular": "Tag", "fields": []},
            "the collection has the unknown key 'singular' (did you mean 'singularName'?);"
            " it takes displayName, singularName, slug, fields",
        ),
        "lower-type.json": (
            [{"displayName": "Rank", "type": "number"}],
            "field 1 (Rank) has type 'number': write 'Number' (the types are PlainText, RichText, Number, Switch",
        ),
        "other-type.json": (
            [{"displayName": "On", "type": "boolean"}],
            "(On) has type 'boolean': write 'Switch'",
        ),
        "no-type.json": ([{"displayName": "X", "type": "Gizmo"}], "field 1 (X) has type 'Gizmo'; use one of PlainText"),
        "not-bool.json": ([{"displayName": "X", "isRequired": "yes"}], "field 1 (X): isRequired must be true or false"),
        "twice.json": ([{"displayName": "Summary"}, {"displayName": "summary"}], "fields 1 and 2 have the slug"),
        "no-slug.json": ([{"displayName": "!!"}], 'field 1 (!!) needs a slug of letters and digits, e.g. "slug"'),
        "bad-name.json": ({"displayName": 5, "fields": []}, "displayName must be a non-empty string, got 5"),
    }
    for name, (schema, _) in files.items():
        (tmp_path / name).write_text(json.dumps(schema), encoding="utf-8")
    async with emulated(rate_limit=FAST) as emu:
        before = (await emu.stats())["requests"]
        runs = await cli_many(
            emu, [["collections", "create", "Tags", "--schema", name] for name in files], cwd=tmp_path
        )
        for (name, (_, message)), run in zip(files.items(), runs, strict=True):
            assert run.code == 2, (name, run.stderr)
            [line] = run.error_lines
            assert line.startswith(f"webflow-cms: error: --schema {name}: "), line
            assert message in line, line
        assert (await emu.stats())["requests"] == before  # nothing was sent


async def test_a_collections_json_makes_a_schema_and_the_keys_webflow_sets_are_named(tmp_path: Path) -> None:
    copied = {
        "id": "64f0c3e2f8a1b2c3d4e5f600", "displayName": "Categories", "slug": "categories",
        "createdOn": "2024-01-01T00:00:00.000Z", "lastUpdated": "2024-01-02T00:00:00.000Z",
        "fields": [
            {"id": "64f0c3e2f8a1b2c3d4e5f601", "isEditable": True, "isRequired": True, "type": "PlainText",
             "slug": "name", "displayName": "Name"},
            {"id": "64f0c3e2f8a1b2c3d4e5f602", "isEditable": True, "isRequired": True, "type": "PlainText",
             "slug": "summary", "displayName": "Summary", "helpText": "One line"},
        ],
    }  # fmt: skip
    (tmp_path / "copied.json").write_text(json.dumps(copied), encoding="utf-8")
    async with emulated(rate_limit=FAST) as emu:
        run = await cli(emu, "--json", "collections", "create", "--schema", "copied.json", cwd=tmp_path)
        assert run.code == 0, run.stderr
        made = run.json()
        assert (made["name"], made["singular"], made["slug"]) == ("Categories", "Category", "categories")
        assert [(f["slug"], f["required"]) for f in made["fields"]] == [
            ("name", True), ("slug", True), ("summary", True),
        ]  # fmt: skip
        assert made["id"] != copied["id"]
        left_out = "id, createdOn, lastUpdated, fields' id, fields' isEditable"
        assert f"--schema copied.json: left out {left_out}, which Webflow sets" in run.stderr
        assert "--schema copied.json: left out the fields name: every collection has them" in run.stderr


async def test_the_singular_name_is_english(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        runs = await cli_many(
            emu,
            [
                ["--json", "collections", "create", "Categories"],
                ["--json", "collections", "create", "Case Studies"],
                ["--json", "collections", "create", "People"],
                ["--json", "collections", "create", "Addresses", "--singular", "Postal Address"],
                ["collections", "create", "Boxes"],
            ],
            cwd=tmp_path,
        )
        assert [r.code for r in runs] == [0] * 5, [r.stderr for r in runs]
        assert [r.json()["singular"] for r in runs[:4]] == ["Category", "Case Study", "Person", "Postal Address"]
        assert "slug boxes, one item is a Box" in runs[4].stdout
        for made in (r.json() for r in runs[:4]):
            assert (await _stored(emu, made["id"]))["singularName"] == made["singular"]  # what was sent
