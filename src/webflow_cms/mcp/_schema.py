"""Collection schemas for the server: read once, kept, refreshed when they may be stale.

Every write is checked against its collection's schema before anything is sent, and a
read maps Option ids back to names; reading the schema for each call would spend a request
of the rate budget (60 a minute on some plans) on every tool call. So schemas are kept:
``get_collection`` and the schema resource always read afresh, and a check that finds an
unknown field or option asks ``newer`` for a copy read again if the kept one is older than
``max_age`` seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import attrs

from webflow_cms import AsyncWebflowCMS, Collection, Field

from ._answers import CollectionAnswer, FieldOut

__all__ = ["Schemas", "describe", "describe_field"]

#: What a value of each field type looks like, in an agent's terms.
_ACCEPTS = {
    "PlainText": "text",
    "RichText": "HTML text",
    "Phone": "text (a phone number)",
    "Number": "a number such as 42 or 3.5",
    "Switch": "true or false",
    "DateTime": "an ISO 8601 date or time, e.g. 2024-05-01 or 2024-05-01T09:30:00Z",
    "Email": "an email address",
    "Link": "a URL such as https://...",
    "VideoLink": "a video URL such as https://...",
    "Color": "a color such as #1a2b3c, rgb(), hsl() or a CSS color name",
    "Option": "one of the option names listed in `options` (an option id works too)",
    "Reference": "the id (24 hex characters) or slug of an item of the referenced collection",
    "MultiReference": "a list of ids or slugs of items of the referenced collection",
    "Image": "an image URL, or an object with url or fileId",
    "File": "a file URL, or an object with url or fileId",
    "MultiImage": "a list of image URLs or objects with url",
}


def describe_field(field: Field) -> FieldOut:
    target = field.validations.get("collectionId")
    accepts = _ACCEPTS.get(field.type, "a value Webflow accepts for this type")
    if field.slug == "slug":
        accepts = "lowercase letters, digits and single hyphens, unique in the collection"
    return FieldOut(
        slug=field.slug,
        display_name=field.display_name,
        type=field.type,
        required=field.is_required or field.slug in ("name", "slug"),
        options=list(field.options) if field.type == "Option" else None,
        references=str(target) if field.type in ("Reference", "MultiReference") and target else None,
        accepts=accepts,
    )


def describe(collection: Collection, site_id: str | None = None) -> CollectionAnswer:
    return CollectionAnswer(
        id=collection.id,
        display_name=collection.display_name,
        singular_name=collection.singular_name,
        slug=collection.slug,
        site_id=site_id,
        fields=[describe_field(f) for f in collection.fields],
    )


@attrs.define
class _Kept:
    collection: Collection
    read_at: float


class Schemas:
    """The collections' schemas, each read once and then kept (see the module docstring)."""

    def __init__(
        self, wf: AsyncWebflowCMS, *, max_age: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._wf = wf
        self._max_age = max_age
        self._clock = clock
        self._kept: dict[str, _Kept] = {}

    async def get(self, collection_id: str, *, fresh: bool = False) -> Collection:
        """The collection with its fields; ``fresh`` reads it again whatever is kept."""
        kept = self._kept.get(collection_id)
        if kept is not None and not fresh:
            return kept.collection
        collection = await self._wf.collections.get(collection_id)
        self._kept[collection_id] = _Kept(collection, self._clock())
        return collection

    async def newer(self, collection_id: str) -> Collection | None:
        """A fresh copy if the kept one is older than ``max_age`` (it may miss a new field), else None."""
        kept = self._kept.get(collection_id)
        if kept is not None and self._clock() - kept.read_at < self._max_age:
            return None
        return await self.get(collection_id, fresh=True)

    def forget(self, collection_id: str) -> None:
        """Drop a kept schema (the server refused a write as not fitting it)."""
        self._kept.pop(collection_id, None)
