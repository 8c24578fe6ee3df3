"""Running the app under uvicorn: `serve()` (background thread) and `run_forever()` (the CLI)."""

from __future__ import annotations

import asyncio
import signal
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import Unpack

import anyio.to_thread
import uvicorn
from starlette.applications import Starlette

from .app import create_app
from .cdn import cdn_url
from .options import OptionArgs
from .resets import ResettableH11Protocol
from .state import EmulatorState

_START_TIMEOUT = 10.0


@dataclass(frozen=True)
class RunningEmulator:
    """A listening emulator: its base URL (ending in `/v2`), site, default token and all tokens."""

    url: str
    site_id: str
    token: str
    tokens: dict[str, frozenset[str]]
    state: EmulatorState

    @property
    def cdn_url(self) -> str:
        """The Content Delivery base URL (`.../cdn/v2`): Webflow's `https://api-cdn.webflow.com/v2`."""
        return cdn_url(self.url)


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket (port 0 picks a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP (not 0) lets asyncio set TCP_NODELAY on accepted connections; without it
    # small responses wait on delayed ACKs (~40 ms per request on a kept-alive connection).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    sock.set_inheritable(True)
    return sock


def make_server(app: Starlette) -> uvicorn.Server:
    """A uvicorn server for the app, on the protocol class that can drop connections."""
    config = uvicorn.Config(
        app,
        http=ResettableH11Protocol,
        lifespan="off",
        access_log=False,
        log_level="warning",
        timeout_graceful_shutdown=2,
    )
    return uvicorn.Server(config)


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/v2"


def describe(app: Starlette, sock: socket.socket) -> RunningEmulator:
    state: EmulatorState = app.state.emulator
    return RunningEmulator(url_of(sock), state.site_id, state.token, state.tokens, state)


class _Thread:
    """uvicorn on its own asyncio loop in a daemon thread."""

    def __init__(self, server: uvicorn.Server, sock: socket.socket) -> None:
        self.server = server
        self.sock = sock
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="webflow-cms-emulator", daemon=True)

    def _run(self) -> None:
        try:
            asyncio.run(self.server.serve(sockets=[self.sock]))
        except BaseException as exc:  # reported to the starting caller
            self.error = exc

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + _START_TIMEOUT
        while not self.server.started:
            if self.error is not None or not self.thread.is_alive():
                raise RuntimeError("the emulator failed to start") from self.error
            if time.monotonic() > deadline:
                raise RuntimeError("the emulator did not start in time")
            time.sleep(0.005)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


class _Serving:
    """Start and stop of one emulator in a background thread, shared by `serve` and `serving`."""

    def __init__(self, host: str, port: int, options: OptionArgs) -> None:
        self.app = create_app(**options)
        try:
            self.sock = bind(host, port)
        except OSError:
            self.app.state.emulator.db.close()
            raise
        self.runner = _Thread(make_server(self.app), self.sock)

    def start(self) -> RunningEmulator:
        try:
            self.runner.start()
        except BaseException:
            self.stop()
            raise
        return describe(self.app, self.sock)

    def stop(self) -> None:
        try:
            self.runner.stop()
        finally:
            self.sock.close()
            self.app.state.emulator.db.close()


@contextmanager
def serving(
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    **options: Unpack[OptionArgs],
) -> Iterator[RunningEmulator]:
    """The blocking twin of `serve`, for synchronous code (same options, same result)."""
    server = _Serving(host, port, options)
    running = server.start()
    try:
        yield running
    finally:
        server.stop()


@asynccontextmanager
async def serve(
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    **options: Unpack[OptionArgs],
) -> AsyncIterator[RunningEmulator]:
    """Run an emulator on loopback for the duration of the block (works under asyncio and trio)."""
    server = _Serving(host, port, options)
    running = await anyio.to_thread.run_sync(server.start)
    try:
        yield running
    finally:
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(server.stop)


def _ignore_signal(number: int, frame: object) -> None:
    """Called when uvicorn re-raises the signal it already handled."""


def run_forever(app: Starlette, sock: socket.socket, on_ready: Callable[[RunningEmulator], None]) -> None:
    """Serve in the main thread until SIGINT/SIGTERM, calling `on_ready` once listening."""
    server = make_server(app)

    async def main() -> None:
        task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started and not task.done():  # noqa: ASYNC110 - uvicorn exposes a flag, not an event
            await asyncio.sleep(0.005)
        if server.started:
            on_ready(describe(app, sock))
        await task

    # uvicorn re-raises the signal it stopped on once it has shut down; a handler that
    # only returns turns that into a normal exit (status 0) after the graceful stop.
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, _ignore_signal)
    try:
        asyncio.run(main())
    finally:
        sock.close()
        app.state.emulator.db.close()
