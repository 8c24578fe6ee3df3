"""The item type users get back, and its publishing status."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Mapping
from typing import Any

from ._generated.models.collection_item import CollectionItem
from ._generated.models.field_data import FieldData
from ._generated.types import UNSET
from .errors import UnexpectedResponseError

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


_parse_time = datetime.datetime.fromisoformat


class Item(CollectionItem):
    """A CMS item: the generated ``CollectionItem`` plus ``status`` and ``fields``.

    ``field_data.name`` and ``field_data.slug`` are typed; other fields are in
    ``field_data.additional_properties`` (and ``field_data["my-field"]``).
    ``fields`` gives all of them as one plain dict.
    """

    __slots__ = ()

    @classmethod
    def from_wire(cls, data: Mapping[str, Any]) -> Item:
        """Build an item from a decoded API object; the same result as ``from_dict``, about twice as fast.

        Listing parses thousands of items, so this skips the generated parser's
        per-call imports, closures and dict copies. Anything unexpected falls
        back to ``from_dict`` and its checks.
        """
        try:
            extra = dict(data)
            fields = extra.pop("fieldData")
            custom = dict(fields)
            field_data = FieldData.__new__(FieldData)
            field_data.name = custom.pop("name")
            field_data.slug = custom.pop("slug")
            field_data.additional_properties = custom
            item = cls.__new__(cls)
            item.id = extra.pop("id")
            published = extra.pop("lastPublished")
            item.last_published = None if published is None else _parse_time(published)
            item.last_updated = _parse_time(extra.pop("lastUpdated"))
            item.created_on = _parse_time(extra.pop("createdOn"))
            item.field_data = field_data
            item.cms_locale_id = extra.pop("cmsLocaleId", UNSET)
            item.is_archived = extra.pop("isArchived", UNSET)
            item.is_draft = extra.pop("isDraft", UNSET)
            item.additional_properties = extra
        except (KeyError, TypeError, ValueError, AttributeError):
            return cls._from_dict_or_raise(data)
        return item

    @classmethod
    def _from_dict_or_raise(cls, data: object) -> Item:
        """The generated parser's verdict, with its bare KeyError/TypeError made a typed error."""
        try:
            if not isinstance(data, Mapping):
                raise TypeError(f"expected an object, got {type(data).__name__}")
            return cls.from_dict(data)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            missing = f"no {exc}" if isinstance(exc, KeyError) else str(exc)
            raise UnexpectedResponseError(
                f"an item in the answer could not be read ({missing})", status=None, code="unexpected_response"
            ) from None

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
