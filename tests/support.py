"""Test support: the emulator with one "Blog Posts" collection, read back with plain httpx."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import attrs
import httpx

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


async def create_collection(url: str, token: str, site_id: str, slug: str = "blog-posts") -> str:
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}) as http:
        response = await http.post(
            f"{url}/sites/{site_id}/collections",
            json={"displayName": "Blog Posts", "singularName": "Blog Post", "slug": slug, "fields": BLOG_FIELDS},
        )
        response.raise_for_status()
        return str(response.json()["id"])


@asynccontextmanager
async def emulated(**options: Any) -> AsyncIterator[Emulated]:
    """``serve(**options)`` plus a fresh "Blog Posts" collection."""
    from webflow_cms.emulator import serve

    async with serve(**options) as emu:
        collection_id = await create_collection(emu.url, emu.token, emu.site_id)
        yield Emulated(emu.url, emu.token, emu.site_id, collection_id)


def post(n: int, **fields: Any) -> dict[str, Any]:
    """A blog post document for create/upsert calls."""
    return {"fieldData": {"name": f"Post {n}", "slug": f"post-{n}", "summary": f"Summary {n}", "rank": n, **fields}}
