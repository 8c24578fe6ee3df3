from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.field_data_update import FieldDataUpdate


T = TypeVar("T", bound="CollectionItemPatch")


@_attrs_define
class CollectionItemPatch:
    """A change to the item named in the path.

    Attributes:
        cms_locale_id (str | Unset):
        is_archived (bool | Unset):
        is_draft (bool | Unset):
        field_data (FieldDataUpdate | Unset): Field values to change, keyed by field slug; omitted fields keep their
            value.
    """

    cms_locale_id: str | Unset = UNSET
    is_archived: bool | Unset = UNSET
    is_draft: bool | Unset = UNSET
    field_data: FieldDataUpdate | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cms_locale_id = self.cms_locale_id

        is_archived = self.is_archived

        is_draft = self.is_draft

        field_data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.field_data, Unset):
            field_data = self.field_data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if cms_locale_id is not UNSET:
            field_dict["cmsLocaleId"] = cms_locale_id
        if is_archived is not UNSET:
            field_dict["isArchived"] = is_archived
        if is_draft is not UNSET:
            field_dict["isDraft"] = is_draft
        if field_data is not UNSET:
            field_dict["fieldData"] = field_data

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_data_update import FieldDataUpdate  # noqa: PLC0415

        d = dict(src_dict)
        cms_locale_id = d.pop("cmsLocaleId", UNSET)

        is_archived = d.pop("isArchived", UNSET)

        is_draft = d.pop("isDraft", UNSET)

        _field_data = d.pop("fieldData", UNSET)
        field_data: FieldDataUpdate | Unset
        if isinstance(_field_data, Unset):
            field_data = UNSET
        else:
            field_data = FieldDataUpdate.from_dict(_field_data)

        collection_item_patch = cls(
            cms_locale_id=cms_locale_id,
            is_archived=is_archived,
            is_draft=is_draft,
            field_data=field_data,
        )

        collection_item_patch.additional_properties = d
        return collection_item_patch

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
