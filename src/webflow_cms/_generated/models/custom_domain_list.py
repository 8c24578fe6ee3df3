from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.custom_domain import CustomDomain


T = TypeVar("T", bound="CustomDomainList")


@_attrs_define
class CustomDomainList:
    """The custom domains of a site.

    Attributes:
        custom_domains (list[CustomDomain]):
    """

    custom_domains: list[CustomDomain]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        custom_domains = []
        for custom_domains_item_data in self.custom_domains:
            custom_domains_item = custom_domains_item_data.to_dict()
            custom_domains.append(custom_domains_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "customDomains": custom_domains,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.custom_domain import CustomDomain  # noqa: PLC0415

        d = dict(src_dict)
        custom_domains = []
        _custom_domains = d.pop("customDomains")
        for custom_domains_item_data in _custom_domains:
            custom_domains_item = CustomDomain.from_dict(custom_domains_item_data)

            custom_domains.append(custom_domains_item)

        custom_domain_list = cls(
            custom_domains=custom_domains,
        )

        custom_domain_list.additional_properties = d
        return custom_domain_list

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
