"""Content Delivery: the two live reads under a second base URL, answered from a response cache.

Upstream (`openapi/upstream/webflow-v2.yml`, list-collection-items-live and get-item-live) lists a
second server for those two operations only, `https://api-cdn.webflow.com/v2`, "optimized for
high-volume reads". Webflow's Content Delivery page
(https://developers.webflow.com/data/docs/working-with-the-cms/content-delivery) says what it does:
cached reads are effectively not rate-limited while uncached ones count against the plan's limit,
the cache lasts 300 s (120 s on Enterprise), and `CF-Cache-Status` says HIT or MISS.

The emulator serves that host under the prefix `/cdn` of its own address (`.../cdn/v2/...`). An
answer is cached per URL (path and query, exactly as sent) and token, for `cdn_cache_seconds`; until
it expires a HIT repeats it even if the item changed since, as a CDN does. Only 200 answers are kept.
The clock is injectable (`ResponseCache(seconds, clock)`), as the rate limiter's is.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

#: Where the Content Delivery host lives on the emulator's own address.
CDN_PREFIX = "/cdn"
#: The only operations upstream serves from the Content Delivery host.
_ORIGIN_PATHS = (
    re.compile(r"/v2/collections/[^/]+/items/live"),
    re.compile(r"/v2/collections/[^/]+/items/[^/]+/live"),
)
#: Entries kept before the cache starts over (a bound on memory, not a Webflow rule).
_MAX_ENTRIES = 10_000
#: Headers the gate sets per answer; a HIT gets fresh ones instead of the cached ones.
_PER_ANSWER = frozenset({b"x-ratelimit-limit", b"x-ratelimit-remaining", b"cf-cache-status", b"age"})

Headers = list[tuple[bytes, bytes]]


def cdn_url(api_url: str) -> str:
    """The Content Delivery base URL beside an API base URL ending in `/v2`."""
    root = api_url.removesuffix("/v2")
    return f"{root}{CDN_PREFIX}/v2"


def origin_path(path: str) -> str | None:
    """The API path a Content Delivery path stands for, or None when the path is not one it serves."""
    if not path.startswith(CDN_PREFIX + "/v2/"):
        return None
    inner = path.removeprefix(CDN_PREFIX)
    return inner if any(p.fullmatch(inner) for p in _ORIGIN_PATHS) else None


def cache_key(path: str, query: bytes, token: str) -> tuple[str, bytes, str]:
    """The key of one answer: the URL as sent and the token (kept only as its sha256)."""
    return path, query, hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Cached:
    """An answer kept by the cache: its status, headers (without the per-answer ones) and body."""

    status: int
    headers: Headers
    body: bytes
    stored_at: float


class ResponseCache:
    """Answers by key, each kept `seconds` on `clock` (a monotonic clock by default)."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock
        self._entries: dict[tuple[str, bytes, str], Cached] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple[str, bytes, str]) -> tuple[Cached, float] | None:
        """The fresh answer for `key` and its age in seconds, or None (a MISS)."""
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            age = self.clock() - found.stored_at
            if age >= self.seconds:
                del self._entries[key]
                return None
            return found, age

    def put(self, key: tuple[str, bytes, str], status: int, headers: Headers, body: bytes) -> None:
        """Keep a 200 answer (nothing when the lifetime is 0)."""
        if status != 200 or self.seconds <= 0:
            return
        kept = [(k, v) for k, v in headers if k.lower() not in _PER_ANSWER]
        with self._lock:
            if len(self._entries) >= _MAX_ENTRIES:
                self._entries.clear()
            self._entries[key] = Cached(status, kept, body, self.clock())
