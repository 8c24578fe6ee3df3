"""Rows in: dicts, item documents, generated models (a typed source), held rows; keys, hashes and refusals."""

from __future__ import annotations

import datetime
import importlib.util
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sync._harness import Env, by_slug_now
from webflow_cms import FileRef, ValidationError
from webflow_cms.codegen import render_models
from webflow_cms.sync import Held, sync
from webflow_cms.sync.source import canonical_key, payload_hash, read_source

pytestmark = pytest.mark.anyio


async def _rows(*rows: object) -> AsyncIterator[object]:
    for row in rows:
        yield row


async def test_dicts_documents_and_held_rows_become_keyed_payloads() -> None:
    when = datetime.datetime(2026, 1, 2, 3, 4, 5, 678900, tzinfo=datetime.UTC)
    source = await read_source(
        _rows(
            {"name": "A", "slug": "a", "when": when, "photo": FileRef(url="https://x.test/a.png", alt="A")},
            {"fieldData": {"name": "B", "slug": "b"}, "isDraft": False, "id": "f" * 24, "lastUpdated": "ignored"},
            Held("c", "a bad cell"),
            {"name": "D", "slug": "a"},  # slug (the key) again
            {"fieldData": {"name": "E", "slug": "e"}, "colour": "red"},
            {"name": "F", "slug": "f", "rank": float("nan")},
            {"name": "G"},
            "not a row",
        ),
        "slug",
    )
    assert [r.key for r in source.rows] == ['"a"', '"b"']
    assert source.rows[0].payload == {
        "fieldData": {
            "name": "A",
            "slug": "a",
            "when": "2026-01-02T03:04:05.678Z",
            "photo": {"url": "https://x.test/a.png", "alt": "A"},
        }
    }
    assert source.rows[1].payload == {"fieldData": {"name": "B", "slug": "b"}, "isDraft": False}
    assert source.held == {'"c"': (2, "a bad cell")}
    problems = {p.index: (p.key, p.error.message) for p in source.problems}
    assert problems[3] == ('"a"', "row 3: key 'slug' value \"a\" is also on row 0; keep one of the two rows")
    assert "unknown keys ['colour']" in problems[4][1]
    assert "is not a number Webflow stores" in problems[5][1]
    assert problems[6][0] is None
    assert "fieldData.slug is required" in problems[6][1]
    assert problems[7] == (None, "row 7: expected a dict or a generated model, got str")
    assert all(isinstance(p.error, ValidationError) for p in source.problems)
    assert source.total == 8


async def test_the_hash_is_of_the_content_not_of_its_spelling() -> None:
    one = await read_source([{"slug": "a", "name": "A", "rank": 1}], "slug")
    two = await read_source([{"fieldData": {"rank": 1, "name": "A", "slug": "a"}}], "slug")
    three = await read_source([{"slug": "a", "name": "A", "rank": 2}], "slug")
    assert one.rows[0].hash == two.rows[0].hash == payload_hash({"fieldData": {"name": "A", "rank": 1, "slug": "a"}})
    assert one.rows[0].hash != three.rows[0].hash


def test_keys_are_canonical_text_or_none() -> None:
    assert canonical_key("post-1") == '"post-1"'
    assert canonical_key(42) == canonical_key(42.0) == "42"
    assert canonical_key(4.5) == "4.5"
    assert [canonical_key(v) for v in (None, True, "  ", [1], {"a": 1}, float("inf"))] == [None] * 6


async def test_a_number_key_matches_across_runs(env: Env) -> None:
    async with httpx.AsyncClient(base_url=env.emu.url, headers={"Authorization": f"Bearer {env.emu.token}"}) as http:
        field = {"displayName": "SKU", "slug": "sku", "type": "Number"}
        assert (await http.post(f"/collections/{env.collection_id}/fields", json=field)).status_code == 200
    rows = [{"name": f"P {n}", "slug": f"p-{n}", "sku": 1000 + n} for n in range(5)]
    async with env.client() as wf:
        await sync(wf, env.collection_id, rows, ledger=env.ledger, key="sku")
        renamed = [{**row, "slug": f"{row['slug']}-x"} for row in rows]  # slugs change, keys stay
        second = await sync(wf, env.collection_id, renamed, ledger=env.ledger, key="sku", on_missing="delete")
        assert (second.counts["updated"], second.counts["created"], second.counts["deleted"]) == (5, 0, 0)
        other_key = await sync(wf, env.collection_id, renamed, ledger=env.ledger)  # kept on sku, now slug
        assert other_key.scan_reason == "the ledger was kept on key 'sku', not 'slug': rebuilt"
        assert other_key.counts["unchanged"] == 5
    assert sorted(await by_slug_now(env)) == [f"p-{n}-x" for n in range(5)]


def _module(source: str, folder: Path, name: str) -> Any:
    path = folder / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


async def test_a_typed_source_of_generated_models(env: Env, tmp_path: Path) -> None:
    async with env.client() as wf:
        fields = wf.collections.fields(env.collection_id)
        await fields.create({"displayName": "Kind", "type": "Option", "metadata": {"options": [{"name": "Big"}]}})
        await fields.create({"displayName": "When", "type": "DateTime"})
        await fields.create({"displayName": "Photo", "type": "Image"})
        await fields.create({"displayName": "Part Number", "type": "PlainText"})
        site = await wf.sites.get(env.emu.site_id)
        collection = await wf.collections.get(env.collection_id)
        module = _module(render_models(site, [collection]), tmp_path, f"sync_models_{env.collection_id}")
        model = next(v for v in vars(module).values() if getattr(v, "__collection__", None) is not None)
        when = datetime.datetime(2026, 5, 1, 9, 30, tzinfo=datetime.UTC)
        made = [
            model(
                name=f"Typed {n}",
                slug=f"typed-{n}",
                kind="Big",
                when=when,
                photo=FileRef(url=f"https://x.test/{n}.png"),
                part_number=f"PN-{n}",
            )
            for n in range(3)
        ]
        # The key may be named by the model's attribute (part_number) or the field's slug (part-number).
        first = await sync(wf, env.collection_id, _rows(*made), ledger=env.ledger, key="part_number")
        assert first.counts["created"] == 3
        again = await sync(wf, env.collection_id, made, ledger=env.ledger, key="part-number")
        assert (again.counts["unchanged"], again.requests) == (3, 2)  # a re-hosted image is no change
        assert again.scan_reason is None
    held = await by_slug_now(env)
    kind = collection.field("kind")
    assert kind is not None
    assert held["typed-1"]["fieldData"]["kind"] == kind.options["Big"]
    assert held["typed-1"]["fieldData"]["when"] == "2026-05-01T09:30:00.000Z"
    assert held["typed-1"]["fieldData"]["photo"]["url"].endswith("_1.png")


async def test_rows_that_are_not_iterable_are_refused_at_once(env: Env) -> None:
    async with env.client() as wf:
        with pytest.raises(ValidationError, match="rows must be an iterable"):
            await sync(wf, env.collection_id, {"name": "A"}, ledger=env.ledger)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="on_missing must be one of"):
            await sync(wf, env.collection_id, [], ledger=env.ledger, on_missing="drop")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="conflict must be one of"):
            await sync(wf, env.collection_id, [], ledger=env.ledger, conflict="mine")  # type: ignore[arg-type]
