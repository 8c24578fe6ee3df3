"""Every response example of Webflow's upstream Items spec, held against the SDK and the emulator.

The upstream file (``openapi/upstream/older/webflow-items-openapi.upstream.yml``, as Webflow publishes it) is
read at test time; nothing of it is copied here. Three kinds of cases:

* each 2xx example is answered by an ``httpx.MockTransport`` to the public SDK call made for that
  operation (``wf.items(cid).list()``, ``.get()``, ``.create_many()``, ``.update_many()``,
  ``.publish()``); the SDK must return typed items whose custom ``fieldData`` keys are kept exactly, or
  raise a typed ``WebflowError`` (upstream's echoed ``MultipleItems`` create example has no ids) -- never
  a bare ``KeyError``/``TypeError``/``ValueError``/``AttributeError``;
* each 4xx/5xx example becomes the typed error of its status through ``error_from_response``, with its
  ``code`` (whatever it is, even ``not_authorized`` inside a 400) and ``message`` kept as they are;
* each documented error situation the emulator can produce answers the status and ``code`` of upstream's
  example for that operation and status.

Examples come in three places: ``example:`` and ``examples: {name: {value: ...}}`` under
``responses/<status>/content/application/json``, and ``example`` on that response's schema. A
schema-level example that repeats a media-level one is skipped; upstream's schema-level error examples
(``not_authorized`` under every status) differ from the media-level ones and are cases of their own.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import yaml

from support import upstream
from webflow_cms import (
    AsyncWebflowCMS,
    AuthenticationError,
    ConflictError,
    Item,
    Items,
    ItemStatus,
    NotFoundError,
    PermissionDeniedError,
    RateLimit,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
    ValidationError,
    WebflowError,
)
from webflow_cms.errors import APIError, error_from_response
from webflow_cms_emulator import RunningEmulator, serving

UPSTREAM = upstream.part("items")  # Webflow's own file's items part
# yaml.safe_load's loader, in its C build where PyYAML has one (1.3 s -> 0.15 s for this file).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DOC: dict[str, Any] = yaml.load(UPSTREAM.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
SERVER = DOC["servers"][0]["url"]
METHODS = ("get", "put", "post", "patch", "delete")


@pytest.fixture
def anyio_backend() -> str:
    """The SDK runs under trio too (tests/test_*.py); here one loop is enough."""
    return "asyncio"


# --------------------------------------------------------------------------
# The upstream file, read
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    spec: dict[str, Any]

    @property
    def pattern(self) -> re.Pattern[str]:
        """The path as a regular expression over the request path (server prefix included)."""
        prefix = httpx.URL(SERVER).path.rstrip("/")
        return re.compile(re.escape(prefix) + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(self.path)) + "$")

    def matches(self, request: httpx.Request) -> bool:
        return request.method == self.method and self.pattern.match(request.url.path) is not None

    def response(self, status: int) -> dict[str, Any] | None:
        found: dict[str, Any] | None = self.spec["responses"].get(str(status))
        return found

    def example(self, status: int) -> dict[str, Any] | None:
        """The media-level example upstream gives for this status (the one an API call would show)."""
        media = ((self.response(status) or {}).get("content") or {}).get("application/json") or {}
        if "example" in media:
            value: dict[str, Any] = media["example"]
            return value
        for named in (media.get("examples") or {}).values():
            return dict(named["value"])
        return None

    def code_enum(self, status: int) -> list[str]:
        media = ((self.response(status) or {}).get("content") or {}).get("application/json") or {}
        codes: list[str] = media.get("schema", {}).get("properties", {}).get("code", {}).get("enum", [])
        return codes

    @property
    def has_body(self) -> bool:
        return "requestBody" in self.spec

    def __str__(self) -> str:
        return self.operation_id


def _operations() -> list[Operation]:
    out = []
    for path, item in DOC["paths"].items():
        for method in METHODS:
            spec = item.get(method)
            if isinstance(spec, dict):
                out.append(Operation(spec["operationId"], method.upper(), path, spec))
    return out


OPERATIONS = _operations()
BY_ID = {op.operation_id: op for op in OPERATIONS}


@dataclass(frozen=True)
class Example:
    operation: Operation
    status: int
    name: str
    value: Any

    @property
    def id(self) -> str:
        return f"{self.operation.operation_id} {self.status} {self.name}"


def _examples() -> Iterator[Example]:
    for op in OPERATIONS:
        for status, response in op.spec["responses"].items():
            media = (response.get("content") or {}).get("application/json") or {}
            found: list[Example] = []
            if "example" in media:
                found.append(Example(op, int(status), "example", media["example"]))
            for name, named in (media.get("examples") or {}).items():
                found.append(Example(op, int(status), name, named["value"]))
            schema = media.get("schema") or {}
            if "example" in schema and all(schema["example"] != e.value for e in found):
                found.append(Example(op, int(status), "schema-example", schema["example"]))
            yield from found


EXAMPLES = list(_examples())
SUCCESS = [e for e in EXAMPLES if 200 <= e.status < 300]
ERRORS = [e for e in EXAMPLES if e.status >= 400]


def _path_example(name: str) -> str:
    """The example upstream gives for a path parameter (a collection id that looks real)."""
    for op in OPERATIONS:
        for param in op.spec.get("parameters", []):
            if param.get("name") == name and param.get("in") == "path" and "example" in param:
                return str(param["example"])
    raise AssertionError(f"upstream gives no example for the path parameter {name}")


COLLECTION_ID = _path_example("collection_id")


def test_the_upstream_file_is_what_this_suite_expects() -> None:
    """16 item operations and the overlay's Create Items, and a response example for every documented
    status that has a body (Create Items has none yet)."""
    assert len(OPERATIONS) == 17
    assert len(SUCCESS) >= 16
    assert len(ERRORS) >= 16 * 5
    # Every operation whose 2xx answer carries a body is driven through the SDK below.
    with_body = {e.operation.operation_id for e in SUCCESS}
    assert with_body == set(DRIVERS), with_body ^ set(DRIVERS)


# --------------------------------------------------------------------------
# 2xx examples through the public SDK
# --------------------------------------------------------------------------


class UpstreamMock:
    """Answers the operation under test with its example; a list (the SDK's look-up by slug) with nothing."""

    def __init__(self, example: Example) -> None:
        self.example = example
        self.seen: list[str] = []
        self.list_op = BY_ID["list-collection-items"]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(f"{request.method} {request.url.path}")
        if self.example.operation.matches(request):
            return httpx.Response(self.example.status, json=self.example.value)
        if self.list_op.matches(request):
            offset = int(request.url.params.get("offset", 0))
            limit = int(request.url.params.get("limit", 100))
            return httpx.Response(200, json={"items": [], "pagination": {"offset": offset, "limit": limit, "total": 0}})
        raise AssertionError(
            f"the SDK sent {request.method} {request.url.path}, which {self.example.id} does not answer"
        )

    @property
    def hit(self) -> bool:
        return any(self.example.operation.pattern.match(s.split(" ", 1)[1]) for s in self.seen)


def _client(mock: UpstreamMock) -> AsyncWebflowCMS:
    http = httpx.AsyncClient(transport=httpx.MockTransport(mock))
    # Webflow's file has examples for /items and /items/bulk, none yet for Create Items (/items/insert).
    return AsyncWebflowCMS(
        "upstream-examples", base_url=SERVER, http_client=http, rate_limit=RateLimit(10_000, 1), create_via="items"
    )


def assert_item(item: Item, wire: dict[str, Any]) -> None:
    """The SDK's item holds exactly what the wire object says, custom fieldData keys included."""
    assert isinstance(item, Item)
    assert item.id == wire["id"]
    assert item.fields == wire["fieldData"]
    assert item.field_data.to_dict() == wire["fieldData"]
    assert (item.name, item.slug) == (wire["fieldData"]["name"], wire["fieldData"]["slug"])
    if "cmsLocaleId" in wire:
        assert item.cms_locale_id == wire["cmsLocaleId"]
    assert item.is_draft == wire.get("isDraft", item.is_draft)
    assert item.is_archived == wire.get("isArchived", item.is_archived)
    published = wire["lastPublished"]
    assert item.last_published == (None if published is None else datetime.datetime.fromisoformat(published))
    assert item.created_on == datetime.datetime.fromisoformat(wire["createdOn"])
    assert isinstance(item.status, ItemStatus)


def _entries(value: Any) -> list[dict[str, Any]]:
    """The item objects of an answer: its `items`, or the answer itself when it is one item."""
    if isinstance(value, dict) and "items" in value:
        return list(value["items"])
    return [value]


Driver = Callable[[Items, Any], Awaitable[None]]


async def _list(items: Items, value: Any, *, live: bool) -> None:
    page = await items.list(live=live)
    assert len(page.items) == len(value["items"])
    for item, wire in zip(page.items, value["items"], strict=True):
        assert_item(item, wire)
    pagination = value["pagination"]
    assert (page.offset, page.limit, page.total) == (pagination["offset"], pagination["limit"], pagination["total"])


async def _get(items: Items, value: Any, *, live: bool) -> None:
    assert_item(await items.get(value["id"], live=live), value)


async def _create(items: Items, value: Any, *, live: bool) -> None:
    """Create the example's items (by their fieldData); the SDK reads the answer it gets back."""
    entries = _entries(value)
    docs = [{"fieldData": dict(entry["fieldData"])} for entry in entries]
    job = items.create_many(docs, live=live)
    result = await job
    by_index = {s.index: s for s in result.succeeded}
    for index, entry in enumerate(entries):
        if "id" in entry:
            record = by_index[index]
            assert (record.action, record.id) == ("created", entry["id"])
            assert record.item is not None
            assert_item(record.item, entry)
        else:
            # Upstream's echo of the request: created, but the answer does not say as what. The
            # SDK looks the item up by slug (the mock finds nothing) and reports why it cannot tell.
            assert index in result.unknown, result
            assert isinstance(job.unknown_reasons[index], UnexpectedResponseError)
            with pytest.raises(UnexpectedResponseError):
                Item.from_wire(entry)
    # The single-item call: the item, or the typed error.
    if "id" in entries[0]:
        assert_item(await items.create(docs[0], live=live), entries[0])
    else:
        with pytest.raises(UnexpectedResponseError):
            await items.create(docs[0], live=live)


async def _create_in_locales(items: Items, value: Any) -> None:
    """POST /items/bulk: each item created in every locale of the answer; the first locale's variant is reported."""
    entries = _entries(value)
    locales = list(dict.fromkeys(e["cmsLocaleId"] for e in entries))
    firsts = {e["id"]: e for e in reversed(entries) if e["cmsLocaleId"] == locales[0]}
    ordered = list(dict.fromkeys(e["id"] for e in entries))
    docs = [{"fieldData": dict(firsts[item_id]["fieldData"])} for item_id in ordered]
    result = await items.create_many(docs, cms_locale_ids=locales)
    assert result.ok, result
    for record in sorted(result.succeeded, key=lambda s: s.index):
        wire = firsts[ordered[record.index]]
        assert record.id == wire["id"]
        assert record.item is not None
        assert_item(record.item, wire)


async def _update(items: Items, value: Any, *, live: bool) -> None:
    """Send the example's items back as changes; each change's result is its own (id, locale) variant."""
    entries = _entries(value)
    changes = [{"id": e["id"], "cmsLocaleId": e["cmsLocaleId"], "fieldData": dict(e["fieldData"])} for e in entries]
    result = await items.update_many(changes, live=live)
    assert result.ok, result
    for record in sorted(result.succeeded, key=lambda s: s.index):
        assert record.item is not None
        assert_item(record.item, entries[record.index])


async def _not_called(items: Items, value: Any) -> None:
    """An operation the SDK never calls (its single-item PATCH goes through the bulk PATCH): the item parser."""
    assert_item(Item.from_wire(value), value)


async def _publish(items: Items, value: Any) -> None:
    """Publish the published ids and the ids the errors name: each lands in succeeded or failed."""
    published = list(value["publishedItemIds"])
    named = [i for error in value["errors"] for i in re.findall(r"\b[0-9a-f]{24}\b", error) if i not in published]
    assert named, "upstream's publish example names an item in its errors"
    result = await items.publish([*published, *named])
    assert sorted(s.id for s in result.succeeded if s.action == "published") == sorted(published)
    failed = {str(f.input): f.error for f in result.failed}
    assert sorted(failed) == sorted(named)
    for item_id, error in failed.items():
        assert isinstance(error, WebflowError)
        assert any(error_text in str(error) for error_text in value["errors"] if item_id in error_text)


DRIVERS: dict[str, Driver] = {
    "list-collection-items": lambda items, value: _list(items, value, live=False),
    "list-collection-items-live": lambda items, value: _list(items, value, live=True),
    "Get-Item": lambda items, value: _get(items, value, live=False),
    "get-item-live": lambda items, value: _get(items, value, live=True),
    "create-item": lambda items, value: _create(items, value, live=False),
    "create-item-live": lambda items, value: _create(items, value, live=True),
    "create-items": _create_in_locales,
    "update-items": lambda items, value: _update(items, value, live=False),
    "update-items-live": lambda items, value: _update(items, value, live=True),
    "update-item": _not_called,
    "update-item-live": _not_called,
    "publish-item": _publish,
}
NOT_CALLED_BY_SDK = {"update-item", "update-item-live"}


@pytest.mark.anyio
@pytest.mark.parametrize("example", SUCCESS, ids=[e.id for e in SUCCESS])
async def test_success_example_reads_into_sdk_types(example: Example) -> None:
    mock = UpstreamMock(example)
    async with _client(mock) as wf:
        try:
            await DRIVERS[example.operation.operation_id](wf.items(COLLECTION_ID), example.value)
        except WebflowError:
            raise  # a typed error the driver did not expect: fails the test with its message
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            pytest.fail(f"{example.id}: the SDK raised a bare {type(exc).__name__}: {exc}")
    if example.operation.operation_id not in NOT_CALLED_BY_SDK:
        assert mock.hit, f"the SDK never called {example.operation.method} {example.operation.path}: {mock.seen}"


@pytest.mark.anyio
async def test_echoed_create_is_recovered_by_the_slug_look_up() -> None:
    """Upstream's MultipleItems create example has no ids; a look-up that finds the slugs settles them.

    The look-up is answered with upstream's own list example, whose items carry the same slugs.
    """
    echo = next(e for e in SUCCESS if e.id == "create-item 202 MultipleItems")
    listed = next(e.value for e in SUCCESS if e.operation.operation_id == "list-collection-items")
    by_slug = {i["fieldData"]["slug"]: i for i in listed["items"]}
    assert {e["fieldData"]["slug"] for e in echo.value["items"]} <= set(by_slug)

    def answer(request: httpx.Request) -> httpx.Response:
        if echo.operation.matches(request):
            return httpx.Response(202, json=echo.value)
        slug = request.url.params.get("slug")
        found = [by_slug[slug]] if slug else list(by_slug.values())
        return httpx.Response(
            200, json={"items": found, "pagination": {"offset": 0, "limit": 100, "total": len(found)}}
        )

    http = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    async with AsyncWebflowCMS("t", base_url=SERVER, http_client=http, rate_limit=RateLimit(10_000, 1)) as wf:
        docs = [{"fieldData": e["fieldData"]} for e in echo.value["items"]]
        result = await wf.items(COLLECTION_ID).create_many(docs)
    assert result.ok, result
    for record in result.succeeded:
        wire = by_slug[docs[record.index]["fieldData"]["slug"]]
        assert record.item is not None
        assert_item(record.item, wire)


# --------------------------------------------------------------------------
# 4xx/5xx examples through error_from_response
# --------------------------------------------------------------------------

#: The SDK's error class per status (README, "Errors").
ERROR_CLASSES: dict[int, type[APIError]] = {
    400: ValidationError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}


def error_class(status: int) -> type[APIError]:
    return ServerError if status >= 500 else ERROR_CLASSES[status]


@pytest.mark.parametrize("example", ERRORS, ids=[e.id for e in ERRORS])
def test_error_example_becomes_its_typed_error(example: Example) -> None:
    value = example.value
    error = error_from_response(example.status, json.dumps(value).encode())
    assert type(error) is error_class(example.status)
    assert error.status == example.status
    assert error.code == value.get("code")  # kept as it is, even when it does not match the status
    assert error.message == value["message"]
    assert error.details == value.get("details", [])
    assert error.request_id == value.get("externalReference")
    assert value["message"] in str(error)


# --------------------------------------------------------------------------
# Documented error situations, produced by the emulator
# --------------------------------------------------------------------------

FULL_TOKEN = "conformance-full"
READ_ONLY_TOKEN = "ro"
MISSING_ID = "b" * 24  # well-formed, never created
MISSING_COLLECTION = "c" * 24


@dataclass(frozen=True)
class Setup:
    emu: RunningEmulator
    http: httpx.Client  # no token of its own: each request names one
    collection_id: str
    draft_id: str  # never published
    primary_locale: str


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    """One plain client for the module (building one loads the CA bundle: a third of a second here)."""
    with httpx.Client(timeout=10) as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def emulator(http: httpx.Client) -> Iterator[Setup]:
    with serving(rate_limit="1000000/1", tokens=[FULL_TOKEN, f"{READ_ONLY_TOKEN}:cms:read"]) as emu:
        auth = bearer(FULL_TOKEN)
        body = {"displayName": "Conformance", "singularName": "Conformance", "slug": "conformance"}
        collection = http.post(f"{emu.url}/sites/{emu.site_id}/collections", json=body, headers=auth)
        assert collection.status_code == 200, collection.text
        collection_id = collection.json()["id"]
        draft = http.post(f"{emu.url}/collections/{collection_id}/items", json=_new("draft"), headers=auth)
        assert draft.status_code == 202, draft.text
        site = http.get(f"{emu.url}/sites/{emu.site_id}", headers=auth).json()
        yield Setup(emu, http, collection_id, draft.json()["id"], site["locales"]["primary"]["cmsLocaleId"])


@pytest.fixture(scope="module")
def limited() -> Iterator[RunningEmulator]:
    """One request a minute, one token per operation (so each case starts with a full bucket)."""
    with serving(rate_limit="1/60", tokens=[f"limited-{op}" for op in OPERATIONS]) as emu:
        yield emu


_serial = iter(range(1_000_000))


def _new(tag: str) -> dict[str, Any]:
    n = next(_serial)
    return {"fieldData": {"name": f"{tag} {n}", "slug": f"{tag}-{n}"}}


def valid_body(op: Operation, item_id: str, locale: str) -> Any:
    """A body the operation accepts (for an existing `item_id`); None for operations without one."""
    by_op: dict[str, Callable[[], Any]] = {
        "create-item": lambda: _new("create"),
        "create-item-live": lambda: _new("create-live"),
        "create-items": lambda: {"cmsLocaleIds": [locale], "fieldData": _new("bulk")["fieldData"]},
        "insert-items": lambda: {"items": [{"cmsLocaleIds": [locale], "fieldData": _new("insert")["fieldData"]}]},
        "update-items": lambda: {"items": [{"id": item_id, "fieldData": {"name": "Renamed"}}]},
        "update-items-live": lambda: {"items": [{"id": item_id, "fieldData": {"name": "Renamed"}}]},
        "update-item": lambda: {"fieldData": {"name": "Renamed"}},
        "update-item-live": lambda: {"fieldData": {"name": "Renamed"}},
        "delete-items": lambda: {"items": [{"id": item_id}]},
        "delete-items-live": lambda: {"items": [{"id": item_id}]},
        "publish-item": lambda: {"itemIds": [item_id]},
    }
    assert (op.operation_id in by_op) == op.has_body, f"{op}: request body table out of step with upstream"
    return by_op[op.operation_id]() if op.has_body else None


def call(
    http: httpx.Client,
    emu: RunningEmulator,
    token: str,
    op: Operation,
    collection_id: str,
    item_id: str,
    body: Any = None,
    *,
    raw: bytes | None = None,
) -> httpx.Response:
    """The operation's request (its upstream method and path) with `token`."""
    url = emu.url + op.path.replace("{collection_id}", collection_id).replace("{item_id}", item_id)
    if raw is not None:
        headers = {**bearer(token), "Content-Type": "application/json"}
        return http.request(op.method, url, content=raw, headers=headers)
    return http.request(op.method, url, json=body, headers=bearer(token))


def call_as(setup: Setup, token: str, op: Operation, collection_id: str, item_id: str, **kwargs: Any) -> httpx.Response:
    return call(setup.http, setup.emu, token, op, collection_id, item_id, **kwargs)


def assert_answer(response: httpx.Response, op: Operation, status: int) -> dict[str, Any]:
    """The status and `code` of upstream's example for (operation, status); the body in Webflow's error shape."""
    expected = op.example(status)
    assert expected is not None, f"upstream has no {status} example for {op}"
    body: dict[str, Any] = response.json()
    assert response.status_code == status, body
    assert set(body) == {"code", "message", "externalReference", "details"}
    assert body["code"] == expected.get("code"), f"{op} {status}: upstream's example says {expected}"
    assert type(error_from_response(status, response.content)) is error_class(status)
    return body


def _with(status: int) -> list[Operation]:
    return [op for op in OPERATIONS if op.example(status) is not None]


ITEM_SCOPED = [
    op
    for op in _with(404)
    if "{item_id}" in op.path
    or op.operation_id in ("update-items", "update-items-live", "delete-items", "delete-items-live")
]
WRITES = [op for op in OPERATIONS if op.method != "GET"]
NEVER_PUBLISHED = [op for op in _with(409) if "never been published" in (op.example(409) or {}).get("message", "")]


@pytest.mark.parametrize("op", _with(401), ids=str)
def test_unknown_token_is_401(emulator: Setup, op: Operation) -> None:
    body = valid_body(op, emulator.draft_id, emulator.primary_locale)
    response = call_as(emulator, "not-a-token", op, emulator.collection_id, emulator.draft_id, body=body)
    assert_answer(response, op, 401)


@pytest.mark.parametrize("op", _with(429), ids=str)
def test_second_request_over_the_limit_is_429(http: httpx.Client, limited: RunningEmulator, op: Operation) -> None:
    token = f"limited-{op}"
    assert http.get(f"{limited.url}/sites", headers=bearer(token)).status_code == 200  # the one request of the minute
    response = call(http, limited, token, op, MISSING_COLLECTION, MISSING_ID, valid_body(op, MISSING_ID, "x"))
    assert_answer(response, op, 429)
    assert int(response.headers["Retry-After"]) >= 1
    for header in (op.response(429) or {}).get("headers", {}):  # upstream: X-RateLimit-Remaining, -Limit
        assert header in response.headers, header
    assert response.headers["X-RateLimit-Remaining"] == "0"


@pytest.mark.parametrize("op", _with(404), ids=str)
def test_missing_collection_is_404(emulator: Setup, op: Operation) -> None:
    # Upstream's 404 example of every operation says `resource_not_found`; its code enum also lists
    # collection_not_found, but no example uses it. Decided by the examples.
    body = valid_body(op, MISSING_ID, emulator.primary_locale)
    assert_answer(call_as(emulator, FULL_TOKEN, op, MISSING_COLLECTION, MISSING_ID, body=body), op, 404)


@pytest.mark.parametrize("op", ITEM_SCOPED, ids=str)
def test_missing_item_is_404(emulator: Setup, op: Operation) -> None:
    body = valid_body(op, MISSING_ID, emulator.primary_locale)
    answer = assert_answer(call_as(emulator, FULL_TOKEN, op, emulator.collection_id, MISSING_ID, body=body), op, 404)
    assert answer["details"] == (op.example(404) or {})["details"]  # [] in upstream's examples


def test_publishing_a_missing_item_is_a_202_naming_it_in_errors(emulator: Setup) -> None:
    # Upstream's publish-item 202 example: published ids, and an error string naming the id that was not.
    op = BY_ID["publish-item"]
    example = op.example(202) or {}
    assert set(example) == {"publishedItemIds", "errors"}
    created = call_as(emulator, FULL_TOKEN, BY_ID["create-item"], emulator.collection_id, "", body=_new("pub")).json()
    body = {"itemIds": [created["id"], MISSING_ID]}
    response = call_as(emulator, FULL_TOKEN, op, emulator.collection_id, "", body=body)
    assert response.status_code == 202
    answer = response.json()
    assert set(answer) == set(example)
    assert answer["publishedItemIds"] == [created["id"]]
    assert len(answer["errors"]) == 1
    assert MISSING_ID in answer["errors"][0]


@pytest.mark.parametrize("op", [op for op in _with(400) if op.has_body], ids=str)
def test_malformed_body_is_400(emulator: Setup, op: Operation) -> None:
    # Upstream's 400 example: `bad_request`, "Bad Request: Request is malformed".
    response = call_as(emulator, FULL_TOKEN, op, emulator.collection_id, emulator.draft_id, raw=b'{"items": [')
    assert_answer(response, op, 400)


@pytest.mark.parametrize("op", [op for op in _with(400) if op.has_body], ids=str)
def test_invalid_body_is_400_with_a_documented_code(emulator: Setup, op: Operation) -> None:
    # Well-formed JSON of the wrong shape. Upstream shows only the malformed case (bad_request); the code
    # must be one of the 400 response's code enum (the emulator says validation_error, which is listed).
    body = [{"fieldData": 1}]
    response = call_as(emulator, FULL_TOKEN, op, emulator.collection_id, emulator.draft_id, body=body)
    assert response.status_code == 400
    assert response.json()["code"] in op.code_enum(400)
    assert isinstance(error_from_response(400, response.content), ValidationError)


@pytest.mark.parametrize("op", NEVER_PUBLISHED, ids=str)
def test_live_patch_of_a_never_published_item_is_409(emulator: Setup, op: Operation) -> None:
    body = valid_body(op, emulator.draft_id, emulator.primary_locale)
    response = call_as(emulator, FULL_TOKEN, op, emulator.collection_id, emulator.draft_id, body=body)
    answer = assert_answer(response, op, 409)
    expected = op.example(409) or {}
    assert answer["message"] == expected["message"]
    assert answer["details"] == expected["details"]


@pytest.mark.parametrize("op", WRITES, ids=str)
def test_write_without_the_write_scope_is_403(emulator: Setup, op: Operation) -> None:
    # Upstream's items file documents no 403; its code enum has `missing_scopes`, the code Webflow's
    # error reference gives for a token without the scope an endpoint needs (here cms:write).
    assert op.example(403) is None
    # The overlay's Create Items declares its error statuses without bodies: the items file's enum holds.
    assert "missing_scopes" in (op.code_enum(400) or BY_ID["create-item"].code_enum(400))
    body = valid_body(op, emulator.draft_id, emulator.primary_locale)
    response = call_as(emulator, READ_ONLY_TOKEN, op, emulator.collection_id, emulator.draft_id, body=body)
    assert response.status_code == 403
    assert response.json()["code"] == "missing_scopes"
    error = error_from_response(403, response.content)
    assert isinstance(error, PermissionDeniedError)
    assert error.missing_scopes == ["cms:write"]


@pytest.mark.parametrize("op", [op for op in WRITES if op.example(500) is not None], ids=str)
def test_failed_write_is_500(emulator: Setup, op: Operation) -> None:
    # The emulator's scripted fault (Chaos.fail_write) stands in for Webflow failing.
    emulator.emu.state.chaos.fail_write(kind="500")
    body = valid_body(op, emulator.draft_id, emulator.primary_locale)
    response = call_as(emulator, FULL_TOKEN, op, emulator.collection_id, emulator.draft_id, body=body)
    assert_answer(response, op, 500)
