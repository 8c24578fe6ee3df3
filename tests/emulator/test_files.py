"""Image and File values are re-hosted as Webflow does (files.py): a file id and URL of its own, alt kept."""

from __future__ import annotations

import itertools
from typing import Any

import httpx
import pytest

from webflow_cms_emulator.files import rehost
from webflow_cms_emulator.ids import is_object_id

pytestmark = pytest.mark.anyio

FILE_FIELDS: list[dict[str, Any]] = [
    {"displayName": "Photo", "type": "Image"},
    {"displayName": "Gallery", "type": "MultiImage"},
    {"displayName": "Manual", "type": "File"},
]


def _ids() -> Any:
    counter = itertools.count(1)
    return lambda: f"{next(counter):024x}"


def test_a_url_gets_a_file_id_and_a_url_of_webflows_form() -> None:
    make = _ids()
    assert rehost("Image", "https://example.com/a/b/cat.png?size=2", make) == {
        "fileId": f"{1:024x}",
        "url": f"/files/{1:024x}_cat.png",
    }
    assert rehost("File", {"url": "https://example.com/guide%20v2.pdf", "alt": "Guide"}, make) == {
        "fileId": f"{2:024x}",
        "url": f"/files/{2:024x}_guide-20v2.pdf",
        "alt": "Guide",
    }
    assert rehost("Image", {"url": "https://example.com/", "alt": None}, make)["url"] == f"/files/{3:024x}_file"


def test_a_file_already_hosted_keeps_its_id_and_url() -> None:
    hosted = {"fileId": "62b720ef280c7a7a3be8cabe", "url": "/files/62b720ef280c7a7a3be8cabe_image.png", "alt": "A"}
    assert rehost("Image", hosted) == hosted
    assert rehost("Image", {"fileId": "62b720ef280c7a7a3be8cabe"}) == {
        "fileId": "62b720ef280c7a7a3be8cabe",
        "url": "/files/62b720ef280c7a7a3be8cabe",
    }


def test_only_file_fields_are_rehosted() -> None:
    make = _ids()
    assert rehost("MultiImage", ["https://example.com/1.png", {"url": "https://example.com/2.png"}], make) == [
        {"fileId": f"{1:024x}", "url": f"/files/{1:024x}_1.png"},
        {"fileId": f"{2:024x}", "url": f"/files/{2:024x}_2.png"},
    ]
    assert rehost("ExtFileRef", {"url": "https://example.com/x.bin"}, make) == {"url": "https://example.com/x.bin"}
    assert rehost("Link", "https://example.com/1.png", make) == "https://example.com/1.png"
    assert rehost("Image", None, make) is None


async def test_writes_store_rehosted_files_and_each_write_fetches_anew(
    client: httpx.AsyncClient, new_collection: Any
) -> None:
    collection = await new_collection(fields=FILE_FIELDS)
    base = f"/collections/{collection['id']}/items"
    body = {
        "fieldData": {
            "name": "One",
            "slug": "one",
            "photo": {"url": "https://example.com/cat.png", "alt": "A cat"},
            "gallery": ["https://example.com/1.png"],
            "manual": "https://example.com/manual.pdf",
        }
    }
    created = await client.post(base, json=body)
    assert created.status_code == 202, created.text
    item = created.json()
    photo = item["fieldData"]["photo"]
    assert is_object_id(photo["fileId"])
    assert photo == {"fileId": photo["fileId"], "url": f"/files/{photo['fileId']}_cat.png", "alt": "A cat"}
    assert item["fieldData"]["manual"]["url"].endswith("_manual.pdf")
    assert item["fieldData"]["gallery"][0]["url"].endswith("_1.png")
    # Read back as stored, not as sent.
    fetched = (await client.get(f"{base}/{item['id']}")).json()
    assert fetched["fieldData"] == item["fieldData"]

    # The same URL sent again is fetched again: a new file id.
    again = await client.patch(f"{base}/{item['id']}", json={"fieldData": {"photo": body["fieldData"]["photo"]}})
    assert again.status_code == 200, again.text
    second = again.json()["fieldData"]["photo"]
    assert second["fileId"] != photo["fileId"]
    assert second["alt"] == "A cat"

    # A hosted file sent back as it reads keeps its id.
    kept = await client.patch(f"{base}/{item['id']}", json={"fieldData": {"photo": second}})
    assert kept.json()["fieldData"]["photo"] == second


async def test_a_bad_file_value_is_still_refused(client: httpx.AsyncClient, new_collection: Any) -> None:
    collection = await new_collection(fields=FILE_FIELDS)
    response = await client.post(
        f"/collections/{collection['id']}/items",
        json={"fieldData": {"name": "Bad", "slug": "bad", "photo": {"alt": "no url"}}},
    )
    assert response.status_code == 400
    assert response.json()["details"][0]["param"] == "fieldData.photo"
