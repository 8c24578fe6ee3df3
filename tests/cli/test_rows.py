"""Reading import files: a bad cell is its row's problem, only an unreadable file stops everything."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from webflow_cms import Collection
from webflow_cms.cli.errors import InputError
from webflow_cms.cli.rows import read_rows

SIZES = {"S": "64f0c3e2f8a1b2c3d4e5f611", "M": "64f0c3e2f8a1b2c3d4e5f612", "XL": "64f0c3e2f8a1b2c3d4e5f613"}
PRODUCTS = Collection.from_dict(
    {
        "id": "64f0c3e2f8a1b2c3d4e5f600",
        "displayName": "Products",
        "slug": "products",
        "fields": [
            {"slug": "name", "displayName": "Name", "type": "PlainText", "isRequired": True},
            {"slug": "slug", "displayName": "Slug", "type": "PlainText", "isRequired": True},
            {"slug": "price", "displayName": "Price", "type": "Number"},
            {"slug": "in-stock", "displayName": "In stock", "type": "Switch"},
            {"slug": "released", "displayName": "Released", "type": "DateTime"},
            {"slug": "size", "displayName": "Size", "type": "Option",
             "validations": {"options": [{"name": n, "id": i} for n, i in SIZES.items()]}},
            {"slug": "contact", "displayName": "Contact", "type": "Email"},
        ],
    }
)  # fmt: skip


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_cell_that_does_not_fit_stays_as_written_and_every_row_is_read(tmp_path: Path) -> None:
    source = _write(
        tmp_path,
        "p.csv",
        "Name,Slug,Price,In stock,Released,Size,Contact\n"
        "A,a,abc,yes,2023-10-19,xl,a@example.com\n"
        '"B, on two\nlines",b,2.5,maybe,2023-10-19T18:21:26Z,M,b@example.com\n'
        "C,c,3,no,yesterday,XXL,not-an-email\n",
    )

    read = read_rows(source, PRODUCTS, "slug")

    assert [row.line for row in read.rows] == [2, 3, 5]  # a record's first line, though B spans two
    a, b, c = (row.fields for row in read.rows)
    assert a == {"name": "A", "slug": "a", "price": "abc", "in-stock": True,
                 "released": "2023-10-19T00:00:00.000Z", "size": SIZES["XL"], "contact": "a@example.com"}  # fmt: skip
    assert (b["price"], b["in-stock"], b["released"]) == (2.5, "maybe", "2023-10-19T18:21:26Z")
    assert (c["released"], c["size"], c["contact"]) == ("yesterday", "XXL", "not-an-email")
    # The failures file gets the row as read: options by the name the cell gave, bad cells as written.
    assert read.rows[0].source["size"] == "xl"
    assert read.rows[0].source["price"] == "abc"
    assert read.labels["in-stock"] == "column 'In stock'"
    assert all(row.problems == [] for row in read.rows)


def test_jsonl_takes_what_a_csv_cell_takes(tmp_path: Path) -> None:
    lines = [
        {"name": "A", "slug": "a", "price": "42", "in-stock": "yes", "size": "xl",
         "released": "Thu Oct 19 2023 18:21:26 GMT+0000 (Coordinated Universal Time)"},
        {"name": "B", "slug": "b", "price": 2.5, "in-stock": False, "size": SIZES["M"], "released": "2023-10-19"},
        {"name": "C", "slug": "c", "price": "ten", "in-stock": "maybe", "size": "XXL", "released": "yesterday"},
    ]  # fmt: skip
    source = _write(tmp_path, "p.jsonl", "".join(json.dumps(line) + "\n" for line in lines))

    a, b, c = (row.fields for row in read_rows(source, PRODUCTS, "slug").rows)

    assert (a["price"], a["in-stock"], a["size"], a["released"]) == (42, True, SIZES["XL"], "2023-10-19T18:21:26.000Z")
    assert (b["price"], b["in-stock"], b["size"], b["released"]) == (2.5, False, SIZES["M"], "2023-10-19")
    assert (c["price"], c["in-stock"], c["size"], c["released"]) == ("ten", "maybe", "XXL", "yesterday")


def test_a_missing_key_or_a_flag_that_is_not_true_or_false_is_the_rows_own_problem(tmp_path: Path) -> None:
    csv_file = _write(tmp_path, "p.csv", "Name,Slug,Draft\nA,a,maybe\nB,,false\nC,c,true\n")
    jsonl_file = _write(
        tmp_path,
        "p.jsonl",
        '{"fieldData": {"name": "A", "slug": "a"}, "isDraft": "maybe"}\n{"name": "B"}\n'
        '{"_line": 7, "_error": "...", "_action": "fix", "fieldData": {"name": "C", "slug": "c"}, "isDraft": "yes"}\n',
    )

    from_csv = read_rows(csv_file, PRODUCTS, "slug").rows
    from_jsonl = read_rows(jsonl_file, PRODUCTS, "slug").rows

    assert from_csv[0].problems == ["column 'Draft' holds 'maybe'; write true or false"]
    assert from_jsonl[0].problems == ["isDraft: 'maybe' must be true or false"]
    for rows in (from_csv, from_jsonl):
        assert len(rows) == 3
        assert rows[1].problems == [
            "no 'slug' value; every row needs its --key field 'slug' to be matched with an item, so add it to this row"
        ]
        assert rows[2].problems == []
        assert rows[2].flags == {"isDraft": True}
    assert from_csv[0].source == {"fieldData": {"name": "A", "slug": "a"}, "isDraft": "maybe"}  # kept to be fixed
    assert [row.origin for row in from_jsonl] == [None, None, 7]  # a failures file's rows keep their first line


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("no-key.csv", "Name,Price\nA,1\n", "no-key.csv line 1: no column for the --key field 'slug'"),
        ("unknown.csv", "Name,Slug,Colour\nA,a,red\n", "unknown.csv line 1: column 'Colour' is not a field"),
        ("unknown.jsonl", '{"name": "A", "slug": "a", "colour": "red"}\n', "unknown.jsonl line 1: field 'colour'"),
        ("broken.jsonl", '{"name": "A", "slug": "a"}\n{"name": \n', "broken.jsonl line 2: not valid JSON"),
        ("wide.csv", "Name,Slug\nA,a,extra\n", "wide.csv line 2: 3 cells but 2 columns"),
        ("empty.csv", "Name,Slug\n", "empty.csv: no rows to import"),
    ],
)
def test_a_file_that_cannot_be_read_as_rows_stops_with_one_message(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    source = _write(tmp_path, name, text)
    with pytest.raises(InputError) as raised:
        read_rows(source, PRODUCTS, "slug")
    assert message in str(raised.value)


def test_rows_as_read_import_again_as_they_are(tmp_path: Path) -> None:
    """A row's ``source`` (what the failures file holds) reads back to the same fields."""
    source = _write(tmp_path, "p.csv", "Name,Slug,Price,Size,Item ID,Draft\nA,a,1.5,XL,64f0c3e2f8a1b2c3d4e5f699,yes\n")
    first = read_rows(source, PRODUCTS, "slug").rows[0]
    again: dict[str, Any] = {"_line": first.line, **first.source}
    copy = _write(tmp_path, "p.failed.jsonl", json.dumps(again) + "\n")

    second = read_rows(copy, PRODUCTS, "slug").rows[0]

    assert (second.fields, second.flags, second.item_id) == (first.fields, first.flags, first.item_id)
    assert second.origin == 2
