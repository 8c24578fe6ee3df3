"""Request builders of this tag's operations (the project's own template, generator/templates/).

Each ``<operation>_request`` takes the operation's path, query and body
parameters and returns the keyword arguments of ``httpx.AsyncClient.request``
(method, url, params, json, headers). The hand-written layer sends them
through its own throttled client, so it builds requests here and nowhere else.
"""

from .collection_details import _get_kwargs as collection_details_request
from .create_collection import _get_kwargs as create_collection_request
from .create_field import _get_kwargs as create_field_request
from .delete_collection import _get_kwargs as delete_collection_request
from .delete_field import _get_kwargs as delete_field_request
from .list_collections import _get_kwargs as list_collections_request
from .update_field import _get_kwargs as update_field_request

__all__ = [
    "collection_details_request",
    "create_collection_request",
    "create_field_request",
    "delete_collection_request",
    "delete_field_request",
    "list_collections_request",
    "update_field_request",
]
