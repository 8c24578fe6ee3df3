"""The overlay of what Webflow documents ahead of its OpenAPI file (generator/overlay.py, openapi/overlays/).

Every action must name its source, and each one must still be needed: when the vendored upstream
gains what an action adds, the test says which action can go.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from support import upstream

overlay = upstream.generator_module("overlay")
OVERLAY_FILE = upstream.ROOT / "openapi" / "overlays" / "webflow-cms.overlay.yaml"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DOC: dict[str, Any] = yaml.load(OVERLAY_FILE.read_text(encoding="utf-8"), Loader=_Loader)
ACTIONS: list[dict[str, Any]] = DOC["actions"]


@pytest.fixture(scope="module")
def whole() -> dict[str, Any]:
    doc: dict[str, Any] = yaml.load(upstream.WHOLE.read_text(encoding="utf-8"), Loader=_Loader)
    return doc


@pytest.mark.parametrize("action", ACTIONS, ids=[f"{n + 1}-{a['target']}" for n, a in enumerate(ACTIONS)])
def test_every_action_names_the_webflow_page_it_comes_from(action: dict[str, Any]) -> None:
    assert str(action.get("x-source", "")).startswith("https://developers.webflow.com/data/")
    assert action.get("description")


def test_each_action_is_still_ahead_of_the_vendored_upstream(whole: dict[str, Any]) -> None:
    caught_up = [f"action {n + 1} ({a['target']})" for n, a in enumerate(ACTIONS) if overlay.already_upstream(whole, a)]
    assert caught_up == [], f"the vendored upstream now has these; remove them from {OVERLAY_FILE.name}"


def test_the_overlay_adds_create_items_and_the_field_filters_and_sorts(whole: dict[str, Any]) -> None:
    applied = overlay.apply(whole, DOC)
    assert "post" in applied["paths"]["/collections/{collection_id}/items/insert"]
    for path in ("/collections/{collection_id}/items", "/collections/{collection_id}/items/live"):
        names = [p["name"] for p in applied["paths"][path]["get"]["parameters"]]
        assert names[-2:] == ["filter", "sort"]
        assert "filter" not in [p["name"] for p in whole["paths"][path]["get"]["parameters"]]
    assert "/collections/{collection_id}/items/insert" not in whole["paths"]  # the input is not changed


def _with(*actions: dict[str, Any]) -> dict[str, Any]:
    return {"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": list(actions)}


def test_update_merges_objects_and_appends_to_arrays() -> None:
    doc = {"paths": {"/a": {"get": {"summary": "old", "parameters": [{"name": "x"}]}}}}
    out = overlay.apply(
        doc,
        _with(
            {"target": "$.paths['/a'].get", "update": {"summary": "new", "tags": ["t"]}, "x-source": "s"},
            {"target": "$.paths['/a'].get.parameters", "update": {"name": "y"}, "x-source": "s"},
            {"target": "$.paths", "update": {"/b": {"post": {}}}, "x-source": "s"},
        ),
    )
    assert out["paths"]["/a"]["get"] == {"summary": "new", "tags": ["t"], "parameters": [{"name": "x"}, {"name": "y"}]}
    assert out["paths"]["/b"] == {"post": {}}
    assert doc["paths"]["/a"]["get"]["summary"] == "old"


def test_remove_drops_the_target() -> None:
    out = overlay.apply(
        {"paths": {"/a": {}, "/b": {}}}, _with({"target": "$.paths['/a']", "remove": True, "x-source": "s"})
    )
    assert out == {"paths": {"/b": {}}}


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ({"target": "$.paths['/a']", "update": {}}, "has no x-source"),
        (
            {"target": "$.paths['/missing'].get", "update": {}, "x-source": "s"},
            "selects nothing: no ['paths']['/missing']",
        ),
        ({"target": "$.paths[?(@.x)]", "update": {}, "x-source": "s"}, "only .name and ['key'] steps are supported"),
        ({"target": "paths", "update": {}, "x-source": "s"}, "does not start at the document root"),
        ({"target": "$.paths['/a']", "x-source": "s"}, "has neither update nor remove"),
        ({"target": "$.paths['/a'].get.summary", "update": {"a": 1}, "x-source": "s"}, "cannot update a str"),
    ],
)
def test_an_action_that_cannot_apply_is_an_error_naming_it(action: dict[str, Any], message: str) -> None:
    with pytest.raises(overlay.OverlayError, match="action 1") as caught:
        overlay.apply({"paths": {"/a": {"get": {"summary": "s"}}}}, _with(action))
    assert message in str(caught.value)


def test_a_document_that_is_not_an_overlay_is_refused() -> None:
    with pytest.raises(overlay.OverlayError, match=r"not an Overlay 1\.x document"):
        overlay.apply({}, {"openapi": "3.1.0"})


def test_remove_of_a_target_that_is_not_there_is_an_error() -> None:
    with pytest.raises(overlay.OverlayError, match=r"action 1 .* selects nothing: no \['paths'\]\['/b'\]"):
        overlay.apply({"paths": {"/a": {}}}, _with({"target": "$.paths['/b']", "remove": True, "x-source": "s"}))
    with pytest.raises(overlay.OverlayError, match=r"selects nothing: no \['nope'\]"):
        overlay.apply({"paths": {}}, _with({"target": "$.nope['/b']", "remove": True, "x-source": "s"}))


def test_an_action_counts_as_upstream_only_when_everything_it_adds_is_there() -> None:
    action = {"target": "$.paths['/a']", "update": {"get": {"parameters": [{"name": "sort"}]}}, "x-source": "s"}
    without = {"paths": {"/a": {"get": {"parameters": [{"name": "limit"}]}}}}
    with_it = {"paths": {"/a": {"get": {"parameters": [{"name": "limit"}, {"name": "sort", "in": "query"}]}}}}
    assert not overlay.already_upstream(without, action)
    assert overlay.already_upstream(with_it, action)
    appended = {"target": "$.paths['/a'].get.parameters", "update": {"name": "sort", "style": "deepObject"}}
    assert not overlay.already_upstream(with_it, appended)  # a sort, but not the deepObject one
    assert not overlay.already_upstream({"paths": {}}, action)
