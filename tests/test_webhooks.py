"""webflow_cms.webhooks: signature and replay checks, typed payloads, and the example receiver."""

from __future__ import annotations

import contextlib
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


@settings(max_examples=100, deadline=None)
@given(body=st.binary(max_size=2000))
def test_arbitrary_signed_bodies_parse_or_raise_payload_error(body: bytes) -> None:
    with contextlib.suppress(WebhookPayloadError):
        verify_and_parse(SECRET, _headers(body), body)


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
