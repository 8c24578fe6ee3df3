from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.reference_field_type import ReferenceFieldType, check_reference_field_type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.reference_field_metadata import ReferenceFieldMetadata


T = TypeVar("T", bound="NewReferenceField")


@_attrs_define
class NewReferenceField:
    """A reference field to create, naming the collection it points at.

    Attributes:
        type_ (ReferenceFieldType): Field kinds that point at items of another collection (one or many).
        display_name (str):
        metadata (ReferenceFieldMetadata): The collection a reference field points at.
        is_required (bool | Unset):
        help_text (str | Unset):
    """

    type_: ReferenceFieldType
    display_name: str
    metadata: ReferenceFieldMetadata
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
        from ..models.reference_field_metadata import ReferenceFieldMetadata  # noqa: PLC0415

        d = dict(src_dict)
        type_ = check_reference_field_type(d.pop("type"))

        display_name = d.pop("displayName")

        metadata = ReferenceFieldMetadata.from_dict(d.pop("metadata"))

        is_required = d.pop("isRequired", UNSET)

        help_text = d.pop("helpText", UNSET)

        new_reference_field = cls(
            type_=type_,
            display_name=display_name,
            metadata=metadata,
            is_required=is_required,
            help_text=help_text,
        )

        new_reference_field.additional_properties = d
        return new_reference_field

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
