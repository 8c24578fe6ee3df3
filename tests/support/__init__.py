"""Test support shared by every test folder.

The emulator with one "Blog Posts" collection, read back with plain httpx; the one collection factory
(``new_collection``, and ``create_collection`` for a URL and token); the one ``by_slug``; the one fake
clock (``FakeClock``, in ``support.clock``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

import anyio
import attrs
import httpx
import pytest

from support.clock import FakeClock

__all__ = [
    "BLOG_FIELDS",
    "Emulated",
    "FakeClock",
    "SlugIndex",
    "by_slug",
    "create_collection",
    "emulated",
    "new_collection",
    "post",
    "read_all",
]

# support.items holds asserts (verdicts, seed) and fixtures (loaded with pytest_plugins): rewrite them as in a test.
pytest.register_assert_rewrite("support.items")

BLOG_FIELDS = [
    {"displayName": "Summary", "slug": "summary", "type": "PlainText", "isRequired": False},
    {"displayName": "Rank", "slug": "rank", "type": "Number", "isRequired": False},
    {"displayName": "Featured", "slug": "featured", "type": "Switch", "isRequired": False},
]


@attrs.frozen
class Emulated:
    """A running emulator and one empty collection on it."""

    url: str
    token: str
    site_id: str
    collection_id: str

    async def stats(self) -> dict[str, Any]:
        async with httpx.AsyncClient(headers={"Authorization": f"Bearer {self.token}"}) as http:
            response = await http.get(f"{self.url}/_emulator/stats")
            response.raise_for_status()
            data: dict[str, Any] = response.json()
            return data

    async def raw_items(self, live: bool = False) -> list[dict[str, Any]]:
        """Every item as the server holds it, read with plain httpx (not the SDK)."""
        return await read_all(self.url, self.token, self.collection_id, live=live)


async def read_all(url: str, token: str, collection_id: str, *, live: bool = False) -> list[dict[str, Any]]:
    """Every item as the server holds it, with plain httpx; dropped connections and 429s are waited out."""
    out: list[dict[str, Any]] = []
    path = "items/live" if live else "items"
    offset = 0
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=30) as http:
        for _ in range(100_000):  # bounded
            try:
                response = await http.get(
                    f"{url}/collections/{collection_id}/{path}", params={"offset": offset, "limit": 100}
                )
            except httpx.TransportError:  # an emulator injecting resets
                await anyio.sleep(0.05)
                continue
            if response.status_code == 429:  # a rate-limited emulator: wait, as any client would
                await anyio.sleep(float(response.headers.get("Retry-After", "1")))
                continue
            response.raise_for_status()
            page = response.json()
            out.extend(page["items"])
            offset += 100
            if offset >= page["pagination"]["total"]:
                return out
    raise AssertionError("read_all did not reach the end of the list")


async def new_collection(
    http: httpx.AsyncClient,
    site_id: str,
    *,
    slug: str = "blog-posts",
    fields: Sequence[Mapping[str, Any]] = BLOG_FIELDS,
    patient: bool = False,
) -> dict[str, Any]:
    """Create a collection through ``http`` (its base URL, token and hooks) and return it as the server did.

    ``patient`` is for an emulator that injects faults, resets and 429s: the request is repeated until
    it goes through, and after a failed attempt the collection is looked up first, since the failed
    attempt may have created it.
    """
    name = slug.replace("-", " ").title()
    body = {"displayName": name, "singularName": name.removesuffix("s"), "slug": slug, "fields": list(fields)}
    path = f"sites/{site_id}/collections"
    if not patient:
        response = await http.post(path, json=body)
        assert response.status_code == 200, response.text
        created: dict[str, Any] = response.json()
        return created
    for _ in range(200):  # bounded
        try:
            listed = await http.get(path)
            if listed.status_code == 200:
                for collection in listed.json()["collections"]:
                    if collection["slug"] == slug:
                        found: dict[str, Any] = collection
                        return found
            response = await http.post(path, json=body)
            if response.status_code == 200:
                made: dict[str, Any] = response.json()
                return made
            if response.status_code == 429:
                await anyio.sleep(float(response.headers.get("Retry-After", "1")))
        except httpx.TransportError:  # an emulator injecting resets
            await anyio.sleep(0.05)
    raise AssertionError(f"could not create the collection {slug!r}")


async def create_collection(
    url: str,
    token: str,
    site_id: str,
    slug: str = "blog-posts",
    *,
    fields: Sequence[Mapping[str, Any]] = BLOG_FIELDS,
    patient: bool = False,
) -> str:
    """``new_collection`` through a fresh client for ``url`` and ``token``; the new collection's id."""
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url.rstrip("/") + "/", headers=headers, timeout=30) as http:
        created = await new_collection(http, site_id, slug=slug, fields=fields, patient=patient)
        return str(created["id"])


class SlugIndex(dict[str, dict[str, Any]]):
    """Items keyed by slug; ``duplicates`` names the slugs seen more than once (the last one is kept)."""

    def __init__(self) -> None:
        super().__init__()
        self.duplicates: list[str] = []


def by_slug(items: Iterable[Mapping[str, Any]]) -> SlugIndex:
    """Server items (wire form, ``fieldData.slug``) keyed by slug, with the slugs seen more than once."""
    index = SlugIndex()
    for item in items:
        slug = item["fieldData"]["slug"]
        if slug in index:
            index.duplicates.append(slug)
        index[slug] = dict(item)
    return index


@asynccontextmanager
async def emulated(**options: Any) -> AsyncIterator[Emulated]:
    """``serve(**options)`` plus a fresh "Blog Posts" collection."""
    from webflow_cms_emulator import serve

    async with serve(**options) as emu:
        collection_id = await create_collection(emu.url, emu.token, emu.site_id)
        yield Emulated(emu.url, emu.token, emu.site_id, collection_id)


def post(n: int, **fields: Any) -> dict[str, Any]:
    """A blog post document for create/upsert calls."""
    return {"fieldData": {"name": f"Post {n}", "slug": f"post-{n}", "summary": f"Summary {n}", "rank": n, **fields}}
