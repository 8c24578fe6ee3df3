"""The ``cursor`` of ``list_items``: where the next page starts, and the query it belongs to.

A cursor is opaque to the agent: base64url of a small JSON object holding the collection,
the offset of the next page and the whole query (filters, sort, ``live``, ``fields``, page
size). So the next page needs only ``collection_id`` and ``cursor``; a call that repeats
the query must repeat it unchanged, and one that changes it is refused (a cursor of one
query would skip or repeat items of another). Nothing is kept on the server: a cursor
still works after a restart.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any

from webflow_cms import ValidationError

__all__ = ["decode", "encode"]

_VERSION = 1
_FRESH = "drop cursor to start from the first page"


def _bad(message: str) -> ValidationError:
    return ValidationError(message, status=None, code="invalid_cursor")


def encode(collection_id: str, offset: int, query: Mapping[str, Any]) -> str:
    data = {"v": _VERSION, "c": collection_id, "o": offset, "q": dict(query)}
    text = json.dumps(data, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(cursor: str, collection_id: str) -> tuple[int, dict[str, Any]]:
    """(offset, query) of a cursor this server gave for ``collection_id``; ``ValidationError`` otherwise."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise _bad(
            f"cursor {cursor[:40]!r} is not a cursor this server gave: pass next_cursor as given, or {_FRESH}"
        ) from None
    if not isinstance(data, dict) or data.get("v") != _VERSION:
        raise _bad(f"cursor is not one this server gave: pass next_cursor as given, or {_FRESH}")
    offset, query = data.get("o"), data.get("q")
    if type(offset) is not int or offset < 0 or not isinstance(query, dict):
        raise _bad(f"cursor is damaged: pass next_cursor as given, or {_FRESH}")
    if data.get("c") != collection_id:
        raise _bad(f"cursor belongs to collection {data.get('c')!r}, not {collection_id!r}: {_FRESH}")
    return offset, query
