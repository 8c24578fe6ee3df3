"""The clients under test, each doing a scenario's job as its users would write it.

``ours`` is webflow_cms.AsyncWebflowCMS; ``official`` is the peer, Webflow's official SDK
``webflow`` (``PEER``: AsyncWebflow, pydantic models, default retry settings); ``httpx`` is a
plain sequential loop. The bulk functions return a dict of measurements, the listings a count.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from importlib.metadata import version
from typing import Any

import httpx
from webflow import AsyncWebflow
from webflow.core.api_error import ApiError
from webflow.core.parse_error import ParsingError
from webflow.environment import WebflowEnvironment
from webflow.resources.collections.resources.items.types.item_i_ds import ItemIDs
from webflow.resources.collections.resources.items.types.multiple_items import MultipleItems
from webflow.types.collection_item_post_single import CollectionItemPostSingle

from webflow_cms import AsyncWebflowCMS, RateLimit, RateLimitError

PAGE = 100
#: The official SDK as installed, named in the banner and the notes under the table.
PEER = f"webflow {version('webflow')}"


def ours(url: str, token: str, rate_limit: RateLimit) -> AsyncWebflowCMS:
    return AsyncWebflowCMS(token=token, base_url=url, rate_limit=rate_limit)


def official(url: str, token: str) -> tuple[AsyncWebflow, httpx.AsyncClient]:
    """The official client pointed at the emulator; the httpx client is returned so it can be closed."""
    environment = WebflowEnvironment(base=url, data_api=url, content_delivery_api=url)
    http = httpx.AsyncClient(timeout=60)
    return AsyncWebflow(access_token=token, environment=environment, httpx_client=http), http


def chunks(seq: Sequence[Any], size: int = PAGE) -> list[Sequence[Any]]:
    return [seq[i : i + size] for i in range(0, len(seq), size)]


class Timeline:
    """(seconds since start, items done) points for the throughput plot."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.points: list[tuple[float, int]] = [(0.0, 0)]
        self.done = 0

    def add(self, count: int) -> None:
        self.done += count
        self.points.append((time.perf_counter() - self.start, self.done))

    def set(self, done: int) -> None:
        self.done = done
        self.points.append((time.perf_counter() - self.start, done))


# --------------------------------------------------------------- scenario 1: bulk create


async def create_ours(
    url: str, token: str, collection_id: str, docs: list[dict[str, Any]], rate: RateLimit
) -> dict[str, Any]:
    timeline = Timeline()
    async with ours(url, token, rate) as wf:
        result = await wf.items(collection_id).create_many(docs, on_progress=lambda done, _total: timeline.set(done))
    wall = time.perf_counter() - timeline.start
    limited = sum(1 for f in result.failed if isinstance(f.error, RateLimitError))
    return {
        "wall": wall,
        "surfaced_429_items": limited,
        "failed_items": len(result.failed) + len(result.unknown) + len(result.skipped),
        "timeline": timeline.points,
    }


def _official_body(docs: Sequence[dict[str, Any]]) -> MultipleItems:
    return MultipleItems(items=[CollectionItemPostSingle(field_data=d["fieldData"]) for d in docs])


async def _official_create_chunk(wf: AsyncWebflow, collection_id: str, docs: Sequence[dict[str, Any]]) -> str:
    """One 100-item create. The SDK types this reply as one item, so a 202 with ``{"items": [...]}``
    raises ParsingError after the items were created: a user has to treat that as success."""
    try:
        await wf.collections.items.create_item(collection_id, request=_official_body(docs))
    except ParsingError as exc:
        if exc.status_code is not None and 200 <= exc.status_code < 300:
            return "ok"
        return "error"
    except ApiError as exc:
        return "429" if exc.status_code == 429 else "error"
    return "ok"


async def create_official(
    url: str, token: str, collection_id: str, docs: list[dict[str, Any]], gather: bool
) -> dict[str, Any]:
    timeline = Timeline()
    wf, http = official(url, token)
    outcomes: list[str] = []
    try:
        if gather:

            async def one(part: Sequence[dict[str, Any]]) -> str:
                outcome = await _official_create_chunk(wf, collection_id, part)
                timeline.add(len(part) if outcome == "ok" else 0)
                return outcome

            outcomes = list(await asyncio.gather(*(one(part) for part in chunks(docs))))
        else:
            for part in chunks(docs):
                outcome = await _official_create_chunk(wf, collection_id, part)
                timeline.add(len(part) if outcome == "ok" else 0)
                outcomes.append(outcome)
    finally:
        await http.aclose()
    wall = time.perf_counter() - timeline.start
    return {
        "wall": wall,
        "surfaced_429_items": PAGE * outcomes.count("429"),
        "failed_items": PAGE * (len(outcomes) - outcomes.count("ok")),
        "timeline": timeline.points,
    }


# ------------------------------------------------------------ scenario 2 / 4: listing


async def list_ours(url: str, token: str, collection_id: str, rate: RateLimit) -> int:
    count = 0
    async with ours(url, token, rate) as wf:
        async for _item in wf.items(collection_id).list():
            count += 1
    return count


async def list_official(url: str, token: str, collection_id: str) -> int:
    """The offset loop a user of the official SDK writes (it has no iterator)."""
    wf, http = official(url, token)
    count = 0
    offset = 0
    try:
        for _ in range(100_000):  # bounded: ten million items
            page = await wf.collections.items.list_items(collection_id, offset=offset, limit=PAGE)
            for _item in page.items:
                count += 1
            offset += PAGE
            total = page.pagination.total if page.pagination and page.pagination.total is not None else 0
            if offset >= total or not page.items:
                break
    finally:
        await http.aclose()
    return count


async def list_httpx(url: str, token: str, collection_id: str) -> int:
    """Plain httpx, sequential, JSON dicts only."""
    count = 0
    offset = 0
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=60) as http:
        for _ in range(100_000):  # bounded: ten million items
            response = await http.get(
                f"{url}/collections/{collection_id}/items", params={"offset": offset, "limit": PAGE}
            )
            response.raise_for_status()
            data = response.json()
            count += len(data["items"])
            offset += PAGE
            if offset >= data["pagination"]["total"] or not data["items"]:
                break
    return count


# ------------------------------------------------------------------ scenario 5: publish


async def publish_ours(url: str, token: str, collection_id: str, ids: list[str], rate: RateLimit) -> dict[str, Any]:
    start = time.perf_counter()
    async with ours(url, token, rate) as wf:
        result = await wf.items(collection_id).publish(ids)
    return {"wall": time.perf_counter() - start, "failed_items": result.total - len(result.succeeded)}


async def publish_official(url: str, token: str, collection_id: str, ids: list[str], gather: bool) -> dict[str, Any]:
    start = time.perf_counter()
    wf, http = official(url, token)

    async def one(part: Sequence[str]) -> int:
        try:
            reply = await wf.collections.items.publish_item(collection_id, request=ItemIDs(item_ids=list(part)))
        except ApiError:
            return len(part)
        return len(part) - len(reply.published_item_ids or [])

    try:
        if gather:
            failed = sum(await asyncio.gather(*(one(part) for part in chunks(ids))))
        else:
            failed = 0
            for part in chunks(ids):
                failed += await one(part)
    finally:
        await http.aclose()
    return {"wall": time.perf_counter() - start, "failed_items": failed}
