"""Request builders of this tag's operations (the project's own template, generator/templates/).

Each ``<operation>_request`` takes the operation's path, query and body
parameters and returns the keyword arguments of ``httpx.AsyncClient.request``
(method, url, params, json, headers). The hand-written layer sends them
through its own throttled client, so it builds requests here and nowhere else.
"""

from .create_webhook import _get_kwargs as create_webhook_request
from .get_webhook import _get_kwargs as get_webhook_request
from .list_webhooks import _get_kwargs as list_webhooks_request
from .remove_webhook import _get_kwargs as remove_webhook_request

__all__ = [
    "create_webhook_request",
    "get_webhook_request",
    "list_webhooks_request",
    "remove_webhook_request",
]
