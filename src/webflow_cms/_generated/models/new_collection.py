from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.new_option_field import NewOptionField
    from ..models.new_reference_field import NewReferenceField
    from ..models.new_static_field import NewStaticField


T = TypeVar("T", bound="NewCollection")


@_attrs_define
class NewCollection:
    """A collection to create; `fields` are added in the order given.

    Attributes:
        display_name (str):
        singular_name (str):
        slug (str | Unset):
        fields (list[NewOptionField | NewReferenceField | NewStaticField] | Unset):
    """

    display_name: str
    singular_name: str
    slug: str | Unset = UNSET
    fields: list[NewOptionField | NewReferenceField | NewStaticField] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.new_option_field import NewOptionField  # noqa: PLC0415
        from ..models.new_static_field import NewStaticField  # noqa: PLC0415

        display_name = self.display_name

        singular_name = self.singular_name

        slug = self.slug

        fields: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.fields, Unset):
            fields = []
            for fields_item_data in self.fields:
                fields_item: dict[str, Any]
                if isinstance(fields_item_data, NewStaticField):
                    fields_item = fields_item_data.to_dict()
                elif isinstance(fields_item_data, NewOptionField):
                    fields_item = fields_item_data.to_dict()
                else:
                    fields_item = fields_item_data.to_dict()

                fields.append(fields_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "displayName": display_name,
                "singularName": singular_name,
            }
        )
        if slug is not UNSET:
            field_dict["slug"] = slug
        if fields is not UNSET:
            field_dict["fields"] = fields

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.new_option_field import NewOptionField  # noqa: PLC0415
        from ..models.new_reference_field import NewReferenceField  # noqa: PLC0415
        from ..models.new_static_field import NewStaticField  # noqa: PLC0415

        d = dict(src_dict)
        display_name = d.pop("displayName")

        singular_name = d.pop("singularName")

        slug = d.pop("slug", UNSET)

        _fields = d.pop("fields", UNSET)
        fields: list[NewOptionField | NewReferenceField | NewStaticField] | Unset = UNSET
        if _fields is not UNSET:
            fields = []
            for fields_item_data in _fields:

                def _parse_fields_item(data: object) -> NewOptionField | NewReferenceField | NewStaticField:
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        fields_item_type_0 = NewStaticField.from_dict(data)

                        return fields_item_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        fields_item_type_1 = NewOptionField.from_dict(data)

                        return fields_item_type_1
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    if not isinstance(data, dict):
                        raise TypeError()
                    fields_item_type_2 = NewReferenceField.from_dict(data)

                    return fields_item_type_2

                fields_item = _parse_fields_item(fields_item_data)

                fields.append(fields_item)

        new_collection = cls(
            display_name=display_name,
            singular_name=singular_name,
            slug=slug,
            fields=fields,
        )

        new_collection.additional_properties = d
        return new_collection

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
