from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ItemReference")


@_attrs_define
class ItemReference:
    """An item id, optionally with the locales it applies to.

    Attributes:
        id (str):
        cms_locale_ids (list[str] | Unset):
    """

    id: str
    cms_locale_ids: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        cms_locale_ids: list[str] | Unset = UNSET
        if not isinstance(self.cms_locale_ids, Unset):
            cms_locale_ids = self.cms_locale_ids

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if cms_locale_ids is not UNSET:
            field_dict["cmsLocaleIds"] = cms_locale_ids

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        cms_locale_ids = cast(list[str], d.pop("cmsLocaleIds", UNSET))

        item_reference = cls(
            id=id,
            cms_locale_ids=cms_locale_ids,
        )

        item_reference.additional_properties = d
        return item_reference

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
