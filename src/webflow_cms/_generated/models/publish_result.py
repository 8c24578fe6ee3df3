from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PublishResult")


@_attrs_define
class PublishResult:
    """What a publish call did; items not published are listed in `errors`.

    Attributes:
        published_item_ids (list[str] | Unset):
        errors (list[str] | Unset):
    """

    published_item_ids: list[str] | Unset = UNSET
    errors: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        published_item_ids: list[str] | Unset = UNSET
        if not isinstance(self.published_item_ids, Unset):
            published_item_ids = self.published_item_ids

        errors: list[str] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = self.errors

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if published_item_ids is not UNSET:
            field_dict["publishedItemIds"] = published_item_ids
        if errors is not UNSET:
            field_dict["errors"] = errors

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        published_item_ids = cast(list[str], d.pop("publishedItemIds", UNSET))

        errors = cast(list[str], d.pop("errors", UNSET))

        publish_result = cls(
            published_item_ids=published_item_ids,
            errors=errors,
        )

        publish_result.additional_properties = d
        return publish_result

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
