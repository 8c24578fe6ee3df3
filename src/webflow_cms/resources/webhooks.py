"""``wf.webhooks``: register, list, read and remove a site's webhooks.

What a registered webhook then sends is read by ``webhooks.verify_and_parse``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from .._engine.inputs import check_id
from .._http import endpoints
from .._http.session import Session
from ..errors import ValidationError

__all__ = ["ITEM_TRIGGERS", "Webhook", "Webhooks"]

#: The CMS item events a webhook can be registered for (the spec's trigger types ``collection_item_*``).
ITEM_TRIGGERS = (
    "collection_item_created",
    "collection_item_changed",
    "collection_item_deleted",
    "collection_item_published",
    "collection_item_unpublished",
)


@attrs.frozen
class Webhook:
    """A registered webhook: Webflow calls ``url`` on each ``trigger_type`` event of ``site_id``."""

    id: str
    trigger_type: str
    url: str
    site_id: str = ""
    created_on: str | None = None
    last_triggered: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Webhook:
        return cls(
            id=str(data["id"]),
            trigger_type=str(data.get("triggerType", "")),
            url=str(data.get("url", "")),
            site_id=str(data.get("siteId", "")),
            created_on=data.get("createdOn"),
            last_triggered=data.get("lastTriggered"),
        )


class Webhooks:
    """``wf.webhooks``: the webhooks of a site, for the ``collection_item_*`` events."""

    def __init__(self, session: Session) -> None:
        self._session = session

    async def list(self, site_id: str) -> list[Webhook]:
        data = await self._session.send_json(endpoints.list_webhooks(check_id(site_id, "site id")))
        return [Webhook.from_dict(w) for w in (data or {}).get("webhooks", [])]

    async def create(self, site_id: str, *, trigger_type: str, url: str) -> Webhook:
        """Register ``url`` for one CMS item event (see ``ITEM_TRIGGERS``); Webflow needs an https URL."""
        if trigger_type not in ITEM_TRIGGERS:
            raise ValidationError(
                f"trigger_type must be one of {', '.join(ITEM_TRIGGERS)}; got {trigger_type!r}",
                status=None,
                code="invalid_input",
            )
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            raise ValidationError(f"url must be an http(s) URL, got {url!r}", status=None, code="invalid_input")
        body = {"triggerType": trigger_type, "url": url}
        return Webhook.from_dict(
            await self._session.send_json(endpoints.create_webhook(check_id(site_id, "site id"), body))
        )

    async def get(self, webhook_id: str) -> Webhook:
        return Webhook.from_dict(
            await self._session.send_json(endpoints.get_webhook(check_id(webhook_id, "webhook id")))
        )

    async def delete(self, webhook_id: str) -> None:
        await self._session.send(endpoints.delete_webhook(check_id(webhook_id, "webhook id")))
