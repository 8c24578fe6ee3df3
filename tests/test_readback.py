"""Deterministic fault scenarios for the read-back paths (issue 16).

Each test scripts the emulator to fail chosen writes (answered 500/503 or dropped, applied or not)
and checks, per input, where the result puts it (succeeded with which action and id, failed with
which error) and what the server holds. Every scripted write is counted: the test also proves how
many writes the SDK sent, so a create sent twice or a retry that never happened shows up.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any

import attrs
import httpx
import pytest

from support import Emulated, create_collection, post
from webflow_cms import AsyncWebflowCMS, RateLimit
from webflow_cms.bulk import BulkResult
from webflow_cms.retry import RetryPolicy
from webflow_cms_emulator import RunningEmulator, serving
from webflow_cms_emulator.chaos import Chaos
from webflow_cms_emulator.options import FaultKind
from webflow_cms_emulator.state import EmulatorState

pytestmark = pytest.mark.anyio

FAST = RateLimit(10_000, 1)


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries still happen (and are counted below); only the wait before them is cut to a millisecond."""
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
        async with httpx.AsyncClient(base_url=self.emu.url + "/", headers=_auth(self.emu)) as http:
            site = (await http.get(f"sites/{self.emu.site_id}")).json()
        return site["locales"]["primary"]["cmsLocaleId"], site["locales"]["secondary"][0]["cmsLocaleId"]


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
    """One emulator for the module (its own thread and loop, so any backend); tests use their own collections."""
    with serving(rate_limit="1000000/1") as emu:
        yield emu


@pytest.fixture
async def env(running: RunningEmulator) -> AsyncIterator[Scripted]:
    slug = f"readback-{next(_collections)}"
    collection_id = await create_collection(running.url, running.token, running.site_id, slug)
    emu = Emulated(running.url, running.token, running.site_id, collection_id)
    scripted = Scripted(emu, running.state, _injected(running.state))
    yield scripted
    await scripted.drain()


def client(env: Scripted) -> AsyncWebflowCMS:
    """One retry at most: a request faulted twice has run out of retries."""
    return AsyncWebflowCMS(env.emu.token, base_url=env.emu.url, rate_limit=FAST, max_retries=1)


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


def _summary(items: dict[str, dict[str, Any]]) -> dict[str, str]:
    return {slug: item["fieldData"]["summary"] for slug, item in items.items()}


# ------------------------------------------------------------ create: lookup by slug


@pytest.mark.parametrize(
    ("kind", "after"),
    [("503", True), ("reset", True), ("500", True), ("503", False), ("reset", False)],
    ids=["503-after", "reset-after", "500-after", "503-before", "reset-before"],
)
async def test_create_after_an_ambiguous_failure_is_looked_up_or_resent_once(
    kind: FaultKind, after: bool, env: Scripted
) -> None:
    async with client(env) as wf:
        start = env.fail_next(kind, after=after)
        result = await wf.items(env.emu.collection_id).create_many([post(i) for i in range(3)])

        on_server = await env.raw()
        assert sorted(on_server) == ["post-0", "post-1", "post-2"]  # raw() fails on a duplicate
        assert verdicts(result) == {i: ("created", on_server[f"post-{i}"]["id"]) for i in range(3)}
        assert [item.slug for item in result.items] == ["post-0", "post-1", "post-2"]
        # Applied: found by slug, never sent again. Not applied: sent again once.
        assert env.writes_since(start) == (1 if after else 2)
        assert env.injected() == {"applied": int(after), "not_applied": int(not after)}


@pytest.mark.parametrize("first", ["primary", "secondary"])
async def test_multi_locale_create_applied_then_503_is_found_in_its_first_locale(first: str, env: Scripted) -> None:
    async with client(env) as wf:
        primary, secondary = await env.locales()
        order = [primary, secondary] if first == "primary" else [secondary, primary]
        start = env.fail_next("503", after=True)
        result = await wf.items(env.emu.collection_id).create_many([post(i) for i in range(3)], cms_locale_ids=order)

        in_primary, in_secondary = await env.raw(locale=primary), await env.raw(locale=secondary)
        assert sorted(in_primary) == sorted(in_secondary) == ["post-0", "post-1", "post-2"]
        ids = {slug: item["id"] for slug, item in in_primary.items()}
        assert {slug: item["id"] for slug, item in in_secondary.items()} == ids  # one item, two variants
        assert verdicts(result) == {i: ("created", ids[f"post-{i}"]) for i in range(3)}
        # Reported as the variant in the first locale asked for, as an answered create reports it.
        assert {r.item.cms_locale_id for r in result.succeeded if r.item} == {order[0]}
        assert len(result.items) == 3
        assert env.writes_since(start) == 1
        assert env.injected() == {"applied": 1, "not_applied": 0}


async def test_create_in_the_secondary_locale_applied_then_503_is_found_there(env: Scripted) -> None:
    async with client(env) as wf:
        primary, secondary = await env.locales()
        docs = [{**post(i), "cmsLocaleId": secondary} for i in range(3)]
        start = env.fail_next("503", after=True)
        result = await wf.items(env.emu.collection_id).create_many(docs)

        assert await env.raw(locale=primary) == {}
        in_secondary = await env.raw(locale=secondary)
        assert sorted(in_secondary) == ["post-0", "post-1", "post-2"]
        assert verdicts(result) == {i: ("created", in_secondary[f"post-{i}"]["id"]) for i in range(3)}
        assert {r.item.cms_locale_id for r in result.succeeded if r.item} == {secondary}
        assert env.writes_since(start) == 1  # found, not sent again
        assert env.injected() == {"applied": 1, "not_applied": 0}


@pytest.mark.parametrize(
    ("kind", "error"), [("503", ("ServerError", 503)), ("reset", ("APIConnectionError", None))], ids=["503", "reset"]
)
async def test_create_failing_every_round_fails_each_input_and_writes_nothing(
    kind: FaultKind, error: tuple[str, int | None], env: Scripted
) -> None:
    async with client(env) as wf:
        start = env.fail_next(kind, kind, after=False)  # max_retries=1: two rounds
        result = await wf.items(env.emu.collection_id).create_many([post(i) for i in range(3)])

        assert verdicts(result) == {i: ("failed", *error) for i in range(3)}
        if kind == "reset":
            assert all(str(f.error).startswith("create failed and the item does not exist: ") for f in result.failed)
        assert await env.raw() == {}
        assert env.writes_since(start) == 2
        assert env.injected() == {"applied": 0, "not_applied": 2}


# ------------------------------------------------------------ update: verified by reading back


async def test_update_applied_but_failed_on_every_attempt_is_read_back_as_updated(env: Scripted) -> None:
    async with client(env) as wf:
        ids = await seed(env, [post(i) for i in range(4)])
        changes = [{"id": ids[f"post-{i}"], "fieldData": {"summary": f"new {i}"}} for i in range(3)]
        start = env.fail_next("reset", "503", after=True)
        result = await wf.items(env.emu.collection_id).update_many(changes)

        assert verdicts(result) == {i: ("updated", ids[f"post-{i}"]) for i in range(3)}
        assert {r.item.fields["summary"] for r in result.succeeded if r.item} == {"new 0", "new 1", "new 2"}
        assert _summary(await env.raw()) == {
            "post-0": "new 0",
            "post-1": "new 1",
            "post-2": "new 2",
            "post-3": "Summary 3",
        }
        assert env.writes_since(start) == 2  # the first attempt and one retry
        assert env.injected() == {"applied": 2, "not_applied": 0}


async def test_update_not_applied_on_any_attempt_fails_unless_the_item_already_holds_the_change(env: Scripted) -> None:
    async with client(env) as wf:
        ids = await seed(env, [post(i) for i in range(3)])
        changes = [
            {"id": ids["post-0"], "fieldData": {"summary": "new 0"}},
            {"id": ids["post-1"], "fieldData": {"summary": "new 1", "rank": 1}},
            {"id": ids["post-2"], "fieldData": {"summary": "Summary 2"}},  # what it holds already
        ]
        start = env.fail_next("reset", "503", after=False)
        result = await wf.items(env.emu.collection_id).update_many(changes)

        assert verdicts(result) == {
            0: ("failed", "ServerError", 503),
            1: ("failed", "ServerError", 503),
            2: ("updated", ids["post-2"]),
        }
        assert _summary(await env.raw()) == {"post-0": "Summary 0", "post-1": "Summary 1", "post-2": "Summary 2"}
        assert env.writes_since(start) == 2
        assert env.injected() == {"applied": 0, "not_applied": 2}


# ------------------------------------------------------------ delete and unpublish: verified by a 404


@pytest.mark.parametrize("faults", [1, 2], ids=["retry-gets-404", "every-attempt-faulted"])
async def test_delete_applied_then_failed_is_read_back_as_deleted(faults: int, env: Scripted) -> None:
    async with client(env) as wf:
        ids = await seed(env, [post(i) for i in range(4)])
        start = env.fail_next(*["503"] * faults, after=True)
        result = await wf.items(env.emu.collection_id).delete_many([ids[f"post-{i}"] for i in range(3)])

        assert verdicts(result) == {i: ("deleted", ids[f"post-{i}"]) for i in range(3)}
        assert sorted(await env.raw()) == ["post-3"]
        assert env.writes_since(start) == 2  # one retry: 404 (the items are gone) or faulted again
        assert env.injected() == {"applied": faults, "not_applied": 0}


async def test_delete_not_applied_on_any_attempt_fails_and_the_items_stay(env: Scripted) -> None:
    async with client(env) as wf:
        ids = await seed(env, [post(i) for i in range(4)])
        start = env.fail_next("500", "503", after=False)
        result = await wf.items(env.emu.collection_id).delete_many([ids[f"post-{i}"] for i in range(3)])

        assert verdicts(result) == {i: ("failed", "ServerError", 503) for i in range(3)}
        assert sorted(await env.raw()) == ["post-0", "post-1", "post-2", "post-3"]
        assert env.writes_since(start) == 2
        assert env.injected() == {"applied": 0, "not_applied": 2}


@pytest.mark.parametrize("after", [True, False], ids=["applied", "not-applied"])
async def test_unpublish_failed_on_every_attempt_is_judged_by_the_live_copy(after: bool, env: Scripted) -> None:
    async with client(env) as wf:
        ids = await seed(env, [post(i) for i in range(4)])
        items = wf.items(env.emu.collection_id)
        assert (await items.publish(list(ids.values()))).counts() == {"published": 4}
        start = env.fail_next("reset", "503", after=after)
        result = await items.unpublish([ids[f"post-{i}"] for i in range(3)])

        if after:
            assert verdicts(result) == {i: ("unpublished", ids[f"post-{i}"]) for i in range(3)}
            assert sorted(await env.raw(live=True)) == ["post-3"]
        else:
            assert verdicts(result) == {i: ("failed", "ServerError", 503) for i in range(3)}
            assert sorted(await env.raw(live=True)) == ["post-0", "post-1", "post-2", "post-3"]
        assert sorted(await env.raw()) == ["post-0", "post-1", "post-2", "post-3"]  # staged copies stay
        assert env.writes_since(start) == 2
        assert env.injected() == {"applied": 2 * after, "not_applied": 2 * (not after)}


# ------------------------------------------------------------ publish: the live copy must equal the staged one


async def _publish_scene(env: Scripted, wf: AsyncWebflowCMS) -> dict[str, str]:
    """post-0 and post-1 never published; post-2 published, then its staged copy changed (live is stale)."""
    ids = await seed(env, [post(i) for i in range(3)])
    items = wf.items(env.emu.collection_id)
    assert (await items.publish([ids["post-2"]])).counts() == {"published": 1}
    await items.update(ids["post-2"], {"fieldData": {"summary": "changed"}})
    assert _summary(await env.raw(live=True)) == {"post-2": "Summary 2"}
    return ids


async def test_publish_applied_but_failed_on_every_attempt_is_read_back_as_published(env: Scripted) -> None:
    async with client(env) as wf:
        ids = await _publish_scene(env, wf)
        start = env.fail_next("503", "500", after=True)
        result = await wf.items(env.emu.collection_id).publish([ids[f"post-{i}"] for i in range(3)])

        assert verdicts(result) == {i: ("published", ids[f"post-{i}"]) for i in range(3)}
        staged, live = await env.raw(), await env.raw(live=True)
        assert {s: i["fieldData"] for s, i in live.items()} == {s: i["fieldData"] for s, i in staged.items()}
        assert _summary(live) == {"post-0": "Summary 0", "post-1": "Summary 1", "post-2": "changed"}
        assert env.writes_since(start) == 2
        assert env.injected() == {"applied": 2, "not_applied": 0}


async def test_publish_not_applied_on_any_attempt_fails_even_where_a_stale_live_copy_exists(env: Scripted) -> None:
    async with client(env) as wf:
        ids = await _publish_scene(env, wf)
        start = env.fail_next("500", "503", after=False)
        result = await wf.items(env.emu.collection_id).publish([ids[f"post-{i}"] for i in range(3)])

        assert verdicts(result) == {i: ("failed", "ServerError", 503) for i in range(3)}
        assert _summary(await env.raw(live=True)) == {"post-2": "Summary 2"}  # still the old live copy
        assert env.writes_since(start) == 2
        assert env.injected() == {"applied": 0, "not_applied": 2}


# ------------------------------------------------------------ upsert: publishing unchanged drafts


@pytest.mark.parametrize("after", [True, False], ids=["applied", "not-applied"])
async def test_upsert_publish_of_unchanged_drafts_failed_on_every_attempt(after: bool, env: Scripted) -> None:
    async with client(env) as wf:
        ids = await seed(env, [post(i) for i in range(3)])
        items = wf.items(env.emu.collection_id)
        assert (await items.publish([ids["post-2"]])).counts() == {"published": 1}
        # post-0, post-1: unchanged drafts (only publishing is due); post-2: unchanged and live; post-3: new.
        # The upsert's writes: the live create of post-3, then the publish (tried twice).
        start = env.fail_next("503", "503", after=after, skip=1)
        result = await items.upsert_many([post(i) for i in range(4)], publish=True)

        live = await env.raw(live=True)
        staged = await env.raw()
        assert sorted(staged) == ["post-0", "post-1", "post-2", "post-3"]
        ids["post-3"] = staged["post-3"]["id"]
        drafts = ("published", ids["post-0"]), ("published", ids["post-1"])
        if not after:
            drafts = ("failed", "ServerError", 503), ("failed", "ServerError", 503)
        assert verdicts(result) == {
            0: drafts[0],
            1: drafts[1],
            2: ("unchanged", ids["post-2"]),
            3: ("created", ids["post-3"]),
        }
        expected_live = ["post-0", "post-1", "post-2", "post-3"] if after else ["post-2", "post-3"]
        assert sorted(live) == expected_live
        assert all(live[s]["fieldData"] == staged[s]["fieldData"] for s in live)
        assert env.writes_since(start) == 3
        assert env.injected() == {"applied": 2 * after, "not_applied": 2 * (not after)}


# ------------------------------------------------------------ the error of an input whose last attempt got no answer


@pytest.mark.parametrize("operation", ["update_many", "delete_many", "unpublish", "publish"])
async def test_an_input_whose_last_attempt_got_no_answer_fails_as_a_connection_error(
    operation: str, env: Scripted
) -> None:
    """README: ``ServerError`` is a 5xx answer, ``APIConnectionError`` is no answer at all.

    Create and publish keep the connection error; update, delete and unpublish turned it into a
    ``ServerError`` with ``status=None`` when this test was written (it fails for those three).
    """
    async with client(env) as wf:
        ids = await seed(env, [post(i) for i in range(2)])
        items = wf.items(env.emu.collection_id)
        if operation == "unpublish":
            assert (await items.publish(list(ids.values()))).counts() == {"published": 2}
        args: list[Any] = list(ids.values())
        if operation == "update_many":
            args = [{"id": ids[f"post-{i}"], "fieldData": {"summary": "new"}} for i in range(2)]
        start = env.fail_next("503", "reset", after=False)
        result = await getattr(items, operation)(args)

        assert verdicts(result) == {i: ("failed", "APIConnectionError", None) for i in range(2)}
        assert env.writes_since(start) == 2
        assert env.injected() == {"applied": 0, "not_applied": 2}


# ------------------------------------------------------------ delete/publish/unpublish of one locale variant


@pytest.mark.parametrize("operation", ["delete_many", "unpublish", "publish"])
@pytest.mark.parametrize("after", [True, False], ids=["applied", "not-applied"])
async def test_a_secondary_variant_is_read_back_in_its_own_locale(operation: str, after: bool, env: Scripted) -> None:
    """``{"id", "cmsLocaleIds": [secondary]}`` touches that variant only: the check must read that variant.

    When this test was written the delete/unpublish and publish checks read the primary variant, so the
    applied cases were reported failed (the "applied" cases fail).
    """
    async with client(env) as wf:
        primary, secondary = await env.locales()
        items = wf.items(env.emu.collection_id)
        made = await items.create_many([post(i) for i in range(3)], cms_locale_ids=[primary, secondary])
        ids = {s.item.slug: s.id for s in made.succeeded if s.item is not None and s.id is not None}
        both = [{"id": ids[f"post-{i}"], "cmsLocaleIds": [primary, secondary]} for i in range(3)]
        if operation == "unpublish":
            assert (await items.publish(both)).counts() == {"published": 3}
        refs = [{"id": ids[f"post-{i}"], "cmsLocaleIds": [secondary]} for i in range(2)]
        start = env.fail_next("503", "503", after=after)
        result = await getattr(items, operation)(refs)

        action = {"delete_many": "deleted", "unpublish": "unpublished", "publish": "published"}[operation]
        expected = (action, ids["post-0"]), (action, ids["post-1"])
        if not after:
            expected = ("failed", "ServerError", 503), ("failed", "ServerError", 503)
        assert verdicts(result) == {0: expected[0], 1: expected[1]}
        # The primary variants are untouched whatever happened.
        in_primary = await env.raw(locale=primary)
        live_primary = await env.raw(live=True, locale=primary)
        assert sorted(in_primary) == ["post-0", "post-1", "post-2"]
        assert sorted(live_primary) == (["post-0", "post-1", "post-2"] if operation == "unpublish" else [])
        touched = ["post-0", "post-1"] if after else []
        in_secondary = await env.raw(locale=secondary)
        live_secondary = await env.raw(live=True, locale=secondary)
        if operation == "delete_many":
            assert sorted(in_secondary) == sorted({"post-0", "post-1", "post-2"} - set(touched))
        elif operation == "unpublish":
            assert sorted(live_secondary) == sorted({"post-0", "post-1", "post-2"} - set(touched))
        else:
            assert sorted(live_secondary) == touched
        assert env.writes_since(start) == 2
        assert env.injected() == {"applied": 2 * after, "not_applied": 2 * (not after)}


@pytest.mark.parametrize("after", [True, False], ids=["applied", "not-applied"])
async def test_an_update_of_a_secondary_variant_is_read_back_in_its_locale(after: bool, env: Scripted) -> None:
    async with client(env) as wf:
        primary, secondary = await env.locales()
        items = wf.items(env.emu.collection_id)
        made = await items.create_many([post(i) for i in range(2)], cms_locale_ids=[primary, secondary])
        ids = [s.id for s in sorted(made.succeeded, key=lambda s: s.index)]
        changes = [{"id": ids[i], "cmsLocaleId": secondary, "fieldData": {"summary": f"neu {i}"}} for i in range(2)]
        start = env.fail_next("503", "503", after=after)
        result = await items.update_many(changes)

        if after:
            assert verdicts(result) == {i: ("updated", ids[i]) for i in range(2)}
            assert {r.item.cms_locale_id for r in result.succeeded if r.item} == {secondary}
        else:
            assert verdicts(result) == {i: ("failed", "ServerError", 503) for i in range(2)}
        assert _summary(await env.raw(locale=primary)) == {"post-0": "Summary 0", "post-1": "Summary 1"}
        expected = {"post-0": "neu 0", "post-1": "neu 1"} if after else {"post-0": "Summary 0", "post-1": "Summary 1"}
        assert _summary(await env.raw(locale=secondary)) == expected
        assert env.writes_since(start) == 2


@pytest.mark.parametrize("operation", ["delete_many", "publish"])
async def test_an_item_that_exists_only_in_the_secondary_locale_is_not_reported_done_when_nothing_happened(
    operation: str, env: Scripted
) -> None:
    """The dangerous direction of the same gap: a check of the (absent) primary variant answers 404.

    When this test was written delete_many reported such items "deleted" while they stayed on the server.
    """
    async with client(env) as wf:
        primary, secondary = await env.locales()
        items = wf.items(env.emu.collection_id)
        made = await items.create_many([{**post(i), "cmsLocaleId": secondary} for i in range(2)])
        ids = [s.id for s in sorted(made.succeeded, key=lambda s: s.index)]
        refs = [{"id": item_id, "cmsLocaleIds": [secondary]} for item_id in ids]
        start = env.fail_next("503", "503", after=False)
        result = await getattr(items, operation)(refs)

        assert verdicts(result) == {i: ("failed", "ServerError", 503) for i in range(2)}
        assert sorted(await env.raw(locale=secondary)) == ["post-0", "post-1"]
        assert await env.raw(live=True, locale=secondary) == {}
        assert await env.raw(locale=primary) == {}
        assert env.writes_since(start) == 2


# ------------------------------------------------------------ update: which copy is read back


async def test_a_live_update_is_judged_by_the_live_copy_not_the_staged_one(env: Scripted) -> None:
    async with client(env) as wf:
        ids = await seed(env, [post(i) for i in range(2)])
        items = wf.items(env.emu.collection_id)
        assert (await items.publish(list(ids.values()))).counts() == {"published": 2}
        # post-0's staged copy already holds the change, its live copy does not; post-1's live copy does.
        await items.update(ids["post-0"], {"fieldData": {"summary": "new 0"}})
        changes = [
            {"id": ids["post-0"], "fieldData": {"summary": "new 0"}},
            {"id": ids["post-1"], "fieldData": {"summary": "Summary 1"}},
        ]
        start = env.fail_next("503", "503", after=False)
        result = await items.update_many(changes, live=True)

        assert verdicts(result) == {0: ("failed", "ServerError", 503), 1: ("updated", ids["post-1"])}
        assert [r.item.fields["summary"] for r in result.succeeded if r.item] == ["Summary 1"]
        assert _summary(await env.raw(live=True)) == {"post-0": "Summary 0", "post-1": "Summary 1"}
        assert env.writes_since(start) == 2


async def test_a_flag_only_update_applied_then_failed_is_read_back_as_updated(env: Scripted) -> None:
    async with client(env) as wf:
        ids = await seed(env, [post(i) for i in range(2)])
        start = env.fail_next("503", "503", after=True)
        result = await wf.items(env.emu.collection_id).update_many([{"id": ids["post-0"], "isArchived": True}])

        assert verdicts(result) == {0: ("updated", ids["post-0"])}
        assert {slug: item["isArchived"] for slug, item in (await env.raw()).items()} == {
            "post-0": True,
            "post-1": False,
        }
        assert env.writes_since(start) == 2


async def test_a_flag_only_update_that_failed_unapplied_is_reported_failed(env: Scripted) -> None:
    # The read-back compares the flags the update named, not only its fieldData (which it has none of).
    async with client(env) as wf:
        ids = await seed(env, [post(i) for i in range(2)])
        start = env.fail_next("503", "503", after=False)
        result = await wf.items(env.emu.collection_id).update_many([{"id": ids["post-0"], "isArchived": True}])

        assert verdicts(result) == {0: ("failed", "ServerError", 503)}
        assert {slug: item["isArchived"] for slug, item in (await env.raw()).items()} == {
            "post-0": False,
            "post-1": False,
        }
        assert env.writes_since(start) == 2


# ------------------------------------------------------------ the read-back itself fails (wire level)

_A, _B, _COLLECTION = "a" * 24, "b" * 24, "c" * 24


def _read_back_failing(request: httpx.Request) -> httpx.Response:
    """Every write answers 503; reading item A answers 503 too, reading item B answers 404."""
    if request.method != "GET":
        return httpx.Response(503, json={"code": "service_unavailable", "message": "write lost"})
    if f"/items/{_A}" in request.url.path:
        return httpx.Response(503, json={"code": "service_unavailable", "message": "read lost"})
    return httpx.Response(404, json={"code": "resource_not_found", "message": "Requested resource not found"})


@pytest.mark.parametrize(
    ("operation", "args", "b_outcome"),
    [
        ("update_many", [{"id": _A, "fieldData": {"name": "x"}}, {"id": _B, "fieldData": {"name": "y"}}], "failed"),
        ("publish", [_A, _B], "failed"),
        ("delete_many", [_A, _B], ("deleted", _B)),
        ("unpublish", [_A, _B], ("unpublished", _B)),
    ],
)
async def test_an_unreadable_item_is_unknown_and_a_missing_one_is_settled_by_its_404(
    operation: str, args: list[Any], b_outcome: Any
) -> None:
    http = httpx.AsyncClient(transport=httpx.MockTransport(_read_back_failing))
    async with AsyncWebflowCMS(
        "t", base_url="http://127.0.0.1/v2", rate_limit=FAST, http_client=http, max_retries=0
    ) as wf:
        job = getattr(wf.items(_COLLECTION), operation)(args)
        result = await job
    expected_b = ("failed", "NotFoundError", 404) if b_outcome == "failed" else b_outcome
    assert verdicts(result) == {0: ("unknown",), 1: expected_b}
    assert job.unknown_reasons == {}  # unknown because the answer and the check were lost, nothing else


async def test_upsert_update_of_a_never_published_item_whose_publish_fails_is_reported_not_published(
    env: Scripted,
) -> None:
    async with client(env) as wf:
        ids = await seed(env, [post(i) for i in range(2)])
        # The upsert's writes: the staged update of post-0, then its publish (tried twice).
        start = env.fail_next("503", "503", after=False, skip=1)
        result = await wf.items(env.emu.collection_id).upsert_many([post(0, summary="changed"), post(1)], publish=True)

        assert verdicts(result) == {0: ("failed", "APIError", None), 1: ("published", ids["post-1"])}
        error = result.failed[0].error
        assert error.code == "not_published"  # type: ignore[attr-defined]
        assert str(error).startswith("not_published: updated, but not published: ")
        assert "503" in str(error)
        assert _summary(await env.raw()) == {"post-0": "changed", "post-1": "Summary 1"}  # the update stays
        assert sorted(await env.raw(live=True)) == ["post-1"]
        assert env.writes_since(start) == 4


async def test_a_retried_delete_refused_for_another_item_fails_the_items_still_there_with_that_404(
    env: Scripted,
) -> None:
    """The retry's 404 names the missing id: the first attempt may have deleted the rest, so each is read back."""
    async with client(env) as wf:
        ids = await seed(env, [post(i) for i in range(2)])
        missing = "f" * 24
        start = env.fail_next("503", after=False)
        result = await wf.items(env.emu.collection_id).delete_many([ids["post-0"], missing])

        outcome = verdicts(result)
        assert outcome[0] == ("failed", "NotFoundError", 404)
        error = next(f.error for f in result.failed if f.index == 0)
        assert missing in str(error)
        assert sorted(await env.raw()) == ["post-0", "post-1"]
        assert env.writes_since(start) == 2


@pytest.mark.parametrize("operation", ["delete_many", "publish"])
async def test_a_reference_to_two_locales_is_done_only_when_both_variants_are(operation: str, env: Scripted) -> None:
    """The item exists in the secondary locale only: a missing primary variant must not end the check."""
    async with client(env) as wf:
        primary, secondary = await env.locales()
        items = wf.items(env.emu.collection_id)
        made = await items.create_many([{**post(0), "cmsLocaleId": secondary}])
        item_id = made.succeeded[0].id
        start = env.fail_next("503", "503", after=False)
        result = await getattr(items, operation)([{"id": item_id, "cmsLocaleIds": [primary, secondary]}])

        assert verdicts(result)[0][0] == "failed"
        assert sorted(await env.raw(locale=secondary)) == ["post-0"]
        assert await env.raw(live=True, locale=secondary) == {}
        assert env.writes_since(start) == 2
