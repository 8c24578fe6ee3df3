"""Sites and collections: what an items job needs to find its collection and its fields.

These endpoints are outside the Items spec the client is generated from, so
the few calls needed are written here, through the same throttled client.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from .items import _check_id

if TYPE_CHECKING:
    from .client import AsyncWebflowCMS

__all__ = ["Collection", "Collections", "Field", "Site", "Sites"]


@attrs.frozen
class Field:
    """One field of a collection's schema."""

    id: str
    slug: str
    display_name: str
    type: str
    is_required: bool = False
    #: The field's rules as Webflow gives them: ``options`` (Option), ``collectionId`` (references), ...
    validations: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Field:
        validations = data.get("validations")
        return cls(
            id=str(data.get("id", "")),
            slug=str(data["slug"]),
            display_name=str(data.get("displayName", data["slug"])),
            type=str(data.get("type", "")),
            is_required=bool(data.get("isRequired", False)),
            validations=dict(validations) if isinstance(validations, Mapping) else {},
        )

    @property
    def options(self) -> dict[str, str]:
        """An Option field's choices, name to id (empty for other types)."""
        raw = self.validations.get("options")
        return {
            str(o["name"]): str(o["id"])
            for o in (raw if isinstance(raw, list) else [])
            if isinstance(o, Mapping) and "name" in o and "id" in o
        }


@attrs.frozen
class Collection:
    """A CMS collection; ``fields`` is empty when it came from a site listing."""

    id: str
    display_name: str
    singular_name: str
    slug: str
    fields: tuple[Field, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Collection:
        return cls(
            id=str(data["id"]),
            display_name=str(data.get("displayName", "")),
            singular_name=str(data.get("singularName", "")),
            slug=str(data.get("slug", "")),
            fields=tuple(Field.from_dict(f) for f in data.get("fields") or ()),
        )

    def field(self, slug: str) -> Field | None:
        return next((f for f in self.fields if f.slug == slug), None)


@attrs.frozen
class Site:
    """A site, with its CMS locale ids (primary first)."""

    id: str
    display_name: str
    short_name: str
    cms_locale_ids: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Site:
        locales = data.get("locales") or {}
        ordered = [locales.get("primary"), *(locales.get("secondary") or [])]
        return cls(
            id=str(data["id"]),
            display_name=str(data.get("displayName", "")),
            short_name=str(data.get("shortName", "")),
            cms_locale_ids=tuple(str(loc["cmsLocaleId"]) for loc in ordered if loc and loc.get("cmsLocaleId")),
        )


class Sites:
    """``wf.sites``: the sites the token can reach."""

    def __init__(self, client: AsyncWebflowCMS) -> None:
        self._client = client

    async def list(self) -> list[Site]:
        data = await self._client.send_json({"method": "get", "url": "/sites"})
        return [Site.from_dict(s) for s in (data or {}).get("sites", [])]

    async def get(self, site_id: str) -> Site:
        data = await self._client.send_json({"method": "get", "url": f"/sites/{_check_id(site_id, 'site id')}"})
        return Site.from_dict(data)

    async def publish(self, site_id: str) -> Any:
        """Publish the whole site (Webflow allows one site publish a minute)."""
        url = f"/sites/{_check_id(site_id, 'site id')}/publish"
        return await self._client.send_json({"method": "post", "url": url, "json": {}})


class Collections:
    """``wf.collections``: list, read and create collections and fields."""

    def __init__(self, client: AsyncWebflowCMS) -> None:
        self._client = client

    async def list(self, site_id: str) -> list[Collection]:
        url = f"/sites/{_check_id(site_id, 'site id')}/collections"
        data = await self._client.send_json({"method": "get", "url": url})
        return [Collection.from_dict(c) for c in (data or {}).get("collections", [])]

    async def get(self, collection_id: str) -> Collection:
        url = f"/collections/{_check_id(collection_id, 'collection id')}"
        return Collection.from_dict(await self._client.send_json({"method": "get", "url": url}))

    async def create(
        self,
        site_id: str,
        *,
        display_name: str,
        singular_name: str,
        slug: str | None = None,
        fields: Sequence[Mapping[str, Any]] = (),
    ) -> Collection:
        """Create a collection on a site, with its own fields; ``name`` and ``slug`` come with every collection.

        ``fields`` are like ``{"displayName": "Summary", "slug": "summary", "type": "PlainText",
        "isRequired": False}`` (an Option field adds ``"validations": {"options": [{"name": ...}]}``).
        Returns the collection with all its fields.
        """
        body: dict[str, Any] = {"displayName": display_name, "singularName": singular_name, "fields": list(fields)}
        if slug:
            body["slug"] = slug
        url = f"/sites/{_check_id(site_id, 'site id')}/collections"
        return Collection.from_dict(await self._client.send_json({"method": "post", "url": url, "json": body}))

    async def create_field(self, collection_id: str, field: Mapping[str, Any]) -> Field:
        url = f"/collections/{_check_id(collection_id, 'collection id')}/fields"
        return Field.from_dict(await self._client.send_json({"method": "post", "url": url, "json": dict(field)}))
