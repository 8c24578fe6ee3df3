from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_trigger_type import WebhookTriggerType, check_webhook_trigger_type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.webhook_filter import WebhookFilter


T = TypeVar("T", bound="Webhook")


@_attrs_define
class Webhook:
    """A registered webhook.

    Attributes:
        id (str | Unset):
        trigger_type (WebhookTriggerType | Unset): The event a webhook is called for.
        url (str | Unset):
        workspace_id (str | Unset):
        site_id (str | Unset):
        filter_ (None | Unset | WebhookFilter):
        last_triggered (datetime.datetime | None | Unset):
        created_on (datetime.datetime | Unset):
    """

    id: str | Unset = UNSET
    trigger_type: WebhookTriggerType | Unset = UNSET
    url: str | Unset = UNSET
    workspace_id: str | Unset = UNSET
    site_id: str | Unset = UNSET
    filter_: None | Unset | WebhookFilter = UNSET
    last_triggered: datetime.datetime | None | Unset = UNSET
    created_on: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.webhook_filter import WebhookFilter  # noqa: PLC0415

        id = self.id

        trigger_type: str | Unset = UNSET
        if not isinstance(self.trigger_type, Unset):
            trigger_type = self.trigger_type

        url = self.url

        workspace_id = self.workspace_id

        site_id = self.site_id

        filter_: dict[str, Any] | None | Unset
        if isinstance(self.filter_, Unset):
            filter_ = UNSET
        elif isinstance(self.filter_, WebhookFilter):
            filter_ = self.filter_.to_dict()
        else:
            filter_ = self.filter_

        last_triggered: None | str | Unset
        if isinstance(self.last_triggered, Unset):
            last_triggered = UNSET
        elif isinstance(self.last_triggered, datetime.datetime):
            last_triggered = self.last_triggered.isoformat()
        else:
            last_triggered = self.last_triggered

        created_on: str | Unset = UNSET
        if not isinstance(self.created_on, Unset):
            created_on = self.created_on.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if trigger_type is not UNSET:
            field_dict["triggerType"] = trigger_type
        if url is not UNSET:
            field_dict["url"] = url
        if workspace_id is not UNSET:
            field_dict["workspaceId"] = workspace_id
        if site_id is not UNSET:
            field_dict["siteId"] = site_id
        if filter_ is not UNSET:
            field_dict["filter"] = filter_
        if last_triggered is not UNSET:
            field_dict["lastTriggered"] = last_triggered
        if created_on is not UNSET:
            field_dict["createdOn"] = created_on

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_filter import WebhookFilter  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id", UNSET)

        _trigger_type = d.pop("triggerType", UNSET)
        trigger_type: WebhookTriggerType | Unset
        if isinstance(_trigger_type, Unset):
            trigger_type = UNSET
        else:
            trigger_type = check_webhook_trigger_type(_trigger_type)

        url = d.pop("url", UNSET)

        workspace_id = d.pop("workspaceId", UNSET)

        site_id = d.pop("siteId", UNSET)

        def _parse_filter_(data: object) -> None | Unset | WebhookFilter:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                filter_type_0 = WebhookFilter.from_dict(data)

                return filter_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | WebhookFilter, data)

        filter_ = _parse_filter_(d.pop("filter", UNSET))

        def _parse_last_triggered(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_triggered_type_0 = datetime.datetime.fromisoformat(data)

                return last_triggered_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_triggered = _parse_last_triggered(d.pop("lastTriggered", UNSET))

        _created_on = d.pop("createdOn", UNSET)
        created_on: datetime.datetime | Unset
        if isinstance(_created_on, Unset):
            created_on = UNSET
        else:
            created_on = datetime.datetime.fromisoformat(_created_on)

        webhook = cls(
            id=id,
            trigger_type=trigger_type,
            url=url,
            workspace_id=workspace_id,
            site_id=site_id,
            filter_=filter_,
            last_triggered=last_triggered,
            created_on=created_on,
        )

        webhook.additional_properties = d
        return webhook

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
