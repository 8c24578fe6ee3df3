from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.option_field_type import OptionFieldType, check_option_field_type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.option_field_metadata import OptionFieldMetadata


T = TypeVar("T", bound="OptionField")


@_attrs_define
class OptionField:
    """A created option field with its choices.

    Attributes:
        type_ (OptionFieldType): The option field kind.
        display_name (str):
        metadata (OptionFieldMetadata): The choices of an option field.
        id (str | Unset):
        is_editable (bool | Unset):
        is_required (bool | Unset):
        help_text (str | Unset):
    """

    type_: OptionFieldType
    display_name: str
    metadata: OptionFieldMetadata
    id: str | Unset = UNSET
    is_editable: bool | Unset = UNSET
    is_required: bool | Unset = UNSET
    help_text: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        display_name = self.display_name

        metadata = self.metadata.to_dict()

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
                "metadata": metadata,
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
        from ..models.option_field_metadata import OptionFieldMetadata  # noqa: PLC0415

        d = dict(src_dict)
        type_ = check_option_field_type(d.pop("type"))

        display_name = d.pop("displayName")

        metadata = OptionFieldMetadata.from_dict(d.pop("metadata"))

        id = d.pop("id", UNSET)

        is_editable = d.pop("isEditable", UNSET)

        is_required = d.pop("isRequired", UNSET)

        help_text = d.pop("helpText", UNSET)

        option_field = cls(
            type_=type_,
            display_name=display_name,
            metadata=metadata,
            id=id,
            is_editable=is_editable,
            is_required=is_required,
            help_text=help_text,
        )

        option_field.additional_properties = d
        return option_field

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
