from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CustomDomain")


@_attrs_define
class CustomDomain:
    """A custom domain attached to a site.

    Attributes:
        id (str):
        url (str | Unset):
        last_published (datetime.datetime | None | Unset):
    """

    id: str
    url: str | Unset = UNSET
    last_published: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        url = self.url

        last_published: None | str | Unset
        if isinstance(self.last_published, Unset):
            last_published = UNSET
        elif isinstance(self.last_published, datetime.datetime):
            last_published = self.last_published.isoformat()
        else:
            last_published = self.last_published

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if url is not UNSET:
            field_dict["url"] = url
        if last_published is not UNSET:
            field_dict["lastPublished"] = last_published

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        url = d.pop("url", UNSET)

        def _parse_last_published(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_published_type_0 = datetime.datetime.fromisoformat(data)

                return last_published_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_published = _parse_last_published(d.pop("lastPublished", UNSET))

        custom_domain = cls(
            id=id,
            url=url,
            last_published=last_published,
        )

        custom_domain.additional_properties = d
        return custom_domain

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
