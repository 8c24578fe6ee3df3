"""``collection_schema.infer_fields``: a field per CSV column, typed from its cells (``collections create --infer``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from webflow_cms.cli.collection_schema import infer_fields
from webflow_cms.cli.errors import InputError

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
