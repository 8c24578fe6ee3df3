from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.static_field_type import StaticFieldType, check_static_field_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="StaticField")


@_attrs_define
class StaticField:
    """A created field of a kind that needs no metadata.

    Attributes:
        type_ (StaticFieldType): Field kinds that need no metadata.
        display_name (str):
        id (str | Unset):
        is_editable (bool | Unset):
        is_required (bool | Unset):
        help_text (str | Unset):
    """

    type_: StaticFieldType
    display_name: str
    id: str | Unset = UNSET
    is_editable: bool | Unset = UNSET
    is_required: bool | Unset = UNSET
    help_text: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        display_name = self.display_name

        id = self.id

        is_editable = self.is_editable

        is_required = self.is_required

        help_text = self.help_text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "displayName": display_name,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if is_editable is not UNSET:
            field_dict["isEditable"] = is_editable
        if is_required is not UNSET:
            field_dict["isRequired"] = is_required
        if help_text is not UNSET:
            field_dict["helpText"] = help_text

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = check_static_field_type(d.pop("type"))

        display_name = d.pop("displayName")

        id = d.pop("id", UNSET)

        is_editable = d.pop("isEditable", UNSET)

        is_required = d.pop("isRequired", UNSET)

        help_text = d.pop("helpText", UNSET)

        static_field = cls(
            type_=type_,
            display_name=display_name,
            id=id,
            is_editable=is_editable,
            is_required=is_required,
            help_text=help_text,
        )

        static_field.additional_properties = d
        return static_field

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
