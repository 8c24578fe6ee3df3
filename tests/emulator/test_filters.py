"""Field filters `filter[<fieldSlug>][<op>]` and field sorts `sort[<fieldSlug>]` on both list routes.

Source: Webflow's List Items page
(https://developers.webflow.com/data/reference/cms/collection-items/staged-items/list-items): ops
`eq ne gt gte lt lte in nin contains ncontains exists` by field type, terms ANDed, `in`/`nin` up to 100
values, `contains` ignoring case, at most 10 terms and 2 text searches, up to 3 sorts in query order
overriding `sortBy`, sortable PlainText, Email, Phone, Number, DateTime, Switch; a bad filter is a 400.
Which ops each type takes, and that Option filters take option ids, is the emulator's reading
(`webflow_cms_emulator/filters.py`). Requests are raw httpx: the SDK does not send these yet.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.anyio

LISTS = ("items", "items/live")
AUTHOR, TAG_1, TAG_2 = "a" * 24, "c" * 24, "d" * 24
Params = list[tuple[str, Any]]


@pytest.fixture
async def seeded(client: httpx.AsyncClient, full_collection: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """Four published items of the full collection (tests/emulator/conftest.py); returns its id and
    the Category option ids by name."""
    options = next(f for f in full_collection["fields"] if f["slug"] == "category")["validations"]["options"]
    news, blog = (next(o["id"] for o in options if o["name"] == n) for n in ("News", "Blog"))
    rows = [
        {"name": "Alpha", "code": "A-1", "views": 10, "featured": True, "published-on": "2024-01-01T00:00:00Z",
         "category": news, "contact": "alpha@example.com", "tags": [TAG_1, TAG_2], "body": "<p>Hello World</p>"},
        {"name": "beta", "code": "b-2", "views": 5, "featured": False, "published-on": "2024-06-01T12:00:00+02:00",
         "category": blog, "tags": [TAG_2]},
        {"name": "Gamma", "code": "C-3", "views": 7.5, "photo": "https://img.example.com/g.png"},
        {"name": "delta", "code": "d-4", "views": -1, "featured": True, "published-on": "2023-12-31T23:00:00-02:00",
         "category": news, "author": AUTHOR},
    ]  # fmt: skip
    items = [{"fieldData": {**row, "slug": row["name"].lower()}} for row in rows]
    collection_id = full_collection["id"]
    created = await client.post(f"/collections/{collection_id}/items", json={"items": items})
    assert created.status_code == 202, created.text
    ids = [i["id"] for i in created.json()["items"]]
    await client.post(f"/collections/{collection_id}/items/publish", json={"itemIds": ids})
    return collection_id, {"News": news, "Blog": blog}


async def names(client: httpx.AsyncClient, collection_id: str, path: str, params: Params) -> list[str]:
    response = await client.get(f"/collections/{collection_id}/{path}", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["pagination"]["total"] == len(body["items"])
    return [i["fieldData"]["name"] for i in body["items"]]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ([("filter[code][eq]", "A-1")], ["Alpha"]),
        ([("filter[code][ne]", "A-1")], ["beta", "Gamma", "delta"]),
        ([("filter[code][in]", "A-1,C-3,zzz")], ["Alpha", "Gamma"]),
        ([("filter[code][nin]", "A-1,C-3")], ["beta", "delta"]),
        ([("filter[name][contains]", "ALP")], ["Alpha"]),  # ignoring case
        ([("filter[name][contains]", "eta")], ["beta"]),
        ([("filter[name][ncontains]", "ETA")], ["Alpha", "Gamma", "delta"]),
        ([("filter[body][contains]", "hello world")], ["Alpha"]),
        ([("filter[body][ncontains]", "hello")], ["beta", "Gamma", "delta"]),  # no value: it contains nothing
        ([("filter[contact][eq]", "alpha@example.com")], ["Alpha"]),
        ([("filter[views][gt]", "5")], ["Alpha", "Gamma"]),
        ([("filter[views][gte]", "5")], ["Alpha", "beta", "Gamma"]),
        ([("filter[views][lt]", "0")], ["delta"]),
        ([("filter[views][lte]", "7.5")], ["beta", "Gamma", "delta"]),
        ([("filter[views][eq]", "7.5")], ["Gamma"]),
        ([("filter[views][in]", "5, 10")], ["Alpha", "beta"]),
        ([("filter[views][nin]", "5,10")], ["Gamma", "delta"]),
        ([("filter[featured][eq]", "true")], ["Alpha", "delta"]),
        ([("filter[featured][eq]", "false")], ["beta"]),
        ([("filter[featured][ne]", "true")], ["beta", "Gamma"]),  # a missing value is not equal
        # Dates compare as moments, whatever offset they were written with (delta's is 01:00 UTC).
        ([("filter[published-on][gt]", "2024-01-01T00:30:00Z")], ["beta", "delta"]),
        ([("filter[published-on][lte]", "2024-01-01T01:00:00.000Z")], ["Alpha", "delta"]),
        ([("filter[published-on][eq]", "2024-06-01T10:00:00Z")], ["beta"]),
        ([("filter[author][eq]", AUTHOR)], ["delta"]),
        ([("filter[author][ne]", AUTHOR)], ["Alpha", "beta", "Gamma"]),
        ([("filter[tags][eq]", TAG_1)], ["Alpha"]),  # a multi-reference holding this id
        ([("filter[tags][in]", f"{TAG_1},{TAG_2}")], ["Alpha", "beta"]),
        ([("filter[tags][ne]", TAG_2)], ["Gamma", "delta"]),
        ([("filter[tags][nin]", TAG_1)], ["beta", "Gamma", "delta"]),
        ([("filter[photo][exists]", "true")], ["Gamma"]),
        ([("filter[category][exists]", "false")], ["Gamma"]),
        # Terms are ANDed.
        ([("filter[views][gt]", "0"), ("filter[featured][eq]", "true")], ["Alpha"]),
        ([("filter[views][gte]", "5"), ("filter[views][lte]", "7.5"), ("filter[name][contains]", "a")],
         ["beta", "Gamma"]),
    ],
)  # fmt: skip
async def test_field_filters(
    client: httpx.AsyncClient, seeded: tuple[str, dict[str, str]], path: str, params: Params, expected: list[str]
) -> None:
    collection_id, _ = seeded
    assert await names(client, collection_id, path, params) == expected


async def test_option_filters_take_option_ids(client: httpx.AsyncClient, seeded: tuple[str, dict[str, str]]) -> None:
    collection_id, options = seeded
    news, blog = options["News"], options["Blog"]
    assert await names(client, collection_id, "items", [("filter[category][eq]", news)]) == ["Alpha", "delta"]
    assert await names(client, collection_id, "items", [("filter[category][in]", f"{news},{blog}")]) == [
        "Alpha",
        "beta",
        "delta",
    ]
    assert await names(client, collection_id, "items", [("filter[category][ne]", news)]) == ["beta", "Gamma"]
    by_name = await client.get(f"/collections/{collection_id}/items", params={"filter[category][eq]": "News"})
    assert by_name.status_code == 400
    detail = by_name.json()["details"][0]
    assert detail["param"] == "filter[category][eq]"
    assert f"{news} (News)" in detail["description"]  # says which id to send instead


async def test_filtered_pages_count_every_match(client: httpx.AsyncClient, seeded: tuple[str, dict[str, str]]) -> None:
    collection_id, _ = seeded
    url = f"/collections/{collection_id}/items"
    pages = [
        (await client.get(url, params={"filter[views][gte]": "0", "limit": 2, "offset": offset})).json()
        for offset in (0, 2)
    ]
    assert [p["pagination"]["total"] for p in pages] == [3, 3]
    assert [i["fieldData"]["name"] for p in pages for i in p["items"]] == ["Alpha", "beta", "Gamma"]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ([("sort[views]", "asc")], ["delta", "beta", "Gamma", "Alpha"]),
        ([("sort[views]", "desc")], ["Alpha", "Gamma", "beta", "delta"]),
        # In query order: featured first (missing last when descending), then views.
        ([("sort[featured]", "desc"), ("sort[views]", "asc")], ["delta", "Alpha", "beta", "Gamma"]),
        ([("sort[views]", "asc"), ("sort[featured]", "desc")], ["delta", "beta", "Gamma", "Alpha"]),
        # Moments, not strings: delta's "2023-12-31T23:00:00-02:00" is after Alpha's midnight UTC.
        ([("sort[published-on]", "asc")], ["Gamma", "Alpha", "delta", "beta"]),
        ([("sort[code]", "desc"), ("sortBy", "name"), ("sortOrder", "asc")], ["delta", "beta", "Gamma", "Alpha"]),
        ([("sortBy", "name"), ("sortOrder", "desc"), ("sort[contact]", "desc"), ("sort[views]", "asc")],
         ["Alpha", "delta", "beta", "Gamma"]),
    ],
)  # fmt: skip
async def test_field_sorts_apply_in_query_order_over_sort_by(
    client: httpx.AsyncClient, seeded: tuple[str, dict[str, str]], path: str, params: Params, expected: list[str]
) -> None:
    collection_id, _ = seeded
    assert await names(client, collection_id, path, params) == expected


def _terms(count: int, op: str = "exists", value: str = "true") -> Params:
    slugs = ["name", "slug", "code", "views", "featured", "published-on", "website", "contact", "color", "body", "tags"]
    return [(f"filter[{slugs[n]}][{op}]", value) for n in range(count)]


@pytest.mark.parametrize(
    ("params", "named", "says"),
    [
        ([("filter[nope][eq]", "x")], "filter[nope][eq]", "not a field"),
        ([("filter[views][like]", "1")], "filter[views][like]", "not a filter operator"),
        ([("filter[views][contains]", "1")], "filter[views][contains]", "does not apply to a Number field"),
        ([("filter[body][eq]", "x")], "filter[body][eq]", "does not apply to a RichText field"),
        ([("filter[photo][eq]", "x")], "filter[photo][eq]", "does not apply to a Image field"),
        ([("filter[featured][gt]", "true")], "filter[featured][gt]", "does not apply to a Switch field"),
        ([("filter[views][gt]", "many")], "filter[views][gt]", "not a number"),
        ([("filter[views][eq]", "nan")], "filter[views][eq]", "not a number"),
        ([("filter[views][in]", ",".join(["1"] * 101))], "filter[views][in]", "at most 100"),
        ([("filter[featured][eq]", "yes")], "filter[featured][eq]", "not true or false"),
        ([("filter[published-on][lt]", "soon")], "filter[published-on][lt]", "ISO 8601"),
        ([("filter[author][eq]", "123")], "filter[author][eq]", "24-hex"),
        ([("filter[tags][in]", f"{TAG_1},x")], "filter[tags][in]", "24-hex"),
        ([("filter[photo][exists]", "yes")], "filter[photo][exists]", "true or false"),
        ([("filter[views]", "1")], "filter[views]", "filter[<fieldSlug>][<op>]"),
        ([("filter", "views")], "filter", "filter[<fieldSlug>][<op>]"),
        ([("sort[body]", "asc")], "sort[body]", "cannot be sorted"),
        ([("sort[tags]", "asc")], "sort[tags]", "cannot be sorted"),
        ([("sort[views]", "up")], "sort[views]", "asc or desc"),
        ([("sort[nope]", "asc")], "sort[nope]", "not a field"),
        ([("sort[views][x]", "asc")], "sort[views][x]", "sort[<fieldSlug>]"),
        (_terms(11), "filter[tags][exists]", "at most 10"),
        (_terms(3, "contains", "a"), "filter[code][contains]", "at most 2 text searches"),
        ([("filter[name][ncontains]", "a"), ("filter[code][contains]", "a"), ("filter[contact][ncontains]", "a")],
         "filter[contact][ncontains]", "at most 2 text searches"),
        ([(f"sort[{s}]", "asc") for s in ("name", "slug", "code", "views")], "sort[views]", "at most 3"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("path", LISTS)
async def test_bad_filters_and_sorts_are_400_naming_the_term(
    client: httpx.AsyncClient, full_collection: dict[str, Any], path: str, params: Params, named: str, says: str
) -> None:
    response = await client.get(f"/collections/{full_collection['id']}/{path}", params=params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error"
    assert [d["param"] for d in body["details"]] == [named]
    assert says in body["details"][0]["description"]


async def test_every_bad_term_is_named_at_once(client: httpx.AsyncClient, full_collection: dict[str, Any]) -> None:
    params: Params = [("filter[nope][eq]", "x"), ("filter[views][gt]", "x"), ("sort[body]", "asc"), ("sortBy", "id")]
    response = await client.get(f"/collections/{full_collection['id']}/items", params=params)
    assert response.status_code == 400
    assert {d["param"] for d in response.json()["details"]} == {
        "filter[nope][eq]",
        "filter[views][gt]",
        "sort[body]",
        "sortBy",
    }


async def test_ten_terms_and_two_text_searches_are_allowed(
    client: httpx.AsyncClient, seeded: tuple[str, dict[str, str]]
) -> None:
    collection_id, _ = seeded
    params = [*_terms(8), ("filter[name][contains]", "a"), ("filter[code][ncontains]", "zzz")]
    assert len(params) == 10
    # name, slug, code, views, featured and published-on exist for Alpha, beta and delta; website does not.
    assert await names(client, collection_id, "items", params[:6] + params[8:]) == ["Alpha", "beta", "delta"]
    assert await names(client, collection_id, "items", params) == []


async def test_a_number_beyond_64_bits_is_compared_not_a_server_error(
    client: httpx.AsyncClient, seeded: tuple[str, dict[str, str]]
) -> None:
    """SQLite holds 64-bit integers; a larger filter value is compared as a float (it was a 500)."""
    collection_id, _ = seeded
    for op, expected in (("lt", 4), ("gt", 0)):
        answer = await client.get(f"/collections/{collection_id}/items", params={f"filter[views][{op}]": str(10**30)})
        assert answer.status_code == 200, answer.text
        assert answer.json()["pagination"]["total"] == expected
