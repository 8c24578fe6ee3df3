from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.option_field_type import OptionFieldType, check_option_field_type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.new_option_field_metadata import NewOptionFieldMetadata


T = TypeVar("T", bound="NewOptionField")


@_attrs_define
class NewOptionField:
    """An option field to create, with its choices.

    Attributes:
        type_ (OptionFieldType): The option field kind.
        display_name (str):
        metadata (NewOptionFieldMetadata): The choices of an option field to create (1 to 100).
        is_required (bool | Unset):
        help_text (str | Unset):
    """

    type_: OptionFieldType
    display_name: str
    metadata: NewOptionFieldMetadata
    is_required: bool | Unset = UNSET
    help_text: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        display_name = self.display_name

        metadata = self.metadata.to_dict()

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
        if is_required is not UNSET:
            field_dict["isRequired"] = is_required
        if help_text is not UNSET:
            field_dict["helpText"] = help_text

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.new_option_field_metadata import NewOptionFieldMetadata  # noqa: PLC0415

        d = dict(src_dict)
        type_ = check_option_field_type(d.pop("type"))

        display_name = d.pop("displayName")

        metadata = NewOptionFieldMetadata.from_dict(d.pop("metadata"))

        is_required = d.pop("isRequired", UNSET)

        help_text = d.pop("helpText", UNSET)

        new_option_field = cls(
            type_=type_,
            display_name=display_name,
            metadata=metadata,
            is_required=is_required,
            help_text=help_text,
        )

        new_option_field.additional_properties = d
        return new_option_field

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
