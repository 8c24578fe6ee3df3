"""Tests of generator/normalize/: the pass from Webflow's upstream specs to openapi/webflow-cms-items.yaml
(the items part) and openapi/webflow-cms.yaml (items merged with collections, sites and webhooks).

Everything that can be is derived from the upstream file itself (operations, parameters, statuses, prose),
so the tests follow the upstream when it changes instead of pinning today's numbers.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from support import upstream

ROOT = Path(__file__).resolve().parents[1]
UPSTREAM = upstream.part("items")  # Webflow's own file, cut into the per-area form
COMMITTED = ROOT / "openapi" / "webflow-cms-items.yaml"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
JSON = "application/json"

Doc = dict[str, Any]


normalize = upstream.generator_module("normalize")
SpecDriftError: type[Exception] = normalize.SpecDriftError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml(path: Path) -> Doc:
    if not path.is_file():
        pytest.fail(f"{path} is missing; the vendored upstream spec is missing (see openapi/upstream/README.md)")
    doc: Doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    return doc


@pytest.fixture(scope="module")
def upstream_pristine() -> Doc:
    return _yaml(UPSTREAM)


@pytest.fixture
def upstream(upstream_pristine: Doc) -> Doc:
    """A private copy each test may change."""
    return copy.deepcopy(upstream_pristine)


@pytest.fixture(scope="module")
def descriptions_pristine() -> Doc:
    return _yaml(normalize.DESCRIPTIONS)


@pytest.fixture(scope="module")
def committed() -> Doc:
    return _yaml(COMMITTED)


@pytest.fixture(scope="module")
def normalized(upstream_pristine: Doc) -> Doc:
    doc: Doc = normalize.normalize(copy.deepcopy(upstream_pristine))
    return doc


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def operations(doc: Doc) -> Iterator[tuple[str, str, Doc]]:
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method in METHODS:
                yield method, path, op


def walk(node: Any, where: str = "#") -> Iterator[tuple[str, Any]]:
    """Every (JSON pointer, value) pair below ``node``, ``node`` included."""
    yield where, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, f"{where}/{str(key).replace('~', '~0').replace('/', '~1')}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{where}/{index}")


def resolve(doc: Doc, ref: str) -> Any:
    assert ref.startswith("#/"), f"not a local reference: {ref}"
    node: Any = doc
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def wire_parameters(op: Doc) -> dict[tuple[str, str], bool]:
    """``(in, name) -> required`` as the parameters appear on the wire.

    A query parameter with ``style: deepObject`` and an object schema is sent as one
    ``name[key]`` parameter per property; that is how it must appear after normalizing.
    The field filters and sorts keyed by field slug (``filter``, ``sort``) have no fixed keys:
    the adapter sends them (tests/test_query.py), so they are not in the generated spec.
    """
    out: dict[tuple[str, str], bool] = {}
    for param in op.get("parameters", []):
        required = bool(param.get("required", False))
        if param.get("style") == "deepObject" and "additionalProperties" in param["schema"]:
            assert param["name"] in normalize.FIELD_QUERY
            continue
        if param.get("style") == "deepObject":
            for key in param["schema"]["properties"]:
                out[(param["in"], f"{param['name']}[{key}]")] = required
        else:
            out[(param["in"], param["name"])] = required
    return out


def contract_problems(upstream: Doc, spec: Doc) -> list[str]:
    """What the normalized ``spec`` lost or changed of the upstream's operations (empty when faithful)."""
    problems: list[str] = []
    have = {(method, path): op for method, path, op in operations(spec)}
    want = {(method, path): op for method, path, op in operations(upstream)}
    for method, path in sorted(have.keys() - want.keys()):
        problems.append(f"{method.upper()} {path}: not in the upstream spec")
    for (method, path), up in want.items():
        where = f"{method.upper()} {path}"
        op = have.get((method, path))
        if op is None:
            problems.append(f"{where}: operation missing")
            continue
        expected, found = wire_parameters(up), wire_parameters(op)
        for name in sorted(expected.keys() - found.keys()):
            problems.append(f"{where}: parameter {name} missing")
        for name in sorted(found.keys() - expected.keys()):
            problems.append(f"{where}: parameter {name} not in the upstream")
        for name in sorted(expected.keys() & found.keys()):
            if expected[name] != found[name]:
                problems.append(f"{where}: parameter {name} required={found[name]}, upstream {expected[name]}")
        if ("requestBody" in up) != ("requestBody" in op):
            problems.append(f"{where}: request body {'missing' if 'requestBody' in up else 'added'}")
        if set(up["responses"]) != set(op["responses"]):
            problems.append(f"{where}: statuses {sorted(op['responses'])}, upstream {sorted(up['responses'])}")
    return problems


def prose(doc: Doc) -> set[str]:
    """Every description and summary text anywhere in a document."""
    out: set[str] = set()
    for _, node in walk(doc):
        if isinstance(node, dict):
            out.update(node[k].strip() for k in ("description", "summary") if isinstance(node.get(k), str))
    out.discard("")
    return out


# --------------------------------------------------------------------------
# Determinism and the committed file
# --------------------------------------------------------------------------


def test_two_runs_write_identical_bytes_equal_to_the_committed_spec(tmp_path: Path) -> None:
    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    messages: list[str] = []
    assert normalize.main([str(UPSTREAM), str(first)], echo=messages.append) == 0
    assert normalize.main([str(UPSTREAM), str(second)], echo=messages.append) == 0
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() == COMMITTED.read_bytes(), "openapi/ is stale: run `make generate`"
    assert len(messages) == 2
    assert messages[0].replace("first", "second") == messages[1]


def test_normalize_does_not_change_its_input_and_repeats_itself(upstream: Doc) -> None:
    before = copy.deepcopy(upstream)
    first = normalize.dump(normalize.normalize(upstream))
    assert upstream == before
    assert normalize.dump(normalize.normalize(upstream)) == first


def test_dump_writes_no_yaml_anchors(normalized: Doc) -> None:
    # The same sub-tree (the objectid path parameter) is reused by many operations.
    text = normalize.dump(normalized)
    assert "&id" not in text
    assert "*id" not in text
    assert yaml.load(text, Loader=_Loader) == normalized


def test_main_rejects_a_wrong_argument_count() -> None:
    messages: list[str] = []
    assert normalize.main(["only-one"], echo=messages.append) == 2
    assert messages
    assert messages[0].startswith("usage:")


# --------------------------------------------------------------------------
# The operations are those of the upstream
# --------------------------------------------------------------------------


def test_upstream_has_operations(upstream_pristine: Doc) -> None:
    # Guards every test that loops over upstream operations against looping over nothing.
    ops = list(operations(upstream_pristine))
    assert ops
    assert len({(m, p) for m, p, _ in ops}) == len(ops)


def test_the_committed_spec_keeps_every_upstream_operation(upstream_pristine: Doc, committed: Doc) -> None:
    assert contract_problems(upstream_pristine, committed) == []
    assert len(list(operations(committed))) == len(list(operations(upstream_pristine)))


def _drop_operation(spec: Doc, method: str, path: str) -> str:
    del spec["paths"][path][method]
    return f"{method.upper()} {path}: operation missing"


def _drop_parameter(spec: Doc, method: str, path: str) -> str:
    param = spec["paths"][path][method]["parameters"].pop()
    return f"{method.upper()} {path}: parameter {(param['in'], param['name'])} missing"


def _drop_body(spec: Doc, method: str, path: str) -> str:
    del spec["paths"][path][method]["requestBody"]
    return f"{method.upper()} {path}: request body missing"


def _drop_status(spec: Doc, method: str, path: str) -> str:
    responses = spec["paths"][path][method]["responses"]
    del responses[sorted(responses)[-1]]
    return f"{method.upper()} {path}: statuses"


@pytest.mark.parametrize("mistake", [_drop_operation, _drop_parameter, _drop_body, _drop_status])
def test_a_mistake_in_the_committed_spec_is_reported(
    mistake: Callable[[Doc, str, str], str], upstream_pristine: Doc, committed: Doc
) -> None:
    assert contract_problems(upstream_pristine, committed) == []
    broken = copy.deepcopy(committed)
    # The first upstream operation with a request body and parameters, so every mistake applies.
    method, path, _ = next((m, p, op) for m, p, op in operations(upstream_pristine) if "requestBody" in op)
    expected = mistake(broken, method, path)
    problems = contract_problems(upstream_pristine, broken)
    assert len(problems) == 1, problems
    assert problems[0].startswith(expected)


def test_an_operation_the_upstream_lacks_is_reported(upstream_pristine: Doc, committed: Doc) -> None:
    broken = copy.deepcopy(committed)
    path = next(iter(broken["paths"]))
    broken["paths"][path]["put"] = copy.deepcopy(next(iter(broken["paths"][path].values())))
    assert contract_problems(upstream_pristine, broken) == [f"PUT {path}: not in the upstream spec"]


def test_deep_object_query_parameters_become_bracketed_plain_parameters(
    upstream_pristine: Doc, normalized: Doc
) -> None:
    deep = [
        (method, path, param)
        for method, path, op in operations(upstream_pristine)
        for param in op.get("parameters", [])
        if param.get("style") == "deepObject"
    ]
    assert deep, "the upstream has no deepObject parameter any more; drop this test and the special case"
    assert {"createdOn", "lastPublished", "lastUpdated", "filter", "sort"} <= {param["name"] for _, _, param in deep}
    for method, path, param in deep:
        params = {p["name"]: p for p in normalized["paths"][path][method]["parameters"]}
        assert param["name"] not in params
        if param["name"] in normalize.FIELD_QUERY:
            continue  # keyed by field slug: sent by the adapter (tests/test_query.py)
        for key, up_schema in param["schema"]["properties"].items():
            plain = params[f"{param['name']}[{key}]"]
            assert plain["in"] == "query"
            assert "style" not in plain
            assert "explode" not in plain
            assert plain["schema"]["type"] == up_schema["type"]
            assert plain["schema"]["format"] == "date-time"  # upstream: date-string


def test_path_parameters_are_required_and_others_optional_unless_upstream_says(
    upstream_pristine: Doc, normalized: Doc
) -> None:
    for method, path, op in operations(upstream_pristine):
        up = {(p["in"], p["name"]): p for p in op.get("parameters", [])}
        for param in normalized["paths"][path][method].get("parameters", []):
            assert isinstance(param["required"], bool)
            original = up.get((param["in"], param["name"]))
            if param["in"] == "path":
                assert param["required"] is True
            elif original is not None:
                assert param["required"] is bool(original.get("required", False))


def test_request_bodies_are_required_json(upstream_pristine: Doc, normalized: Doc) -> None:
    count = 0
    for method, path, op in operations(upstream_pristine):
        if "requestBody" not in op:
            continue
        body = normalized["paths"][path][method]["requestBody"]
        assert set(body["content"]) == set(op["requestBody"]["content"]) == {JSON}
        assert body["required"] is True
        count += 1
    assert count


def test_success_responses_have_content_exactly_when_upstream_has(upstream_pristine: Doc, normalized: Doc) -> None:
    for method, path, op in operations(upstream_pristine):
        for status, up in op["responses"].items():
            if not status.startswith("2"):
                continue
            response = normalized["paths"][path][method]["responses"][status]
            assert ("content" in response) == bool(up.get("content")), f"{method.upper()} {path} {status}"


# --------------------------------------------------------------------------
# Prose: ours, never the upstream's
# --------------------------------------------------------------------------


def test_no_upstream_prose_survives(upstream_pristine: Doc, normalized: Doc) -> None:
    theirs = prose(upstream_pristine)
    assert len(theirs) > 10
    ours = [(where, node) for where, node in walk(normalized) if isinstance(node, str)]
    leaked = sorted({(where, text) for text in theirs for where, node in ours if text in node})
    assert leaked == []


def test_no_examples_titles_or_vendor_extensions_survive(normalized: Doc) -> None:
    for where, node in walk(normalized):
        if isinstance(node, dict):
            assert not {"example", "examples"} & set(node), where
            assert "title" not in node or where == "#/info", where
            assert not [k for k in node if str(k).startswith("x-")], where


def test_every_operation_has_the_projects_texts(normalized: Doc, descriptions_pristine: Doc) -> None:
    texts = descriptions_pristine["operations"]
    ids = set()
    for method, path, op in operations(normalized):
        ids.add(op["operationId"])
        text = texts[op["operationId"]]
        assert op["summary"] == text["summary"], f"{method.upper()} {path}"
        assert op["description"] == text["description"], f"{method.upper()} {path}"
    assert ids == set(texts), "descriptions.yaml and the spec name different operations"


def test_operation_ids_are_the_upstream_ids_lowercased(upstream_pristine: Doc, normalized: Doc) -> None:
    for method, path, op in operations(upstream_pristine):
        assert normalized["paths"][path][method]["operationId"] == op["operationId"].lower()


def test_schemas_responses_and_info_carry_the_projects_texts(normalized: Doc, descriptions_pristine: Doc) -> None:
    schemas = normalized["components"]["schemas"]
    assert set(schemas) <= set(descriptions_pristine["schemas"])
    for name, schema in schemas.items():
        text = descriptions_pristine["schemas"][name]
        assert schema["description"] == (text if isinstance(text, str) else text["description"]), name
        if isinstance(text, dict):
            for prop, prop_text in text.get("properties", {}).items():
                assert schema["properties"][prop]["description"] == prop_text, f"{name}.{prop}"
    for name, response in normalized["components"]["responses"].items():
        assert response["description"] == descriptions_pristine["responses"][name]
    assert normalized["info"]["description"] == descriptions_pristine["info"]
    scopes = normalized["components"]["securitySchemes"]["OAuth2"]["flows"]["authorizationCode"]["scopes"]
    assert scopes == {scope: descriptions_pristine["scopes"][scope] for scope in scopes}


# --------------------------------------------------------------------------
# Constructs the generator cannot read are gone
# --------------------------------------------------------------------------


def test_upstream_has_the_constructs_the_pass_fixes(upstream_pristine: Doc) -> None:
    # Otherwise the next test proves nothing.
    nodes = [node for _, node in walk(upstream_pristine) if isinstance(node, dict)]
    assert any(node.get("format") == "date-string" for node in nodes)
    assert any(isinstance(node.get("items"), list) for node in nodes)
    assert any("nullable" in node for node in nodes)


def test_no_construct_the_generator_cannot_read(normalized: Doc) -> None:
    for where, node in walk(normalized):
        if not isinstance(node, dict):
            continue
        assert node.get("format") != "date-string", where
        assert node.get("format") != "objectid", where
        assert not isinstance(node.get("items"), list), where
        assert "nullable" not in node, where
        assert node.get("style") != "deepObject", where


def test_nullable_becomes_a_null_type(normalized: Doc) -> None:
    last_published = normalized["components"]["schemas"]["CollectionItem"]["properties"]["lastPublished"]
    assert last_published["type"] == ["string", "null"]
    assert last_published["format"] == "date-time"


def test_request_bodies_carry_no_read_only_fields_or_defaults(normalized: Doc) -> None:
    schemas = normalized["components"]["schemas"]
    seen: set[str] = set()

    def visit(schema: Doc) -> None:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[1]
            if name in seen:
                return
            seen.add(name)
            schema = schemas[name]
        for key in ("oneOf", "anyOf", "allOf"):
            for branch in schema.get(key, []):
                visit(branch)
        if isinstance(schema.get("items"), dict):
            visit(schema["items"])
        for name, prop in schema.get("properties", {}).items():
            assert not prop.get("readOnly"), name
            assert "default" not in prop, name
            visit(prop)

    for _, _, op in operations(normalized):
        if "requestBody" in op:
            visit(op["requestBody"]["content"][JSON]["schema"])
    assert {"NewCollectionItem", "CollectionItemUpdate", "CollectionItemPatch", "NewMultiLocaleItem"} <= seen


# --------------------------------------------------------------------------
# References and components
# --------------------------------------------------------------------------


def test_every_ref_resolves(normalized: Doc) -> None:
    refs = [(where, node["$ref"]) for where, node in walk(normalized) if isinstance(node, dict) and "$ref" in node]
    assert refs
    for where, ref in refs:
        target = resolve(normalized, ref)
        assert isinstance(target, dict), f"{where}: {ref}"


def test_every_component_is_used(normalized: Doc) -> None:
    refs = {node["$ref"] for _, node in walk(normalized) if isinstance(node, dict) and "$ref" in node}
    for kind in ("schemas", "responses"):
        for name in normalized["components"][kind]:
            assert f"#/components/{kind}/{name}" in refs, f"unused {kind[:-1]} {name}"


def test_error_statuses_point_to_shared_responses(upstream_pristine: Doc, normalized: Doc) -> None:
    count = 0
    for method, path, op in operations(normalized):
        for status, response in op["responses"].items():
            if int(status) < 400:
                continue
            count += 1
            assert list(response) == ["$ref"], f"{method.upper()} {path} {status}"
            assert response["$ref"].startswith("#/components/responses/")
            target = resolve(normalized, response["$ref"])
            assert target["content"][JSON]["schema"] == {"$ref": "#/components/schemas/Error"}
    upstream_errors = sum(1 for _, _, op in operations(upstream_pristine) for s in op["responses"] if int(s) >= 400)
    assert count == upstream_errors > 0


def test_rate_limit_headers_are_kept(upstream_pristine: Doc, normalized: Doc) -> None:
    headers = {
        name for _, _, op in operations(upstream_pristine) for name in op["responses"].get("429", {}).get("headers", {})
    }
    assert headers
    assert set(normalized["components"]["responses"]["TooManyRequests"]["headers"]) == headers


def test_schemas_have_the_names_a_reader_expects(normalized: Doc) -> None:
    schemas = normalized["components"]["schemas"]
    expected = {
        "CollectionItem",
        "CollectionItemList",
        "CollectionItemBatch",
        "Pagination",
        "FieldData",
        "Error",
        "ErrorCode",
        "ItemIds",
        "ItemReference",
        "ItemReferences",
        "PublishResult",
        "SortBy",
        "SortOrder",
    }
    assert expected <= set(schemas)
    assert list(schemas) == sorted(schemas)
    assert normalized["components"]["schemas"]["Error"]["properties"]["code"] == {
        "$ref": "#/components/schemas/ErrorCode"
    }
    item_list = schemas["CollectionItemList"]["properties"]
    assert item_list["items"] == {"type": "array", "items": {"$ref": "#/components/schemas/CollectionItem"}}
    assert item_list["pagination"] == {"$ref": "#/components/schemas/Pagination"}


def test_hoisted_schemas_keep_the_upstream_enums(upstream_pristine: Doc, normalized: Doc) -> None:
    schemas = normalized["components"]["schemas"]
    codes: set[str] = set()
    sort_by: set[str] = set()
    for _, node in walk(upstream_pristine["paths"]):
        if isinstance(node, dict) and isinstance(node.get("properties"), dict):
            code = node["properties"].get("code")
            if isinstance(code, dict) and "enum" in code:
                codes.update(code["enum"])
        if isinstance(node, dict) and node.get("name") == "sortBy" and "schema" in node:
            sort_by.update(node["schema"]["enum"])
    assert codes
    assert set(schemas["ErrorCode"]["enum"]) == codes
    assert set(schemas["SortBy"]["enum"]) == sort_by


def test_the_error_body_appears_once(normalized: Doc) -> None:
    error_like = [
        where
        for where, node in walk(normalized)
        if isinstance(node, dict) and {"code", "message", "details"} <= set(node.get("properties", {}))
    ]
    assert error_like == ["#/components/schemas/Error"]


# --------------------------------------------------------------------------
# Drift: the pass stops when the upstream changes shape
# --------------------------------------------------------------------------


def _listing_item(up: Doc) -> Doc:
    """The item schema inside the staged list response, where CollectionItem is taken from."""
    schema: Doc = up["paths"][normalize.ITEMS]["get"]["responses"]["200"]["content"][JSON]["schema"]
    item: Doc = schema["properties"]["items"]["items"]
    return item


def test_the_unchanged_upstream_normalizes(upstream: Doc) -> None:
    # The drift tests below change one thing each; this shows it is that change that fails.
    assert normalize.normalize(upstream)["paths"]


@pytest.mark.parametrize("missing", ["operations", "schemas"])
def test_missing_description_entry_is_drift(upstream: Doc, descriptions_pristine: Doc, missing: str) -> None:
    names = sorted(descriptions_pristine[missing])
    assert names
    for name in names:
        texts = copy.deepcopy(descriptions_pristine)
        del texts[missing][name]
        with pytest.raises(SpecDriftError, match=name):
            normalize.normalize(copy.deepcopy(upstream), texts)


def test_a_new_upstream_operation_without_our_texts_is_drift(upstream: Doc) -> None:
    item_path = next(iter(upstream["paths"]))
    op = copy.deepcopy(upstream["paths"][item_path]["get"])
    op["operationId"] = "Brand-New-Operation"
    upstream["paths"][item_path]["put"] = op
    with pytest.raises(SpecDriftError, match="brand-new-operation"):
        normalize.normalize(upstream)


def test_a_path_level_key_is_drift(upstream: Doc) -> None:
    path = next(iter(upstream["paths"]))
    upstream["paths"][path]["parameters"] = []
    with pytest.raises(SpecDriftError, match="parameters"):
        normalize.normalize(upstream)


def test_an_upstream_operation_that_disappears_is_drift(upstream: Doc) -> None:
    # The hoisted schemas are read from fixed operations; losing one must not pass silently.
    del upstream["paths"][normalize.PUBLISH]
    with pytest.raises(SpecDriftError, match="publish"):
        normalize.normalize(upstream)


def test_a_renamed_item_property_is_drift(upstream: Doc) -> None:
    props = _listing_item(upstream)["properties"]
    props["isDraftRenamed"] = props.pop("isDraft")
    with pytest.raises(SpecDriftError, match=r"CollectionItem.*isDraftRenamed"):
        normalize.normalize(upstream)


def test_an_added_item_property_is_drift(upstream: Doc) -> None:
    _listing_item(upstream)["properties"]["status"] = {"type": "string"}
    with pytest.raises(SpecDriftError, match=r"CollectionItem.*status"):
        normalize.normalize(upstream)


def test_an_added_field_data_property_is_drift(upstream: Doc) -> None:
    _listing_item(upstream)["properties"]["fieldData"]["properties"]["headline"] = {"type": "string"}
    with pytest.raises(SpecDriftError, match="FieldData"):
        normalize.normalize(upstream)


def test_an_added_item_property_named_like_a_prose_keyword_is_drift(upstream_pristine: Doc) -> None:
    # ``description`` or ``title`` are ordinary field names; as property names they are not prose to drop.
    silent = []
    for name in ("description", "summary", "title", "example"):
        changed = copy.deepcopy(upstream_pristine)
        _listing_item(changed)["properties"][name] = {"type": "string"}
        try:
            normalize.normalize(changed)
        except SpecDriftError as exc:
            if name in str(exc):
                continue
        silent.append(name)
    assert silent == [], f"item properties {silent} are dropped silently instead of raising SpecDriftError"


def test_a_changed_error_body_is_drift(upstream: Doc) -> None:
    error = upstream["paths"][normalize.ITEMS]["get"]["responses"]["400"]["content"][JSON]["schema"]
    error["properties"]["hint"] = {"type": "string"}
    with pytest.raises(SpecDriftError, match="Error"):
        normalize.normalize(upstream)


def _item_schema_copies(up: Doc) -> Iterator[tuple[str, Doc]]:
    """Every inline copy of the item schema in request bodies and success responses."""
    for method, path, op in operations(up):
        roots = []
        if "requestBody" in op:
            roots.append((f"{method.upper()} {path} request body", op["requestBody"]))
        roots += [
            (f"{method.upper()} {path} {status}", response)
            for status, response in op["responses"].items()
            if status.startswith("2")
        ]
        for label, root in roots:
            for where, node in walk(root):
                props = node.get("properties") if isinstance(node, dict) else None
                if isinstance(props, dict) and {"fieldData", "isDraft", "isArchived"} <= set(props):
                    yield f"{label} at {where}", node


def test_an_added_property_in_any_copy_of_the_item_schema_is_drift(upstream_pristine: Doc) -> None:
    """The normalizer promises: every inline schema a hoisted one replaces is checked for the same properties."""
    places = [where for where, _ in _item_schema_copies(upstream_pristine)]
    assert len(places) > 1
    silent = []
    for index, where in enumerate(places):
        changed = copy.deepcopy(upstream_pristine)
        _, node = list(_item_schema_copies(changed))[index]
        node["properties"]["status"] = {"type": "string"}
        try:
            normalize.normalize(changed)
        except SpecDriftError:
            continue
        silent.append(where)
    unchecked = "\n".join([f"{len(silent)} of {len(places)} item schema copies change silently:", *silent])
    assert not silent, unchecked


@pytest.mark.parametrize("status", ["201", "403", "418"])
def test_an_unknown_response_status_is_drift(upstream: Doc, status: str) -> None:
    responses = upstream["paths"][normalize.ITEMS]["get"]["responses"]
    responses[status] = copy.deepcopy(responses["200"] if status.startswith("2") else responses["400"])
    with pytest.raises(SpecDriftError, match=status):
        normalize.normalize(upstream)


def test_an_unknown_request_body_is_drift(upstream: Doc) -> None:
    op = upstream["paths"][normalize.ITEM]["get"]
    op["requestBody"] = copy.deepcopy(upstream["paths"][normalize.ITEM]["patch"]["requestBody"])
    with pytest.raises(SpecDriftError, match="request body"):
        normalize.normalize(upstream)


def test_a_success_response_of_another_shape_is_drift(upstream: Doc) -> None:
    response = upstream["paths"][normalize.ITEM]["get"]["responses"]["200"]["content"][JSON]
    response["schema"] = copy.deepcopy(upstream["paths"][normalize.PUBLISH]["post"]["responses"]["202"]["content"])[
        JSON
    ]["schema"]
    with pytest.raises(SpecDriftError, match="200"):
        normalize.normalize(upstream)


# --------------------------------------------------------------------------
# The CMS around items: collections, sites, webhooks, merged into one spec
# --------------------------------------------------------------------------

SHARED = UPSTREAM.parent
MERGED = ROOT / "openapi" / "webflow-cms.yaml"
#: Operation ids the project takes from each file around items; None: every operation of the file.
TAKEN: dict[str, frozenset[str] | None] = {
    "collections": None,
    "sites": frozenset({"list-sites", "get-site", "get-custom-domains", "site-publish"}),
    "webhooks": None,
}


@pytest.fixture(scope="module")
def all_pristine(upstream_pristine: Doc) -> dict[str, Doc]:
    loaded = {key: _yaml(SHARED / name) for key, name in normalize.UPSTREAM_FILES.items() if key != "items"}
    return {"items": upstream_pristine, **loaded}


@pytest.fixture
def all_upstreams(all_pristine: dict[str, Doc]) -> dict[str, Doc]:
    """Private copies each test may change."""
    return copy.deepcopy(all_pristine)


@pytest.fixture(scope="module")
def merged(all_pristine: dict[str, Doc]) -> Doc:
    doc: Doc = normalize.normalize_all(copy.deepcopy(all_pristine))
    return doc


def taken(key: str, up: Doc) -> Doc:
    """The upstream file restricted to the operations the project takes from it."""
    keep = TAKEN[key]
    paths: Doc = {}
    for method, path, op in operations(up):
        if keep is None or op["operationId"] in keep:
            paths.setdefault(path, {})[method] = op
    return {**up, "paths": paths}


def part_of(doc: Doc, key: str) -> Doc:
    """The operations of ``doc`` tagged ``key``."""
    paths: Doc = {}
    for method, path, op in operations(doc):
        if op["tags"] == [key]:
            paths.setdefault(path, {})[method] = op
    return {**doc, "paths": paths}


def test_the_merged_spec_is_committed_and_written_the_same_twice(all_pristine: dict[str, Doc], merged: Doc) -> None:
    again = normalize.normalize_all(copy.deepcopy(all_pristine))
    text = normalize.dump(merged, normalize.ALL_SOURCES)
    assert normalize.dump(again, normalize.ALL_SOURCES) == text
    assert text == MERGED.read_text(encoding="utf-8"), "openapi/ is stale: run `make generate`"


def test_normalize_all_does_not_change_its_inputs(all_upstreams: dict[str, Doc]) -> None:
    before = copy.deepcopy(all_upstreams)
    normalize.normalize_all(all_upstreams)
    assert all_upstreams == before


def test_the_merged_spec_holds_the_items_part_unchanged(normalized: Doc, merged: Doc) -> None:
    items = part_of(merged, "items")
    assert items["paths"] == normalized["paths"]
    for name, schema in normalized["components"]["schemas"].items():
        assert merged["components"]["schemas"][name] == schema, name
    for name, response in normalized["components"]["responses"].items():
        assert merged["components"]["responses"][name] == response, name


@pytest.mark.parametrize("key", sorted(TAKEN))
def test_each_file_around_items_keeps_its_contract(key: str, all_pristine: dict[str, Doc], merged: Doc) -> None:
    up = taken(key, all_pristine[key])
    part = part_of(merged, key)
    assert list(operations(up))
    assert contract_problems(up, part) == []
    for method, path, op in operations(up):
        assert part["paths"][path][method]["operationId"] == op["operationId"].lower()


def test_the_sites_filter_keeps_exactly_four_operations(all_pristine: dict[str, Doc], merged: Doc) -> None:
    upstream_ids = {op["operationId"] for _, _, op in operations(all_pristine["sites"])}
    kept = TAKEN["sites"]
    assert kept is not None
    assert len(upstream_ids) > len(kept)
    assert kept <= upstream_ids
    assert {op["operationId"] for _, _, op in operations(part_of(merged, "sites"))} == kept
    assert "/sites/{site_id}/redirects" not in merged["paths"]
    assert set(merged["paths"]["/sites/{site_id}"]) == {"get"}  # upstream also has patch and delete there


def test_one_tag_per_file_and_every_operation_under_one(merged: Doc) -> None:
    assert [tag["name"] for tag in merged["tags"]] == list(normalize.UPSTREAM_FILES)
    counts = {key: len(list(operations(part_of(merged, key)))) for key in normalize.UPSTREAM_FILES}
    assert counts == {"items": 17, "collections": 7, "sites": 4, "webhooks": 4}  # items: 16 and the overlay's insert
    assert sum(counts.values()) == len(list(operations(merged)))


def test_no_prose_of_any_upstream_file_survives(all_pristine: dict[str, Doc], merged: Doc) -> None:
    theirs = set().union(*(prose(taken(key, up) if key in TAKEN else up) for key, up in all_pristine.items()))
    assert len(theirs) > 40
    # Reference names are ours too, and one of them is a word Webflow also uses as a text ("Forbidden").
    ours = [(where, node) for where, node in walk(merged) if isinstance(node, str) and not where.endswith("/$ref")]
    assert sorted({(where, text) for text in theirs for where, node in ours if text in node}) == []


def test_the_merged_spec_has_only_the_projects_texts(merged: Doc, descriptions_pristine: Doc) -> None:
    for key in TAKEN:
        texts = descriptions_pristine[key]
        ops = {op["operationId"]: op for _, _, op in operations(part_of(merged, key))}
        assert set(ops) == set(texts["operations"])
        for op_id, op in ops.items():
            assert (op["summary"], op["description"]) == (
                texts["operations"][op_id]["summary"],
                texts["operations"][op_id]["description"],
            )
        for name, text in texts["schemas"].items():
            assert merged["components"]["schemas"][name]["description"] == text, name
    assert merged["info"]["description"] == descriptions_pristine["cms"]["info"]
    assert merged["info"]["title"] == descriptions_pristine["cms"]["title"]


def test_upstream_files_around_items_have_the_quirks_the_pass_repairs(all_pristine: dict[str, Doc]) -> None:
    # Otherwise the next test proves little.
    nodes = [node for key in TAKEN for _, node in walk(taken(key, all_pristine[key])) if isinstance(node, dict)]
    assert any(node.get("format") == "objectid" for node in nodes)
    assert any("nullable" in node for node in nodes)
    assert any("default" in node and node["default"] is None for node in nodes)
    assert any(set(node.get("properties", {})) == {"additionalProperties"} for node in nodes)
    assert any(status in ("4XX", "5XX") for _, _, op in operations(all_pristine["sites"]) for status in op["responses"])


def test_no_construct_the_generator_cannot_read_in_the_merged_spec(merged: Doc) -> None:
    for where, node in walk(merged):
        if not isinstance(node, dict):
            continue
        assert node.get("format") not in ("date-string", "objectid"), where
        assert not isinstance(node.get("items"), list), where
        assert "nullable" not in node, where
        assert not ("default" in node and node["default"] is None), where
        assert "additionalProperties" not in node.get("properties", {}), where
        assert not {"example", "examples"} & set(node), where
        assert not [k for k in node if str(k).startswith("x-")], where


def test_every_ref_of_the_merged_spec_resolves_and_every_component_is_used(merged: Doc) -> None:
    refs = {node["$ref"] for _, node in walk(merged) if isinstance(node, dict) and "$ref" in node}
    for ref in refs:
        assert isinstance(resolve(merged, ref), dict), ref
    for kind in ("schemas", "responses"):
        for name in merged["components"][kind]:
            assert f"#/components/{kind}/{name}" in refs, f"unused {kind[:-1]} {name}"


def test_every_error_status_of_the_merged_spec_is_a_shared_response(merged: Doc) -> None:
    names = {**normalize.ERROR_RESPONSES, **normalize.MORE_ERROR_RESPONSES}
    seen = set()
    for method, path, op in operations(merged):
        for status, response in op["responses"].items():
            if status[0] in "45":
                assert response == {"$ref": f"#/components/responses/{names[status]}"}, f"{method} {path} {status}"
                seen.add(status)
    assert {"403", "4XX", "5XX"} <= seen
    error_like = [
        where
        for where, node in walk(merged)
        if isinstance(node, dict) and {"code", "message", "details"} <= set(node.get("properties", {}))
    ]
    assert error_like == ["#/components/schemas/Error"]


def test_request_bodies_of_the_merged_spec_carry_no_read_only_fields_or_defaults(merged: Doc) -> None:
    schemas = merged["components"]["schemas"]
    seen: set[str] = set()

    def visit(schema: Doc) -> None:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[1]
            if name in seen:
                return
            seen.add(name)
            schema = schemas[name]
        for key in ("oneOf", "anyOf", "allOf"):
            for branch in schema.get(key, []):
                visit(branch)
        if isinstance(schema.get("items"), dict):
            visit(schema["items"])
        for name, prop in schema.get("properties", {}).items():
            assert not prop.get("readOnly"), name
            assert "default" not in prop, name
            visit(prop)

    for _, _, op in operations(merged):
        if "requestBody" in op:
            visit(op["requestBody"]["content"][JSON]["schema"])
    assert {"NewCollection", "NewOptionField", "NewFieldOption", "SitePublish", "NewWebhook"} <= seen


def test_what_the_pass_repairs_in_each_file_around_items(merged: Doc) -> None:
    schemas = merged["components"]["schemas"]
    # collections: the open map, the list bounds on the list, one field schema for every copy
    assert schemas["FieldValidations"] == {
        "type": "object",
        "additionalProperties": True,
        "description": schemas["FieldValidations"]["description"],
    }
    options = schemas["NewOptionFieldMetadata"]["properties"]["options"]
    assert (options["minItems"], options["maxItems"]) == (1, 100)
    assert "minItems" not in schemas["NewFieldOption"]
    assert schemas["Collection"]["properties"]["fields"]["items"] == {"$ref": "#/components/schemas/Field"}
    # sites: null ids' defaults gone, nullable into a null type, the wrapped 400 into the shared response
    site_id = merged["paths"]["/sites/{site_id}"]["get"]["parameters"][0]["schema"]
    assert site_id == {"type": "string", "pattern": "^[0-9a-f]{24}$"}
    assert schemas["CustomDomain"]["properties"]["lastPublished"]["type"] == ["string", "null"]
    assert schemas["Site"]["properties"]["locales"] == {"$ref": "#/components/schemas/SiteLocales"}
    publish = merged["paths"]["/sites/{site_id}/publish"]["post"]["responses"]["400"]
    assert publish == {"$ref": "#/components/responses/BadRequest"}
    # webhooks: the items file's Pagination is shared, not a second copy
    assert schemas["WebhookList"]["properties"]["pagination"] == {"$ref": "#/components/schemas/Pagination"}
    assert not [name for name in schemas if "Pagination" in name and name != "Pagination"]


def test_scopes_of_the_merged_spec_are_those_its_operations_use(merged: Doc, descriptions_pristine: Doc) -> None:
    used = {s for _, _, op in operations(merged) for req in op.get("security", []) for s in req.get("OAuth2", [])}
    scopes = merged["components"]["securitySchemes"]["OAuth2"]["flows"]["authorizationCode"]["scopes"]
    assert {"sites:read", "sites:write", "cms:read", "cms:write"} <= used
    assert scopes == {scope: descriptions_pristine["scopes"][scope] for scope in sorted(used)}


# -- drift in the files around items --------------------------------------------


def _json(op: Doc, status: str) -> Doc:
    schema: Doc = op["responses"][status]["content"][JSON]["schema"]
    return schema


def _collections_list_item(ups: dict[str, Doc]) -> str:
    item = _json(ups["collections"]["paths"]["/sites/{site_id}/collections"]["get"], "200")
    item["properties"]["collections"]["items"]["properties"]["color"] = {"type": "string"}
    return "paths./sites/{site_id}/collections.get.responses.200.collections[]"


def _collections_field_copy(ups: dict[str, Doc]) -> str:
    # The field list inside create-collection's answer is a copy of the one Field is taken from.
    body = _json(ups["collections"]["paths"]["/sites/{site_id}/collections"]["post"], "200")
    body["properties"]["fields"]["items"]["properties"]["hint"] = {"type": "string"}
    return "paths./sites/{site_id}/collections.post.responses.200.fields[]"


def _sites_renamed_property(ups: dict[str, Doc]) -> str:
    site = _json(ups["sites"]["paths"]["/sites"]["get"], "200")["properties"]["sites"]["items"]
    site["properties"]["name"] = site["properties"].pop("displayName")
    return "paths./sites.get.responses.200.sites[]"


def _sites_error_codes(ups: dict[str, Doc]) -> str:
    error = _json(ups["sites"]["paths"]["/sites/{site_id}"]["get"], "404")
    error["properties"]["code"]["enum"].append("site_gone")
    return "paths./sites/{site_id}.get.responses.404.code"


def _sites_kept_operation_gone(ups: dict[str, Doc]) -> str:
    del ups["sites"]["paths"]["/sites/{site_id}/custom_domains"]
    return "get-custom-domains"


def _webhooks_trigger_type(ups: dict[str, Doc]) -> str:
    hook = _json(ups["webhooks"]["paths"]["/sites/{site_id}/webhooks"]["post"], "201")
    hook["properties"]["triggerType"]["enum"].append("user_account_added")
    return "paths./sites/{site_id}/webhooks.post.responses.201.triggerType"


def _webhooks_pagination(ups: dict[str, Doc]) -> str:
    listing = _json(ups["webhooks"]["paths"]["/sites/{site_id}/webhooks"]["get"], "200")
    listing["properties"]["pagination"]["properties"]["cursor"] = {"type": "string"}
    return "paths./sites/{site_id}/webhooks.get.responses.200.pagination"


def _webhooks_new_status(ups: dict[str, Doc]) -> str:
    responses = ups["webhooks"]["paths"]["/webhooks/{webhook_id}"]["delete"]["responses"]
    responses["202"] = copy.deepcopy(responses["204"])
    return "paths./webhooks/{webhook_id}.delete.responses.202"


@pytest.mark.parametrize(
    ("change", "source"),
    [
        (_collections_list_item, "collections"),
        (_collections_field_copy, "collections"),
        (_sites_renamed_property, "sites"),
        (_sites_error_codes, "sites"),
        (_sites_kept_operation_gone, "sites"),
        (_webhooks_trigger_type, "webhooks"),
        (_webhooks_pagination, "webhooks"),
        (_webhooks_new_status, "webhooks"),
    ],
)
def test_drift_in_a_file_around_items_names_the_file_and_place(
    all_upstreams: dict[str, Doc], change: Callable[[dict[str, Doc]], str], source: str
) -> None:
    place = change(all_upstreams)
    with pytest.raises(SpecDriftError) as caught:
        normalize.normalize_all(all_upstreams)
    assert caught.value.source == normalize.UPSTREAM_FILES[source]
    assert place in str(caught.value)


def test_the_unchanged_files_around_items_normalize(all_upstreams: dict[str, Doc]) -> None:
    # The drift tests change one thing each; this shows it is that change that fails.
    assert len(list(operations(normalize.normalize_all(all_upstreams)))) == 32


def _schema_nodes(up: Doc, key: str) -> Iterator[tuple[str, Doc]]:
    """Every object schema in the request bodies and success responses of the operations taken from ``up``."""
    for method, path, op in operations(taken(key, up)):
        roots = [("requestBody", op["requestBody"])] if "requestBody" in op else []
        roots += [(f"responses/{s}", r) for s, r in op["responses"].items() if s.startswith("2")]
        for label, root in roots:
            for where, node in walk(root):
                # The values of the open ``validations`` map are any JSON on purpose; their shapes are not relied on.
                if isinstance(node, dict) and isinstance(node.get("properties"), dict) and "/validations/" not in where:
                    yield f"{method.upper()} {path} {label} {where}", node


@pytest.mark.parametrize("key", sorted(TAKEN))
def test_an_added_property_in_any_schema_around_items_is_drift(all_pristine: dict[str, Doc], key: str) -> None:
    places = [where for where, _ in _schema_nodes(all_pristine[key], key)]
    assert len(places) > 3
    silent = []
    for index, where in enumerate(places):
        changed = copy.deepcopy(all_pristine)
        _, node = list(_schema_nodes(changed[key], key))[index]
        node["properties"]["zzAdded"] = {"type": "string"}
        try:
            normalize.normalize_all(changed)
        except SpecDriftError:
            continue
        silent.append(where)
    assert silent == [], f"{len(silent)} of {len(places)} schemas change silently"


def test_a_schema_name_two_files_define_differently_is_drift(all_pristine: dict[str, Doc]) -> None:
    docs = {"items": normalize.normalize(copy.deepcopy(all_pristine["items"]))}
    other = copy.deepcopy(docs["items"])
    other["paths"] = {}
    other["tags"] = []
    other["components"]["schemas"] = {"Pagination": {"type": "object", "properties": {"cursor": {"type": "string"}}}}
    docs["webhooks"] = other
    with pytest.raises(SpecDriftError, match=r"components\.schemas\.Pagination: items and webhooks"):
        normalize.merge_parts(docs, normalize.load(normalize.DESCRIPTIONS))
