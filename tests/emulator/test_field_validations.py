"""Field validations and option ids as Webflow serves them, over HTTP.

Sources: Webflow's "Field Types & Item Values" page (Color formats, Option values are option ids,
Number is an integer or decimal); upstream's collection-details example in
openapi/upstream/older/webflow-collections-openapi.upstream.yml (a Number field's validations, option ids,
the type enum with ExtFileRef), read here at run time. The Designer stand-in is
`POST /v2/_emulator/sites/{site_id}/collections`; `--number-validations` is a fidelity variant.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
import yaml

from support import upstream
from webflow_cms_emulator import RunningEmulator, serve
from webflow_cms_emulator.__main__ import _parser
from webflow_cms_emulator.options import build_options

pytestmark = pytest.mark.anyio

ClientFactory = Callable[..., httpx.AsyncClient]
UPSTREAM = upstream.part("collections")
OPTION_ID = "66f6e966c9e1dc700a857c00"
_numbers = itertools.count(1)


async def post_designer(emu: RunningEmulator, body: object, token: str | None = "") -> httpx.Response:
    """POST to the Designer stand-in. Not through the spec-checked clients: the project's spec has no
    such path, and its checker takes `/v2/_emulator` for a server that the spec does not list."""
    token = emu.token if token == "" else token
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient(base_url=emu.url, headers=headers, timeout=10) as http:
        return await http.post(f"/_emulator/sites/{emu.site_id}/collections", json=body)


def upstream_example() -> dict[str, Any]:
    """The 200 example of upstream's collection-details operation, as published."""
    spec = yaml.safe_load(UPSTREAM.read_text(encoding="utf-8"))
    operation = spec["paths"]["/collections/{collection_id}"]["get"]
    assert operation["operationId"] == "collection-details"
    example: dict[str, Any] = operation["responses"]["200"]["content"]["application/json"]["schema"]["example"]
    return example


@asynccontextmanager
async def fresh(make_client: ClientFactory, **options: Any) -> AsyncIterator[tuple[RunningEmulator, httpx.AsyncClient]]:
    """A separate emulator with its own options, and a spec-checked client."""
    async with serve(rate_limit="1000000/1", **options) as emu:
        yield emu, make_client(emu.url, emu.token)


async def designed(emu: RunningEmulator, fields: list[dict[str, Any]]) -> dict[str, Any]:
    """A collection made through the Designer stand-in; fails the test unless it answers 200."""
    n = next(_numbers)
    body = {"displayName": f"Designed {n}", "singularName": f"Designed {n}", "slug": f"designed-{n}", "fields": fields}
    response = await post_designer(emu, body)
    assert response.status_code == 200, response.text
    created: dict[str, Any] = response.json()
    return created


async def create_item(client: httpx.AsyncClient, collection_id: str, **values: Any) -> httpx.Response:
    n = next(_numbers)
    return await client.post(
        f"/collections/{collection_id}/items", json={"fieldData": {"name": f"i{n}", "slug": f"i-{n}", **values}}
    )


def params(response: httpx.Response) -> list[str]:
    return [d["param"] for d in response.json()["details"]]


# --------------------------------------------------------------------------
# Color
# --------------------------------------------------------------------------

GOOD_COLORS = [
    "#a0c",
    "#a0c8",
    "#aa00cc",
    "#aa00cc80",
    "rgb(170, 0, 204)",
    "rgba(170, 0, 204, 0.5)",
    "hsl(290, 100%, 40%)",
    "hsla(290, 100%, 40%, 0.5)",
    "hsl(290deg 100% 40% / 50%)",
    "orchid",
    "aqua",
    "black",
    "Orchid",
    "REBECCAPURPLE",
    "transparent",
]
BAD_COLORS = ["#a0c8f", "hsl(banana)", "hsl(290, 100, 40)", "orchidish", "", 170, None]


@pytest.mark.parametrize("value", GOOD_COLORS)
async def test_every_documented_color_form_is_accepted(
    client: httpx.AsyncClient, emu: RunningEmulator, value: str
) -> None:
    collection = await designed(emu, [{"displayName": "Tint", "type": "Color"}])
    created = await create_item(client, collection["id"], tint=value)
    assert created.status_code == 202, created.text
    assert created.json()["fieldData"]["tint"] == value


@pytest.mark.parametrize("value", BAD_COLORS)
async def test_other_color_values_are_refused(client: httpx.AsyncClient, emu: RunningEmulator, value: object) -> None:
    collection = await designed(emu, [{"displayName": "Tint", "type": "Color", "isRequired": True}])
    refused = await create_item(client, collection["id"], tint=value)
    assert refused.status_code == 400
    assert refused.json()["code"] == "validation_error"
    assert params(refused) == ["fieldData.tint"]


# --------------------------------------------------------------------------
# The Designer stand-in
# --------------------------------------------------------------------------

SCORE_RULES = {"format": "decimal", "precision": 2, "allowNegative": False, "allowZero": True, "minValue": 0.5}


async def test_designer_route_makes_what_the_public_api_cannot(client: httpx.AsyncClient, emu: RunningEmulator) -> None:
    fields = [
        {"displayName": "Score", "type": "Number", "validations": SCORE_RULES, "helpText": "Out of ten"},
        {"displayName": "Asset", "slug": "asset", "type": "ExtFileRef", "isRequired": True},
        {"slug": "name", "displayName": "Headline", "helpText": "Shown as the title"},
    ]
    created = await designed(emu, fields)
    fetched = (await client.get(f"/collections/{created['id']}")).json()
    assert fetched == created
    shown = {f["slug"]: {k: v for k, v in f.items() if k != "id"} for f in fetched["fields"]}
    assert list(shown) == ["name", "slug", "score", "asset"]
    assert shown["name"] == {
        "isEditable": True,
        "isRequired": True,
        "type": "PlainText",
        "slug": "name",
        "displayName": "Headline",
        "helpText": "Shown as the title",
        "validations": None,
    }
    assert shown["score"] == {
        "isEditable": True,
        "isRequired": False,
        "type": "Number",
        "slug": "score",
        "displayName": "Score",
        "helpText": "Out of ten",
        "validations": SCORE_RULES,
    }
    assert shown["asset"] == {
        "isEditable": True,
        "isRequired": True,
        "type": "ExtFileRef",
        "slug": "asset",
        "displayName": "Asset",
        "helpText": None,
        "validations": None,
    }
    assert all(len(f["id"]) == 24 for f in fetched["fields"])
    assert len({f["id"] for f in fetched["fields"]}) == 4


@pytest.mark.parametrize(
    ("field", "param"),
    [
        ({"type": "Number", "validations": {"format": "float"}}, "fields[0].validations.format"),
        ({"type": "Number", "validations": {"precision": -1}}, "fields[0].validations.precision"),
        ({"type": "Number", "validations": {"precision": 1.5}}, "fields[0].validations.precision"),
        ({"type": "Number", "validations": {"allowZero": "no"}}, "fields[0].validations.allowZero"),
        ({"type": "Number", "validations": {"minValue": "1"}}, "fields[0].validations.minValue"),
        ({"type": "Number", "validations": {"minValue": 5, "maxValue": 1}}, "fields[0].validations.minValue"),
        ({"type": "Number", "validations": {"maxLength": 3}}, "fields[0].validations.maxLength"),
        ({"type": "Date"}, "fields[0].type"),
        (
            {"type": "Option", "validations": {"options": [{"name": "A", "id": "a"}]}},
            "fields[0].validations.options[0].id",
        ),
        ({"type": "Reference"}, "fields[0].metadata.collectionId"),
        ({"type": "PlainText", "slug": "slug", "isRequired": False}, "fields[0].isRequired"),
        ({"type": "Number", "slug": "name"}, "fields[0].type"),
    ],
)
async def test_designer_route_refuses_what_webflow_would_not_show(
    client: httpx.AsyncClient, emu: RunningEmulator, field: dict[str, Any], param: str
) -> None:
    body = {"displayName": "Refused", "fields": [{"displayName": "Field", **field}]}
    response = await post_designer(emu, body)
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert param in params(response)
    listed = (await client.get(f"/sites/{emu.site_id}/collections")).json()["collections"]
    assert "refused" not in [c["slug"] for c in listed]


async def test_designer_route_wants_a_token_but_no_budget(client: httpx.AsyncClient, emu: RunningEmulator) -> None:
    for token in (None, "not-a-token"):
        response = await post_designer(emu, {"displayName": "Nobody"}, token)
        assert response.status_code == 401
        assert response.json()["code"] == "not_authorized"
    before = (await client.get("/_emulator/stats")).json()["requests"]
    await designed(emu, [])
    assert (await client.get("/_emulator/stats")).json()["requests"] == before


async def test_public_creates_still_refuse_extfileref(
    client: httpx.AsyncClient, emu: RunningEmulator, collection_id: str
) -> None:
    field = await client.post(
        f"/collections/{collection_id}/fields", json={"displayName": "Asset", "type": "ExtFileRef"}
    )
    assert field.status_code == 400
    assert params(field) == ["type"]
    body = {"displayName": "Assets", "fields": [{"displayName": "Asset", "type": "ExtFileRef"}]}
    collection = await client.post(f"/sites/{emu.site_id}/collections", json=body)
    assert collection.status_code == 400
    assert params(collection) == ["fields[0].type"]


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ({"fileId": "62b720ef280c7a7a3be8cabe", "url": "https://cdn.example.com/a.pdf"}, True),
        ("https://cdn.example.com/a.pdf", True),
        (42, False),
    ],
)
async def test_extfileref_values_are_read_as_file_values(
    client: httpx.AsyncClient, emu: RunningEmulator, value: object, ok: bool
) -> None:
    collection = await designed(emu, [{"displayName": "Asset", "type": "ExtFileRef"}])
    response = await create_item(client, collection["id"], asset=value)
    assert response.status_code == (202 if ok else 400)


async def test_option_ids_are_assigned_and_item_values_must_be_ids(
    client: httpx.AsyncClient, emu: RunningEmulator
) -> None:
    options = [{"name": "Gear"}, {"name": "Gadget", "id": OPTION_ID}]
    collection = await designed(emu, [{"displayName": "Kind", "type": "Option", "validations": {"options": options}}])
    shown = collection["fields"][2]["validations"]["options"]
    assert [o["name"] for o in shown] == ["Gear", "Gadget"]
    assert shown[1]["id"] == OPTION_ID
    assert len(shown[0]["id"]) == 24
    assert shown[0]["id"] != OPTION_ID
    for option in shown:
        assert (await create_item(client, collection["id"], kind=option["id"])).status_code == 202
    by_name = await create_item(client, collection["id"], kind="Gear")
    assert by_name.status_code == 400
    assert params(by_name) == ["fieldData.kind"]


# --------------------------------------------------------------------------
# Upstream's collection-details example as a seed
# --------------------------------------------------------------------------


async def test_guide_entries_seed_is_upstreams_example(make_client: ClientFactory) -> None:
    example = upstream_example()
    async with fresh(make_client) as (emu, client):
        response = await post_designer(emu, {"example": "guide-entries"})
        assert response.status_code == 200, response.text
        seeded = (await client.get(f"/collections/{response.json()['id']}")).json()
        assert seeded == response.json()
        again = await post_designer(emu, {"example": "guide-entries"})
        assert again.status_code == 409
    own_id = seeded["id"]
    assert len(own_id) == 24
    assert own_id != example["id"]  # the example's id has 32 hex digits, no object id
    for key in ("displayName", "singularName", "slug"):
        assert seeded[key] == example[key]
    assert len(seeded["fields"]) == len(example["fields"])
    for mine, theirs in zip(seeded["fields"], example["fields"], strict=True):
        expected = dict(theirs)
        if expected["type"] == "Date":  # not in the type enum: the emulator serves DateTime
            expected["type"] = "DateTime"
        rules = expected["validations"]
        if rules is not None and rules.get("collectionId") == example["id"]:
            expected["validations"] = {"collectionId": own_id}
        assert mine == expected, mine["slug"]


async def test_guide_entries_items_keep_the_examples_rules(make_client: ClientFactory) -> None:
    example = upstream_example()
    options = next(f for f in example["fields"] if f["slug"] == "item-type")["validations"]["options"]
    async with fresh(make_client) as (emu, client):
        seeded = (await post_designer(emu, {"example": "guide-entries"})).json()
        good = {"importance-level": 3, "item-type": options[1]["id"], "towel-color": "orchid"}
        created = await create_item(client, seeded["id"], **good)
        assert created.status_code == 202, created.text
        related = {"related-entry": created.json()["id"], "mentioned-in-entries": [created.json()["id"]]}
        assert (await create_item(client, seeded["id"], **related)).status_code == 202
        for slug, value in (("importance-level", 0), ("importance-level", 6), ("item-type", options[1]["name"])):
            refused = await create_item(client, seeded["id"], **{slug: value})
            assert refused.status_code == 400
            assert params(refused) == [f"fieldData.{slug}"]


@pytest.mark.parametrize(
    "body",
    [{"example": "blog-posts"}, {"example": "guide-entries", "slug": "guides"}, {"example": None}],
)
async def test_unknown_examples_are_refused(
    client: httpx.AsyncClient, emu: RunningEmulator, body: dict[str, Any]
) -> None:
    response = await post_designer(emu, body)
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"


# --------------------------------------------------------------------------
# Number validations on item writes (fidelity variant --number-validations)
# --------------------------------------------------------------------------

# (rules, a value that breaks them, a value that keeps them)
NUMBER_RULES = {
    "integer": ({"format": "integer"}, 2.5, 3.0),
    "negative": ({"allowNegative": False}, -1, 0),
    "zero": ({"allowZero": False}, 0, -2),
    "min": ({"minValue": 1}, 0.5, 1),
    "max": ({"maxValue": 5}, 5.01, 5),
    "precision": ({"format": "decimal", "precision": 2}, 1.234, 1.23),
}


@pytest.mark.parametrize("rule", list(NUMBER_RULES))
async def test_number_rules_are_enforced_by_default(client: httpx.AsyncClient, emu: RunningEmulator, rule: str) -> None:
    rules, bad, good = NUMBER_RULES[rule]
    collection = await designed(emu, [{"displayName": "Score", "type": "Number", "validations": rules}])
    items = f"/collections/{collection['id']}/items"
    refused = await create_item(client, collection["id"], score=bad)
    assert refused.status_code == 400
    assert refused.json()["code"] == "validation_error"
    assert params(refused) == ["fieldData.score"]
    created = await create_item(client, collection["id"], score=good)
    assert created.status_code == 202, created.text
    item_id = created.json()["id"]
    patched = await client.patch(f"{items}/{item_id}", json={"fieldData": {"score": bad}})
    assert patched.status_code == 400
    assert params(patched) == ["fieldData.score"]
    bulk = await client.patch(items, json={"items": [{"id": item_id, "fieldData": {"score": bad}}]})
    assert bulk.status_code == 400
    assert params(bulk) == ["items[0].fieldData.score"]
    assert (await client.get(f"{items}/{item_id}")).json()["fieldData"]["score"] == good


async def test_number_rules_are_stored_not_enforced_with_ignore(make_client: ClientFactory) -> None:
    async with fresh(make_client, number_validations="ignore") as (emu, client):
        for rule, (rules, bad, _good) in NUMBER_RULES.items():
            collection = await designed(emu, [{"displayName": "Score", "type": "Number", "validations": rules}])
            created = await create_item(client, collection["id"], score=bad)
            assert created.status_code == 202, rule
            item = f"/collections/{collection['id']}/items/{created.json()['id']}"
            assert (await client.get(item)).json()["fieldData"]["score"] == bad
            assert (await client.get(f"/collections/{collection['id']}")).json()["fields"][2]["validations"] == rules
        # The rules go; the type stays: a Number field still takes numbers only.
        assert (await create_item(client, collection["id"], score="many")).status_code == 400


def test_number_validations_variant_is_an_option_and_a_flag() -> None:
    assert build_options().number_validations == "enforce"
    assert build_options(number_validations="ignore").number_validations == "ignore"
    with pytest.raises(ValueError, match="number_validations"):
        build_options(number_validations="sometimes")  # type: ignore[typeddict-item]
    assert _parser().parse_args([]).number_validations == "enforce"
    assert _parser().parse_args(["--number-validations", "ignore"]).number_validations == "ignore"
