"""List date filters and date sorts on both list routes (staged and live).

Sources: `openapi/upstream/webflow-v2.yml`, list-collection-items and list-collection-items-live:
`createdOn`, `lastPublished`, `lastUpdated` as deepObjects with `gte` / `lte` (ISO date-times), and
`sortBy` `createdOn | lastPublished | lastUpdated | name | slug`. Whether a bound is inclusive is not
stated: the `--date-bounds` variant, tested both ways. Item stamps come from a scripted clock (the
emulator's `now_iso`, patched), so every item has its own moment and no test waits on time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

import webflow_cms_emulator.items as items_module
from webflow_cms_emulator import serve

pytestmark = pytest.mark.anyio

#: The moments the scripted clock hands out, one per write request, in order.
STAMPS = [f"2024-05-0{day}T10:00:00.000Z" for day in range(1, 10)]
LISTS = ("items", "items/live")


@pytest.fixture(params=["inclusive", "exclusive"])
async def bounded(request: pytest.FixtureRequest) -> AsyncIterator[tuple[str, httpx.AsyncClient]]:
    """An emulator in one `--date-bounds` variant, and a plain client for it."""
    async with serve(rate_limit="1000000/1", date_bounds=request.param) as emu:
        headers = {"Authorization": f"Bearer {emu.token}"}
        async with httpx.AsyncClient(base_url=emu.url, headers=headers, timeout=10) as http:
            yield request.param, http


@pytest.fixture
def scripted_clock(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each write of the emulator stamps the next of `STAMPS`; yields the stamps handed out so far."""
    handed: list[str] = []
    pending = iter(STAMPS)

    def now() -> str:
        handed.append(next(pending))
        return handed[-1]

    monkeypatch.setattr(items_module, "now_iso", now)
    return handed


async def three_items(http: httpx.AsyncClient) -> tuple[str, dict[str, str]]:
    """A collection with A, B, C created one per request (stamps 1, 2, 3), then A changed (stamp 4) and
    all three published (stamp 5). Returns the collection id and the item ids by name."""
    site_id = (await http.get("/sites")).json()["sites"][0]["id"]
    body = {"displayName": "Dated", "singularName": "Dated", "slug": "dated", "fields": []}
    collection_id = (await http.post(f"/sites/{site_id}/collections", json=body)).json()["id"]
    ids = {}
    for name in "ABC":
        created = await http.post(
            f"/collections/{collection_id}/items", json={"fieldData": {"name": name, "slug": name.lower()}}
        )
        assert created.status_code == 202, created.text
        ids[name] = created.json()["id"]
    changed = await http.patch(f"/collections/{collection_id}/items/{ids['A']}", json={"fieldData": {"name": "A"}})
    assert changed.status_code == 200
    published = await http.post(f"/collections/{collection_id}/items/publish", json={"itemIds": list(ids.values())})
    assert published.json()["publishedItemIds"] == list(ids.values())
    return collection_id, ids


async def names(http: httpx.AsyncClient, collection_id: str, path: str, params: Any) -> list[str]:
    response = await http.get(f"/collections/{collection_id}/{path}", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["pagination"]["total"] == len(body["items"])
    return [i["fieldData"]["name"] for i in body["items"]]


@pytest.mark.parametrize("path", LISTS)
async def test_date_filters_keep_or_drop_the_bound_as_the_variant_says(
    bounded: tuple[str, httpx.AsyncClient], scripted_clock: list[str], path: str
) -> None:
    variant, http = bounded
    collection_id, _ = await three_items(http)
    created, updated = STAMPS[:3], {"A": STAMPS[3], "B": STAMPS[1], "C": STAMPS[2]}
    stamped = await http.get(f"/collections/{collection_id}/items")
    assert [(i["createdOn"], i["lastUpdated"]) for i in stamped.json()["items"]] == [
        (created[0], updated["A"]),
        (created[1], updated["B"]),
        (created[2], updated["C"]),
    ]
    inclusive = variant == "inclusive"
    assert await names(http, collection_id, path, {"createdOn[gte]": created[1]}) == (
        ["B", "C"] if inclusive else ["C"]
    )
    assert await names(http, collection_id, path, {"createdOn[lte]": created[1]}) == (
        ["A", "B"] if inclusive else ["A"]
    )
    assert await names(http, collection_id, path, {"lastUpdated[gte]": updated["C"]}) == (
        ["A", "C"] if inclusive else ["A"]
    )
    assert await names(http, collection_id, path, {"lastUpdated[lte]": updated["C"]}) == (
        ["B", "C"] if inclusive else ["B"]
    )
    both = {"createdOn[gte]": created[0], "createdOn[lte]": created[2]}
    assert await names(http, collection_id, path, both) == (["A", "B", "C"] if inclusive else ["B"])
    published = STAMPS[4]
    assert await names(http, collection_id, path, {"lastPublished[gte]": published}) == (
        ["A", "B", "C"] if inclusive else []
    )
    # Another spelling of the same moment (an offset, no milliseconds) is the same bound.
    same_moment = {"createdOn[lte]": "2024-05-02T12:00:00+02:00"}
    assert await names(http, collection_id, path, same_moment) == (["A", "B"] if inclusive else ["A"])


@pytest.mark.parametrize("path", LISTS)
async def test_a_bound_before_everything_lists_nothing(
    bounded: tuple[str, httpx.AsyncClient], scripted_clock: list[str], path: str
) -> None:
    _, http = bounded
    collection_id, _ = await three_items(http)
    for name in ("createdOn", "lastUpdated", "lastPublished"):
        assert await names(http, collection_id, path, {f"{name}[lte]": "2000-01-01T00:00:00.000Z"}) == []
        assert await names(http, collection_id, path, {f"{name}[gte]": "2000-01-01T00:00:00.000Z"}) == ["A", "B", "C"]
        assert await names(http, collection_id, path, {f"{name}[lte]": ""}) == ["A", "B", "C"]  # allowEmptyValue
        assert await names(http, collection_id, path, {name: ""}) == ["A", "B", "C"]
        # Upstream's deepObject schemas declare lte and gte and leave the object open: other keys pass.
        assert await names(http, collection_id, path, {f"{name}[gt]": "2099-01-01T00:00:00Z"}) == ["A", "B", "C"]


@pytest.mark.parametrize("path", LISTS)
async def test_sort_by_every_declared_value(
    bounded: tuple[str, httpx.AsyncClient], scripted_clock: list[str], path: str
) -> None:
    _, http = bounded
    collection_id, _ = await three_items(http)
    assert await names(http, collection_id, path, {"sortBy": "createdOn", "sortOrder": "desc"}) == ["C", "B", "A"]
    assert await names(http, collection_id, path, {"sortBy": "createdOn"}) == ["A", "B", "C"]
    assert await names(http, collection_id, path, {"sortBy": "lastUpdated"}) == ["B", "C", "A"]
    assert await names(http, collection_id, path, {"sortBy": "lastUpdated", "sortOrder": "desc"}) == ["A", "C", "B"]
    # One publish stamped all three alike: ties keep creation order, whatever the direction.
    assert await names(http, collection_id, path, {"sortBy": "lastPublished", "sortOrder": "desc"}) == ["A", "B", "C"]
    assert await names(http, collection_id, path, {"sortBy": "name", "sortOrder": "desc"}) == ["C", "B", "A"]
    assert await names(http, collection_id, path, {"sortBy": "slug", "sortOrder": "desc"}) == ["C", "B", "A"]


@pytest.mark.parametrize(
    ("param", "value", "says"),
    [
        ("createdOn[lte]", "yesterday", "ISO 8601"),
        ("lastUpdated[gte]", "2024-13-01T00:00:00Z", "ISO 8601"),
        ("lastPublished[gte]", "soon", "ISO 8601"),
        ("lastUpdated", "2024-01-01T00:00:00Z", "lastUpdated[gte] or lastUpdated[lte]"),
    ],
)
@pytest.mark.parametrize("path", LISTS)
async def test_a_bad_date_filter_is_a_400_naming_it(
    client: httpx.AsyncClient, collection_id: str, path: str, param: str, value: str, says: str
) -> None:
    response = await client.get(f"/collections/{collection_id}/{path}", params={param: value})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error"
    assert [d["param"] for d in body["details"]] == [param]
    assert says in body["details"][0]["description"]
