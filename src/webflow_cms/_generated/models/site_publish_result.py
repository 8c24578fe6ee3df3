from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.site_publish_result_publish_scope import (
    SitePublishResultPublishScope,
    check_site_publish_result_publish_scope,
)
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
        publish_scope (SitePublishResultPublishScope | Unset):
    """

    custom_domains: list[CustomDomain] | Unset = UNSET
    publish_to_webflow_subdomain: bool | Unset = False
    publish_scope: SitePublishResultPublishScope | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        custom_domains: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.custom_domains, Unset):
            custom_domains = []
            for custom_domains_item_data in self.custom_domains:
                custom_domains_item = custom_domains_item_data.to_dict()
                custom_domains.append(custom_domains_item)

        publish_to_webflow_subdomain = self.publish_to_webflow_subdomain

        publish_scope: str | Unset = UNSET
        if not isinstance(self.publish_scope, Unset):
            publish_scope = self.publish_scope

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if custom_domains is not UNSET:
            field_dict["customDomains"] = custom_domains
        if publish_to_webflow_subdomain is not UNSET:
            field_dict["publishToWebflowSubdomain"] = publish_to_webflow_subdomain
        if publish_scope is not UNSET:
            field_dict["publishScope"] = publish_scope

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

        _publish_scope = d.pop("publishScope", UNSET)
        publish_scope: SitePublishResultPublishScope | Unset
        if isinstance(_publish_scope, Unset):
            publish_scope = UNSET
        else:
            publish_scope = check_site_publish_result_publish_scope(_publish_scope)

        site_publish_result = cls(
            custom_domains=custom_domains,
            publish_to_webflow_subdomain=publish_to_webflow_subdomain,
            publish_scope=publish_scope,
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
