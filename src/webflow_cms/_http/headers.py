"""Reading the headers Webflow answers with: ``Retry-After`` and the ``X-RateLimit-*`` counts.

Both are parsed leniently: a header that is absent or malformed reads as None,
and the caller falls back to its own defaults rather than failing a request.
"""

from __future__ import annotations

import email.utils
import math
from datetime import UTC, datetime

__all__ = ["parse_limit_header", "parse_retry_after"]


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date)."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if seconds == seconds else None  # NaN check
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


def parse_limit_header(value: str | None) -> int | None:
    """An integer rate-limit header, or None when absent or malformed."""
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    return int(number)
