"""``wf.sites``: the sites a token reaches, their custom domains, and publishing a whole site."""

from __future__ import annotations

import builtins
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import anyio
import attrs

from .._engine.inputs import check_id
from .._http import endpoints
from .._http.session import Session
from ..errors import ValidationError

__all__ = ["SITE_PUBLISH_INTERVAL", "CustomDomain", "Site", "SitePublish", "Sites"]

log = logging.getLogger("webflow_cms")

#: Webflow queues at most one successful publish of a site a minute (the site-publish operation's note).
SITE_PUBLISH_INTERVAL = 60.0


@attrs.frozen
class CustomDomain:
    """A custom domain of a site; ``last_published`` is None until the site is published to it."""

    id: str
    url: str = ""
    last_published: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CustomDomain:
        published = data.get("lastPublished")
        return cls(id=str(data["id"]), url=str(data.get("url", "")), last_published=published and str(published))


@attrs.frozen
class Site:
    """A site, with its CMS locale ids (primary first)."""

    id: str
    display_name: str
    short_name: str
    cms_locale_ids: tuple[str, ...] = ()
    last_published: str | None = None
    custom_domains: tuple[CustomDomain, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Site:
        locales = data.get("locales") or {}
        ordered = [locales.get("primary"), *(locales.get("secondary") or [])]
        published = data.get("lastPublished")
        return cls(
            id=str(data["id"]),
            display_name=str(data.get("displayName", "")),
            short_name=str(data.get("shortName", "")),
            cms_locale_ids=tuple(str(loc["cmsLocaleId"]) for loc in ordered if loc and loc.get("cmsLocaleId")),
            last_published=published and str(published),
            custom_domains=tuple(CustomDomain.from_dict(d) for d in data.get("customDomains") or ()),
        )


@attrs.frozen
class SitePublish:
    """What a site publish was queued for (Webflow answers 202: the publish runs after the answer)."""

    custom_domains: tuple[CustomDomain, ...]
    publish_to_webflow_subdomain: bool

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SitePublish:
        return cls(
            custom_domains=tuple(CustomDomain.from_dict(d) for d in data.get("customDomains") or ()),
            publish_to_webflow_subdomain=bool(data.get("publishToWebflowSubdomain", False)),
        )


class Sites:
    """``wf.sites``: list and read sites, list their custom domains, publish them.

    ``publish`` keeps Webflow's one publish of a site a minute by waiting (with
    a log line) when this client published the same site less than a minute
    ago; a publish by someone else meanwhile is answered 429, which the client
    waits out once, as any 429.
    """

    def __init__(
        self,
        session: Session,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
    ) -> None:
        self._session = session
        self._clock = clock
        self._sleep = sleep
        self._published_at: dict[str, float] = {}
        self._turns: dict[str, anyio.Lock] = {}

    async def list(self) -> list[Site]:
        data = await self._session.send_json(endpoints.list_sites())
        return [Site.from_dict(s) for s in (data or {}).get("sites", [])]

    async def get(self, site_id: str) -> Site:
        return Site.from_dict(await self._session.send_json(endpoints.get_site(check_id(site_id, "site id"))))

    async def custom_domains(self, site_id: str) -> builtins.list[CustomDomain]:
        data = await self._session.send_json(endpoints.custom_domains(check_id(site_id, "site id")))
        return [CustomDomain.from_dict(d) for d in (data or {}).get("customDomains", [])]

    async def publish(
        self,
        site_id: str,
        *,
        custom_domains: Sequence[str] = (),
        publish_to_webflow_subdomain: bool = True,
    ) -> SitePublish:
        """Publish the whole site to the custom domains named by id and/or its webflow.io subdomain.

        To publish everywhere: ``custom_domains=[d.id for d in await wf.sites.custom_domains(site_id)]``.
        """
        site_id = check_id(site_id, "site id")
        if isinstance(custom_domains, str):
            raise ValidationError("custom_domains is a list of domain ids, not one string", status=None)
        domains = [check_id(d, "custom domain id") for d in custom_domains]
        if not domains and not publish_to_webflow_subdomain:
            raise ValidationError(
                "nothing to publish to: name custom_domains or keep publish_to_webflow_subdomain=True",
                status=None,
                code="invalid_input",
            )
        async with self._turns.setdefault(site_id, anyio.Lock()):  # one publish of a site at a time
            await self._wait_for_turn(site_id)
            request = endpoints.publish_site(
                site_id, custom_domains=domains, to_webflow_subdomain=publish_to_webflow_subdomain
            )
            data = await self._session.send_json(request)
            self._published_at[site_id] = self._clock()
        return SitePublish.from_dict(data or {})

    async def _wait_for_turn(self, site_id: str) -> None:
        last = self._published_at.get(site_id)
        if last is None:
            return
        wait = SITE_PUBLISH_INTERVAL - (self._clock() - last)
        if wait > 0:
            log.info(
                "site publish: waiting %.1fs before publishing site %s again (Webflow allows one publish a minute)",
                wait,
                site_id,
            )
            await self._sleep(wait)
