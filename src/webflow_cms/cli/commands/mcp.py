"""``webflow-cms mcp``: serve the CMS to an AI agent over the Model Context Protocol.

A standalone command (it sets ``main``): it makes its client from the global options
(``--token`` or ``$WEBFLOW_TOKEN``, ``--base-url`` or ``$WEBFLOW_BASE_URL``, ``--rate-limit``
or ``$WEBFLOW_RATE_LIMIT``, ``--redis-url`` or ``$WEBFLOW_REDIS_URL``) and serves until the
client goes away: over stdio by default, the way MCP clients start a local server, or
``--http`` for streamable HTTP on 127.0.0.1. stdout carries nothing but the protocol;
messages go to stderr. The server is ``webflow_cms.mcp``.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

import anyio

from ..errors import InputError
from ..session import close_shared_budget, connect

__all__ = ["add_parser"]

_DEFAULT_PORT = 8000
_TEXT = "serve the CMS to an AI agent over MCP (stdio by default; --http for streamable HTTP on loopback)"


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser: argparse.ArgumentParser = commands.add_parser(
        "mcp",
        parents=[common],
        help=_TEXT,
        description=_TEXT + ". Tools: list_sites, list_collections, get_collection, list_items, get_item,"
        " create_items, update_items, upsert_items, publish_items, unpublish_items, delete_items, publish_site.",
    )
    parser.add_argument(
        "--http", action="store_true", help="serve streamable HTTP at http://127.0.0.1:PORT/mcp instead of stdio"
    )
    parser.add_argument(
        "--port", type=int, default=None, help="with --http: the port (default 8000; 0 picks a free one)"
    )
    parser.add_argument(
        "--read-only", action="store_true", help="serve only the discovery and read tools; no write tool is offered"
    )
    parser.set_defaults(main=_main, validate=_validate)


def _validate(args: argparse.Namespace) -> None:
    if args.port is not None and not args.http:
        raise InputError("--port is for --http; stdio needs no port")
    if args.port is not None and not 0 <= args.port <= 65535:
        raise InputError(f"--port {args.port} is not a port; give 1-65535, or 0 for a free one")


def _main(args: argparse.Namespace) -> int:
    try:
        from webflow_cms.mcp import serve_http, serve_stdio
    except ImportError as exc:
        raise InputError(f"webflow-cms mcp needs the 'mcp' extra: pip install 'webflow-cms[mcp]' ({exc})") from None
    port = _DEFAULT_PORT if args.port is None else args.port
    rate_limit = args.rate_limit or os.environ.get("WEBFLOW_RATE_LIMIT") or None
    wf = connect(args.token, args.base_url, rate_limit, args.redis_url)

    def announce(url: str) -> None:
        mode = "read-only, " if args.read_only else ""
        sys.stderr.write(f"webflow-cms mcp: serving {url} ({mode}streamable HTTP, loopback only)\n")
        sys.stderr.flush()

    async def serve() -> None:
        async with wf:
            try:
                if args.http:
                    await serve_http(wf, port=port, read_only=args.read_only, on_ready=announce)
                else:
                    await serve_stdio(wf, read_only=args.read_only)
            finally:
                await close_shared_budget(wf)

    anyio.run(serve)
    return 0
