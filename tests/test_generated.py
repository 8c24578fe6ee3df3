"""Contract tests of src/webflow_cms/_generated against the normalized and the upstream spec.

* Every operation of openapi/webflow-cms.yaml (items, collections and fields, sites, webhooks) is called
  through ``httpx.MockTransport`` and must send the method, path, query and JSON body the spec describes, and
  parse the response the spec declares.
* Every operation the project takes from Webflow's four upstream files builds, through the generated
  ``_get_kwargs``, the method and path the upstream file declares.
* Every response example of Webflow's upstream specs must parse into the generated model of the matching
  normalized response, custom ``fieldData`` keys included, and survive ``to_dict()``.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib
import inspect
import json
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml
from openapi_python_client.strings import PythonIdentifier

from support import upstream
from webflow_cms._generated import models
from webflow_cms._generated.client import AuthenticatedClient

ROOT = Path(__file__).resolve().parents[1]
SPEC_FILE = ROOT / "openapi" / "webflow-cms.yaml"
UPSTREAM_DIR = upstream.parts_dir()  # Webflow's own file, cut into the per-area form
UPSTREAM_FILE = UPSTREAM_DIR / "webflow-items-openapi.upstream.yml"
#: The upstream files around items and the operation ids taken from each (None: all of them).
MORE_UPSTREAMS: dict[str, tuple[str, frozenset[str] | None]] = {
    "collections": ("webflow-collections-openapi.upstream.yml", None),
    "sites": (
        "webflow-sites-openapi.upstream.yml",
        frozenset({"list-sites", "get-site", "get-custom-domains", "site-publish"}),
    ),
    "webhooks": ("webflow-webhooks-openapi.upstream.yml", None),
}
PACKAGE = ROOT / "src" / "webflow_cms" / "_generated"
BASE_URL = "https://api.webflow.com/v2"
TOKEN = "t"
METHODS = ("get", "put", "post", "delete", "patch")
JSON = "application/json"
CUSTOM_FIELDS = {"color": "#db4b68", "featured": True, "rank": 3, "tags": ["a", "b"], "ref": None}

Doc = dict[str, Any]
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(path: Path) -> Doc:
    if not path.is_file():
        pytest.fail(f"{path} is missing; the vendored upstream spec is missing (see openapi/upstream/README.md)")
    doc: Doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    return doc


SPEC = _load(SPEC_FILE)


def spec_operations(doc: Doc) -> Iterator[tuple[str, str, Doc]]:
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method in METHODS:
                yield method, path, op


OPERATIONS = list(spec_operations(SPEC))
OPERATION_IDS = [op["operationId"] for _, _, op in OPERATIONS]
TAGS = {op["operationId"]: op["tags"][0] for _, _, op in OPERATIONS}


def api_module(operation_id: str) -> ModuleType:
    return importlib.import_module(f"webflow_cms._generated.api.{TAGS[operation_id]}.{operation_id.replace('-', '_')}")


def resolve(ref: str) -> Doc:
    node: Any = SPEC
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    assert isinstance(node, dict)
    return node


def deref(schema: Doc) -> Doc:
    while "$ref" in schema:
        schema = resolve(schema["$ref"])
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return deref(schema["allOf"][0])
    return schema


def model_name(schema: Doc) -> str:
    """The generated class for a ``$ref`` (or a one-element ``allOf`` around one)."""
    if "allOf" in schema:
        return model_name(schema["allOf"][0])
    return str(schema["$ref"]).rsplit("/", 1)[1]


def branches(schema: Doc) -> list[Doc]:
    """The alternatives of a body or response schema: its ``oneOf`` branches, or itself."""
    return list(schema.get("oneOf", [schema]))


def model_class(schema: Doc) -> type:
    cls: type = getattr(models, model_name(schema))
    return cls


# --------------------------------------------------------------------------
# Values built from the spec
# --------------------------------------------------------------------------


def object_id(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()[:24]


def instance(schema: Doc, variant: int = 0, seed: str = "x") -> Any:
    """A JSON value that satisfies ``schema``: every property set, ``variant`` picks among ``oneOf`` branches.

    Open objects (``additionalProperties: true``) get CUSTOM_FIELDS beyond their declared properties.
    """
    schema = deref(schema)
    for key in ("oneOf", "anyOf"):
        if key in schema:
            options = schema[key]
            return instance(options[min(variant, len(options) - 1)], variant, seed)
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = next(k for k in kind if k != "null")
    if kind == "null":
        return None
    if "enum" in schema:
        return schema["enum"][-1]
    if kind == "object":
        value = {name: instance(prop, variant, f"{seed}.{name}") for name, prop in schema.get("properties", {}).items()}
        if schema.get("additionalProperties") is True:
            value.update(CUSTOM_FIELDS)
        return value
    if kind == "array":
        return [instance(schema["items"], variant, f"{seed}[{i}]") for i in range(2)]
    if kind == "boolean":
        return not schema.get("default", False)
    if kind in ("integer", "number"):
        return 7 + len(seed)
    if schema.get("pattern") == "^[0-9a-f]{24}$":
        return object_id(seed)
    if schema.get("format") == "date-time":
        return datetime.datetime(2024, 5, 6, 7, 8, len(seed) % 60, tzinfo=datetime.UTC).isoformat()
    return f"{seed}-text"


def oneof_width(schema: Doc, seen: frozenset[str] = frozenset()) -> int:
    """How many variants are worth building: the widest ``oneOf`` reachable from ``schema``."""
    if "$ref" in schema:
        if schema["$ref"] in seen:
            return 1
        return oneof_width(resolve(schema["$ref"]), seen | {schema["$ref"]})
    width = len(schema.get("oneOf", [])) or 1
    children = [*schema.get("oneOf", []), *schema.get("allOf", []), *schema.get("properties", {}).values()]
    if isinstance(schema.get("items"), dict):
        children.append(schema["items"])
    return max([width, *(oneof_width(child, seen) for child in children)])


def argument(param: Doc, index: int) -> tuple[Any, str]:
    """A Python argument for a parameter and how it must appear on the wire."""
    schema = deref(param["schema"])
    if param["in"] == "path":
        value = object_id(param["name"])
        return value, value
    if "enum" in schema:
        return schema["enum"][-1], schema["enum"][-1]
    kind = schema["type"]
    if kind == "boolean":
        flag = not schema.get("default", False)
        return flag, str(flag).lower()
    if kind == "integer":
        return 10 + index, str(10 + index)
    if schema.get("format") == "date-time":
        moment = datetime.datetime(2024, 1, 2, 3, 4, index, tzinfo=datetime.UTC)
        return moment, moment.isoformat()
    return f"{param['name']}-{index}", f"{param['name']}-{index}"


def python_name(param: Doc) -> str:
    return str(PythonIdentifier(param["name"], prefix="field_"))


def default_on_wire(param: Doc) -> str | None:
    schema = deref(param["schema"])
    if "default" not in schema:
        return None
    default = schema["default"]
    return str(default).lower() if isinstance(default, bool) else str(default)


# --------------------------------------------------------------------------
# The mock server
# --------------------------------------------------------------------------


class Recorder:
    def __init__(self, status: int, body: Any = None) -> None:
        self.status = status
        self.body = body
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.body is None:
            return httpx.Response(self.status)
        return httpx.Response(self.status, json=self.body)

    def client(self) -> AuthenticatedClient:
        return AuthenticatedClient(base_url=BASE_URL, token=TOKEN, httpx_args={"transport": httpx.MockTransport(self)})


def success(op: Doc) -> tuple[int, Doc | None]:
    status = min(s for s in op["responses"] if s.startswith("2"))
    content = op["responses"][status].get("content")
    return int(status), (content[JSON]["schema"] if content else None)


def variants(method: str, path: str, op: Doc) -> list[int]:
    width = 1
    if "requestBody" in op:
        width = oneof_width(op["requestBody"]["content"][JSON]["schema"])
    _, schema = success(op)
    if schema is not None:
        width = max(width, oneof_width(schema))
    return list(range(width))


CALLS = [
    pytest.param(method, path, op, variant, id=f"{op['operationId']}-{variant}")
    for method, path, op in OPERATIONS
    for variant in variants(method, path, op)
]


# --------------------------------------------------------------------------
# Shape of the generated package
# --------------------------------------------------------------------------


def test_the_spec_has_operations() -> None:
    assert OPERATIONS
    assert len(set(OPERATION_IDS)) == len(OPERATION_IDS)


def test_one_api_module_per_operation_in_a_package_per_tag() -> None:
    modules = {(p.parent.name, p.stem) for p in (PACKAGE / "api").rglob("*.py") if p.name != "__init__.py"}
    assert modules == {(TAGS[op_id], op_id.replace("-", "_")) for op_id in OPERATION_IDS}
    assert {tag for tag, _ in modules} == {"items", "collections", "sites", "webhooks"}


def test_at_most_60_model_modules_one_per_schema() -> None:
    # 22 for items; the rest for collections/fields (22), sites (9) and webhooks (5), plus the few
    # inline shapes the generator names itself (ErrorDetailsItemType1, SiteDataCollectionType).
    modules = [p for p in (PACKAGE / "models").glob("*.py") if p.name != "__init__.py"]
    assert 0 < len(modules) <= 60
    for name in SPEC["components"]["schemas"]:
        assert hasattr(models, name), f"no generated model for schema {name}"


@pytest.mark.parametrize(("method", "path", "op"), [pytest.param(*o, id=o[2]["operationId"]) for o in OPERATIONS])
def test_every_parameter_is_an_argument(method: str, path: str, op: Doc) -> None:
    signature = inspect.signature(api_module(op["operationId"]).asyncio_detailed)
    names = {python_name(p) for p in op.get("parameters", [])}
    if "requestBody" in op:
        names.add("body")
    assert set(signature.parameters) - {"client"} == names
    for param in op.get("parameters", []):
        argument_ = signature.parameters[python_name(param)]
        if param["required"]:
            assert argument_.default is inspect.Parameter.empty, param["name"]
        else:
            assert argument_.kind is inspect.Parameter.KEYWORD_ONLY, param["name"]


# --------------------------------------------------------------------------
# Requests and responses on the wire
# --------------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize(("method", "path", "op", "variant"), CALLS)
async def test_operation_sends_what_the_spec_says(method: str, path: str, op: Doc, variant: int) -> None:
    status, response_schema = success(op)
    response_body = None if response_schema is None else instance(response_schema, variant, "response")
    server = Recorder(status, response_body)

    kwargs: dict[str, Any] = {}
    path_values: dict[str, str] = {}
    query: dict[str, str] = {}
    for index, param in enumerate(op.get("parameters", [])):
        value, wire = argument(param, index)
        kwargs[python_name(param)] = value
        if param["in"] == "path":
            path_values[param["name"]] = wire
        else:
            assert param["in"] == "query", param
            query[param["name"]] = wire
    body_json = None
    if "requestBody" in op:
        schema = op["requestBody"]["content"][JSON]["schema"]
        body_schema = branches(schema)[min(variant, len(branches(schema)) - 1)]
        body_json = instance(body_schema, variant, "body")
        kwargs["body"] = model_class(body_schema).from_dict(body_json)

    async with server.client() as client:
        response = await api_module(op["operationId"]).asyncio_detailed(client=client, **kwargs)

    [request] = server.requests
    assert request.method == method.upper()
    assert request.url.scheme == "https"
    assert request.url.host == "api.webflow.com"
    assert request.url.path == "/v2" + path.format(**path_values)
    assert sorted(request.url.params.multi_items()) == sorted(query.items())
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    if body_json is None:
        assert request.content == b""
    else:
        assert request.headers["content-type"] == JSON
        assert json.loads(request.content) == body_json

    assert response.status_code == status
    if response_schema is None:
        assert response.parsed is None
    else:
        expected = branches(response_schema)[min(variant, len(branches(response_schema)) - 1)]
        assert isinstance(response.parsed, model_class(expected))
        assert response.parsed.to_dict() == response_body


@pytest.mark.anyio
@pytest.mark.parametrize(("method", "path", "op"), [pytest.param(*o, id=o[2]["operationId"]) for o in OPERATIONS])
async def test_optional_parameters_left_out_send_only_spec_defaults(method: str, path: str, op: Doc) -> None:
    status, response_schema = success(op)
    server = Recorder(status, None if response_schema is None else instance(response_schema))
    kwargs: dict[str, Any] = {}
    path_values: dict[str, str] = {}
    defaults: dict[str, str] = {}
    for index, param in enumerate(op.get("parameters", [])):
        if param["required"]:
            value, wire = argument(param, index)
            kwargs[python_name(param)] = value
            path_values[param["name"]] = wire
        elif (default := default_on_wire(param)) is not None:
            defaults[param["name"]] = default
    if "requestBody" in op:
        body_schema = branches(op["requestBody"]["content"][JSON]["schema"])[0]
        kwargs["body"] = model_class(body_schema).from_dict(instance(body_schema))

    async with server.client() as client:
        await api_module(op["operationId"]).asyncio_detailed(client=client, **kwargs)

    [request] = server.requests
    assert request.url.path == "/v2" + path.format(**path_values)
    assert dict(request.url.params.multi_items()) == defaults


@pytest.mark.anyio
async def test_a_deep_object_filter_goes_out_bracketed() -> None:
    # The upstream's ``lastPublished`` deepObject, as the server reads it: lastPublished[lte]=...&lastPublished[gte]=...
    method, _, op = next(o for o in OPERATIONS if any("[" in p["name"] for p in o[2].get("parameters", [])))
    status, response_schema = success(op)
    assert response_schema is not None
    server = Recorder(status, instance(response_schema))
    lte = datetime.datetime(2024, 2, 1, tzinfo=datetime.UTC)
    gte = datetime.datetime(2024, 1, 1, 12, 30, tzinfo=datetime.UTC)
    async with server.client() as client:
        await api_module(op["operationId"]).asyncio_detailed(
            "0" * 24, client=client, last_publishedlte=lte, last_publishedgte=gte, sort_by="lastPublished"
        )
    [request] = server.requests
    assert method == "get"
    raw_query = request.url.query.decode()
    assert "lastPublished%5Blte%5D=2024-02-01T00%3A00%3A00%2B00%3A00" in raw_query
    assert request.url.params["lastPublished[gte]"] == "2024-01-01T12:30:00+00:00"
    assert request.url.params["sortBy"] == "lastPublished"


# --------------------------------------------------------------------------
# Upstream examples parse into the generated models
# --------------------------------------------------------------------------


def taken_upstream_operations() -> Iterator[tuple[str, str, Doc]]:
    """The operations of the four upstream files that the normalized spec takes, as Webflow wrote them."""
    yield from spec_operations(_load(UPSTREAM_FILE))
    for name, kept in MORE_UPSTREAMS.values():
        for method, path, op in spec_operations(_load(UPSTREAM_DIR / name)):
            if kept is None or op["operationId"] in kept:
                yield method, path, op


def upstream_examples() -> list[tuple[str, str, str, str, Any]]:
    """(method, path, status, where, value) for every whole-body response example in the upstream specs.

    A body example sits on the media type (``example``, ``examples.<name>.value``), on the response schema
    (``schema.example``) or on one of its ``oneOf``/``anyOf`` branches. Examples of single properties are
    not bodies and are left out.
    """
    found = []
    for method, path, op in taken_upstream_operations():
        for status, response in op["responses"].items():
            for media_type, content in response.get("content", {}).items():
                where = f"{status} {media_type}"
                if "example" in content:
                    found.append((method, path, status, f"{where} example", content["example"]))
                for name, example in content.get("examples", {}).items():
                    found.append((method, path, status, f"{where} examples.{name}", example["value"]))
                schema = content.get("schema", {})
                if "example" in schema:
                    found.append((method, path, status, f"{where} schema.example", schema["example"]))
                for key in ("oneOf", "anyOf"):
                    for index, branch in enumerate(schema.get(key, [])):
                        if "example" in branch:
                            found.append((method, path, status, f"{where} schema.{key}[{index}]", branch["example"]))
    return found


EXAMPLES = upstream_examples()
SUCCESS_EXAMPLES = [e for e in EXAMPLES if e[2].startswith("2")]
ERROR_EXAMPLES = [e for e in EXAMPLES if e[2][0] in "45"]


def _example_id(example: tuple[str, str, str, str, Any]) -> str:
    method, path, _, where, _ = example
    return f"{method.upper()} {path} {where}"


def normalized_response(method: str, path: str, status: str) -> Doc:
    response: Doc = SPEC["paths"][path][method]["responses"][status]
    if "$ref" in response:
        response = resolve(response["$ref"])
    return response


def parse(method: str, path: str, status: str, example: Any) -> Any:
    """The example as the generated client would parse it from that operation's response."""
    module = api_module(SPEC["paths"][path][method]["operationId"])
    client = AuthenticatedClient(base_url=BASE_URL, token=TOKEN, raise_on_unexpected_status=True)
    # A status range (``4XX``) stands for any status in it that no other entry names.
    code = int(status.replace("XX", "99"))
    return module._parse_response(client=client, response=httpx.Response(code, json=example))


_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def same_instant(value: Any) -> Any:
    """``value`` with timestamps as datetimes: ``...Z`` and ``...+00:00`` are the same instant."""
    if isinstance(value, dict):
        return {k: same_instant(v) for k, v in value.items()}
    if isinstance(value, list):
        return [same_instant(v) for v in value]
    if isinstance(value, str) and _TIMESTAMP.match(value):
        return datetime.datetime.fromisoformat(value)
    return value


def field_data_dicts(value: Any) -> list[dict[str, Any]]:
    """Every ``fieldData`` object in a JSON value, in document order."""
    found: list[dict[str, Any]] = []
    if isinstance(value, dict):
        for key, child in value.items():
            if key == "fieldData" and isinstance(child, dict):
                found.append(child)
            else:
                found += field_data_dicts(child)
    elif isinstance(value, list):
        for child in value:
            found += field_data_dicts(child)
    return found


def field_data_models(value: Any) -> list[Any]:
    """Every generated FieldData/FieldDataUpdate object reachable from a parsed model, in document order."""
    if isinstance(value, models.FieldData | models.FieldDataUpdate):
        return [value]
    if isinstance(value, list):
        return [found for child in value for found in field_data_models(child)]
    if hasattr(value, "__attrs_attrs__"):
        return [found for a in value.__attrs_attrs__ for found in field_data_models(getattr(value, a.name))]
    return []


def test_the_upstream_has_examples() -> None:
    assert SUCCESS_EXAMPLES, "no 2xx example found in the upstream spec"
    assert ERROR_EXAMPLES, "no error example found in the upstream spec"
    assert {(m, p) for m, p, *_ in SUCCESS_EXAMPLES} <= {(m, p) for m, p, _ in OPERATIONS}
    custom = {k for e in SUCCESS_EXAMPLES for fd in field_data_dicts(e[4]) for k in fd} - {"name", "slug"}
    assert custom, "no example carries a custom fieldData key; the round-trip test would prove nothing"


#: Upstream examples of a response that show the request body instead (items without ids or
#: timestamps). They are checked to be exactly that: they parse as the request model.
REQUEST_SHAPED = {
    "POST /collections/{collection_id}/items 202 application/json examples.MultipleItems": "NewCollectionItemBatch",
    "POST /sites/{site_id}/collections 200 application/json example": "NewCollection",
}


def keys(value: Any) -> set[str]:
    """Every object key anywhere in a JSON value."""
    if isinstance(value, dict):
        return set(value).union(*(keys(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(keys(v) for v in value))
    return set()


@pytest.mark.parametrize("example", SUCCESS_EXAMPLES, ids=_example_id)
def test_success_example_parses_into_the_generated_model(example: tuple[str, str, str, str, Any]) -> None:
    method, path, status, _, value = example
    if _example_id(example) in REQUEST_SHAPED:
        request_model = getattr(models, REQUEST_SHAPED[_example_id(example)])
        assert "id" not in keys(value)
        assert request_model.from_dict(value).to_dict() == value
        return
    schema = normalized_response(method, path, status)["content"][JSON]["schema"]
    expected = tuple(model_class(branch) for branch in branches(schema))
    try:
        parsed = parse(method, path, status, value)
    except (KeyError, TypeError, ValueError) as exc:
        names = [cls.__name__ for cls in expected]
        pytest.fail(f"{_example_id(example)} does not parse into the normalized response {names}: {exc!r}")
    assert isinstance(parsed, expected)

    # Nothing is lost: the model writes back what it read (timestamps compared as instants).
    assert same_instant(parsed.to_dict()) == same_instant(value)

    # Custom fields land in additional_properties, and come back out of to_dict() unchanged.
    sent = field_data_dicts(value)
    objects = field_data_models(parsed)
    assert len(objects) == len(sent)
    for original, obj in zip(sent, objects, strict=True):
        declared = {"name", "slug"}
        assert obj.additional_properties == {k: v for k, v in original.items() if k not in declared}
        assert obj.to_dict() == original
    assert field_data_dicts(parsed.to_dict()) == sent


@pytest.mark.parametrize("example", ERROR_EXAMPLES, ids=_example_id)
def test_error_example_parses_into_error(example: tuple[str, str, str, str, Any]) -> None:
    method, path, status, _, value = example
    schema = normalized_response(method, path, status)["content"][JSON]["schema"]
    assert model_name(schema) == "Error"
    parsed = parse(method, path, status, value)
    assert isinstance(parsed, models.Error)
    assert parsed.to_dict() == value
    if "code" in value:
        assert parsed.code == value["code"]


# --------------------------------------------------------------------------
# The operations around items, against Webflow's own files
# --------------------------------------------------------------------------

_ITEM_PATHS = {path for _, path, _ in spec_operations(_load(UPSTREAM_FILE))}
AROUND_ITEMS = [
    pytest.param(method, path, op, id=op["operationId"])
    for method, path, op in taken_upstream_operations()
    if path not in _ITEM_PATHS
]


def test_the_operations_around_items_are_those_the_project_takes() -> None:
    ids = {param.values[2]["operationId"].lower() for param in AROUND_ITEMS}
    assert ids == {
        *("list-collections", "create-collection", "collection-details", "delete-collection"),
        *("create-field", "update-field", "delete-field"),
        *("list-sites", "get-site", "get-custom-domains", "site-publish"),
        *("list-webhooks", "create-webhook", "get-webhook", "remove-webhook"),
    }


@pytest.mark.parametrize(("method", "path", "op"), AROUND_ITEMS)
def test_each_operation_around_items_is_generated_with_its_functions(method: str, path: str, op: Doc) -> None:
    module = api_module(op["operationId"].lower())
    assert module.__name__.split(".")[-2] in {"collections", "sites", "webhooks"}
    for name in ("sync", "sync_detailed", "asyncio", "asyncio_detailed", "_get_kwargs", "_parse_response"):
        assert callable(getattr(module, name, None)), f"{module.__name__}.{name}"


@pytest.mark.parametrize(("method", "path", "op"), AROUND_ITEMS)
def test_get_kwargs_builds_the_upstream_method_and_path(method: str, path: str, op: Doc) -> None:
    normalized = SPEC["paths"][path][method]
    module = api_module(normalized["operationId"])
    values = {p["name"]: object_id(p["name"]) for p in op.get("parameters", []) if p["in"] == "path"}
    assert values == {name[1:-1]: object_id(name[1:-1]) for name in re.findall(r"\{[a-z_]+\}", path)}
    kwargs: dict[str, Any] = dict(values)
    if "requestBody" in normalized:
        body_schema = branches(normalized["requestBody"]["content"][JSON]["schema"])[0]
        kwargs["body"] = model_class(body_schema).from_dict(instance(body_schema))
    built = module._get_kwargs(**kwargs)
    assert built["method"] == method
    assert built["url"] == path.format(**values)
    assert ("json" in built) == ("requestBody" in op)
