from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.field_data_update import FieldDataUpdate


T = TypeVar("T", bound="MultiLocaleCollectionItem")


@_attrs_define
class MultiLocaleCollectionItem:
    """An item created in several locales.

    Attributes:
        id (str):
        cms_locale_ids (list[str]):
        last_published (datetime.datetime | None):
        last_updated (datetime.datetime):
        created_on (datetime.datetime):
        is_archived (bool):  Default: False.
        is_draft (bool):  Default: False.
        field_data (FieldDataUpdate): Field values to change, keyed by field slug; omitted fields keep their value.
    """

    id: str
    cms_locale_ids: list[str]
    last_published: datetime.datetime | None
    last_updated: datetime.datetime
    created_on: datetime.datetime
    field_data: FieldDataUpdate
    is_archived: bool = False
    is_draft: bool = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        cms_locale_ids = self.cms_locale_ids

        last_published: None | str
        if isinstance(self.last_published, datetime.datetime):
            last_published = self.last_published.isoformat()
        else:
            last_published = self.last_published

        last_updated = self.last_updated.isoformat()

        created_on = self.created_on.isoformat()

        is_archived = self.is_archived

        is_draft = self.is_draft

        field_data = self.field_data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "cmsLocaleIds": cms_locale_ids,
                "lastPublished": last_published,
                "lastUpdated": last_updated,
                "createdOn": created_on,
                "isArchived": is_archived,
                "isDraft": is_draft,
                "fieldData": field_data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_data_update import FieldDataUpdate  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        cms_locale_ids = cast(list[str], d.pop("cmsLocaleIds"))

        def _parse_last_published(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_published_type_0 = datetime.datetime.fromisoformat(data)

                return last_published_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_published = _parse_last_published(d.pop("lastPublished"))

        last_updated = datetime.datetime.fromisoformat(d.pop("lastUpdated"))

        created_on = datetime.datetime.fromisoformat(d.pop("createdOn"))

        is_archived = d.pop("isArchived")

        is_draft = d.pop("isDraft")

        field_data = FieldDataUpdate.from_dict(d.pop("fieldData"))

        multi_locale_collection_item = cls(
            id=id,
            cms_locale_ids=cms_locale_ids,
            last_published=last_published,
            last_updated=last_updated,
            created_on=created_on,
            is_archived=is_archived,
            is_draft=is_draft,
            field_data=field_data,
        )

        multi_locale_collection_item.additional_properties = d
        return multi_locale_collection_item

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
