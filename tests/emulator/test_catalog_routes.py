"""Sites, custom domains, collections, fields and site publishing over HTTP.

Sources: openapi/upstream/older/webflow-collections-openapi.upstream.yml and webflow-sites-openapi.upstream.yml
(operations named by their operationId), https://developers.webflow.com/data/reference/cms.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

from webflow_cms_emulator import RunningEmulator, serve
from webflow_cms_emulator.options import build_options

pytestmark = pytest.mark.anyio

ClientFactory = Callable[..., httpx.AsyncClient]
ERROR_KEYS = {"code", "message", "externalReference", "details"}


@asynccontextmanager
async def fresh(make_client: ClientFactory, **options: Any) -> AsyncIterator[tuple[RunningEmulator, httpx.AsyncClient]]:
    """A separate emulator (its own publish clock), with a spec-checked client."""
    async with serve(rate_limit="1000000/1", **options) as emu:
        yield emu, make_client(emu.url, emu.token)


async def test_site_has_the_locales_of_upstreams_example(client: httpx.AsyncClient, emu: RunningEmulator) -> None:
    """Upstream's get-site example `SiteWithLocales`: en-US primary, fr-FR and es-MX secondary."""
    sites = (await client.get("/sites")).json()["sites"]
    assert [s["id"] for s in sites] == [emu.site_id]
    locales = sites[0]["locales"]
    assert [locales["primary"]["tag"]] + [s["tag"] for s in locales["secondary"]] == ["en-US", "fr-FR", "es-MX"]
    ids = [locales["primary"]["cmsLocaleId"]] + [s["cmsLocaleId"] for s in locales["secondary"]]
    assert all(len(i) == 24 for i in ids)
    assert len(set(ids)) == 3
    single = (await client.get(f"/sites/{emu.site_id}")).json()
    assert single == sites[0]
    assert (await client.get(f"/sites/{'9' * 24}")).status_code == 404


async def test_create_collection_has_builtin_fields(
    client: httpx.AsyncClient, emu: RunningEmulator, full_collection: dict[str, Any]
) -> None:
    slugs = [f["slug"] for f in full_collection["fields"]]
    assert slugs[:2] == ["name", "slug"]
    assert "published-on" in slugs
    assert all(f["isRequired"] for f in full_collection["fields"][:2])
    fetched = (await client.get(f"/collections/{full_collection['id']}")).json()
    assert fetched == full_collection
    listed = (await client.get(f"/sites/{emu.site_id}/collections")).json()["collections"]
    assert full_collection["id"] in [c["id"] for c in listed]
    assert all("fields" not in c for c in listed)


async def test_duplicate_collection_slug_is_409(client: httpx.AsyncClient, emu: RunningEmulator) -> None:
    body = {"displayName": "Dup", "singularName": "Dup", "slug": "dup-collection"}
    assert (await client.post(f"/sites/{emu.site_id}/collections", json=body)).status_code == 200
    again = await client.post(f"/sites/{emu.site_id}/collections", json=body)
    assert again.status_code == 409
    assert again.json()["code"] == "duplicate_collection"


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"singularName": "x"}, "displayName"),
        ({"displayName": "X", "slug": "Not Valid"}, "slug"),
        ({"displayName": "X", "fields": [{"displayName": "F", "type": "Hologram"}]}, "fields[0].type"),
        ({"displayName": "X", "fields": [{"displayName": "Name", "type": "PlainText"}]}, "fields[0].slug"),
        ({"displayName": "X", "fields": "none"}, "fields"),
    ],
)
async def test_invalid_collections_are_400(
    client: httpx.AsyncClient, emu: RunningEmulator, body: dict[str, Any], param: str
) -> None:
    response = await client.post(f"/sites/{emu.site_id}/collections", json=body)
    assert response.status_code == 400
    assert param in [d["param"] for d in response.json()["details"]]


async def test_unknown_or_malformed_collection(client: httpx.AsyncClient) -> None:
    assert (await client.get(f"/collections/{'1' * 24}")).json()["code"] == "resource_not_found"
    assert (await client.get("/collections/nope")).status_code == 400


async def test_add_field_then_use_it(client: httpx.AsyncClient, collection_id: str) -> None:
    response = await client.post(
        f"/collections/{collection_id}/fields", json={"displayName": "Rating", "type": "Number", "isRequired": False}
    )
    assert response.status_code == 200
    assert response.json()["slug"] == "rating"
    created = await client.post(
        f"/collections/{collection_id}/items", json={"fieldData": {"name": "r", "slug": "r", "rating": 5}}
    )
    assert created.status_code == 202
    assert created.json()["fieldData"]["rating"] == 5
    dup = await client.post(f"/collections/{collection_id}/fields", json={"displayName": "Rating", "type": "Number"})
    assert dup.status_code == 409
    bad = await client.post(f"/collections/{collection_id}/fields", json={"displayName": "Q", "type": "Nope"})
    assert bad.status_code == 400
    fields = (await client.get(f"/collections/{collection_id}")).json()["fields"]
    assert [f["slug"] for f in fields] == ["name", "slug", "rating"]


async def test_site_publish_follows_the_status_table(
    client: httpx.AsyncClient, emu: RunningEmulator, collection_id: str
) -> None:
    url = f"/collections/{collection_id}/items"
    draft = (await client.post(url, json={"fieldData": {"name": "d", "slug": "draft"}})).json()
    queued = (await client.post(url, json={"isDraft": False, "fieldData": {"name": "q", "slug": "queued"}})).json()
    gone = (await client.post(url + "/live", json={"fieldData": {"name": "g", "slug": "gone"}})).json()
    await client.patch(f"{url}/{gone['id']}", json={"isArchived": True})
    assert (await client.get(f"{url}/{gone['id']}/live")).status_code == 200

    response = await client.post(f"/sites/{emu.site_id}/publish", json={"publishToWebflowSubdomain": True})
    assert response.status_code == 202

    live_ids = [i["id"] for i in (await client.get(url + "/live")).json()["items"]]
    assert live_ids == [queued["id"]]
    staged_queued = (await client.get(f"{url}/{queued['id']}")).json()
    assert staged_queued["lastPublished"] is not None
    assert staged_queued["isDraft"] is False
    staged_draft = (await client.get(f"{url}/{draft['id']}")).json()
    assert (staged_draft["lastPublished"], staged_draft["isDraft"]) == (None, True)
    site = (await client.get(f"/sites/{emu.site_id}")).json()
    assert site["lastPublished"] is not None

    again = await client.post(f"/sites/{emu.site_id}/publish", json={"publishToWebflowSubdomain": True})
    assert again.status_code == 429
    assert again.json()["code"] == "too_many_requests"
    assert 1 <= int(again.headers["Retry-After"]) <= 60


# --------------------------------------------------------------------------
# Custom domains and site publish
# --------------------------------------------------------------------------


async def test_seeded_custom_domains_are_listed_and_stable_across_restarts(
    tmp_path: Path, make_client: ClientFactory
) -> None:
    db = str(tmp_path / "state.sqlite3")
    seen = []
    for _ in range(2):
        async with fresh(make_client, db=db) as (emu, http):
            response = await http.get(f"/sites/{emu.site_id}/custom_domains")
            assert response.status_code == 200
            domains = response.json()["customDomains"]
            site = (await http.get(f"/sites/{emu.site_id}")).json()
            seen.append(domains)
    assert seen[0] == seen[1]
    assert len(domains) == 2
    assert len({d["id"] for d in domains}) == 2
    assert all(len(d["id"]) == 24 and d["url"] and d["lastPublished"] is None for d in domains)
    # get-site's example lists the same domains as {id, url}.
    assert site["customDomains"] == [{"id": d["id"], "url": d["url"]} for d in domains]


@pytest.mark.parametrize("site_id", ["9" * 24, "not-an-id"])
async def test_custom_domains_of_an_unknown_site_are_404(client: httpx.AsyncClient, site_id: str) -> None:
    # get-custom-domains declares no 400, so a malformed id is a 404 like an unknown one.
    response = await client.get(f"/sites/{site_id}/custom_domains")
    assert response.status_code == 404
    assert response.json()["code"] == "resource_not_found"


async def test_publish_to_a_custom_domain_then_wait_for_the_interval(make_client: ClientFactory) -> None:
    async with fresh(make_client, site_publish_interval=0.3) as (emu, http):
        first, second = (await http.get(f"/sites/{emu.site_id}/custom_domains")).json()["customDomains"]
        response = await http.post(f"/sites/{emu.site_id}/publish", json={"customDomains": [second["id"]]})
        assert response.status_code == 202
        body = response.json()
        assert body["publishToWebflowSubdomain"] is False
        assert [d["id"] for d in body["customDomains"]] == [second["id"]]
        stamp = body["customDomains"][0]["lastPublished"]
        assert stamp is not None
        listed = {d["id"]: d for d in (await http.get(f"/sites/{emu.site_id}/custom_domains")).json()["customDomains"]}
        assert listed[second["id"]]["lastPublished"] == stamp
        assert listed[first["id"]]["lastPublished"] is None
        assert (await http.get(f"/sites/{emu.site_id}")).json()["lastPublished"] == stamp

        too_soon = await http.post(f"/sites/{emu.site_id}/publish", json={"publishToWebflowSubdomain": True})
        assert too_soon.status_code == 429
        assert too_soon.headers["Retry-After"] == "1"
        await anyio.sleep(0.35)
        both = [first["id"], second["id"]]
        later = await http.post(
            f"/sites/{emu.site_id}/publish", json={"customDomains": both, "publishToWebflowSubdomain": True}
        )
        assert later.status_code == 202
        assert later.json()["publishToWebflowSubdomain"] is True
        assert [d["id"] for d in later.json()["customDomains"]] == both


@pytest.mark.parametrize(
    ("body", "code", "param"),
    [
        ({}, "no_domains", None),
        ({"publishToWebflowSubdomain": False}, "no_domains", None),
        ({"customDomains": [], "publishToWebflowSubdomain": False}, "no_domains", None),
        ({"customDomains": ["f" * 24]}, "invalid_domain", None),
        ({"customDomains": "all"}, "validation_error", "customDomains"),
        ({"customDomains": [7]}, "validation_error", "customDomains[0]"),
        ({"publishToWebflowSubdomain": "yes"}, "validation_error", "publishToWebflowSubdomain"),
    ],
)
async def test_refused_publishes_are_400_and_do_not_use_up_the_minute(
    make_client: ClientFactory, body: dict[str, Any], code: str, param: str | None
) -> None:
    async with fresh(make_client) as (emu, http):
        refused = await http.post(f"/sites/{emu.site_id}/publish", json=body)
        assert refused.status_code == 400
        error = refused.json()
        assert set(error) == ERROR_KEYS
        assert error["code"] == code
        if param is not None:
            assert param in [d["param"] for d in error["details"]]
        # The default interval is Webflow's minute: the refusal did not count as a publish.
        ok = await http.post(f"/sites/{emu.site_id}/publish", json={"publishToWebflowSubdomain": True})
        assert ok.status_code == 202
        limited = await http.post(f"/sites/{emu.site_id}/publish", json={"publishToWebflowSubdomain": True})
        assert limited.status_code == 429
        assert 59 <= int(limited.headers["Retry-After"]) <= 60


def test_publish_interval_option_is_checked() -> None:
    assert build_options().site_publish_interval == 60.0
    assert build_options(site_publish_interval=1).site_publish_interval == 1.0
    for bad in (-1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="site_publish_interval"):
            build_options(site_publish_interval=bad)


# --------------------------------------------------------------------------
# Deleting collections, changing and deleting fields
# --------------------------------------------------------------------------


async def test_delete_collection_takes_its_items(
    client: httpx.AsyncClient, emu: RunningEmulator, collection_id: str
) -> None:
    url = f"/collections/{collection_id}/items"
    created = await client.post(url + "/live", json={"fieldData": {"name": "x", "slug": "x"}})
    assert created.status_code == 202
    deleted = await client.delete(f"/collections/{collection_id}")
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert (await client.get(f"/collections/{collection_id}")).status_code == 404
    assert (await client.get(url)).status_code == 404
    assert (await client.get(f"{url}/{created.json()['id']}/live")).status_code == 404
    listed = (await client.get(f"/sites/{emu.site_id}/collections")).json()["collections"]
    assert collection_id not in [c["id"] for c in listed]
    again = await client.delete(f"/collections/{collection_id}")
    assert again.status_code == 404
    assert again.json()["code"] == "resource_not_found"
    assert (await client.delete("/collections/nope")).status_code == 400


async def test_a_deleted_collections_slug_can_be_used_again(client: httpx.AsyncClient, emu: RunningEmulator) -> None:
    body = {"displayName": "Reborn", "singularName": "Reborn", "slug": "reborn"}
    first = (await client.post(f"/sites/{emu.site_id}/collections", json=body)).json()
    assert (await client.delete(f"/collections/{first['id']}")).status_code == 204
    second = await client.post(f"/sites/{emu.site_id}/collections", json=body)
    assert second.status_code == 200
    assert second.json()["id"] != first["id"]


async def _add_field(client: httpx.AsyncClient, collection_id: str, **body: Any) -> dict[str, Any]:
    response = await client.post(f"/collections/{collection_id}/fields", json={"type": "Number", **body})
    assert response.status_code == 200
    field: dict[str, Any] = response.json()
    return field


async def test_update_field_changes_only_what_is_sent(client: httpx.AsyncClient, collection_id: str) -> None:
    field = await _add_field(client, collection_id, displayName="Rating")
    assert field["helpText"] is None  # as in upstream's collection-details example (webflow-v2.yml)
    url = f"/collections/{collection_id}/fields/{field['id']}"
    response = await client.patch(url, json={"isRequired": True, "displayName": "Score", "helpText": "1 to 5"})
    assert response.status_code == 200
    changed = response.json()
    assert (changed["isRequired"], changed["displayName"], changed["helpText"]) == (True, "Score", "1 to 5")
    assert (changed["id"], changed["slug"], changed["type"]) == (field["id"], "rating", "Number")
    fields = (await client.get(f"/collections/{collection_id}")).json()["fields"]
    assert next(f for f in fields if f["id"] == field["id"]) == changed
    # Now required: an item without it is refused.
    missing = await client.post(f"/collections/{collection_id}/items", json={"fieldData": {"name": "a", "slug": "a"}})
    assert missing.status_code == 400
    assert "fieldData.rating" in [d["param"] for d in missing.json()["details"]]
    unchanged = await client.patch(url, json={"helpText": "out of 5"})
    assert (unchanged.json()["displayName"], unchanged.json()["helpText"]) == ("Score", "out of 5")
    assert (await client.patch(url, json={})).json() == unchanged.json()


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"isRequired": "yes"}, "isRequired"),
        ({"displayName": ""}, "displayName"),
        ({"displayName": 3}, "displayName"),
        ({"helpText": ["x"]}, "helpText"),
    ],
)
async def test_update_field_refuses_wrong_types(
    client: httpx.AsyncClient, collection_id: str, body: dict[str, Any], param: str
) -> None:
    field = await _add_field(client, collection_id, displayName="Rank")
    response = await client.patch(f"/collections/{collection_id}/fields/{field['id']}", json=body)
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert [d["param"] for d in response.json()["details"]] == [param]
    fields = (await client.get(f"/collections/{collection_id}")).json()["fields"]
    assert next(f for f in fields if f["id"] == field["id"]) == field


async def test_field_ids_that_are_unknown_malformed_or_built_in(client: httpx.AsyncClient, collection_id: str) -> None:
    fields = (await client.get(f"/collections/{collection_id}")).json()["fields"]
    base = f"/collections/{collection_id}/fields"
    for send in (lambda u: client.patch(u, json={"displayName": "X"}), client.delete):
        unknown = await send(f"{base}/{'e' * 24}")
        assert unknown.status_code == 404
        assert unknown.json()["code"] == "resource_not_found"
        assert (await send(f"{base}/nope")).status_code == 400
        builtin = await send(f"{base}/{fields[0]['id']}")  # the `name` field: not a custom field
        assert builtin.status_code == 400
        assert builtin.json()["details"][0]["param"] == "field_id"
        assert (await send(f"/collections/{'1' * 24}/fields/{fields[0]['id']}")).status_code == 404
    assert (await client.get(f"/collections/{collection_id}")).json()["fields"] == fields


async def test_delete_field_removes_its_values(client: httpx.AsyncClient, collection_id: str) -> None:
    field = await _add_field(client, collection_id, displayName="Views")
    items = f"/collections/{collection_id}/items"
    created = (await client.post(items + "/live", json={"fieldData": {"name": "v", "slug": "v", "views": 3}})).json()
    assert created["fieldData"]["views"] == 3
    deleted = await client.delete(f"/collections/{collection_id}/fields/{field['id']}")
    assert deleted.status_code == 204
    assert [f["slug"] for f in (await client.get(f"/collections/{collection_id}")).json()["fields"]] == ["name", "slug"]
    for path in (f"{items}/{created['id']}", f"{items}/{created['id']}/live"):
        assert (await client.get(path)).json()["fieldData"] == {"name": "v", "slug": "v"}
    refused = await client.post(items, json={"fieldData": {"name": "w", "slug": "w", "views": 1}})
    assert refused.status_code == 400
    assert (await client.delete(f"/collections/{collection_id}/fields/{field['id']}")).status_code == 404
    # A new field under the same slug starts empty, and goes after the others.
    again = await _add_field(client, collection_id, displayName="Views")
    assert "views" not in (await client.get(f"{items}/{created['id']}")).json()["fieldData"]
    later = await _add_field(client, collection_id, displayName="Likes")
    slugs = [f["slug"] for f in (await client.get(f"/collections/{collection_id}")).json()["fields"]]
    assert slugs == ["name", "slug", "views", "likes"]
    assert again["id"] != field["id"] != later["id"]


async def test_create_field_takes_and_answers_metadata(client: httpx.AsyncClient, collection_id: str) -> None:
    # Upstream create-field: option and reference fields come with `metadata` and are answered with it;
    # collection-details shows the same under `validations`.
    url = f"/collections/{collection_id}/fields"
    kinds = {"type": "Option", "displayName": "Kind", "metadata": {"options": [{"name": "News"}, {"name": "Blog"}]}}
    option = await client.post(url, json=kinds)
    assert option.status_code == 200
    options = option.json()["metadata"]["options"]
    assert [o["name"] for o in options] == ["News", "Blog"]
    author = {"type": "Reference", "displayName": "Author", "metadata": {"collectionId": collection_id}}
    reference = await client.post(url, json=author)
    assert reference.status_code == 200
    assert reference.json()["metadata"] == {"collectionId": collection_id}
    fields = {f["slug"]: f for f in (await client.get(f"/collections/{collection_id}")).json()["fields"]}
    assert fields["kind"]["validations"] == {"options": options}
    assert fields["author"]["validations"] == {"collectionId": collection_id}
    item = {"fieldData": {"name": "k", "slug": "k", "kind": options[1]["id"]}}
    assert (await client.post(f"/collections/{collection_id}/items", json=item)).status_code == 202


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"type": "Option", "displayName": "Kind"}, "metadata.options"),
        ({"type": "Option", "displayName": "Kind", "validations": {"options": "News"}}, "validations.options"),
        ({"type": "Option", "displayName": "Kind", "metadata": {"options": []}}, "metadata.options"),
        ({"type": "Option", "displayName": "Kind", "metadata": {"options": [{"id": "x"}]}}, "metadata.options[0].name"),
        ({"type": "Reference", "displayName": "Author", "metadata": {}}, "metadata.collectionId"),
        ({"type": "MultiReference", "displayName": "Tags", "metadata": {"collectionId": "x"}}, "metadata.collectionId"),
    ],
)
async def test_create_field_needs_upstreams_metadata(
    client: httpx.AsyncClient, collection_id: str, body: dict[str, Any], param: str
) -> None:
    response = await client.post(f"/collections/{collection_id}/fields", json=body)
    assert response.status_code == 400
    assert [d["param"] for d in response.json()["details"]] == [param]
