"""Handlers for the 17 item operations under `/v2/collections/{collection_id}/items`."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from .bodies import (
    ItemRef,
    NewItem,
    parse_changes,
    parse_insert,
    parse_multi_locale,
    parse_new_items,
    parse_patch,
    parse_publish,
    parse_refs,
)
from .catalog import Collection, Locales
from .cdn import CDN_PREFIX
from .errors import issue, validation_error
from .filters import list_query, query_locales
from .ids import is_object_id
from .items import LIVE, STAGED, echo_json, item_json, multi_locale_json
from .state import EmulatorState
from .web import json_response, raw_json_response, read_json, route, state_of


def _context(request: Request) -> tuple[EmulatorState, Collection, Locales]:
    state = state_of(request)
    collection = state.catalog.collection(state.db.conn, request.path_params["collection_id"])
    return state, collection, state.catalog.locales(state.db.conn, collection.site_id)


def _item_id(request: Request) -> str:
    item_id: str = request.path_params["item_id"]
    if not is_object_id(item_id):
        raise validation_error([issue("item_id", "must be a 24-hex item id")])
    return item_id


def _skip_invalid_files(request: Request) -> None:
    """`skipInvalidFiles`: upstream types it boolean (default true) and allows an empty value.

    Upstream: "When true, invalid files are skipped and processing continues. When false, the entire
    request fails if any file is invalid." The emulator reads "invalid" as a file Webflow cannot fetch
    or take in; it fetches none, so every well-formed file value is taken and both values answer
    alike. A malformed file value (not a URL, nor an object with `url` or `fileId`) is a 400 either
    way, as for any field (`fields.check_value`): that it is no "invalid file" is the emulator's reading."""
    raw = request.query_params.get("skipInvalidFiles")
    if raw not in (None, "", "true", "false"):
        raise validation_error([issue("skipInvalidFiles", "must be true or false")])


def _one_locale(request: Request, locales: Locales) -> str:
    chosen = query_locales(request, locales)
    if len(chosen) != 1:
        raise validation_error([issue("cmsLocaleId", "name exactly one locale here")])
    return chosen[0]


async def _list(request: Request, table: str) -> Response:
    state, collection, locales = _context(request)
    fields = state.catalog.field_map(state.db.conn, collection.id)
    query = list_query(request, fields, locales, inclusive=state.options.date_bounds == "inclusive")
    with state.db.transaction() as conn:
        rows, total = state.items.page(conn, table, collection.id, query)
    pagination = f'{{"limit":{query.limit},"offset":{query.offset},"total":{total}}}'
    return raw_json_response(f'{{"items":[{",".join(rows)}],"pagination":{pagination}}}')


async def list_staged(request: Request) -> Response:
    return await _list(request, STAGED)


async def list_live(request: Request) -> Response:
    return await _list(request, LIVE)


def _number_rules(state: EmulatorState) -> bool:
    """Whether item writes must keep Number fields' validations (the `--number-validations` variant:
    Webflow does not document whether it checks them on API writes)."""
    return state.options.number_validations == "enforce"


async def _create(request: Request, *, live: bool) -> Response:
    state, collection, locales = _context(request)
    _skip_invalid_files(request)
    body = await read_json(request)
    fields = state.catalog.field_map(state.db.conn, collection.id)
    items, batch = parse_new_items(body, fields, locales, strict_batch=not live, number_rules=_number_rules(state))
    with state.db.transaction() as conn:
        created = state.items.create(conn, collection.id, items, live=live)
    if batch:
        # Two answers are documented for a batch create; the option picks one (docs/guides/emulator.md: Fidelity).
        render = echo_json if state.options.create_answer == "echo" else item_json
        return raw_json_response(f'{{"items":[{",".join(render(r) for r in created)}]}}', 202)
    return raw_json_response(item_json(created[0]), 202)


async def create_staged(request: Request) -> Response:
    return await _create(request, live=False)


async def create_live(request: Request) -> Response:
    return await _create(request, live=True)


async def create_multi_locale(request: Request) -> Response:
    state, collection, locales = _context(request)
    _skip_invalid_files(request)
    body = await read_json(request)
    fields = state.catalog.field_map(state.db.conn, collection.id)
    items = parse_multi_locale(body, fields, locales, number_rules=_number_rules(state))
    with state.db.transaction() as conn:
        created = state.items.create(conn, collection.id, items, live=False)
    if state.options.bulk_answer == "object":
        # The 202 schema (and the official SDKs' type): one object per item, listing its cmsLocaleIds.
        per_item = [created[n : n + len(item.variants)] for n, item in _offsets(items)]
        if len(per_item) == 1:
            return raw_json_response(multi_locale_json(per_item[0]), 202)
        return raw_json_response(f'{{"items":[{",".join(multi_locale_json(rows) for rows in per_item)}]}}', 202)
    # Upstream's 202 examples: every locale variant of every item, each with its own cmsLocaleId.
    return raw_json_response(f'{{"items":[{",".join(item_json(r) for r in created)}]}}', 202)


async def insert_items(request: Request) -> Response:
    """Create Items, `POST /items/insert` (Webflow's Create Items page, ahead of the OpenAPI file:
    https://developers.webflow.com/data/reference/cms/collection-items/staged-items/create-items).

    New items, or new locale variants of existing ones, as staged drafts unless `isDraft: false`;
    slugs, the `--duplicate-slug` variant, faults, the rate limit and the request log act as on every
    other create. The answer lists each created variant (`id`, `cmsLocaleId`, dates, flags,
    `fieldData`) as `{"items": [...]}`: the page's type names it `InsertedCollectionItem`, and a list of
    them under `items` is how every other multi-item answer comes. The status is the
    `--insert-status` variant (202 by default; the page does not say)."""
    state, collection, locales = _context(request)
    body = await read_json(request)
    fields = state.catalog.field_map(state.db.conn, collection.id)
    items = parse_insert(body, fields, locales, number_rules=_number_rules(state))
    with state.db.transaction() as conn:
        state.items.check_new_variants(conn, collection.id, items)
        created = state.items.create(conn, collection.id, items, live=False)
    answer = f'{{"items":[{",".join(item_json(r) for r in created)}]}}'
    return raw_json_response(answer, int(state.options.insert_status))


def _offsets(items: list[NewItem]) -> list[tuple[int, NewItem]]:
    """Where each item's variants start in the rows `create` returns (they come in order)."""
    out, start = [], 0
    for item in items:
        out.append((start, item))
        start += len(item.variants)
    return out


_PATCH_PAGE_LIMIT = 25


async def _update_many(request: Request, *, live: bool) -> Response:
    state, collection, locales = _context(request)
    _skip_invalid_files(request)
    body = await read_json(request)
    fields = state.catalog.field_map(state.db.conn, collection.id)
    changes = parse_changes(body, fields, locales, number_rules=_number_rules(state))
    with state.db.transaction() as conn:
        updated = state.items.update(conn, collection.id, changes, live=live)
    # Upstream's examples of both PATCH operations (`openapi/upstream/webflow-v2.yml`, update-items and
    # update-items-live, `MultipleItems` and `LocalizedItems`) end in `pagination`: limit 25 and
    # offset 0 in both, total the number of items answered (2 and 4 there).
    pagination = f'{{"limit":{_PATCH_PAGE_LIMIT},"offset":0,"total":{len(updated)}}}'
    return raw_json_response(f'{{"items":[{",".join(updated)}],"pagination":{pagination}}}')


async def update_staged_many(request: Request) -> Response:
    return await _update_many(request, live=False)


async def update_live_many(request: Request) -> Response:
    return await _update_many(request, live=True)


async def _update_one(request: Request, *, live: bool) -> Response:
    state, collection, locales = _context(request)
    _skip_invalid_files(request)
    item_id = _item_id(request)
    body = await read_json(request)
    fields = state.catalog.field_map(state.db.conn, collection.id)
    change = parse_patch(body, item_id, fields, locales, number_rules=_number_rules(state))
    with state.db.transaction() as conn:
        updated = state.items.update(conn, collection.id, [change], live=live)
    return raw_json_response(updated[0])


async def update_staged_one(request: Request) -> Response:
    return await _update_one(request, live=False)


async def update_live_one(request: Request) -> Response:
    return await _update_one(request, live=True)


async def _get_one(request: Request, table: str) -> Response:
    state, collection, locales = _context(request)
    item_id = _item_id(request)
    locale = _one_locale(request, locales)
    with state.db.transaction() as conn:
        return raw_json_response(state.items.get(conn, table, collection.id, item_id, locale))


async def get_staged(request: Request) -> Response:
    return await _get_one(request, STAGED)


async def get_live(request: Request) -> Response:
    return await _get_one(request, LIVE)


async def delete_many(request: Request) -> Response:
    state, collection, locales = _context(request)
    refs = parse_refs(await read_json(request), locales)
    with state.db.transaction() as conn:
        state.items.delete(conn, collection.id, refs)
    return Response(status_code=204)


async def unpublish_many(request: Request) -> Response:
    state, collection, locales = _context(request)
    refs = parse_refs(await read_json(request), locales)
    with state.db.transaction() as conn:
        state.items.unpublish(conn, collection.id, refs)
    return Response(status_code=204)


async def delete_one(request: Request) -> Response:
    state, collection, locales = _context(request)
    ref = ItemRef("", _item_id(request), (_one_locale(request, locales),))
    with state.db.transaction() as conn:
        state.items.delete(conn, collection.id, [ref])
    return Response(status_code=204)


async def unpublish_one(request: Request) -> Response:
    state, collection, locales = _context(request)
    ref = ItemRef("", _item_id(request), (_one_locale(request, locales),))
    with state.db.transaction() as conn:
        state.items.unpublish(conn, collection.id, [ref])
    return Response(status_code=204)


async def publish(request: Request) -> Response:
    state, collection, locales = _context(request)
    refs = parse_publish(await read_json(request), locales)
    with state.db.transaction() as conn:
        published, errors = state.items.publish(conn, collection.id, refs)
    return json_response({"publishedItemIds": published, "errors": errors}, 202)


_BASE = "/v2/collections/{collection_id}/items"

ROUTES = [
    route(_BASE, GET=list_staged, POST=create_staged, PATCH=update_staged_many, DELETE=delete_many),
    route(_BASE + "/live", GET=list_live, POST=create_live, PATCH=update_live_many, DELETE=unpublish_many),
    route(_BASE + "/bulk", POST=create_multi_locale),
    route(_BASE + "/insert", POST=insert_items),
    route(_BASE + "/publish", POST=publish),
    route(_BASE + "/{item_id}", GET=get_staged, PATCH=update_staged_one, DELETE=delete_one),
    route(_BASE + "/{item_id}/live", GET=get_live, PATCH=update_live_one, DELETE=unpublish_one),
    # The Content Delivery host (`cdn.py`) serves only the two live reads: upstream lists its server on
    # list-collection-items-live and get-item-live alone.
    route(CDN_PREFIX + _BASE + "/live", GET=list_live),
    route(CDN_PREFIX + _BASE + "/{item_id}/live", GET=get_live),
]
