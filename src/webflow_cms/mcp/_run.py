"""Running the server: over stdio (the default), or streamable HTTP on loopback.

In stdio mode stdout carries the protocol and nothing else, so every log line goes to
stderr: warnings from everyone, and the SDK's own INFO lines (a site publish waiting for
its turn). The token never appears in them: the SDK's messages leave it out.
"""

from __future__ import annotations

import logging
import socket
import sys
from collections.abc import Callable

import uvicorn

from webflow_cms import AsyncWebflowCMS

from ._tools import build_server

__all__ = ["HTTP_PATH", "LOOPBACK", "quiet_logging", "serve_http", "serve_stdio"]

LOOPBACK = "127.0.0.1"
HTTP_PATH = "/mcp"


def quiet_logging() -> None:
    """Logs to stderr only: WARNING and up, plus the SDK's INFO lines (waits it makes)."""
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("webflow-cms mcp: %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger("webflow_cms").setLevel(logging.INFO)


async def serve_stdio(wf: AsyncWebflowCMS, *, read_only: bool = False) -> None:
    """Serve MCP over this process's stdin and stdout until the client closes them."""
    quiet_logging()
    await build_server(wf, read_only=read_only).run_stdio_async()


async def serve_http(
    wf: AsyncWebflowCMS,
    *,
    port: int = 0,
    read_only: bool = False,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve MCP over streamable HTTP at ``http://127.0.0.1:PORT/mcp`` (port 0 picks a free one).

    ``on_ready`` gets the URL once the socket listens (before the first request can be answered:
    connections made meanwhile wait in the socket's queue).
    """
    quiet_logging()
    app = build_server(wf, read_only=read_only).streamable_http_app(streamable_http_path=HTTP_PATH, host=LOOPBACK)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((LOOPBACK, port))
    sock.listen(128)
    url = f"http://{LOOPBACK}:{sock.getsockname()[1]}{HTTP_PATH}"
    if on_ready is not None:
        on_ready(url)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    try:
        await server.serve(sockets=[sock])
    finally:
        sock.close()
