from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.error_code import ErrorCode, check_error_code
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_details_item_type_1 import ErrorDetailsItemType1


T = TypeVar("T", bound="Error")


@_attrs_define
class Error:
    """The body of every error response.

    Attributes:
        code (ErrorCode | Unset): Machine-readable error kind.
        message (str | Unset):
        external_reference (str | Unset):
        details (list[ErrorDetailsItemType1 | str] | Unset):
    """

    code: ErrorCode | Unset = UNSET
    message: str | Unset = UNSET
    external_reference: str | Unset = UNSET
    details: list[ErrorDetailsItemType1 | str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.error_details_item_type_1 import ErrorDetailsItemType1  # noqa: PLC0415

        code: str | Unset = UNSET
        if not isinstance(self.code, Unset):
            code = self.code

        message = self.message

        external_reference = self.external_reference

        details: list[dict[str, Any] | str] | Unset = UNSET
        if not isinstance(self.details, Unset):
            details = []
            for details_item_data in self.details:
                details_item: dict[str, Any] | str
                if isinstance(details_item_data, ErrorDetailsItemType1):
                    details_item = details_item_data.to_dict()
                else:
                    details_item = details_item_data
                details.append(details_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if code is not UNSET:
            field_dict["code"] = code
        if message is not UNSET:
            field_dict["message"] = message
        if external_reference is not UNSET:
            field_dict["externalReference"] = external_reference
        if details is not UNSET:
            field_dict["details"] = details

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_details_item_type_1 import ErrorDetailsItemType1  # noqa: PLC0415

        d = dict(src_dict)
        _code = d.pop("code", UNSET)
        code: ErrorCode | Unset
        if isinstance(_code, Unset):
            code = UNSET
        else:
            code = check_error_code(_code)

        message = d.pop("message", UNSET)

        external_reference = d.pop("externalReference", UNSET)

        _details = d.pop("details", UNSET)
        details: list[ErrorDetailsItemType1 | str] | Unset = UNSET
        if _details is not UNSET:
            details = []
            for details_item_data in _details:

                def _parse_details_item(data: object) -> ErrorDetailsItemType1 | str:
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        details_item_type_1 = ErrorDetailsItemType1.from_dict(data)

                        return details_item_type_1
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    return cast(ErrorDetailsItemType1 | str, data)

                details_item = _parse_details_item(details_item_data)

                details.append(details_item)

        error = cls(
            code=code,
            message=message,
            external_reference=external_reference,
            details=details,
        )

        error.additional_properties = d
        return error

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
