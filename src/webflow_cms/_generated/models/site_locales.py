from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.site_locale import SiteLocale


T = TypeVar("T", bound="SiteLocales")


@_attrs_define
class SiteLocales:
    """The primary locale of a site and its secondary ones.

    Attributes:
        primary (SiteLocale | Unset): A locale of a site and where it is served.
        secondary (list[SiteLocale] | Unset):
    """

    primary: SiteLocale | Unset = UNSET
    secondary: list[SiteLocale] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        primary: dict[str, Any] | Unset = UNSET
        if not isinstance(self.primary, Unset):
            primary = self.primary.to_dict()

        secondary: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.secondary, Unset):
            secondary = []
            for secondary_item_data in self.secondary:
                secondary_item = secondary_item_data.to_dict()
                secondary.append(secondary_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if primary is not UNSET:
            field_dict["primary"] = primary
        if secondary is not UNSET:
            field_dict["secondary"] = secondary

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.site_locale import SiteLocale  # noqa: PLC0415

        d = dict(src_dict)
        _primary = d.pop("primary", UNSET)
        primary: SiteLocale | Unset
        if isinstance(_primary, Unset):
            primary = UNSET
        else:
            primary = SiteLocale.from_dict(_primary)

        _secondary = d.pop("secondary", UNSET)
        secondary: list[SiteLocale] | Unset = UNSET
        if _secondary is not UNSET:
            secondary = []
            for secondary_item_data in _secondary:
                secondary_item = SiteLocale.from_dict(secondary_item_data)

                secondary.append(secondary_item)

        site_locales = cls(
            primary=primary,
            secondary=secondary,
        )

        site_locales.additional_properties = d
        return site_locales

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
