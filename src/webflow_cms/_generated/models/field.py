from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.field_validations import FieldValidations


T = TypeVar("T", bound="Field")


@_attrs_define
class Field:
    """A field of a collection as the API returns it.

    Attributes:
        id (str):
        is_required (bool):
        type_ (str):
        display_name (str):
        is_editable (bool | Unset):
        slug (str | Unset):
        help_text (None | str | Unset):
        validations (FieldValidations | None | Unset):
    """

    id: str
    is_required: bool
    type_: str
    display_name: str
    is_editable: bool | Unset = UNSET
    slug: str | Unset = UNSET
    help_text: None | str | Unset = UNSET
    validations: FieldValidations | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.field_validations import FieldValidations  # noqa: PLC0415

        id = self.id

        is_required = self.is_required

        type_ = self.type_

        display_name = self.display_name

        is_editable = self.is_editable

        slug = self.slug

        help_text: None | str | Unset
        if isinstance(self.help_text, Unset):
            help_text = UNSET
        else:
            help_text = self.help_text

        validations: dict[str, Any] | None | Unset
        if isinstance(self.validations, Unset):
            validations = UNSET
        elif isinstance(self.validations, FieldValidations):
            validations = self.validations.to_dict()
        else:
            validations = self.validations

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "isRequired": is_required,
                "type": type_,
                "displayName": display_name,
            }
        )
        if is_editable is not UNSET:
            field_dict["isEditable"] = is_editable
        if slug is not UNSET:
            field_dict["slug"] = slug
        if help_text is not UNSET:
            field_dict["helpText"] = help_text
        if validations is not UNSET:
            field_dict["validations"] = validations

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_validations import FieldValidations  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        is_required = d.pop("isRequired")

        type_ = d.pop("type")

        display_name = d.pop("displayName")

        is_editable = d.pop("isEditable", UNSET)

        slug = d.pop("slug", UNSET)

        def _parse_help_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        help_text = _parse_help_text(d.pop("helpText", UNSET))

        def _parse_validations(data: object) -> FieldValidations | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                validations_type_0 = FieldValidations.from_dict(data)

                return validations_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FieldValidations | None | Unset, data)

        validations = _parse_validations(d.pop("validations", UNSET))

        field = cls(
            id=id,
            is_required=is_required,
            type_=type_,
            display_name=display_name,
            is_editable=is_editable,
            slug=slug,
            help_text=help_text,
            validations=validations,
        )

        field.additional_properties = d
        return field

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
