"""The item type users get back, and its publishing status."""

from __future__ import annotations

import enum
from typing import Any

from ._generated.models.collection_item import CollectionItem

__all__ = ["Item", "ItemStatus"]


class ItemStatus(enum.StrEnum):
    """An item's status as the Webflow designer shows it.

    Derived from ``isArchived``, ``isDraft`` and ``lastPublished`` by Webflow's
    table: a published item with ``isDraft`` set still has its old version live.
    """

    PUBLISHED = "published"
    DRAFT_CHANGES = "draft_changes"
    DRAFT = "draft"
    QUEUED_TO_PUBLISH = "queued_to_publish"
    ARCHIVED = "archived"


class Item(CollectionItem):
    """A CMS item: the generated ``CollectionItem`` plus ``status`` and ``fields``.

    ``field_data.name`` and ``field_data.slug`` are typed; other fields are in
    ``field_data.additional_properties`` (and ``field_data["my-field"]``).
    ``fields`` gives all of them as one plain dict.
    """

    __slots__ = ()

    @property
    def status(self) -> ItemStatus:
        if self.is_archived is True:
            return ItemStatus.ARCHIVED
        draft = self.is_draft is True
        if self.last_published is None:
            return ItemStatus.DRAFT if draft else ItemStatus.QUEUED_TO_PUBLISH
        return ItemStatus.DRAFT_CHANGES if draft else ItemStatus.PUBLISHED

    @property
    def slug(self) -> str:
        return self.field_data.slug

    @property
    def name(self) -> str:
        return self.field_data.name

    @property
    def fields(self) -> dict[str, Any]:
        """Every field value keyed by field slug, ``name`` and ``slug`` included."""
        return self.field_data.to_dict()
