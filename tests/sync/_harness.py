"""What the sync tests share: a fresh collection on an emulator, rows to sync, and the server's view.

``Env`` is one collection and one ledger path; ``client()`` makes an SDK client whose budget the
emulator never refuses (the requests a run costs are read from its report and checked against the
emulator's own count). ``posts(n)`` builds the source rows; ``state()`` reads what the server holds
with plain httpx, so a check never trusts the code under test.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import httpx

from support import Emulated, by_slug, read_all
from webflow_cms import AsyncWebflowCMS, RateLimit
from webflow_cms.sync import CollectionState, Entry, SQLiteLedger

__all__ = ["FAST", "Env", "HookedLedger", "by_slug_now", "patch", "posts", "same_as_source"]

FAST = RateLimit(1_000_000, 1)


def posts(
    n: int, *, changed: Iterable[int] = (), drop: Iterable[int] = (), extra: int = 0, tag: str = ""
) -> list[dict[str, Any]]:
    """``n`` blog-post rows (``post-0``...), some changed (their summary), some dropped, ``extra`` new ones."""
    changed, drop = set(changed), set(drop)
    rows = [
        {
            "name": f"Post {i}",
            "slug": f"post-{i}",
            "summary": f"Summary {i}{'!' + tag if i in changed else ''}",
            "rank": i,
        }
        for i in range(n)
        if i not in drop
    ]
    rows += [{"name": f"New {j}", "slug": f"new-{j}", "summary": f"New {j}", "rank": 10_000 + j} for j in range(extra)]
    return rows


@attrs.frozen
class Env:
    emu: Emulated
    ledger: Path

    @property
    def collection_id(self) -> str:
        return self.emu.collection_id

    def client(self, **options: Any) -> AsyncWebflowCMS:
        return AsyncWebflowCMS(
            self.emu.token, base_url=self.emu.url, rate_limit=options.pop("rate_limit", FAST), **options
        )

    async def items(self) -> list[dict[str, Any]]:
        return await self.emu.raw_items()

    async def requests_seen(self) -> int:
        """Requests the emulator counted so far (every token)."""
        return int((await self.emu.stats())["requests"])


async def patch(env: Env, item_id: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """An editor's change in Webflow: a raw PATCH, not through the SDK."""
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {env.emu.token}"}) as http:
        response = await http.patch(
            f"{env.emu.url}/collections/{env.collection_id}/items/{item_id}", json={"fieldData": dict(fields)}
        )
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


async def by_slug_now(env: Env) -> dict[str, dict[str, Any]]:
    """The collection's items by slug, read with plain httpx."""
    return dict(by_slug(await env.items()))


async def same_as_source(env: Env, rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """What differs between the collection and the rows: missing, extra, duplicated or stale slugs (empty: equal)."""
    held = by_slug(await read_all(env.emu.url, env.emu.token, env.collection_id))
    wanted = {row["slug"]: row for row in rows}
    problems = [f"duplicated {slug}" for slug in held.duplicates]
    problems += [f"missing {slug}" for slug in wanted if slug not in held]
    problems += [f"extra {slug}" for slug in held if slug not in wanted]
    for slug, row in wanted.items():
        item = held.get(slug)
        if item is not None and any(item["fieldData"].get(k) != v for k, v in row.items()):
            problems.append(f"stale {slug}")
    return problems


class HookedLedger:
    """A ``SQLiteLedger`` that runs ``hook(put)`` after each save: something happening while a sync writes."""

    def __init__(self, inner: SQLiteLedger, hook: Callable[[Sequence[Entry]], Awaitable[None]]) -> None:
        self.inner = inner
        self.hook = hook
        self.saves = 0

    async def lock(self, collection_id: str, owner: str) -> None:
        await self.inner.lock(collection_id, owner)

    async def heartbeat(self, collection_id: str, owner: str) -> None:
        await self.inner.heartbeat(collection_id, owner)

    async def unlock(self, collection_id: str, owner: str) -> None:
        await self.inner.unlock(collection_id, owner)

    async def load(self, collection_id: str) -> tuple[CollectionState, list[Entry]]:
        return await self.inner.load(collection_id)

    async def save(self, collection_id: str, put: Sequence[Entry] = (), drop: Sequence[str] = ()) -> None:
        await self.inner.save(collection_id, put, drop)
        self.saves += 1
        await self.hook(put)

    async def set_state(self, collection_id: str, state: CollectionState) -> None:
        await self.inner.set_state(collection_id, state)

    async def reset(self, collection_id: str) -> None:
        await self.inner.reset(collection_id)

    async def aclose(self) -> None:
        await self.inner.aclose()
