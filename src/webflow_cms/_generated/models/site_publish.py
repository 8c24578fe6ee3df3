from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SitePublish")


@_attrs_define
class SitePublish:
    """Where to publish; name at least one target.

    Attributes:
        custom_domains (list[str] | Unset):
        publish_to_webflow_subdomain (bool | Unset):
        page_id (str | Unset):
    """

    custom_domains: list[str] | Unset = UNSET
    publish_to_webflow_subdomain: bool | Unset = UNSET
    page_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        custom_domains: list[str] | Unset = UNSET
        if not isinstance(self.custom_domains, Unset):
            custom_domains = self.custom_domains

        publish_to_webflow_subdomain = self.publish_to_webflow_subdomain

        page_id = self.page_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if custom_domains is not UNSET:
            field_dict["customDomains"] = custom_domains
        if publish_to_webflow_subdomain is not UNSET:
            field_dict["publishToWebflowSubdomain"] = publish_to_webflow_subdomain
        if page_id is not UNSET:
            field_dict["pageId"] = page_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        custom_domains = cast(list[str], d.pop("customDomains", UNSET))

        publish_to_webflow_subdomain = d.pop("publishToWebflowSubdomain", UNSET)

        page_id = d.pop("pageId", UNSET)

        site_publish = cls(
            custom_domains=custom_domains,
            publish_to_webflow_subdomain=publish_to_webflow_subdomain,
            page_id=page_id,
        )

        site_publish.additional_properties = d
        return site_publish

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
