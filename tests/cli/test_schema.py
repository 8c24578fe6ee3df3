"""``webflow-cms collections create``: a collection from a JSON schema and/or a CSV header, then imported into."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.runner import FAST, cli
from support import emulated
from webflow_cms.cli.errors import InputError
from webflow_cms.cli.schema import infer_fields

pytestmark = pytest.mark.anyio

CSV = """Name,Slug,Item ID,Draft,Created On,Summary,Rank,Featured,Published,Contact,Home page
A,a,64f0c3e2f8a1b2c3d4e5f603,false,Thu Oct 19 2023 18:21:26 GMT+0000 (Coordinated Universal Time),Hi,3,true,2023-10-19,a@x.test,https://x.test
B,b,,true,,,2.5,false,Thu Oct 19 2023 18:21:26 GMT+0000 (Coordinated Universal Time),,
"""


def test_infer_types_each_column_from_its_cells(tmp_path: Path) -> None:
    source = tmp_path / "posts.csv"
    source.write_text(CSV, encoding="utf-8")
    assert [(f["displayName"], f["slug"], f["type"]) for f in infer_fields(source)] == [
        ("Summary", "summary", "PlainText"),
        ("Rank", "rank", "Number"),
        ("Featured", "featured", "Switch"),
        ("Published", "published", "DateTime"),
        ("Contact", "contact", "Email"),
        ("Home page", "home-page", "Link"),
    ]
    with pytest.raises(InputError, match=r"give a \.csv file"):
        infer_fields(tmp_path / "posts.jsonl")


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
            ("bad-type.json", "field 1 has type 'Text'; use one of PlainText"),
            ("no-name.json", "field 1 needs a displayName"),
            ("missing.json", "cannot read it"),
        ):
            run = await cli(emu, "collections", "create", "X", "--schema", name, cwd=tmp_path)
            assert run.code == 2, run.stderr
            assert message in run.stderr
