from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="FieldUpdate")


@_attrs_define
class FieldUpdate:
    """The parts of a field that can change; omitted parts keep their value.

    Attributes:
        is_required (bool | Unset):
        display_name (str | Unset):
        help_text (str | Unset):
    """

    is_required: bool | Unset = UNSET
    display_name: str | Unset = UNSET
    help_text: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        is_required = self.is_required

        display_name = self.display_name

        help_text = self.help_text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if is_required is not UNSET:
            field_dict["isRequired"] = is_required
        if display_name is not UNSET:
            field_dict["displayName"] = display_name
        if help_text is not UNSET:
            field_dict["helpText"] = help_text

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        is_required = d.pop("isRequired", UNSET)

        display_name = d.pop("displayName", UNSET)

        help_text = d.pop("helpText", UNSET)

        field_update = cls(
            is_required=is_required,
            display_name=display_name,
            help_text=help_text,
        )

        field_update.additional_properties = d
        return field_update

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
