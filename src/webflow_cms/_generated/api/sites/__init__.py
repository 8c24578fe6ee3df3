"""Request builders of this tag's operations (the project's own template, generator/templates/).

Each ``<operation>_request`` takes the operation's path, query and body
parameters and returns the keyword arguments of ``httpx.AsyncClient.request``
(method, url, params, json, headers). The hand-written layer sends them
through its own throttled client, so it builds requests here and nowhere else.
"""

from .get_custom_domains import _get_kwargs as get_custom_domains_request
from .get_site import _get_kwargs as get_site_request
from .list_sites import _get_kwargs as list_sites_request
from .site_publish import _get_kwargs as site_publish_request

__all__ = [
    "get_custom_domains_request",
    "get_site_request",
    "list_sites_request",
    "site_publish_request",
]
