from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SiteLocale")


@_attrs_define
class SiteLocale:
    """A locale of a site and where it is served.

    Attributes:
        id (str | Unset):
        cms_locale_id (str | Unset):
        enabled (bool | Unset):
        display_name (str | Unset):
        display_image_id (None | str | Unset):
        redirect (bool | Unset):
        subdirectory (str | Unset):
        tag (str | Unset):
    """

    id: str | Unset = UNSET
    cms_locale_id: str | Unset = UNSET
    enabled: bool | Unset = UNSET
    display_name: str | Unset = UNSET
    display_image_id: None | str | Unset = UNSET
    redirect: bool | Unset = UNSET
    subdirectory: str | Unset = UNSET
    tag: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        cms_locale_id = self.cms_locale_id

        enabled = self.enabled

        display_name = self.display_name

        display_image_id: None | str | Unset
        if isinstance(self.display_image_id, Unset):
            display_image_id = UNSET
        else:
            display_image_id = self.display_image_id

        redirect = self.redirect

        subdirectory = self.subdirectory

        tag = self.tag

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if cms_locale_id is not UNSET:
            field_dict["cmsLocaleId"] = cms_locale_id
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if display_name is not UNSET:
            field_dict["displayName"] = display_name
        if display_image_id is not UNSET:
            field_dict["displayImageId"] = display_image_id
        if redirect is not UNSET:
            field_dict["redirect"] = redirect
        if subdirectory is not UNSET:
            field_dict["subdirectory"] = subdirectory
        if tag is not UNSET:
            field_dict["tag"] = tag

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        cms_locale_id = d.pop("cmsLocaleId", UNSET)

        enabled = d.pop("enabled", UNSET)

        display_name = d.pop("displayName", UNSET)

        def _parse_display_image_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        display_image_id = _parse_display_image_id(d.pop("displayImageId", UNSET))

        redirect = d.pop("redirect", UNSET)

        subdirectory = d.pop("subdirectory", UNSET)

        tag = d.pop("tag", UNSET)

        site_locale = cls(
            id=id,
            cms_locale_id=cms_locale_id,
            enabled=enabled,
            display_name=display_name,
            display_image_id=display_image_id,
            redirect=redirect,
            subdirectory=subdirectory,
            tag=tag,
        )

        site_locale.additional_properties = d
        return site_locale

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
