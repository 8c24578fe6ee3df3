"""Connecting: the client from the global options, a site or collection from what the user typed.

Every API command goes through here (``__main__`` makes the client, the command resolves what
it was given), so the token's rules, the rate-limit syntax and the "which collection?" messages
are written once.
"""

from __future__ import annotations

import os

from webflow_cms import (
    DEFAULT_BASE_URL,
    AsyncWebflowCMS,
    Collection,
    InsecureURLError,
    NotFoundError,
    RateLimit,
    RedisLimiter,
    ValidationError,
)
from webflow_cms.ids import is_webflow_id
from webflow_cms.redis_limiter import TokenBudget

from .errors import InputError

__all__ = [
    "check_site_id",
    "close_shared_budget",
    "connect",
    "is_id",
    "parse_rate_limit",
    "resolve_collection",
    "resolve_site",
]

_LIST_HINT = "run `webflow-cms collections` to see the collections this token reaches"


def parse_rate_limit(spec: str) -> RateLimit:
    """``N/SECONDS`` (``120/60``) as a ``RateLimit``."""
    count, _, seconds = spec.partition("/")
    try:
        return RateLimit(int(count), float(seconds or 60))
    except ValueError:
        raise InputError(f"--rate-limit {spec!r} is not N/SECONDS with positive numbers; write e.g. 120/60") from None


def connect(
    token: str | None,
    base_url: str | None,
    rate_limit: str | None,
    redis_url: str | None = None,
    content_delivery: bool | str = False,
) -> AsyncWebflowCMS:
    """A client for the given (or environment) token and base URL; the token never appears in a message.

    With ``redis_url`` (or ``$WEBFLOW_REDIS_URL``) its rate budget is shared through Redis with every
    other process on the token.
    """
    token = token or os.environ.get("WEBFLOW_TOKEN")
    if not token:
        raise InputError("no API token: pass --token or set WEBFLOW_TOKEN")
    base_url = base_url or os.environ.get("WEBFLOW_BASE_URL") or DEFAULT_BASE_URL
    limit = parse_rate_limit(rate_limit) if rate_limit else None
    redis_url = redis_url or os.environ.get("WEBFLOW_REDIS_URL") or None
    shared: RateLimit | RedisLimiter | None = limit
    if redis_url:
        try:
            shared = RedisLimiter(redis_url, limit)
        except ImportError:
            raise InputError("--redis-url needs the 'redis' extra: pip install 'webflow-cms[redis]'") from None
        except ValueError as exc:
            raise InputError(f"--redis-url: {exc}") from None
    try:
        return AsyncWebflowCMS(token, base_url=base_url, rate_limit=shared, content_delivery=content_delivery)
    except InsecureURLError as exc:
        option = "--base-url or --content-delivery" if content_delivery else "--base-url"
        raise InputError(f"{option}: {exc}") from None
    except ValueError as exc:
        raise InputError(f"--content-delivery: {exc}") from None


async def close_shared_budget(wf: AsyncWebflowCMS) -> None:
    """Close the Redis connection a command opened for its budget (nothing to do without ``--redis-url``)."""
    if isinstance(wf.limiter, TokenBudget):
        await wf.limiter.shared.aclose()


def is_id(text: str) -> bool:
    """Whether ``text`` is a Webflow id (the SDK's one rule: 24 lowercase hex characters)."""
    return is_webflow_id(text)


def check_site_id(site_id: str) -> str:
    """``site_id`` as given, or an ``InputError`` for ``--site`` when it is not an id."""
    if not is_id(site_id):
        raise InputError(f"--site {site_id!r} is not a site id (24 lowercase hex characters)")
    return site_id


async def resolve_site(wf: AsyncWebflowCMS, site_id: str | None) -> str:
    """``site_id`` checked, or the only site the token reaches."""
    if site_id is not None:
        return check_site_id(site_id)
    sites = await wf.sites.list()
    if len(sites) != 1:
        listed = ", ".join(f"{s.id} ({s.display_name})" for s in sites) or "none"
        raise InputError(f"the token reaches {len(sites)} sites ({listed}); pick one with --site SITE_ID")
    return sites[0].id


async def resolve_collection(wf: AsyncWebflowCMS, ref: str) -> Collection:
    """The collection (with its fields) named by an id, or by a slug or display name on a reachable site."""
    if is_id(ref):
        try:
            return await wf.collections.get(ref)
        except (NotFoundError, ValidationError):
            raise InputError(f"collection {ref!r} not found; {_LIST_HINT}") from None
    wanted = ref.casefold()
    matches: list[Collection] = []
    for site in await wf.sites.list():
        for collection in await wf.collections.list(site.id):
            if wanted in (collection.slug.casefold(), collection.display_name.casefold()):
                matches.append(collection)
    if not matches:
        raise InputError(f"no collection has the id, slug or name {ref!r}; {_LIST_HINT}")
    if len(matches) > 1:
        ids = ", ".join(c.id for c in matches)
        raise InputError(f"{len(matches)} collections are called {ref!r} ({ids}); pass the id of the one you mean")
    return await wf.collections.get(matches[0].id)
