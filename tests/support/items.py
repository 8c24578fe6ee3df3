"""Support for the tests of the items resource and the modules behind it (tests/test_items.py and its mirrors).

- ``client``: an SDK client of an emulated collection (``Emulated``) or of a ``Scripted`` one;
- answers the emulator never gives: ``mock_client`` (an ``httpx.MockTransport`` handler), ``wire_item``,
  and ``refusals`` (each failed input's error, as a tuple to compare);
- scripted faults (the read-back scenarios): the ``env`` fixture, a fresh collection on one emulator per
  test module whose next writes can be failed on purpose, with ``verdicts``, ``seed`` and ``summaries``.

The fixtures (``running``, ``env``, ``no_backoff``) reach a test module through
``pytest_plugins = ["support.items"]``.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from typing import Any

import attrs
import httpx
import pytest
from hypothesis import HealthCheck, settings

from support import Emulated, create_collection
from webflow_cms import AsyncWebflowCMS, BulkResult, RateLimit
from webflow_cms.retry import RetryPolicy
from webflow_cms_emulator import RunningEmulator, serving
from webflow_cms_emulator.chaos import Chaos
from webflow_cms_emulator.options import FaultKind
from webflow_cms_emulator.state import EmulatorState

__all__ = [
    "COLLECTION_ID",
    "FAST",
    "ITEM_ID",
    "PROPERTY_SETTINGS",
    "Scripted",
    "client",
    "env",
    "item_count",
    "mock_client",
    "no_backoff",
    "refusals",
    "running",
    "scan_misses_first",
    "seed",
    "site_locales",
    "summaries",
    "verdicts",
    "wire_item",
]

FAST = RateLimit(10_000, 1)  # the emulator's default limit is raised below; the client must not be the bottleneck
#: Property-based tests against a running emulator: no deadline (each example makes requests), no health checks.
PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


# ------------------------------------------------------------ the emulator as it answers


async def site_locales(emu: Emulated) -> tuple[str, str]:
    """The cmsLocaleIds of the site's primary and (first) secondary locale."""
    async with httpx.AsyncClient(base_url=emu.url, headers={"Authorization": f"Bearer {emu.token}"}) as http:
        site = (await http.get(f"/sites/{emu.site_id}")).json()
    return site["locales"]["primary"]["cmsLocaleId"], site["locales"]["secondary"][0]["cmsLocaleId"]


async def item_count(emu: Emulated) -> int:
    """How many items the collection holds (staged), read with plain httpx."""
    return len(await emu.raw_items())


# ------------------------------------------------------------ answers the emulator never gives (MockTransport)

ITEM_ID, COLLECTION_ID = "a" * 24, "c" * 24


def wire_item(slug: str, item_id: str = ITEM_ID) -> dict[str, object]:
    """An item as Webflow sends it, staged and never published."""
    stamp = "2024-02-28T19:25:39.942Z"
    return {
        "id": item_id,
        "cmsLocaleId": "b" * 24,
        "lastPublished": None,
        "lastUpdated": stamp,
        "createdOn": stamp,
        "isArchived": False,
        "isDraft": True,
        "fieldData": {"name": slug.title(), "slug": slug},
    }


def mock_client(handler: Callable[[httpx.Request], httpx.Response], **options: Any) -> AsyncWebflowCMS:
    """A client whose every request ``handler`` answers; no retries (``options`` go to the client)."""
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    options = {"rate_limit": FAST, "max_retries": 0, **options}
    return AsyncWebflowCMS("t", base_url="http://127.0.0.1/v2", http_client=http, **options)


def refusals(result: object) -> dict[int, tuple[str, str | None, int | None, str]]:
    """Each failed input's error: (type name, code, status, message)."""
    failed = result.failed  # type: ignore[attr-defined]
    return {f.index: (type(f.error).__name__, f.error.code, f.error.status, f.error.message) for f in failed}


# ------------------------------------------------------------ scripted faults (issue 16)


@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries still happen (and are counted); only the wait before them is cut to a millisecond."""
    monkeypatch.setattr(RetryPolicy, "backoff", lambda self, attempt, rng=None: 0.001)


_collections = itertools.count(1)


@attrs.define
class Scripted:
    """A fresh collection on the module's emulator, and the means to fail its next writes on purpose."""

    emu: Emulated
    state: EmulatorState
    baseline: dict[str, int]
    #: The last write number scripted to fail.
    last: int = 0

    @property
    def chaos(self) -> Chaos:
        return self.state.chaos

    def fail_next(self, *kinds: FaultKind, after: bool, skip: int = 0) -> int:
        """Let ``skip`` writes pass, then fail the next ``len(kinds)`` writes, one kind each.

        Returns the write count before them all, for ``writes_since``.
        """
        start = self.chaos.writes
        for later, kind in enumerate(kinds, skip + 1):
            self.last = max(self.last, self.chaos.fail_write(kind=kind, after=after, later=later))
        return start

    def writes_since(self, start: int) -> int:
        return self.chaos.writes - start

    def injected(self) -> dict[str, int]:
        """Faults and resets injected since the test began, by whether the write was applied first."""
        now = _injected(self.state)
        return {key: now[key] - self.baseline[key] for key in now}

    async def drain(self) -> None:
        """Use up faults a failed test left scripted, so they cannot hit the next test's writes."""
        url = f"{self.emu.url}/collections/{self.emu.collection_id}/items/publish"
        async with httpx.AsyncClient(headers=_auth(self.emu)) as http:
            while self.chaos.writes < self.last:
                with contextlib.suppress(httpx.TransportError):
                    await http.post(url, json={"itemIds": []})

    async def raw(self, *, live: bool = False, locale: str | None = None) -> dict[str, dict[str, Any]]:
        """Items on the server by slug (plain httpx, one locale); a duplicate slug fails the test."""
        params: dict[str, Any] = {"limit": 100}
        if locale is not None:
            params["cmsLocaleId"] = locale
        path = f"collections/{self.emu.collection_id}/items" + ("/live" if live else "")
        async with httpx.AsyncClient(base_url=self.emu.url + "/", headers=_auth(self.emu)) as http:
            response = await http.get(path, params=params)
        response.raise_for_status()
        page = response.json()
        assert page["pagination"]["total"] == len(page["items"]) <= 100
        out: dict[str, dict[str, Any]] = {}
        for item in page["items"]:
            slug = item["fieldData"]["slug"]
            assert slug not in out, f"slug {slug!r} exists twice"
            out[slug] = item
        return out

    async def locales(self) -> tuple[str, str]:
        return await site_locales(self.emu)


def _auth(emu: Emulated) -> dict[str, str]:
    return {"Authorization": f"Bearer {emu.token}"}


def _injected(state: EmulatorState) -> dict[str, int]:
    stats = state.stats.to_json()
    return {
        "applied": stats["faults"]["afterApply"] + stats["resets"]["afterApply"],
        "not_applied": stats["faults"]["beforeApply"] + stats["resets"]["beforeApply"],
    }


@pytest.fixture(scope="module")
def running() -> Iterator[RunningEmulator]:
    """One emulator per test module (its own thread and loop, so any backend); tests use their own collections."""
    with serving(rate_limit="1000000/1") as emu:
        yield emu


@pytest.fixture
async def env(running: RunningEmulator, no_backoff: None) -> AsyncIterator[Scripted]:
    """A fresh collection whose next writes can be failed on purpose; retries wait a millisecond."""
    slug = f"readback-{next(_collections)}"
    collection_id = await create_collection(running.url, running.token, running.site_id, slug)
    emu = Emulated(running.url, running.token, running.site_id, collection_id)
    scripted = Scripted(emu, running.state, _injected(running.state))
    yield scripted
    await scripted.drain()


def client(target: Emulated | Scripted, **options: object) -> AsyncWebflowCMS:
    """A client of an emulated collection, its rate limit never the bottleneck (``FAST`` unless given).

    For a ``Scripted`` collection: one retry at most, so a request faulted twice has run out of retries.
    """
    options.setdefault("rate_limit", FAST)
    if isinstance(target, Scripted):
        options.setdefault("max_retries", 1)
        target = target.emu
    return AsyncWebflowCMS(target.token, base_url=target.url, **options)  # type: ignore[arg-type]


def verdicts(result: BulkResult) -> dict[int, tuple[Any, ...]]:
    """Each input's outcome: (action, id) when it succeeded, ("failed", error type, status) when not."""
    out: dict[int, tuple[Any, ...]] = {}
    for done in result.succeeded:
        out[done.index] = (done.action, done.id)
        if done.item is not None:
            assert done.item.id == done.id
    for failed in result.failed:
        out[failed.index] = ("failed", type(failed.error).__name__, getattr(failed.error, "status", None))
    for index in result.unknown:
        out[index] = ("unknown",)
    for index in result.skipped:
        out[index] = ("skipped",)
    assert len(result.succeeded) + len(result.failed) + len(result.unknown) + len(result.skipped) == result.total
    assert sorted(out) == list(range(result.total)), "an input was settled twice or not at all"
    return out


async def seed(env: Scripted, docs: Sequence[dict[str, Any]]) -> dict[str, str]:
    """Create the items (no faults scripted yet); their ids by slug."""
    async with client(env) as wf:
        result = await wf.items(env.emu.collection_id).create_many(docs)
    assert result.counts() == {"created": len(docs)}
    return {s.item.slug: s.id for s in result.succeeded if s.item is not None and s.id is not None}


def summaries(items: dict[str, dict[str, Any]]) -> dict[str, str]:
    """The ``summary`` field of each item of ``Scripted.raw``, by slug."""
    return {slug: item["fieldData"]["summary"] for slug, item in items.items()}


def scan_misses_first(reader: Any) -> Callable[[], int]:
    """Make ``reader.list``'s first call list nothing, as if another writer's create came after the scan.

    For the upsert tests of a slug taken during the upsert; returns how many times ``list`` was called.
    """
    real_list = reader.list
    calls = 0

    def list_missing_theirs(**kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 1:

            async def nothing() -> AsyncIterator[object]:
                for _ in ():
                    yield _

            return nothing()
        return real_list(**kwargs)

    reader.list = list_missing_theirs
    return lambda: calls
