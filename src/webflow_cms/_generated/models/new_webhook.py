from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_trigger_type import WebhookTriggerType, check_webhook_trigger_type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.webhook_filter import WebhookFilter


T = TypeVar("T", bound="NewWebhook")


@_attrs_define
class NewWebhook:
    """A webhook to register.

    Attributes:
        trigger_type (WebhookTriggerType | Unset): The event a webhook is called for.
        url (str | Unset):
        filter_ (WebhookFilter | Unset): Narrows the events a webhook is called for (form submissions, by form name).
    """

    trigger_type: WebhookTriggerType | Unset = UNSET
    url: str | Unset = UNSET
    filter_: WebhookFilter | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        trigger_type: str | Unset = UNSET
        if not isinstance(self.trigger_type, Unset):
            trigger_type = self.trigger_type

        url = self.url

        filter_: dict[str, Any] | Unset = UNSET
        if not isinstance(self.filter_, Unset):
            filter_ = self.filter_.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if trigger_type is not UNSET:
            field_dict["triggerType"] = trigger_type
        if url is not UNSET:
            field_dict["url"] = url
        if filter_ is not UNSET:
            field_dict["filter"] = filter_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_filter import WebhookFilter  # noqa: PLC0415

        d = dict(src_dict)
        _trigger_type = d.pop("triggerType", UNSET)
        trigger_type: WebhookTriggerType | Unset
        if isinstance(_trigger_type, Unset):
            trigger_type = UNSET
        else:
            trigger_type = check_webhook_trigger_type(_trigger_type)

        url = d.pop("url", UNSET)

        _filter_ = d.pop("filter", UNSET)
        filter_: WebhookFilter | Unset
        if isinstance(_filter_, Unset):
            filter_ = UNSET
        else:
            filter_ = WebhookFilter.from_dict(_filter_)

        new_webhook = cls(
            trigger_type=trigger_type,
            url=url,
            filter_=filter_,
        )

        new_webhook.additional_properties = d
        return new_webhook

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
