"""Object ids and timestamps in the shapes Webflow uses."""

from __future__ import annotations

import datetime as dt
import re
import secrets

_OBJECT_ID = re.compile(r"[0-9a-f]{24}")


def new_id() -> str:
    """A fresh 24-hex object id."""
    return secrets.token_hex(12)


def is_object_id(value: object) -> bool:
    """True for a string of exactly 24 lowercase hex digits."""
    return isinstance(value, str) and _OBJECT_ID.fullmatch(value) is not None


def format_time(moment: dt.datetime) -> str:
    """ISO 8601 in UTC with milliseconds and a `Z` suffix."""
    moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def now_iso() -> str:
    """The current time, formatted as `format_time` does."""
    return format_time(dt.datetime.now(dt.UTC))


def parse_time(value: str) -> dt.datetime | None:
    """Parse an ISO 8601 date or date-time; naive values are taken as UTC. None if unparseable."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment
