"""The checks on inputs (``_inputs``): each bad input fails alone, typed and with its own message, before
any request is sent; a good one is sent exactly as given."""

from __future__ import annotations

import inspect
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import anyio
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import Emulated, emulated, post
from support.items import (
    COLLECTION_ID,
    FAST,
    ITEM_ID,
    PROPERTY_SETTINGS,
    client,
    item_count,
    mock_client,
    refusals,
    wire_item,
)
from webflow_cms import AsyncWebflowCMS, RateLimit, ValidationError

pytestmark = pytest.mark.anyio


async def test_invalid_ids_fail_before_sending() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        before = (await emu.stats())["requests"]
        result = await items.delete_many(["not-an-id", "ABCDEF" * 4])
        assert result.counts() == {"failed": 2}
        assert all(isinstance(f.error, ValidationError) for f in result.failed)
        with pytest.raises(ValidationError):
            wf.items("../../etc")
        assert (await emu.stats())["requests"] == before + 0


@pytest.mark.parametrize("bad", ["a" * 24 + "\n", "\n" + "a" * 24, "a" * 23 + "\n"])
def test_an_id_with_a_newline_is_refused_before_it_reaches_a_url(bad: str) -> None:
    # A regex `$` matches before a final newline: the whole string must be the 24 hex characters.
    wf = AsyncWebflowCMS("token", rate_limit=FAST)
    with pytest.raises(ValidationError, match="is not a Webflow id"):
        wf.items(bad)


async def _refusal(call: Callable[[], object]) -> ValidationError:
    """The ``ValidationError`` that ``call`` raises, at once or when what it returns is awaited."""
    try:
        pending = call()
        if inspect.isawaitable(pending):
            await pending
    except ValidationError as err:
        return err
    raise AssertionError("no ValidationError")


async def test_every_id_argument_says_what_it_accepts_and_nothing_else() -> None:
    """Only the text of the check: no hint about fields or schemas follows it (that is for Webflow's 400s)."""
    accepted = "is not a Webflow id; ids are 24 lowercase hex characters"
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        calls: dict[str, Callable[[], object]] = {
            "collection id 'not-hex'": lambda: wf.items("not-hex"),
            "collection id 'Blog Posts'": lambda: wf.items("Blog Posts", model=dict),  # type: ignore[type-var]
            "collection id 'x'": lambda: wf.collections.fields("x"),
            "collection id '../etc'": lambda: wf.collections.get("../etc"),
            "site id 'my-site'": lambda: wf.collections.create("my-site", display_name="A", singular_name="A"),
            "site id 'SITE'": lambda: wf.sites.get("SITE"),
            "item id 'post-1'": lambda: wf.items(emu.collection_id).get("post-1"),
            "item id 'ABCDEF0123456789ABCDEF01'": lambda: wf.items(emu.collection_id).delete(
                "ABCDEF0123456789ABCDEF01"
            ),
            "field id 'summary'": lambda: wf.collections.fields(emu.collection_id).delete("summary"),
            "webhook id 7": lambda: wf.webhooks.get(7),  # type: ignore[arg-type]
        }
        before = (await emu.stats())["requests"]
        for named, call in calls.items():
            assert str(await _refusal(call)) == f"invalid_id: {named} {accepted}", named
        assert (await emu.stats())["requests"] == before  # nothing was sent


# ------------------------------------------- each input refused before sending: the exact error of each (MockTransport)


class _Doc:
    """An object with ``to_dict`` (like the generated models): taken as an item when it gives a dict."""

    def __init__(self, data: object) -> None:
        self.data = data

    def to_dict(self) -> object:
        return self.data


def _refusing_client(sent: list[httpx.Request]) -> AsyncWebflowCMS:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500, json={"code": "unexpected", "message": "nothing should be sent"})

    return mock_client(handler)


_HEX = "0123456789abcdef" * 2
_GOOD_ID = _HEX[:24]


async def test_each_bad_create_input_fails_alone_with_its_own_message_before_any_request() -> None:
    fields = {"name": "A", "slug": "a"}
    docs: list[object] = [
        "not an item",
        _Doc(["not", "a", "dict"]),
        {"fieldData": fields, "slug": "a"},
        {"isDraft": True},
        {"fieldData": ["name", "slug"]},
        {"fieldData": {"slug": "a"}},
        {"fieldData": {"name": "A", "slug": "   "}},
        {"fieldData": {"name": "A", "slug": 7}},
        {"fieldData": fields, "isDraft": "yes"},
        {"fieldData": fields, "isArchived": 0},
        {"fieldData": fields, "cmsLocaleId": 5},
    ]
    sent: list[httpx.Request] = []
    async with _refusing_client(sent) as wf:
        result = await wf.items(COLLECTION_ID).create_many(docs)
    assert sent == []
    assert result.counts() == {"failed": len(docs)}
    invalid = ("ValidationError", "invalid_input", None)
    assert refusals(result) == {
        0: (*invalid, "input 0: a str is not an item; pass a mapping like {'fieldData': {...}}"),
        1: (*invalid, "input 1: a _Doc is not an item; pass a mapping like {'fieldData': {...}}"),
        2: (*invalid, "input 2: unknown keys ['slug']; put field values under 'fieldData'"),
        3: (*invalid, "input 3: missing 'fieldData'; pass {'fieldData': {'name': ..., 'slug': ...}}"),
        4: (*invalid, "input 4: missing 'fieldData'; pass {'fieldData': {'name': ..., 'slug': ...}}"),
        5: (*invalid, "input 5: fieldData.name is required and must be a non-empty string"),
        6: (*invalid, "input 6: fieldData.slug is required and must be a non-empty string"),
        7: (*invalid, "input 7: fieldData.slug is required and must be a non-empty string"),
        8: (*invalid, "input 8: isDraft must be true or false, got 'yes'"),
        9: (*invalid, "input 9: isArchived must be true or false, got 0"),
        10: (*invalid, "input 10: cmsLocaleId must be a string, got 5"),
    }
    assert [f.input for f in sorted(result.failed, key=lambda f: f.index)] == docs


async def test_a_create_input_is_sent_as_given_whatever_its_form_and_a_repeated_slug_fails_before_sending() -> None:
    bodies: list[object] = []

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        bodies.append(body)
        made = [wire_item(doc["fieldData"]["slug"], f"{n + 1:024x}") for n, doc in enumerate(body["items"])]
        return httpx.Response(202, json={"items": made})

    from types import MappingProxyType

    docs: list[object] = [
        _Doc({"fieldData": {"name": "A", "slug": "a"}, "isDraft": False, "isArchived": True}),
        MappingProxyType({"fieldData": MappingProxyType({"name": "B", "slug": "b"}), "cmsLocaleId": "b" * 24}),
        {"fieldData": {"name": "A again", "slug": "a"}},
        {"fieldData": {"name": "C", "slug": "c"}, "cmsLocaleId": "d" * 24},
        {"fieldData": {"name": "A elsewhere", "slug": "a"}, "cmsLocaleId": "d" * 24},
    ]
    async with mock_client(handler, create_via="items") as wf:
        result = await wf.items(COLLECTION_ID).create_many(docs)
    assert bodies == [
        {
            "items": [
                {"fieldData": {"name": "A", "slug": "a"}, "isDraft": False, "isArchived": True},
                {"fieldData": {"name": "B", "slug": "b"}, "cmsLocaleId": "b" * 24},
                {"fieldData": {"name": "C", "slug": "c"}, "cmsLocaleId": "d" * 24},
                {"fieldData": {"name": "A elsewhere", "slug": "a"}, "cmsLocaleId": "d" * 24},
            ]
        }
    ]
    assert result.counts() == {"created": 4, "failed": 1}
    assert refusals(result) == {
        2: ("ConflictError", "duplicate_slug", None, "input 2: slug 'a' is also used by input 0; slugs are unique")
    }


async def test_bad_locale_lists_are_refused_when_the_job_is_made() -> None:
    sent: list[httpx.Request] = []
    async with _refusing_client(sent) as wf:
        items = wf.items(COLLECTION_ID)
        for bad in ("b" * 24, [], ["b" * 24, ""], ["b" * 24, 5]):
            with pytest.raises(ValidationError) as refused:
                items.create_many([post(1)], cms_locale_ids=bad)  # type: ignore[arg-type]
            assert refused.value.message == f"cms_locale_ids must be a non-empty list of locale ids, got {bad!r}"
            assert (refused.value.code, refused.value.status) == ("invalid_input", None)
        with pytest.raises(ValidationError) as twice:
            items.create_many([post(1)], cms_locale_ids=["b" * 24, "c" * 24, "b" * 24])
        assert twice.value.message == f"cms_locale_ids names a locale twice: {['b' * 24, 'c' * 24, 'b' * 24]!r}"
        assert twice.value.code == "invalid_input"
        with pytest.raises(ValidationError) as live:
            items.create_many([post(1)], cms_locale_ids=["b" * 24], live=True)
        assert live.value.message == (
            "cms_locale_ids creates staged items (Webflow has no live multi-locale create); "
            "create them, then publish them"
        )
        assert live.value.code == "invalid_input"
        job = items.create_many(
            [{**post(1), "cmsLocaleId": "b" * 24}, post(2), {"isDraft": True}],
            cms_locale_ids=[f"{n:024x}" for n in range(101)],
        )
        result = await job
    assert sent == []
    assert refusals(result) == {
        0: (
            "ValidationError",
            "invalid_input",
            None,
            "input 0: cmsLocaleId cannot be combined with cms_locale_ids; the item goes to all of them",
        ),
        1: ("ValidationError", "invalid_input", None, "input 1: 101 locale variants; at most 100 per request"),
        2: (
            "ValidationError",
            "invalid_input",
            None,
            "input 2: missing 'fieldData'; pass {'fieldData': {'name': ..., 'slug': ...}}",
        ),
    }


async def test_an_input_of_exactly_100_locale_variants_is_sent_in_one_request() -> None:
    bodies: list[dict[str, object]] = []
    locales = [f"{n:024x}" for n in range(100)]

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        assert request.url.path.endswith("/items/bulk")
        return httpx.Response(202, json={**wire_item("a"), "cmsLocaleId": locales[0]})

    async with mock_client(handler, create_via="items") as wf:
        result = await wf.items(COLLECTION_ID).create_many(
            [{"fieldData": {"name": "A", "slug": "a"}, "isDraft": False}], cms_locale_ids=locales
        )
    assert result.counts() == {"created": 1}
    assert bodies == [{"cmsLocaleIds": locales, "fieldData": {"name": "A", "slug": "a"}, "isDraft": False}]


async def test_each_bad_update_and_reference_fails_alone_with_its_own_message_before_any_request() -> None:
    sent: list[httpx.Request] = []
    changes: list[object] = [
        {"id": _GOOD_ID, "slug": "a"},
        {"fieldData": {"name": "A"}},
        {"id": _GOOD_ID.upper()},
        {"id": _GOOD_ID, "fieldData": ["name"]},
        {"id": _GOOD_ID, "isArchived": "no"},
        42,
    ]
    refs: list[object] = [
        "not-an-id",
        {"id": _GOOD_ID[:23]},
        {"id": _GOOD_ID, "cmsLocaleIds": "b" * 24},
        {"id": _GOOD_ID, "cmsLocaleIds": []},
        {"id": _GOOD_ID, "cmsLocaleIds": ["b" * 24, 5]},
        None,
    ]
    async with _refusing_client(sent) as wf:
        items = wf.items(COLLECTION_ID)
        updated = await items.update_many(changes)
        removed = await items.delete_many(refs)
        published = await items.publish(refs)
        unpublished = await items.unpublish(refs)
        with pytest.raises(ValidationError) as bad_collection:
            wf.items("../../etc")
    assert sent == []
    invalid = ("ValidationError", "invalid_input", None)
    hint = "ids are 24 lowercase hex characters"
    assert refusals(updated) == {
        0: (*invalid, "input 0: unknown keys ['slug']; put field values under 'fieldData'"),
        1: (
            *invalid,
            f"input 1: item id None is not a Webflow id; {hint}; every change needs the 'id' of the item to update",
        ),
        2: (
            *invalid,
            f"input 2: item id {_GOOD_ID.upper()!r} is not a Webflow id; {hint}; "
            "every change needs the 'id' of the item to update",
        ),
        3: (*invalid, "input 3: fieldData must be a mapping of field slug to value"),
        4: (*invalid, "input 4: isArchived must be true or false, got 'no'"),
        5: (*invalid, "input 5: a int is not an item; pass a mapping like {'fieldData': {...}}"),
    }
    expected = {
        0: (*invalid, f"input 0: item id 'not-an-id' is not a Webflow id; {hint}"),
        1: (*invalid, f"input 1: item id {_GOOD_ID[:23]!r} is not a Webflow id; {hint}"),
        2: (*invalid, "input 2: cmsLocaleIds must be a non-empty list of locale ids"),
        3: (*invalid, "input 3: cmsLocaleIds must be a non-empty list of locale ids"),
        4: (*invalid, "input 4: cmsLocaleIds must be a non-empty list of locale ids"),
        5: (*invalid, "input 5: a NoneType is not an item; pass a mapping like {'fieldData': {...}}"),
    }
    assert refusals(removed) == refusals(published) == refusals(unpublished) == expected
    assert bad_collection.value.message == f"collection id '../../etc' is not a Webflow id; {hint}"
    assert (bad_collection.value.code, bad_collection.value.status) == ("invalid_id", None)


async def test_an_update_is_sent_with_exactly_the_keys_it_was_given() -> None:
    from types import MappingProxyType

    bodies: list[object] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        return httpx.Response(200, json={"items": [wire_item("y")]})

    change = MappingProxyType({"id": ITEM_ID, "fieldData": MappingProxyType({"name": "Y"}), "isDraft": False})
    async with mock_client(handler) as wf:
        result = await wf.items(COLLECTION_ID).update_many([change])
    assert result.counts() == {"updated": 1}
    assert bodies == [{"items": [{"id": ITEM_ID, "fieldData": {"name": "Y"}, "isDraft": False}]}]


# ------------------------------------------------------------ property-based: bad inputs never reach the server


_junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.lists(st.integers(), max_size=3),
    st.binary(max_size=10),
)
_blank = st.sampled_from(["", " ", "\t\n"])

# Documents the SDK can tell are wrong before sending anything.
bad_docs = st.one_of(
    _junk,  # not a mapping at all
    st.fixed_dictionaries({}, optional={"isDraft": st.booleans()}),  # no fieldData
    st.fixed_dictionaries({"fieldData": _junk}),  # fieldData not a mapping
    st.fixed_dictionaries({"fieldData": st.fixed_dictionaries({"slug": st.text(min_size=1)})}),  # no name
    st.fixed_dictionaries({"fieldData": st.fixed_dictionaries({"name": st.text(min_size=1)})}),  # no slug
    st.fixed_dictionaries({"fieldData": st.fixed_dictionaries({"name": _junk | _blank, "slug": st.text()})}),
    st.fixed_dictionaries({"fieldData": st.fixed_dictionaries({"name": st.text(), "slug": _junk | _blank})}),
    st.fixed_dictionaries(  # unknown top-level keys (a field put beside fieldData)
        {
            "fieldData": st.just({"name": "n", "slug": "s"}),
            st.text(min_size=1).filter(
                lambda k: k not in {"fieldData", "isDraft", "isArchived", "cmsLocaleId"}
            ): st.text(),
        }
    ),
    st.fixed_dictionaries(
        {"fieldData": st.just({"name": "n", "slug": "s"}), "isDraft": st.text() | st.integers() | st.none()}
    ),
    st.fixed_dictionaries({"fieldData": st.just({"name": "n", "slug": "s"}), "cmsLocaleId": st.integers()}),
)

# Ids that are not 24 lowercase hex characters (including path traversal attempts).
bad_ids = st.one_of(
    _junk,
    st.text(max_size=40).filter(lambda s: not (len(s) == 24 and all(c in "0123456789abcdef" for c in s))),
    st.sampled_from(["../../sites", "..%2F..%2Fsites", "6571f0c3e2f8a1b2c3d4e5f6/../x", "6571F0C3E2F8A1B2C3D4E5F6"]),
)


async def _requests(emu: Emulated) -> int:
    return int((await emu.stats())["requests"])


class TestPropertyBased:
    """Random inputs against one emulator (asyncio only).

    Bad ones are refused, typed, before any request; odd but valid ones are sent intact.
    """

    @pytest.fixture(scope="class")
    @classmethod
    def anyio_backend(cls) -> str:
        return "asyncio"

    @pytest.fixture(scope="class")
    @classmethod
    async def emu(cls) -> AsyncIterator[Emulated]:
        async with emulated(rate_limit="1000000/1") as running:
            yield running

    async def test_malformed_docs_fail_typed_before_any_request(self, emu: Emulated) -> None:
        async with AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=RateLimit(100000, 1)) as wf:
            items = wf.items(emu.collection_id)
            seen: list[int] = []

            @PROPERTY_SETTINGS
            @given(docs=st.lists(bad_docs, min_size=1, max_size=5))
            def check(docs: list[Any]) -> None:
                async def run() -> None:
                    before = await _requests(emu)
                    result = await items.create_many(docs)
                    assert len(result.failed) == len(docs), (docs, result)
                    assert all(isinstance(f.error, ValidationError) for f in result.failed)
                    assert all(f.error.status is None for f in result.failed)  # type: ignore[attr-defined]
                    changes = [{**d, "id": "not-an-id"} if isinstance(d, dict) else d for d in docs]
                    result = await items.update_many(changes)
                    assert len(result.failed) == len(docs)
                    assert all(isinstance(f.error, ValidationError) for f in result.failed)
                    assert await _requests(emu) == before, "a malformed input reached the server"
                    result = await items.upsert_many(docs)
                    assert len(result.failed) == len(docs)
                    assert all(isinstance(f.error, ValidationError) for f in result.failed)
                    # With nothing valid to write, upsert_many does not even read the collection.
                    assert await _requests(emu) == before
                    seen.append(len(docs))

                anyio.from_thread.run(run)

            await anyio.to_thread.run_sync(check)
            assert seen

    async def test_non_hex_ids_fail_typed_before_any_request(self, emu: Emulated) -> None:
        async with AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=RateLimit(100000, 1)) as wf:
            items = wf.items(emu.collection_id)

            @PROPERTY_SETTINGS
            @given(ids=st.lists(bad_ids, min_size=1, max_size=5))
            def check(ids: list[Any]) -> None:
                async def run() -> None:
                    before = await _requests(emu)
                    for method in ("delete_many", "publish", "unpublish"):
                        result = await getattr(items, method)(ids)
                        assert len(result.failed) == len(ids)
                        assert all(isinstance(f.error, ValidationError) for f in result.failed)
                    for single in (items.get, items.delete):
                        with pytest.raises(ValidationError):
                            await single(ids[0])
                    with pytest.raises(ValidationError):
                        wf.items(ids[0])
                    assert await _requests(emu) == before

                anyio.from_thread.run(run)

            await anyio.to_thread.run_sync(check)

    async def test_more_than_100_locale_variants_in_one_input_fail_before_sending(self, emu: Emulated) -> None:
        async with AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=RateLimit(100000, 1)) as wf:
            items = wf.items(emu.collection_id)
            before = await _requests(emu)
            ref = {"id": "6571f0c3e2f8a1b2c3d4e5f6", "cmsLocaleIds": [f"{i:024x}" for i in range(101)]}
            for method in ("delete_many", "publish", "unpublish"):
                result = await getattr(items, method)([ref])
                assert [type(f.error) for f in result.failed] == [ValidationError]
                assert "101 locale variants" in str(result.failed[0].error)
            assert await _requests(emu) == before

    async def test_huge_and_unicode_docs_are_sent_intact_or_refused_cleanly(self, emu: Emulated) -> None:
        """Valid-shaped but extreme: the server stores them exactly or refuses them with a 4xx; never half."""
        async with AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=RateLimit(100000, 1)) as wf:
            items = wf.items(emu.collection_id)
            count = 0

            @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
            @given(name=st.text(min_size=1, max_size=300).filter(str.strip), big=st.integers(0, 300_000))
            def check(name: str, big: int) -> None:
                nonlocal count

                async def run() -> None:
                    nonlocal count
                    count += 1
                    slug = f"odd-{count}"
                    doc = {"fieldData": {"name": name, "slug": slug, "summary": "é☃𝄞" * (big // 3)}}
                    before = await item_count(emu)
                    result = await items.create_many([doc])
                    after = await item_count(emu)
                    if result.ok:
                        assert after == before + 1
                        stored = await items.get(result.succeeded[0].id or "")
                        assert stored.name == name
                        assert stored.fields["summary"] == doc["fieldData"]["summary"]
                    else:
                        assert after == before
                        err = result.failed[0].error
                        status = getattr(err, "status", None)
                        assert status is not None
                        assert 400 <= status < 500

                anyio.from_thread.run(run)

            await anyio.to_thread.run_sync(check)
