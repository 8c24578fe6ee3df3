from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.custom_domain import CustomDomain


T = TypeVar("T", bound="SitePublishResult")


@_attrs_define
class SitePublishResult:
    """The targets a publish was queued for.

    Attributes:
        custom_domains (list[CustomDomain] | Unset):
        publish_to_webflow_subdomain (bool | Unset):  Default: False.
    """

    custom_domains: list[CustomDomain] | Unset = UNSET
    publish_to_webflow_subdomain: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        custom_domains: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.custom_domains, Unset):
            custom_domains = []
            for custom_domains_item_data in self.custom_domains:
                custom_domains_item = custom_domains_item_data.to_dict()
                custom_domains.append(custom_domains_item)

        publish_to_webflow_subdomain = self.publish_to_webflow_subdomain

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if custom_domains is not UNSET:
            field_dict["customDomains"] = custom_domains
        if publish_to_webflow_subdomain is not UNSET:
            field_dict["publishToWebflowSubdomain"] = publish_to_webflow_subdomain

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.custom_domain import CustomDomain  # noqa: PLC0415

        d = dict(src_dict)
        _custom_domains = d.pop("customDomains", UNSET)
        custom_domains: list[CustomDomain] | Unset = UNSET
        if _custom_domains is not UNSET:
            custom_domains = []
            for custom_domains_item_data in _custom_domains:
                custom_domains_item = CustomDomain.from_dict(custom_domains_item_data)

                custom_domains.append(custom_domains_item)

        publish_to_webflow_subdomain = d.pop("publishToWebflowSubdomain", UNSET)

        site_publish_result = cls(
            custom_domains=custom_domains,
            publish_to_webflow_subdomain=publish_to_webflow_subdomain,
        )

        site_publish_result.additional_properties = d
        return site_publish_result

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
