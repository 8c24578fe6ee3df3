"""``webflow-cms mcp``: a Model Context Protocol server that gives an AI agent the CMS with this SDK's safety.

Agents drive the CMS through tools (issue 24): discovery (``list_sites``,
``list_collections``, ``get_collection``), reads (``list_items``, ``get_item``) and writes
(``create_items``, ``update_items``, ``upsert_items``, ``publish_items``,
``unpublish_items``, ``delete_items``, ``publish_site``). Each write takes any number of
items, checks them against the collection's schema before sending, never duplicates an
item on a retry, keeps under the rate limit and answers one result per input; a dry run
writes nothing, and a delete or unpublish needs ``confirm``. Each collection's schema is
also a resource, ``webflow://collections/{id}/schema``.

Built on the official MCP Python SDK (the ``mcp`` extra: ``pip install 'webflow-cms[mcp]'``)
and on the public SDK only. ``build_server(wf)`` makes the server for a client;
``serve_stdio`` and ``serve_http`` run it. The user guide is docs/guides/agents.md.
"""

from __future__ import annotations

from ._answers import STATUSES
from ._patience import Patience
from ._run import serve_http, serve_stdio
from ._tools import READ_TOOLS, WRITE_TOOLS, build_server

__all__ = ["READ_TOOLS", "STATUSES", "WRITE_TOOLS", "Patience", "build_server", "serve_http", "serve_stdio"]
