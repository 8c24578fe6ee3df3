from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.site_data_collection_type import (
    SiteDataCollectionType,
    check_site_data_collection_type,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.custom_domain import CustomDomain
    from ..models.site_locales import SiteLocales


T = TypeVar("T", bound="Site")


@_attrs_define
class Site:
    """A Webflow site.

    Attributes:
        id (str):
        workspace_id (str | Unset):
        created_on (datetime.datetime | Unset):
        display_name (str | Unset):
        short_name (str | Unset):
        last_published (datetime.datetime | None | Unset):
        last_updated (datetime.datetime | Unset):
        preview_url (str | Unset):
        time_zone (str | Unset):
        parent_folder_id (None | str | Unset):
        custom_domains (list[CustomDomain] | Unset):
        locales (SiteLocales | Unset): The primary locale of a site and its secondary ones.
        data_collection_enabled (bool | Unset):
        data_collection_type (SiteDataCollectionType | Unset):
    """

    id: str
    workspace_id: str | Unset = UNSET
    created_on: datetime.datetime | Unset = UNSET
    display_name: str | Unset = UNSET
    short_name: str | Unset = UNSET
    last_published: datetime.datetime | None | Unset = UNSET
    last_updated: datetime.datetime | Unset = UNSET
    preview_url: str | Unset = UNSET
    time_zone: str | Unset = UNSET
    parent_folder_id: None | str | Unset = UNSET
    custom_domains: list[CustomDomain] | Unset = UNSET
    locales: SiteLocales | Unset = UNSET
    data_collection_enabled: bool | Unset = UNSET
    data_collection_type: SiteDataCollectionType | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        workspace_id = self.workspace_id

        created_on: str | Unset = UNSET
        if not isinstance(self.created_on, Unset):
            created_on = self.created_on.isoformat()

        display_name = self.display_name

        short_name = self.short_name

        last_published: None | str | Unset
        if isinstance(self.last_published, Unset):
            last_published = UNSET
        elif isinstance(self.last_published, datetime.datetime):
            last_published = self.last_published.isoformat()
        else:
            last_published = self.last_published

        last_updated: str | Unset = UNSET
        if not isinstance(self.last_updated, Unset):
            last_updated = self.last_updated.isoformat()

        preview_url = self.preview_url

        time_zone = self.time_zone

        parent_folder_id: None | str | Unset
        if isinstance(self.parent_folder_id, Unset):
            parent_folder_id = UNSET
        else:
            parent_folder_id = self.parent_folder_id

        custom_domains: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.custom_domains, Unset):
            custom_domains = []
            for custom_domains_item_data in self.custom_domains:
                custom_domains_item = custom_domains_item_data.to_dict()
                custom_domains.append(custom_domains_item)

        locales: dict[str, Any] | Unset = UNSET
        if not isinstance(self.locales, Unset):
            locales = self.locales.to_dict()

        data_collection_enabled = self.data_collection_enabled

        data_collection_type: str | Unset = UNSET
        if not isinstance(self.data_collection_type, Unset):
            data_collection_type = self.data_collection_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if workspace_id is not UNSET:
            field_dict["workspaceId"] = workspace_id
        if created_on is not UNSET:
            field_dict["createdOn"] = created_on
        if display_name is not UNSET:
            field_dict["displayName"] = display_name
        if short_name is not UNSET:
            field_dict["shortName"] = short_name
        if last_published is not UNSET:
            field_dict["lastPublished"] = last_published
        if last_updated is not UNSET:
            field_dict["lastUpdated"] = last_updated
        if preview_url is not UNSET:
            field_dict["previewUrl"] = preview_url
        if time_zone is not UNSET:
            field_dict["timeZone"] = time_zone
        if parent_folder_id is not UNSET:
            field_dict["parentFolderId"] = parent_folder_id
        if custom_domains is not UNSET:
            field_dict["customDomains"] = custom_domains
        if locales is not UNSET:
            field_dict["locales"] = locales
        if data_collection_enabled is not UNSET:
            field_dict["dataCollectionEnabled"] = data_collection_enabled
        if data_collection_type is not UNSET:
            field_dict["dataCollectionType"] = data_collection_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.custom_domain import CustomDomain  # noqa: PLC0415
        from ..models.site_locales import SiteLocales  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        workspace_id = d.pop("workspaceId", UNSET)

        _created_on = d.pop("createdOn", UNSET)
        created_on: datetime.datetime | Unset
        if isinstance(_created_on, Unset):
            created_on = UNSET
        else:
            created_on = datetime.datetime.fromisoformat(_created_on)

        display_name = d.pop("displayName", UNSET)

        short_name = d.pop("shortName", UNSET)

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

        _last_updated = d.pop("lastUpdated", UNSET)
        last_updated: datetime.datetime | Unset
        if isinstance(_last_updated, Unset):
            last_updated = UNSET
        else:
            last_updated = datetime.datetime.fromisoformat(_last_updated)

        preview_url = d.pop("previewUrl", UNSET)

        time_zone = d.pop("timeZone", UNSET)

        def _parse_parent_folder_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        parent_folder_id = _parse_parent_folder_id(d.pop("parentFolderId", UNSET))

        _custom_domains = d.pop("customDomains", UNSET)
        custom_domains: list[CustomDomain] | Unset = UNSET
        if _custom_domains is not UNSET:
            custom_domains = []
            for custom_domains_item_data in _custom_domains:
                custom_domains_item = CustomDomain.from_dict(custom_domains_item_data)

                custom_domains.append(custom_domains_item)

        _locales = d.pop("locales", UNSET)
        locales: SiteLocales | Unset
        if isinstance(_locales, Unset):
            locales = UNSET
        else:
            locales = SiteLocales.from_dict(_locales)

        data_collection_enabled = d.pop("dataCollectionEnabled", UNSET)

        _data_collection_type = d.pop("dataCollectionType", UNSET)
        data_collection_type: SiteDataCollectionType | Unset
        if isinstance(_data_collection_type, Unset):
            data_collection_type = UNSET
        else:
            data_collection_type = check_site_data_collection_type(_data_collection_type)

        site = cls(
            id=id,
            workspace_id=workspace_id,
            created_on=created_on,
            display_name=display_name,
            short_name=short_name,
            last_published=last_published,
            last_updated=last_updated,
            preview_url=preview_url,
            time_zone=time_zone,
            parent_folder_id=parent_folder_id,
            custom_domains=custom_domains,
            locales=locales,
            data_collection_enabled=data_collection_enabled,
            data_collection_type=data_collection_type,
        )

        site.additional_properties = d
        return site

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
