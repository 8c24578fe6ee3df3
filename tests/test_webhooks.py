"""webflow_cms.webhooks: signature and replay checks, typed payloads, and the example receiver."""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from webflow_cms.errors import WebflowError
from webflow_cms.webhooks import (
    ItemChanged,
    ItemCreated,
    ItemDeleted,
    ItemPublished,
    ItemUnpublished,
    WebhookPayloadError,
    WebhookReplayError,
    WebhookSignatureError,
    parse_event,
    sign,
    verify,
    verify_and_parse,
)

SECRET = "whsec_test_0123456789abcdef"
ITEM = {
    "id": "6571f0c3e2f8a1b2c3d4e5f6",
    "siteId": "6571f0c3e2f8a1b2c3d4e500",
    "workspaceId": "6571f0c3e2f8a1b2c3d4e501",
    "collectionId": "6571f0c3e2f8a1b2c3d4e502",
    "cmsLocaleId": "6571f0c3e2f8a1b2c3d4e503",
    "lastPublished": None,
    "lastUpdated": "2024-05-01T10:00:00.000Z",
    "createdOn": "2024-05-01T10:00:00.000Z",
    "isArchived": False,
    "isDraft": True,
    "fieldData": {"name": "Hello", "slug": "hello", "rank": 3},
}


def _body(trigger: str, payload: dict[str, Any] | None = None) -> bytes:
    return json.dumps({"triggerType": trigger, "payload": payload or ITEM}).encode()


def _headers(body: bytes, *, secret: str = SECRET, at_ms: int | None = None) -> dict[str, str]:
    ts = str(at_ms if at_ms is not None else int(time.time() * 1000))
    return {
        "X-Webflow-Timestamp": ts,
        "X-Webflow-Signature": sign(secret, ts, body),
        "Content-Type": "application/json",
    }


def test_signature_is_hex_hmac_sha256_of_timestamp_colon_body() -> None:
    import hashlib
    import hmac

    body = _body("collection_item_created")
    expected = hmac.new(SECRET.encode(), b"1700000000000:" + body, hashlib.sha256).hexdigest()
    assert sign(SECRET, 1700000000000, body) == expected
    assert len(expected) == 64


def test_authentic_fresh_delivery_parses_to_typed_events() -> None:
    for trigger, cls in [
        ("collection_item_created", ItemCreated),
        ("collection_item_changed", ItemChanged),
        ("collection_item_published", ItemPublished),
    ]:
        body = _body(trigger)
        event = verify_and_parse(SECRET, _headers(body), body)
        assert type(event) is cls
        assert isinstance(event, ItemCreated | ItemChanged | ItemPublished)
        assert event.item_id == ITEM["id"]
        assert event.collection_id == ITEM["collectionId"]
        assert event.site_id == ITEM["siteId"]
        assert event.slug == "hello"
        assert event.name == "Hello"
        assert event.field_data["rank"] == 3
        assert event.is_draft is True
        assert event.last_published is None
    ids_only = {"id": ITEM["id"], "siteId": ITEM["siteId"], "collectionId": ITEM["collectionId"]}
    for trigger, kind in [("collection_item_deleted", ItemDeleted), ("collection_item_unpublished", ItemUnpublished)]:
        body = _body(trigger, ids_only)
        event = verify_and_parse(SECRET, _headers(body), body)
        assert type(event) is kind
        assert event.item_id == ITEM["id"]
        assert event.collection_id == ITEM["collectionId"]


def test_errors_are_typed_webflow_errors() -> None:
    for cls in (WebhookSignatureError, WebhookReplayError, WebhookPayloadError):
        assert issubclass(cls, WebflowError)


def test_forged_signature_with_another_secret_is_refused() -> None:
    body = _body("collection_item_created")
    with pytest.raises(WebhookSignatureError):
        verify(SECRET, _headers(body, secret="attacker-guess"), body)


def test_missing_or_garbage_signature_is_refused() -> None:
    body = _body("collection_item_created")
    headers = _headers(body)
    for bad in ("", "zz" * 32, "deadbeef", "é" * 64, headers["X-Webflow-Signature"][:-1]):
        with pytest.raises(WebhookSignatureError):
            verify(SECRET, {**headers, "X-Webflow-Signature": bad}, body)
    with pytest.raises(WebhookSignatureError):
        verify(SECRET, {"X-Webflow-Timestamp": headers["X-Webflow-Timestamp"]}, body)


def test_tampered_body_or_timestamp_is_refused() -> None:
    body = _body("collection_item_created")
    headers = _headers(body)
    tampered = body.replace(b"Hello", b"Hellp")
    with pytest.raises(WebhookSignatureError):
        verify(SECRET, headers, tampered)
    shifted = str(int(headers["X-Webflow-Timestamp"]) + 1)
    with pytest.raises(WebhookSignatureError):
        verify(SECRET, {**headers, "X-Webflow-Timestamp": shifted}, body)
    # The raw body matters: the same JSON re-serialized does not verify.
    with pytest.raises(WebhookSignatureError):
        verify(SECRET, headers, json.dumps(json.loads(body), indent=1))


def test_replayed_delivery_is_refused_after_five_minutes() -> None:
    body = _body("collection_item_changed")
    sent_ms = 1_700_000_000_000
    headers = _headers(body, at_ms=sent_ms)
    verify(SECRET, headers, body, now=lambda: sent_ms / 1000 + 299)
    with pytest.raises(WebhookReplayError):
        verify(SECRET, headers, body, now=lambda: sent_ms / 1000 + 301)
    with pytest.raises(WebhookReplayError):
        verify(SECRET, headers, body, now=lambda: sent_ms / 1000 - 301)  # too far in the future
    # Seconds instead of milliseconds look 50 years old: refused, not accepted.
    seconds = _headers(body, at_ms=int(time.time()))
    with pytest.raises(WebhookReplayError):
        verify(SECRET, seconds, body)


def test_missing_or_malformed_timestamp_is_refused() -> None:
    body = _body("collection_item_changed")
    headers = _headers(body)
    for bad in ("", "-1", "1e12", "12:34", "9" * 40):
        with pytest.raises(WebhookReplayError):
            verify(SECRET, {**headers, "X-Webflow-Timestamp": bad}, body)


def test_empty_secret_refuses_everything() -> None:
    body = _body("collection_item_created")
    with pytest.raises(WebhookSignatureError):
        verify("", _headers(body, secret=""), body)


def test_unknown_or_malformed_payloads_are_typed_errors() -> None:
    for bad in [
        b"not json",
        b"[]",
        json.dumps({"triggerType": "site_publish", "payload": {}}).encode(),
        json.dumps({"triggerType": "collection_item_created"}).encode(),
        json.dumps({"triggerType": "collection_item_created", "payload": {"fieldData": {}}}).encode(),
        json.dumps({"triggerType": "collection_item_created", "payload": {**ITEM, "isDraft": "yes"}}).encode(),
        json.dumps({"triggerType": "collection_item_created", "payload": {**ITEM, "fieldData": []}}).encode(),
        json.dumps({"triggerType": "collection_item_deleted", "payload": {"id": 5}}).encode(),
    ]:
        with pytest.raises(WebhookPayloadError):
            parse_event(bad)


@settings(max_examples=100, deadline=None)
@given(body=st.binary(max_size=2000), ts=st.text(max_size=20), sig=st.text(max_size=80))
def test_arbitrary_input_never_verifies_and_raises_only_typed_errors(body: bytes, ts: str, sig: str) -> None:
    with pytest.raises((WebhookSignatureError, WebhookReplayError)):
        verify(SECRET, {"X-Webflow-Timestamp": ts, "X-Webflow-Signature": sig}, body)


# What a delivery body should parse to, decided independently of webflow_cms.webhooks from the documented
# shape: ``{"triggerType": one of five, "payload": {"id" (or "itemId"): non-empty string, ...}}``.
_KINDS: dict[str, type[Any]] = {
    "collection_item_created": ItemCreated,
    "collection_item_changed": ItemChanged,
    "collection_item_deleted": ItemDeleted,
    "collection_item_published": ItemPublished,
    "collection_item_unpublished": ItemUnpublished,
}
_WITH_FIELDS = {"collection_item_created", "collection_item_changed", "collection_item_published"}
_TEXTS = {
    "collection_id": "collectionId",
    "site_id": "siteId",
    "cms_locale_id": "cmsLocaleId",
    "last_published": "lastPublished",
    "last_updated": "lastUpdated",
    "created_on": "createdOn",
}
_FLAGS = {"is_draft": "isDraft", "is_archived": "isArchived"}


class _Invalid(Exception):
    pass


def _text(payload: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        if payload.get(key) is not None:
            if not isinstance(payload[key], str):
                raise _Invalid
            return str(payload[key])
    return None


def expected_event(doc: Any) -> dict[str, Any] | None:
    """The event's type and attributes, or None when the body must be refused."""
    if not isinstance(doc, dict) or not isinstance(doc.get("triggerType"), str) or doc["triggerType"] not in _KINDS:
        return None
    trigger, payload = doc["triggerType"], doc.get("payload")
    if not isinstance(payload, dict):
        return None
    try:
        item_id = _text(payload, "id", "itemId")
        if not item_id:
            return None
        want: dict[str, Any] = {"type": _KINDS[trigger], "trigger_type": trigger, "item_id": item_id}
        want["collection_id"] = _text(payload, "collectionId")
        want["site_id"] = _text(payload, "siteId")
        if trigger in _WITH_FIELDS:
            fields = payload.get("fieldData", {})
            if not isinstance(fields, dict):
                return None
            want["field_data"] = fields
            for attr, key in _FLAGS.items():
                if payload.get(key) is not None and not isinstance(payload[key], bool):
                    return None
                want[attr] = payload.get(key)
            for attr in ("cms_locale_id", "last_published", "last_updated", "created_on"):
                want[attr] = _text(payload, _TEXTS[attr])
    except _Invalid:
        return None
    return want


def seen_event(event: Any) -> dict[str, Any]:
    seen = {"type": type(event), "trigger_type": event.trigger_type, "item_id": event.item_id}
    seen |= {"collection_id": event.collection_id, "site_id": event.site_id}
    if isinstance(event, ItemCreated | ItemChanged | ItemPublished):
        seen["field_data"] = dict(event.field_data)
        seen |= {attr: getattr(event, attr) for attr in [*_FLAGS, "cms_locale_id", "last_published"]}
        seen |= {attr: getattr(event, attr) for attr in ("last_updated", "created_on")}
    return seen


def check_delivery(body: bytes) -> None:
    """A signed body parses to exactly the expected event, or is refused with WebhookPayloadError."""
    try:
        want = expected_event(json.loads(body))
    except (ValueError, RecursionError):  # not JSON (or nested past what the parser takes)
        want = None
    if want is None:
        with pytest.raises(WebhookPayloadError):
            verify_and_parse(SECRET, _headers(body), body)
    else:
        assert seen_event(verify_and_parse(SECRET, _headers(body), body)) == want


_ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
_KEYS = ["id", "itemId", "fieldData", *_TEXTS.values(), *_FLAGS.values()]
_WELL_FORMED: dict[str, st.SearchStrategy[Any]] = {
    "itemId": st.text(max_size=8),
    "fieldData": st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5), max_size=3),
    **{key: st.none() | st.text(max_size=8) for key in _TEXTS.values()},
    **{key: st.none() | st.booleans() for key in _FLAGS.values()},
}


@st.composite
def _deliveries(draw: st.DrawFn) -> Any:
    """Mostly well-formed deliveries, a third of them with one value spoilt, some not deliveries at all."""
    payload = draw(st.fixed_dictionaries({"id": st.text(min_size=1, max_size=8)}, optional=_WELL_FORMED))
    if draw(st.integers(0, 2)) == 0:
        payload[draw(st.sampled_from(_KEYS))] = draw(_ANY_JSON)
    trigger = draw(st.sampled_from(sorted(_KINDS)))
    shape = draw(st.integers(0, 19))
    if shape == 0:
        return draw(_ANY_JSON)
    if shape == 1:
        return {"triggerType": trigger}
    if shape == 2:
        return {"triggerType": draw(st.sampled_from(["site_publish", "Collection_Item_Created"]) | _ANY_JSON)}
    if shape == 3:
        return {"triggerType": trigger, "payload": draw(_ANY_JSON)}
    return {"triggerType": trigger, "payload": payload}


_DELIVERIES = _deliveries()


@settings(max_examples=300, deadline=None)
@given(doc=_DELIVERIES)
def test_signed_deliveries_parse_to_exactly_their_event_or_are_refused(doc: dict[str, Any]) -> None:
    check_delivery(json.dumps(doc).encode())


@settings(max_examples=100, deadline=None)
@given(body=st.binary(max_size=2000))
def test_arbitrary_signed_bytes_are_refused_as_payload_errors(body: bytes) -> None:
    check_delivery(body)


def test_the_event_oracle_accepts_and_refuses_both_ways() -> None:
    """The property tests above are not vacuous: the oracle says yes to a real delivery and no to others."""
    good = {"triggerType": "collection_item_created", "payload": ITEM}
    assert expected_event(good) is not None
    assert expected_event({**good, "payload": {**ITEM, "isDraft": "yes"}}) is None
    assert expected_event({**good, "triggerType": "site_publish"}) is None
    check_delivery(json.dumps(good).encode())


# ------------------------------------------------------------------ the example receiver

_EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "webhook_receiver.py"


def _load_example() -> Any:
    spec = importlib.util.spec_from_file_location("webhook_receiver_example", _EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.anyio
async def test_example_receiver_accepts_authentic_and_refuses_forged_replayed_tampered() -> None:
    app = _load_example().create_app(SECRET)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://receiver.test") as http:
        url = "/webflow/webhooks"
        body = _body("collection_item_changed")
        ok = await http.post(url, content=body, headers=_headers(body))
        assert ok.status_code == 200
        assert ok.json() == {"received": "collection_item_changed", "itemId": ITEM["id"]}

        forged = await http.post(url, content=body, headers=_headers(body, secret="guess"))
        assert forged.status_code == 401
        assert forged.json() == {"error": "WebhookSignatureError"}

        old = _headers(body, at_ms=int((time.time() - 600) * 1000))
        replayed = await http.post(url, content=body, headers=old)
        assert replayed.status_code == 401
        assert replayed.json() == {"error": "WebhookReplayError"}

        tampered = await http.post(url, content=body.replace(b"hello", b"evil!"), headers=_headers(body))
        assert tampered.status_code == 401

        unsigned = await http.post(url, content=body, headers={"Content-Type": "application/json"})
        assert unsigned.status_code == 401

        odd = b'{"triggerType": "form_submission", "payload": {}}'
        unsupported = await http.post(url, content=odd, headers=_headers(odd))
        assert unsupported.status_code == 400

        huge = b"x" * 1_000_001
        too_big = await http.post(url, content=huge, headers=_headers(huge))
        assert too_big.status_code == 413

        events = app.state.events
        assert [type(e) for e in events] == [ItemChanged]  # only the authentic delivery was kept


@pytest.mark.parametrize("timestamp", ["\u00b2", "\u0661\u0662", "12 34", ""])
def test_a_timestamp_that_is_not_ascii_digits_is_refused_as_malformed(timestamp: str) -> None:
    headers = {"X-Webflow-Timestamp": timestamp, "X-Webflow-Signature": "00" * 32}
    with pytest.raises(WebhookReplayError, match="malformed"):
        verify("secret", headers, b"{}")


# ------------------------------------------------------------------ exact messages and edges

SENT_MS = 1_700_000_000_000


def _at(seconds_after_sending: float) -> Any:
    return lambda: SENT_MS / 1000 + seconds_after_sending


def test_refusals_say_exactly_what_is_wrong() -> None:
    body = _body("collection_item_changed")
    headers = _headers(body, at_ms=SENT_MS)
    cases: list[tuple[type[Exception], str, Any]] = [
        (WebhookSignatureError, "no client secret configured: every delivery would be accepted", ("", headers)),
        (WebhookSignatureError, "missing x-webflow-signature header", (SECRET, {"X-Webflow-Timestamp": "1"})),
        (
            WebhookSignatureError,
            "signature does not match the body: forged or tampered delivery",
            (SECRET, {**headers, "X-Webflow-Signature": "ab" * 32}),
        ),
    ]
    for cls, message, (secret, sent) in cases:
        with pytest.raises(cls) as caught:
            verify(secret, sent, body, now=_at(0))
        assert str(caught.value) == message
    with pytest.raises(WebhookReplayError) as old:
        verify(SECRET, headers, body, now=_at(301))
    assert str(old.value) == "delivery is 301 s old (limit 300 s): refused as a replay"
    with pytest.raises(WebhookReplayError) as early:
        verify(SECRET, headers, body, now=_at(-301))
    assert str(early.value) == "delivery is timestamped 301 s in the future: refused"


def test_a_delivery_exactly_max_age_away_is_still_accepted() -> None:
    body = _body("collection_item_changed")
    headers = _headers(body, at_ms=SENT_MS)
    verify(SECRET, headers, body, now=_at(300.0))
    verify(SECRET, headers, body, now=_at(-300.0))


def test_timestamps_of_up_to_16_digits_are_read() -> None:
    body = _body("collection_item_changed")
    for digits, ok in ((16, True), (17, False)):
        at_ms = 10 ** (digits - 1)
        headers = _headers(body, at_ms=at_ms)
        if ok:
            verify(SECRET, headers, body, now=lambda at_ms=at_ms: at_ms / 1000)
        else:
            with pytest.raises(WebhookReplayError, match="malformed"):
                verify(SECRET, headers, body, now=lambda at_ms=at_ms: at_ms / 1000)


def test_a_signature_that_is_not_even_encodable_is_refused_as_forged() -> None:
    body = _body("collection_item_changed")
    headers = {**_headers(body), "X-Webflow-Signature": "\udcff" * 64}  # a lone surrogate: no UTF-8 for it
    with pytest.raises(WebhookSignatureError, match="does not match"):
        verify(SECRET, headers, body)


def test_verify_and_parse_applies_the_callers_max_age_and_clock() -> None:
    body = _body("collection_item_deleted", {"id": ITEM["id"]})
    headers = _headers(body, at_ms=SENT_MS)
    event = verify_and_parse(SECRET, headers, body, max_age=3600, now=_at(3000))
    assert type(event) is ItemDeleted
    with pytest.raises(WebhookReplayError, match="limit 60 s"):
        verify_and_parse(SECRET, headers, body, max_age=60, now=_at(61))


_ONE_OF = (
    "expected one of ['collection_item_changed', 'collection_item_created', 'collection_item_deleted', "
    "'collection_item_published', 'collection_item_unpublished']"
)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{", "body is not JSON"),
        (b"[1, 2]", "body must be a JSON object"),
        (b'{"triggerType": "site_publish", "payload": {}}', f"unsupported triggerType 'site_publish'; {_ONE_OF}"),
        (
            b'{"triggerType": ["collection_item_created"], "payload": {}}',
            f"unsupported triggerType ['collection_item_created']; {_ONE_OF}",
        ),
        (b'{"triggerType": "collection_item_created", "payload": []}', "payload must be an object"),
        (b'{"triggerType": "collection_item_created", "payload": {"id": ""}}', "payload has no item id"),
        (b'{"triggerType": "collection_item_created", "payload": {"id": 5}}', "payload.id must be a string, got int"),
        (
            b'{"triggerType": "collection_item_created", "payload": {"id": "a", "isArchived": 0}}',
            "payload.isArchived must be true or false, got int",
        ),
        (
            b'{"triggerType": "collection_item_created", "payload": {"id": "a", "fieldData": null}}',
            "payload.fieldData must be an object",
        ),
        (
            b'{"triggerType": "collection_item_created", "payload": {"id": "a", "createdOn": 1.5}}',
            "payload.createdOn must be a string, got float",
        ),
    ],
)
def test_payload_errors_say_exactly_what_is_wrong(body: bytes, message: str) -> None:
    with pytest.raises(WebhookPayloadError) as caught:
        parse_event(body)
    assert str(caught.value) == message


def test_parse_event_reads_every_field() -> None:
    payload = {
        **ITEM,
        "isArchived": True,
        "isDraft": False,
        "lastPublished": "2024-05-02T00:00:00.000Z",
        "lastUpdated": "2024-05-03T00:00:00.000Z",
        "createdOn": "2024-05-01T09:00:00.000Z",
    }
    event = parse_event({"triggerType": "collection_item_published", "payload": payload})  # a mapping, as parsed
    assert isinstance(event, ItemPublished)
    assert (event.item_id, event.collection_id, event.site_id) == (ITEM["id"], ITEM["collectionId"], ITEM["siteId"])
    assert (event.is_archived, event.is_draft, event.cms_locale_id) == (True, False, ITEM["cmsLocaleId"])
    assert event.last_published == "2024-05-02T00:00:00.000Z"
    assert event.last_updated == "2024-05-03T00:00:00.000Z"
    assert event.created_on == "2024-05-01T09:00:00.000Z"
    assert event.payload == payload


def test_the_item_id_may_come_as_item_id_and_field_data_may_be_absent() -> None:
    event = parse_event(_body("collection_item_created", {"itemId": "abc", "id": None}))
    assert isinstance(event, ItemCreated)
    assert event.item_id == "abc"
    assert event.field_data == {}
    assert (event.name, event.slug) == (None, None)


def test_a_valid_signature_with_anything_appended_is_refused() -> None:
    body = _body("collection_item_changed")
    headers = _headers(body)
    signature = headers["X-Webflow-Signature"]
    verify(SECRET, {**headers, "X-Webflow-Signature": f"  {signature.upper()}\n"}, body)  # case and spaces only
    for extra in ("0", "00", signature, "é"):
        with pytest.raises(WebhookSignatureError, match="does not match"):
            verify(SECRET, {**headers, "X-Webflow-Signature": signature + extra}, body)
