from typing import Literal

WebhookTriggerType = Literal[
    "collection_item_changed",
    "collection_item_created",
    "collection_item_deleted",
    "collection_item_published",
    "collection_item_unpublished",
    "comment_created",
    "ecomm_inventory_changed",
    "ecomm_new_order",
    "ecomm_order_changed",
    "form_submission",
    "page_created",
    "page_deleted",
    "page_metadata_updated",
    "site_publish",
]

WEBHOOK_TRIGGER_TYPE_VALUES: set[WebhookTriggerType] = {
    "collection_item_changed",
    "collection_item_created",
    "collection_item_deleted",
    "collection_item_published",
    "collection_item_unpublished",
    "comment_created",
    "ecomm_inventory_changed",
    "ecomm_new_order",
    "ecomm_order_changed",
    "form_submission",
    "page_created",
    "page_deleted",
    "page_metadata_updated",
    "site_publish",
}


def check_webhook_trigger_type(value: str) -> WebhookTriggerType:
    if value in WEBHOOK_TRIGGER_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {WEBHOOK_TRIGGER_TYPE_VALUES!r}")
