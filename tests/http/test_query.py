"""list()'s filters and sorts: what goes on the wire, and every rule checked before sending.

Rules from Webflow's List Items reference (developers.webflow.com/data/reference/cms/collection-items/
staged-items/list-items): at most 10 field filter terms, 2 of them text searches; ``in``/``nin`` up to
100 values; at most 3 field sorts. Date ranges are Webflow's deepObject filters (openapi/upstream/webflow-v2.yml).
"""

from __future__ import annotations

import datetime
import time
from typing import Any

import anyio
import httpx
import pytest

from support import emulated, post
from support.items import COLLECTION_ID, client, mock_client, wire_item
from webflow_cms import ValidationError
from webflow_cms._http.query import ListFilters, ListQuery

UTC = datetime.UTC
pytestmark = pytest.mark.anyio


def _listing(requests: list[httpx.Request]) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(
            200, json={"items": [wire_item("only")], "pagination": {"offset": 0, "limit": 100, "total": 1}}
        )

    return handler


async def test_date_ranges_field_filters_and_sorts_go_on_the_wire_in_order() -> None:
    requests: list[httpx.Request] = []
    t1 = datetime.datetime(2026, 5, 1, tzinfo=UTC)
    t2 = datetime.datetime(2026, 5, 2, 12, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    async with mock_client(_listing(requests)) as wf:
        await wf.items(COLLECTION_ID).list(
            created_after=t1,
            created_before=t2,
            updated_after=datetime.datetime(2026, 5, 3, 4, 5, 6),  # naive: read as UTC
            updated_before=t1,
            where={"price": {"gt": 10, "lte": 99.5}, "size": {"in": ["S", "M"]}, "featured": {"eq": True}},
            sort=[("price", "desc"), ("name", "asc")],
        )
    [request] = requests
    pairs = request.url.params.multi_items()
    assert ("createdOn[gte]", "2026-05-01T00:00:00+00:00") in pairs
    assert ("createdOn[lte]", "2026-05-02T10:30:00+00:00") in pairs  # converted to UTC
    assert ("lastUpdated[gte]", "2026-05-03T04:05:06+00:00") in pairs
    assert ("lastUpdated[lte]", "2026-05-01T00:00:00+00:00") in pairs
    extra = [(k, v) for k, v in pairs if k.startswith(("filter[", "sort["))]
    assert extra == [
        ("filter[price][gt]", "10"),
        ("filter[price][lte]", "99.5"),
        ("filter[size][in]", "S,M"),
        ("filter[featured][eq]", "true"),
        ("sort[price]", "desc"),
        ("sort[name]", "asc"),
    ]
    assert "lastPublished[gte]" not in dict(pairs)


async def test_the_same_query_is_sent_with_every_page() -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        offset = int(request.url.params["offset"])
        page = [wire_item(f"i{offset + n}", f"{offset + n:024x}") for n in range(2)] if offset < 4 else []
        return httpx.Response(200, json={"items": page, "pagination": {"offset": offset, "limit": 2, "total": 4}})

    async with mock_client(handler) as wf:
        listed = [
            i async for i in wf.items(COLLECTION_ID).list(page_size=2, where={"n": {"gte": 1}}, sort_by="lastUpdated")
        ]
    assert len(listed) == 4
    assert {r.url.params["filter[n][gte]"] for r in requests} == {"1"}
    assert {r.url.params["sortBy"] for r in requests} == {"lastUpdated"}


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"where": {"price": {"greater": 1}}}, "where['price']['greater']: unknown operator; use one of eq, ne"),
        ({"where": {"size": {"in": "S"}}}, "where['size']['in'] takes a list of values, got 'S'"),
        ({"where": {"size": {"in": []}}}, "where['size']['in'] takes 1 to 100 values, got 0"),
        ({"where": {"size": {"nin": [str(n) for n in range(101)]}}}, "takes 1 to 100 values, got 101"),
        ({"where": {"tag": {"in": ["a,b"]}}}, "none may contain a comma"),
        ({"where": {"f": {"exists": "yes"}}}, "where['f']['exists'] takes True or False, got 'yes'"),
        ({"where": {"f": {"eq": None}}}, "a filter value is a str, number, bool or datetime, got NoneType"),
        ({"where": {"f": {"eq": float("nan")}}}, "where['f']['eq']: nan is not a number Webflow stores"),
        ({"where": {"f": {"gt": float("inf")}}}, "where['f']['gt']: inf is not a number Webflow stores"),
        ({"where": {"f": {"eq": 10**30}}}, "does not fit in 64 bits"),
        ({"where": {"a[b]": {"eq": 1}}}, "a non-empty str without brackets"),
        ({"where": {"size": {"in": {"S": 1}}}}, "where['size']['in'] takes a list of values"),
        ({"sort": [("a]", "asc")]}, "a non-empty str without brackets"),
        ({"name": 5}, "name must be a str, got int 5"),
        ({"where": {"f": {}}}, "where['f'] must be a non-empty {operator: value} mapping"),
        ({"where": {"": {"eq": 1}}}, "a field is named by its slug"),
        ({"where": [("price", "gt", 1)]}, "where must map field slugs to {operator: value}"),
        ({"where": {f"f{n}": {"eq": n} for n in range(11)}}, "where has 11 terms; Webflow takes at most 10"),
        (
            {"where": {"a": {"contains": "x"}, "b": {"ncontains": "y"}, "c": {"contains": "z"}}},
            "where has 3 text searches (contains/ncontains); Webflow takes at most 2",
        ),
        (
            {"sort": [("a", "asc"), ("b", "asc"), ("c", "desc"), ("d", "asc")]},
            "sort has 4 fields; Webflow sorts by at most 3",
        ),
        ({"sort": [("price", "down")]}, "sort['price']: the order is 'asc' or 'desc', got 'down'"),
        ({"sort": [("price", "asc"), ("price", "desc")]}, "sort names 'price' twice"),
        ({"sort": {"price": "asc"}}, 'sort is a list of (field slug, "asc" | "desc") pairs'),
        ({"sort": ["price"]}, "each entry is a (field slug"),
        ({"created_after": "2026-01-01"}, "created_after must be a datetime.datetime, got str"),
        ({"sort_by": "price"}, "sort_by must be one of createdOn, lastPublished, lastUpdated, name, slug"),
    ],
)
async def test_a_bad_query_fails_before_anything_is_sent_naming_the_term(filters: dict[str, Any], message: str) -> None:
    requests: list[httpx.Request] = []
    async with mock_client(_listing(requests)) as wf:
        with pytest.raises(ValidationError) as caught:
            wf.items(COLLECTION_ID).list(**filters)
    assert message in caught.value.message
    assert caught.value.status is None
    assert requests == []


def test_exactly_ten_terms_and_two_text_searches_and_three_sorts_pass() -> None:
    where: dict[str, Any] = {f"f{n}": {"eq": n} for n in range(8)}
    where["t"] = {"contains": "x", "ncontains": "y"}
    query = ListQuery.of(where=where, sort=[("a", "asc"), ("b", "desc"), ("c", "asc")])
    assert len([k for k in query.extra_params if k.startswith("filter[")]) == 10
    assert [k for k in query.extra_params if k.startswith("sort[")] == ["sort[a]", "sort[b]", "sort[c]"]


def test_values_are_written_as_webflow_reads_them() -> None:
    stamp = datetime.datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
    query = ListQuery.of(where={"d": {"gte": stamp}, "b": {"eq": False}, "n": {"in": [1, 2.5]}, "e": {"exists": True}})
    assert query.extra_params == {
        "filter[d][gte]": "2026-01-02T03:04:05.678Z",
        "filter[b][eq]": "false",
        "filter[n][in]": "1,2.5",
        "filter[e][exists]": "true",
    }


def test_an_unknown_keyword_is_a_type_error_listing_the_known_ones() -> None:
    with pytest.raises(TypeError, match=r"unexpected keyword.*updated_since.*it takes sort_by"):
        ListQuery.of(updated_since=datetime.datetime.now(UTC))


# ------------------------------------------------------------------ against the emulator


@pytest.mark.parametrize("bounds", ["inclusive", "exclusive"])
async def test_updated_after_returns_exactly_the_items_changed_since(bounds: str) -> None:
    """Whether Webflow's bounds keep an item stamped on them is not stated: both answers give the same 7."""
    async with emulated(rate_limit="10000/1", date_bounds=bounds) as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        created = (await items.create_many([post(n) for n in range(100)])).raise_on_failure().items
        latest = max(item.last_updated for item in created)
        since = latest + datetime.timedelta(milliseconds=1)
        changed = [item.id for item in created[::15]]
        await anyio.sleep(0.01)  # the emulator stamps with its wall clock in milliseconds
        await items.update_many([{"id": item_id, "fieldData": {"summary": "changed"}} for item_id in changed])
        listed = [item async for item in items.list(updated_after=since, page_size=3)]
        assert sorted(item.id for item in listed) == sorted(changed)
        assert len(changed) == 7
        assert [item async for item in items.list(created_after=since)] == []
        assert len([item async for item in items.list(created_before=since)]) == 100


async def test_where_and_sort_agree_with_python_over_the_same_items() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        docs = [post(n, rank=(n * 37) % 50, featured=n % 3 == 0) for n in range(60)]
        await items.create_many(docs)
        everything = [item async for item in items.list()]
        got = [
            item
            async for item in items.list(
                where={"rank": {"gte": 10, "lt": 40}, "featured": {"eq": True}}, sort=[("rank", "desc")], page_size=7
            )
        ]
        expected = [item for item in everything if 10 <= item.fields["rank"] < 40 and item.fields["featured"] is True]
        expected.sort(key=lambda item: -item.fields["rank"])
        assert [item.fields["rank"] for item in got] == [item.fields["rank"] for item in expected]
        assert {item.id for item in got} == {item.id for item in expected}
        assert got, "the filter should match some items"
        named = [item async for item in items.list(where={"slug": {"in": ["post-3", "post-4", "post-99"]}})]
        assert sorted(item.slug for item in named) == ["post-3", "post-4"]


async def test_a_bad_filter_fails_before_it_reaches_the_emulator() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        await items.list()
        sent = wf.transport.sent
        with pytest.raises(ValidationError, match=r"where\['rank'\]\['between'\]: unknown operator"):
            items.list(where={"rank": {"between": [1, 2]}})
        assert wf.transport.sent == sent == 1


_SLUG = "a field is named by its slug (a non-empty str without brackets)"


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"where": {"a]": {"eq": 1}}}, f"where: {_SLUG}, got 'a]'"),
        ({"where": {"a[": {"eq": 1}}}, f"where: {_SLUG}, got 'a['"),
        ({"sort": [("a[", "asc")]}, f"sort: {_SLUG}, got 'a['"),
        ({"sort": [("", "asc")]}, f"sort: {_SLUG}, got ''"),
        (
            {"sort": [("a", "asc", "b")]},
            "sort: each entry is a (field slug, \"asc\" | \"desc\") pair, got ('a', 'asc', 'b')",
        ),
        ({"slug": 5}, "slug must be a str, got int 5"),
        ({"cms_locale_id": ["l1"]}, "cms_locale_id must be a str, got list ['l1']"),
        ({"where": {"n": {"in": [1, float("nan")]}}}, "where['n']['in']: nan is not a number Webflow stores"),
        (
            {"where": {"n": {"eq": b"x"}}},
            "where['n']['eq']: a filter value is a str, number, bool or datetime, got bytes b'x'",
        ),
        ({"where": {"n": {"eq": -(2**63) - 1}}}, "where['n']['eq']: -9223372036854775809 does not fit in 64 bits"),
        ({"where": {"n": {"eq": 2**63}}}, "where['n']['eq']: 9223372036854775808 does not fit in 64 bits"),
    ],
)
def test_each_rule_names_the_term_that_breaks_it(filters: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        ListQuery.of(**filters)
    assert caught.value.message.startswith(message)


def test_the_limits_themselves_pass() -> None:
    """A field slug, the 64-bit ends and a list of exactly 100 values are all Webflow's to take."""
    query = ListQuery.of(
        where={"n": {"gte": -(2**63), "lte": 2**63 - 1}, "m": {"in": [str(n) for n in range(100)]}},
        sort=[("price", "asc")],
    )
    assert query.extra_params["filter[n][gte]"] == str(-(2**63))
    assert query.extra_params["filter[n][lte]"] == str(2**63 - 1)
    assert query.extra_params["filter[m][in]"].count(",") == 99
    assert query.extra_params["sort[price]"] == "asc"


def test_an_unknown_keyword_error_lists_each_name_once_comma_separated() -> None:
    with pytest.raises(TypeError) as caught:
        ListQuery.of(updated_since=1, page=2)
    known = ", ".join(ListFilters.__annotations__)
    assert str(caught.value) == f"list() got unexpected keyword(s) page, updated_since; it takes {known}"
    assert known.startswith("sort_by, sort_order, name, slug, ")


def test_an_aware_date_bound_is_sent_in_utc_whatever_the_machines_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    plus_two = datetime.timezone(datetime.timedelta(hours=2))
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        query = ListQuery.of(created_after=datetime.datetime(2026, 5, 2, 12, 30, tzinfo=plus_two))
    finally:
        monkeypatch.undo()
        time.tzset()
    assert query.created_after is not None
    assert query.created_after.isoformat() == "2026-05-02T10:30:00+00:00"  # not New York's -04:00
