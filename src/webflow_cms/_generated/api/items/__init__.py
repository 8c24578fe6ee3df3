"""Request builders of this tag's operations (the project's own template, generator/templates/).

Each ``<operation>_request`` takes the operation's path, query and body
parameters and returns the keyword arguments of ``httpx.AsyncClient.request``
(method, url, params, json, headers). The hand-written layer sends them
through its own throttled client, so it builds requests here and nowhere else.
"""

from .create_item import _get_kwargs as create_item_request
from .create_item_live import _get_kwargs as create_item_live_request
from .create_items import _get_kwargs as create_items_request
from .delete_item import _get_kwargs as delete_item_request
from .delete_item_live import _get_kwargs as delete_item_live_request
from .delete_items import _get_kwargs as delete_items_request
from .delete_items_live import _get_kwargs as delete_items_live_request
from .get_item import _get_kwargs as get_item_request
from .get_item_live import _get_kwargs as get_item_live_request
from .insert_items import _get_kwargs as insert_items_request
from .list_collection_items import _get_kwargs as list_collection_items_request
from .list_collection_items_live import (
    _get_kwargs as list_collection_items_live_request,
)
from .publish_item import _get_kwargs as publish_item_request
from .update_item import _get_kwargs as update_item_request
from .update_item_live import _get_kwargs as update_item_live_request
from .update_items import _get_kwargs as update_items_request
from .update_items_live import _get_kwargs as update_items_live_request

__all__ = [
    "create_item_request",
    "create_item_live_request",
    "create_items_request",
    "delete_item_request",
    "delete_item_live_request",
    "delete_items_request",
    "delete_items_live_request",
    "get_item_request",
    "get_item_live_request",
    "insert_items_request",
    "list_collection_items_request",
    "list_collection_items_live_request",
    "publish_item_request",
    "update_item_request",
    "update_item_live_request",
    "update_items_request",
    "update_items_live_request",
]
