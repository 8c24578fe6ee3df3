"""Every bad row of a file is reported and fails alone; the good rows go through; the bad ones import back fixed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from cli.runner import FAST, by_slug, cli, read_jsonl, write_jsonl
from support import create_collection, emulated, read_all

pytestmark = pytest.mark.anyio

SIZES = ("S", "M", "L", "XL")
FIELDS = [
    {"displayName": "Price", "slug": "price", "type": "Number"},
    {"displayName": "In stock", "slug": "in-stock", "type": "Switch"},
    {"displayName": "Released", "slug": "released", "type": "DateTime"},
    {"displayName": "Size", "slug": "size", "type": "Option", "validations": {"options": [{"name": s} for s in SIZES]}},
    {"displayName": "Contact", "slug": "contact", "type": "Email"},
    {"displayName": "Notes", "slug": "notes", "type": "PlainText"},
]
#: Row number -> (column, the bad cell, the fix a user types in the failures file, the value stored then).
BAD: dict[int, tuple[str, str, Any, Any]] = {
    40: ("price", "abc", "42", 42),
    90: ("in-stock", "maybe", "yes", True),
    150: ("released", "yesterday", "2024-02-01", "2024-02-01"),
    200: ("size", "XXL", "XL", "XL"),  # fixed by the option's name, as the CSV had it
    260: ("contact", "not-an-email", "p260@example.com", "p260@example.com"),
}
HEADER = ["Name", "Slug", "Price", "In stock", "Released", "Size", "Contact", "Notes"]


def _products_csv(path: Path) -> dict[int, int]:
    """300 products, 5 with one bad cell each; returns each bad row's first line in the file."""
    lines = [",".join(HEADER)]
    first_lines: dict[int, int] = {}
    for n in range(300):
        cells = {
            "name": f"Product {n}", "slug": f"product-{n}", "price": f"{n}.5", "in-stock": "yes" if n % 2 else "no",
            "released": f"2024-01-{n % 28 + 1:02d}", "size": SIZES[n % 4], "contact": f"p{n}@example.com",
            "notes": '"two\nlines"' if n in (10, 150) else "one line",
        }  # fmt: skip
        if n in BAD:
            column, cell, _, _ = BAD[n]
            cells[column] = cell
            first_lines[n] = len("\n".join(lines).splitlines()) + 1
        lines.append(",".join(cells.values()))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return first_lines


async def _option_ids(url: str, token: str, collection_id: str) -> dict[str, str]:
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}) as http:
        answer = await http.get(f"{url}/collections/{collection_id}")
    size = next(f for f in answer.json()["fields"] if f["slug"] == "size")
    return {o["name"]: o["id"] for o in size["validations"]["options"]}


async def test_bad_cells_fail_their_rows_alone_and_the_fixed_rows_import_back_by_name(tmp_path: Path) -> None:
    source = tmp_path / "products.csv"
    first_lines = _products_csv(source)
    assert first_lines[200] == first_lines[150] + 51  # row 150's record spans two lines; it is reported by its first
    async with emulated(rate_limit=FAST) as emu:
        products = await create_collection(emu.url, emu.token, emu.site_id, "products", fields=FIELDS)

        dry = await cli(emu, "import", "products", "products.csv", "--dry-run", cwd=tmp_path)

        assert dry.code == 1, dry.stderr
        assert "would create 295, update 0, leave 0 unchanged and fail 5; nothing was written" in dry.stdout
        listed = [line for line in dry.stderr.splitlines() if line.startswith("  line ")]
        column_names = dict(
            zip(["name", "slug", "price", "in-stock", "released", "size", "contact"], HEADER, strict=False)
        )
        assert [line.split(":")[0] for line in listed] == [f"  line {first_lines[n]}" for n in sorted(BAD)]
        for line, n in zip(listed, sorted(BAD), strict=True):
            column, cell, _, _ = BAD[n]
            assert f"column {column_names[column]!r}: {cell!r} " in line, line
        assert "write one of: S, M, L, XL" in listed[3]
        assert await read_all(emu.url, emu.token, products) == []

        run = await cli(emu, "--json", "import", "products", "products.csv", cwd=tmp_path)

        assert run.code == 1, run.stderr
        assert run.json()["counts"] == {"created": 295, "updated": 0, "unchanged": 0, "failed": 5}
        failures = tmp_path / "products.failed.jsonl"
        assert tmp_path / run.json()["failuresFile"] == failures  # named as the file was: products.csv
        failed = read_jsonl(failures)
        assert [(f["_line"], f["_action"]) for f in failed] == [(first_lines[n], "fix") for n in sorted(BAD)]
        for entry, n in zip(failed, sorted(BAD), strict=True):
            column, cell, fix, _ = BAD[n]
            assert entry[column] == cell  # as the CSV had it
            entry[column] = fix  # what a user types over it
        assert failed[0]["size"] == "S"  # an untouched option stays by its name
        write_jsonl(failures, failed)
        assert len(by_slug(await read_all(emu.url, emu.token, products))) == 295

        again = await cli(emu, "--json", "import", "products", failures, cwd=tmp_path)

        assert again.code == 0, again.stderr
        assert again.json()["counts"] == {"created": 5, "updated": 0, "unchanged": 0, "failed": 0}
        assert not failures.exists()
        items = by_slug(await read_all(emu.url, emu.token, products))
        assert len(items) == 300
        assert items.duplicates == []
        ids = await _option_ids(emu.url, emu.token, products)
        for n, (column, _, _, stored) in BAD.items():
            value = items[f"product-{n}"]["fieldData"][column]
            if column == "size":
                assert value == ids[stored]
            elif column == "released":
                assert value.startswith(stored)
            else:
                assert value == stored


async def test_a_row_with_several_bad_cells_is_reported_whole_and_the_others_go_through(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        products = await create_collection(emu.url, emu.token, emu.site_id, "products", fields=FIELDS)
        source = tmp_path / "few.csv"
        source.write_text(
            "Name,Slug,Price,In stock,Size\nA,a,1,yes,S\nB,,ten,maybe,XXL\nC,c,3,no,m\n", encoding="utf-8"
        )

        run = await cli(emu, "--json", "import", products, source, cwd=tmp_path)

        assert run.code == 1
        assert run.json()["counts"] == {"created": 2, "updated": 0, "unchanged": 0, "failed": 1}
        [problem] = run.json()["problems"]
        assert problem["line"] == 3
        assert problem["error"].startswith(
            "no 'slug' value; every row needs its --key field 'slug' to be matched with an item, so add it to this row"
        )
        for part in ("column 'Price': 'ten' must be a number", "column 'In stock': 'maybe' must be true or false",
                     "column 'Size': 'XXL' is not one of the field's options"):  # fmt: skip
            assert part in problem["error"]
        assert json.loads((tmp_path / "few.failed.jsonl").read_text())["price"] == "ten"
        assert sorted(by_slug(await read_all(emu.url, emu.token, products))) == ["a", "c"]
