"""Sites and collections: the discovery tools, the schema resource, and ``publish_site``.

``publish_site`` leans on the SDK's ``wf.sites.publish``, which keeps Webflow's one
publish of a site a minute by waiting for its turn (a second publish within the minute
waits, it does not fail); a 429 the SDK still hands back is waited out by the tool runner
(``_patience``).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from webflow_cms import AsyncWebflowCMS, ValidationError

from ._answers import (
    CollectionAnswer,
    CollectionOut,
    CollectionsAnswer,
    SiteOut,
    SitePublishAnswer,
    SitesAnswer,
    WriteResult,
)
from ._schema import Schemas, describe

__all__ = ["Discovery"]


class Discovery:
    """The site and collection tools of one server."""

    def __init__(
        self,
        wf: AsyncWebflowCMS,
        schemas: Schemas,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._wf = wf
        self._schemas = schemas
        self._clock = clock

    async def list_sites(self) -> SitesAnswer:
        sites = await self._wf.sites.list()
        return SitesAnswer(
            sites=[
                SiteOut(
                    id=s.id,
                    display_name=s.display_name,
                    short_name=s.short_name,
                    cms_locale_ids=list(s.cms_locale_ids),
                    last_published=s.last_published,
                )
                for s in sites
            ]
        )

    async def list_collections(self, site_id: str | None) -> CollectionsAnswer:
        site_ids = [site_id] if site_id else [s.id for s in await self._wf.sites.list()]
        out: list[CollectionOut] = []
        for site in site_ids:
            for c in await self._wf.collections.list(site):
                out.append(
                    CollectionOut(
                        id=c.id, display_name=c.display_name, singular_name=c.singular_name, slug=c.slug, site_id=site
                    )
                )
        return CollectionsAnswer(collections=out)

    async def get_collection(self, collection_id: str) -> CollectionAnswer:
        return describe(await self._schemas.get(collection_id, fresh=True))

    async def publish_site(
        self, site_id: str, custom_domains: list[str], *, webflow_subdomain: bool, dry_run: bool
    ) -> SitePublishAnswer:
        domains, urls = await self._domains(site_id, custom_domains)
        if dry_run:
            site = await self._wf.sites.get(site_id)
            planned = WriteResult(index=0, status="would-publish", id=site.id, slug=site.short_name)
            return SitePublishAnswer(
                results=[planned],
                counts={"would-publish": 1},
                dry_run=True,
                custom_domains=urls,
                publish_to_webflow_subdomain=webflow_subdomain,
            )
        started = self._clock()

        await self._wf.sites.publish(site_id, custom_domains=domains, publish_to_webflow_subdomain=webflow_subdomain)
        return SitePublishAnswer(
            results=[WriteResult(index=0, status="published", id=site_id)],
            counts={"published": 1},
            dry_run=False,
            custom_domains=urls,
            publish_to_webflow_subdomain=webflow_subdomain,
            seconds=round(self._clock() - started, 1),
        )

    async def _domains(self, site_id: str, given: list[str]) -> tuple[list[str], list[str]]:
        """(ids, URLs) of the custom domains named by id or URL; a name the site lacks is refused."""
        if not given:
            return [], []
        known = await self._wf.sites.custom_domains(site_id)
        by_name = {d.id: d for d in known} | {d.url.removeprefix("https://").rstrip("/"): d for d in known}
        picked = [by_name.get(name.removeprefix("https://").rstrip("/")) for name in given]
        missing = [name for name, domain in zip(given, picked, strict=True) if domain is None]
        if missing:
            listed = ", ".join(f"{d.url} ({d.id})" for d in known) or "none"
            raise ValidationError(
                f"custom_domains: {', '.join(map(repr, missing))} not among this site's custom domains: {listed}",
                status=None,
                code="invalid_input",
            )
        return [d.id for d in picked if d], [d.url for d in picked if d]
