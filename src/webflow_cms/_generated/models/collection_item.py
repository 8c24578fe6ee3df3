from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.field_data import FieldData


T = TypeVar("T", bound="CollectionItem")


@_attrs_define
class CollectionItem:
    """An item as the API returns it.

    Attributes:
        id (str):
        last_published (datetime.datetime | None): When the item last went live; null if it never has.
        last_updated (datetime.datetime):
        created_on (datetime.datetime):
        field_data (FieldData): Field values keyed by field slug; `name` and `slug` are always present.
        cms_locale_id (str | Unset):
        is_archived (bool | Unset): True when the item is archived and leaves the live site at the next site publish.
            Default: False.
        is_draft (bool | Unset): True while the staged copy holds changes that are not meant to go live yet. Default:
            False.
    """

    id: str
    last_published: datetime.datetime | None
    last_updated: datetime.datetime
    created_on: datetime.datetime
    field_data: FieldData
    cms_locale_id: str | Unset = UNSET
    is_archived: bool | Unset = False
    is_draft: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        last_published: None | str
        if isinstance(self.last_published, datetime.datetime):
            last_published = self.last_published.isoformat()
        else:
            last_published = self.last_published

        last_updated = self.last_updated.isoformat()

        created_on = self.created_on.isoformat()

        field_data = self.field_data.to_dict()

        cms_locale_id = self.cms_locale_id

        is_archived = self.is_archived

        is_draft = self.is_draft

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "lastPublished": last_published,
                "lastUpdated": last_updated,
                "createdOn": created_on,
                "fieldData": field_data,
            }
        )
        if cms_locale_id is not UNSET:
            field_dict["cmsLocaleId"] = cms_locale_id
        if is_archived is not UNSET:
            field_dict["isArchived"] = is_archived
        if is_draft is not UNSET:
            field_dict["isDraft"] = is_draft

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_data import FieldData  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

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

        field_data = FieldData.from_dict(d.pop("fieldData"))

        cms_locale_id = d.pop("cmsLocaleId", UNSET)

        is_archived = d.pop("isArchived", UNSET)

        is_draft = d.pop("isDraft", UNSET)

        collection_item = cls(
            id=id,
            last_published=last_published,
            last_updated=last_updated,
            created_on=created_on,
            field_data=field_data,
            cms_locale_id=cms_locale_id,
            is_archived=is_archived,
            is_draft=is_draft,
        )

        collection_item.additional_properties = d
        return collection_item

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
