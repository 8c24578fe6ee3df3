"""Dropping a client's TCP connection without a response (injected connection resets).

uvicorn does not hand the socket to the app, so the server runs a protocol class that
records each connection's transport under its (server, client) address pair; the app
finds the transport from the ASGI scope and aborts it with SO_LINGER 0, which makes the
kernel send a TCP RST. The client sees a reset or a closed connection, never a status line.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
from collections.abc import MutableMapping
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

_Address = tuple[Any, ...]
_transports: dict[tuple[_Address, _Address], asyncio.Transport] = {}


def _key(server: object, client: object) -> tuple[_Address, _Address] | None:
    if not isinstance(server, tuple | list) or not isinstance(client, tuple | list):
        return None
    return tuple(server[:2]), tuple(client[:2])


class ResettableH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, plus a registry entry so the app can drop the connection."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        key = _key(transport.get_extra_info("sockname"), transport.get_extra_info("peername"))
        if key is not None:
            _transports[key] = transport

    def connection_lost(self, exc: Exception | None) -> None:
        key = _key(self.transport.get_extra_info("sockname"), self.transport.get_extra_info("peername"))
        if key is not None:
            _transports.pop(key, None)
        super().connection_lost(exc)


def can_drop(scope: MutableMapping[str, Any]) -> bool:
    """True when the request arrived over a connection this module can drop."""
    key = _key(scope.get("server"), scope.get("client"))
    return key is not None and key in _transports


def drop(scope: MutableMapping[str, Any]) -> bool:
    """Abort the request's connection with a TCP RST; False if it is not a known connection."""
    key = _key(scope.get("server"), scope.get("client"))
    transport = _transports.pop(key, None) if key is not None else None
    if transport is None:
        return False
    sock = transport.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()
    return True
