from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.field_data import FieldData


T = TypeVar("T", bound="NewInsertItem")


@_attrs_define
class NewInsertItem:
    """One entry of a Create Items request: a new item (in `cmsLocaleIds`, all locales, or the primary one), or, with `id`,
    new locale variants of an existing item.

        Attributes:
            field_data (FieldData): Field values keyed by field slug; `name` and `slug` are always present.
            id (str | Unset):
            cms_locale_ids (list[str] | Unset):
            all_cms_locales (bool | Unset):
            is_archived (bool | Unset):
            is_draft (bool | Unset):
    """

    field_data: FieldData
    id: str | Unset = UNSET
    cms_locale_ids: list[str] | Unset = UNSET
    all_cms_locales: bool | Unset = UNSET
    is_archived: bool | Unset = UNSET
    is_draft: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_data = self.field_data.to_dict()

        id = self.id

        cms_locale_ids: list[str] | Unset = UNSET
        if not isinstance(self.cms_locale_ids, Unset):
            cms_locale_ids = self.cms_locale_ids

        all_cms_locales = self.all_cms_locales

        is_archived = self.is_archived

        is_draft = self.is_draft

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "fieldData": field_data,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if cms_locale_ids is not UNSET:
            field_dict["cmsLocaleIds"] = cms_locale_ids
        if all_cms_locales is not UNSET:
            field_dict["allCmsLocales"] = all_cms_locales
        if is_archived is not UNSET:
            field_dict["isArchived"] = is_archived
        if is_draft is not UNSET:
            field_dict["isDraft"] = is_draft

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_data import FieldData  # noqa: PLC0415

        d = dict(src_dict)
        field_data = FieldData.from_dict(d.pop("fieldData"))

        id = d.pop("id", UNSET)

        cms_locale_ids = cast(list[str], d.pop("cmsLocaleIds", UNSET))

        all_cms_locales = d.pop("allCmsLocales", UNSET)

        is_archived = d.pop("isArchived", UNSET)

        is_draft = d.pop("isDraft", UNSET)

        new_insert_item = cls(
            field_data=field_data,
            id=id,
            cms_locale_ids=cms_locale_ids,
            all_cms_locales=all_cms_locales,
            is_archived=is_archived,
            is_draft=is_draft,
        )

        new_insert_item.additional_properties = d
        return new_insert_item

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
