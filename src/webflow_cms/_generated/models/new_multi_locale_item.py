from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.field_data import FieldData


T = TypeVar("T", bound="NewMultiLocaleItem")


@_attrs_define
class NewMultiLocaleItem:
    """One item to create in each of the given locales.

    Attributes:
        field_data (FieldData | list[FieldData]):
        cms_locale_ids (list[str] | Unset):
        is_archived (bool | Unset):
        is_draft (bool | Unset):
    """

    field_data: FieldData | list[FieldData]
    cms_locale_ids: list[str] | Unset = UNSET
    is_archived: bool | Unset = UNSET
    is_draft: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.field_data import FieldData  # noqa: PLC0415

        field_data: dict[str, Any] | list[dict[str, Any]]
        if isinstance(self.field_data, FieldData):
            field_data = self.field_data.to_dict()
        else:
            field_data = []
            for field_data_type_1_item_data in self.field_data:
                field_data_type_1_item = field_data_type_1_item_data.to_dict()
                field_data.append(field_data_type_1_item)

        cms_locale_ids: list[str] | Unset = UNSET
        if not isinstance(self.cms_locale_ids, Unset):
            cms_locale_ids = self.cms_locale_ids

        is_archived = self.is_archived

        is_draft = self.is_draft

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "fieldData": field_data,
            }
        )
        if cms_locale_ids is not UNSET:
            field_dict["cmsLocaleIds"] = cms_locale_ids
        if is_archived is not UNSET:
            field_dict["isArchived"] = is_archived
        if is_draft is not UNSET:
            field_dict["isDraft"] = is_draft

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_data import FieldData  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_field_data(data: object) -> FieldData | list[FieldData]:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                field_data_type_0 = FieldData.from_dict(data)

                return field_data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, list):
                raise TypeError()
            field_data_type_1 = []
            _field_data_type_1 = data
            for field_data_type_1_item_data in _field_data_type_1:
                field_data_type_1_item = FieldData.from_dict(field_data_type_1_item_data)

                field_data_type_1.append(field_data_type_1_item)

            return field_data_type_1

        field_data = _parse_field_data(d.pop("fieldData"))

        cms_locale_ids = cast(list[str], d.pop("cmsLocaleIds", UNSET))

        is_archived = d.pop("isArchived", UNSET)

        is_draft = d.pop("isDraft", UNSET)

        new_multi_locale_item = cls(
            field_data=field_data,
            cms_locale_ids=cms_locale_ids,
            is_archived=is_archived,
            is_draft=is_draft,
        )

        new_multi_locale_item.additional_properties = d
        return new_multi_locale_item

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
