"""Verify and parse Webflow webhook deliveries for CMS items.

Webflow signs each delivery of an app's webhook: ``X-Webflow-Timestamp`` is the
send time in milliseconds since the epoch and ``X-Webflow-Signature`` the hex
HMAC-SHA256 of ``f"{timestamp}:{raw_body}"`` keyed with the app's client
secret. ``verify`` checks both (constant-time compare; a timestamp more than
five minutes away from now is a replay) and ``parse_event`` turns the body
into a typed event::

    event = verify_and_parse(secret, request_headers, raw_body)
    if isinstance(event, ItemChanged): ...
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from .errors import WebflowError

__all__ = [
    "MAX_AGE_SECONDS",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "ItemChanged",
    "ItemCreated",
    "ItemDeleted",
    "ItemEvent",
    "ItemPublished",
    "ItemUnpublished",
    "WebhookError",
    "WebhookPayloadError",
    "WebhookReplayError",
    "WebhookSignatureError",
    "parse_event",
    "sign",
    "verify",
    "verify_and_parse",
]

SIGNATURE_HEADER = "x-webflow-signature"
TIMESTAMP_HEADER = "x-webflow-timestamp"
#: Deliveries older (or further in the future) than this are refused as replays.
MAX_AGE_SECONDS = 300.0


class WebhookError(WebflowError):
    """A webhook delivery that must not be trusted or cannot be read."""


class WebhookSignatureError(WebhookError):
    """The signature is missing, malformed or does not match the body: forged or tampered."""


class WebhookReplayError(WebhookError):
    """The timestamp is missing, malformed, too old or too far in the future: a replay."""


class WebhookPayloadError(WebhookError):
    """The body is signed correctly but is not a CMS item event this module understands."""


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def _as_bytes(body: bytes | str) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def sign(secret: str | bytes, timestamp: str | int, body: bytes | str) -> str:
    """The hex signature Webflow sends for ``body`` at ``timestamp`` (milliseconds); for tests and tools."""
    key = _as_bytes(secret)
    message = str(timestamp).encode("ascii") + b":" + _as_bytes(body)
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def verify(
    secret: str | bytes,
    headers: Mapping[str, str],
    body: bytes | str,
    *,
    max_age: float = MAX_AGE_SECONDS,
    now: Callable[[], float] = time.time,
) -> None:
    """Raise ``WebhookSignatureError`` or ``WebhookReplayError`` unless the delivery is authentic and fresh.

    ``body`` must be the raw bytes as received: re-serialized JSON does not match the signature.
    """
    if not secret:
        raise WebhookSignatureError("no client secret configured: every delivery would be accepted")
    timestamp = _header(headers, TIMESTAMP_HEADER)
    signature = _header(headers, SIGNATURE_HEADER)
    if signature is None or not signature.strip():
        raise WebhookSignatureError(f"missing {SIGNATURE_HEADER} header")
    timestamp = (timestamp or "").strip()
    # isdecimal() alone accepts digits of other scripts; the signed message is ASCII.
    if not (timestamp.isascii() and timestamp.isdecimal()) or len(timestamp) > 16:
        raise WebhookReplayError(f"missing or malformed {TIMESTAMP_HEADER} header (milliseconds since the epoch)")
    expected = sign(secret, timestamp, body)
    # Compare as bytes: compare_digest rejects non-ASCII str, and a forger must not learn anything from timing.
    if not hmac.compare_digest(expected.encode("ascii"), signature.strip().lower().encode("utf-8", "replace")):
        raise WebhookSignatureError("signature does not match the body: forged or tampered delivery")
    age = now() - int(timestamp) / 1000.0
    if age > max_age:
        raise WebhookReplayError(f"delivery is {age:.0f} s old (limit {max_age:.0f} s): refused as a replay")
    if age < -max_age:
        raise WebhookReplayError(f"delivery is timestamped {-age:.0f} s in the future: refused")


@attrs.frozen
class ItemEvent:
    """A CMS item event: ``trigger_type`` as Webflow names it and the raw ``payload`` mapping."""

    trigger_type: str
    payload: Mapping[str, Any] = attrs.field(repr=False)
    item_id: str
    collection_id: str | None = None
    site_id: str | None = None


@attrs.frozen
class _WithItem(ItemEvent):
    """An event that carries the item's fields."""

    field_data: Mapping[str, Any] = attrs.field(factory=dict, repr=False)
    is_draft: bool | None = None
    is_archived: bool | None = None
    cms_locale_id: str | None = None
    last_published: str | None = None
    last_updated: str | None = None
    created_on: str | None = None

    @property
    def name(self) -> str | None:
        value = self.field_data.get("name")
        return value if isinstance(value, str) else None

    @property
    def slug(self) -> str | None:
        value = self.field_data.get("slug")
        return value if isinstance(value, str) else None


@attrs.frozen
class ItemCreated(_WithItem):
    """``collection_item_created``."""


@attrs.frozen
class ItemChanged(_WithItem):
    """``collection_item_changed``."""


@attrs.frozen
class ItemPublished(_WithItem):
    """``collection_item_published``."""


@attrs.frozen
class ItemDeleted(ItemEvent):
    """``collection_item_deleted``: only ids."""


@attrs.frozen
class ItemUnpublished(ItemEvent):
    """``collection_item_unpublished``: only ids."""


_TYPES: dict[str, type[ItemEvent]] = {
    "collection_item_created": ItemCreated,
    "collection_item_changed": ItemChanged,
    "collection_item_deleted": ItemDeleted,
    "collection_item_published": ItemPublished,
    "collection_item_unpublished": ItemUnpublished,
}


def _opt_str(payload: Mapping[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = payload.get(key)
        if value is not None:
            if not isinstance(value, str):
                raise WebhookPayloadError(f"payload.{key} must be a string, got {type(value).__name__}")
            return value
    return None


def _opt_bool(payload: Mapping[str, Any], key: str) -> bool | None:
    value = payload.get(key)
    if value is not None and not isinstance(value, bool):
        raise WebhookPayloadError(f"payload.{key} must be true or false, got {type(value).__name__}")
    return value


def parse_event(body: bytes | str | Mapping[str, Any]) -> ItemEvent:
    """A typed event from a delivery body ``{"triggerType": ..., "payload": {...}}``; ``WebhookPayloadError`` if not."""
    if isinstance(body, Mapping):
        data: Any = body
    else:
        try:
            data = json.loads(_as_bytes(body))
        except (ValueError, RecursionError):
            raise WebhookPayloadError("body is not JSON") from None
    if not isinstance(data, Mapping):
        raise WebhookPayloadError("body must be a JSON object")
    trigger = data.get("triggerType")
    cls = _TYPES.get(trigger) if isinstance(trigger, str) else None
    if cls is None:
        raise WebhookPayloadError(f"unsupported triggerType {trigger!r}; expected one of {sorted(_TYPES)}")
    payload = data.get("payload")
    if not isinstance(payload, Mapping):
        raise WebhookPayloadError("payload must be an object")
    item_id = _opt_str(payload, "id", "itemId")
    if not item_id:
        raise WebhookPayloadError("payload has no item id")
    common: dict[str, Any] = {
        "trigger_type": trigger,
        "payload": dict(payload),
        "item_id": item_id,
        "collection_id": _opt_str(payload, "collectionId"),
        "site_id": _opt_str(payload, "siteId"),
    }
    if not issubclass(cls, _WithItem):
        return cls(**common)
    fields = payload.get("fieldData", {})
    if not isinstance(fields, Mapping):
        raise WebhookPayloadError("payload.fieldData must be an object")
    return cls(
        **common,
        field_data=dict(fields),
        is_draft=_opt_bool(payload, "isDraft"),
        is_archived=_opt_bool(payload, "isArchived"),
        cms_locale_id=_opt_str(payload, "cmsLocaleId"),
        last_published=_opt_str(payload, "lastPublished"),
        last_updated=_opt_str(payload, "lastUpdated"),
        created_on=_opt_str(payload, "createdOn"),
    )


def verify_and_parse(
    secret: str | bytes,
    headers: Mapping[str, str],
    body: bytes | str,
    *,
    max_age: float = MAX_AGE_SECONDS,
    now: Callable[[], float] = time.time,
) -> ItemEvent:
    """``verify`` then ``parse_event``: the only way a receiver should read a delivery."""
    verify(secret, headers, body, max_age=max_age, now=now)
    return parse_event(_as_bytes(body))
