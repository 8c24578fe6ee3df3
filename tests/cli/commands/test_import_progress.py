"""What ``import`` shows while it runs: a note when the server stops answering, and a bar that counts truly.

The emulator is reached through a relay on loopback that can stop passing bytes (a server that
does not answer) and pass them again; the CLI runs as a user runs it, in a subprocess.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit

import anyio
import anyio.abc
import pytest

from cli.runner import FAST, Run, by_slug, cli, write_jsonl
from support import emulated
from webflow_cms.cli.ui import QUIET

pytestmark = pytest.mark.anyio

#: How long the relay holds every byte: well over QUIET, so one note is due whatever the machine's load.
STALL = QUIET + 4


class _Relay:
    """TCP relay to ``port``; ``hold()`` stops passing bytes (both ways) until ``release()``."""

    def __init__(self, port: int) -> None:
        self._port = port
        self._open = anyio.Event()
        self._open.set()
        self.url = ""

    def hold(self) -> None:
        self._open = anyio.Event()

    def release(self) -> None:
        self._open.set()

    async def _pump(self, source: anyio.abc.ByteStream, sink: anyio.abc.ByteStream) -> None:
        try:
            async for chunk in source:
                await self._open.wait()
                await sink.send(chunk)
        except (anyio.BrokenResourceError, anyio.ClosedResourceError):
            pass
        finally:
            await sink.aclose()

    async def _handle(self, client: anyio.abc.SocketStream) -> None:
        async with client, await anyio.connect_tcp("127.0.0.1", self._port) as upstream:
            async with anyio.create_task_group() as tg:
                tg.start_soon(self._pump, client, upstream)
                tg.start_soon(self._pump, upstream, client)

    @asynccontextmanager
    async def running(self, path: str) -> AsyncIterator[_Relay]:
        listener = await anyio.create_tcp_listener(local_host="127.0.0.1")
        port = listener.extra(anyio.abc.SocketAttribute.local_port)
        self.url = f"http://127.0.0.1:{port}{path}"
        async with listener, anyio.create_task_group() as tg:
            tg.start_soon(listener.serve, self._handle)
            try:
                yield self
            finally:
                self.release()
                tg.cancel_scope.cancel()


@pytest.mark.slow
async def test_a_server_that_stops_answering_is_said_and_so_is_its_return(tmp_path: Path) -> None:
    rows = 1500
    async with emulated(rate_limit=FAST) as emu:
        where = urlsplit(emu.url)
        assert where.port is not None
        source = write_jsonl(tmp_path / "big.jsonl", [{"name": f"P{n}", "slug": f"p-{n}"} for n in range(rows)])
        async with _Relay(where.port).running(where.path) as relay:
            done: list[Run] = []

            async def run() -> None:
                # The client's own throttle (4 requests a second) keeps the job running long enough to hold it.
                args = ("--rate-limit", "4/1", "import", emu.collection_id, source)
                done.append(await cli(emu, *args, cwd=tmp_path, env={"WEBFLOW_BASE_URL": relay.url}))

            with anyio.fail_after(60):
                async with anyio.create_task_group() as tg:
                    tg.start_soon(run)
                    # Another process's progress: polled (bounded by fail_after), there is no event to wait on.
                    while (await emu.stats())["responses"].get("202", 0) == 0:  # noqa: ASYNC110 - the first batch is in
                        await anyio.sleep(0.05)
                    relay.hold()
                    await anyio.sleep(STALL)
                    relay.release()

        [result] = done
        assert result.code == 0, result.stderr
        assert "1500 created, 0 updated, 0 unchanged, 0 failed" in result.stdout
        notes = result.stderr.splitlines()
        waiting = [line for line in notes if line.startswith("waiting ")]
        assert waiting, result.stderr
        assert re.match(
            r"waiting \d+s \(since \d\d:\d\d:\d\d\) for the server to answer, importing 1,500 rows"
            r" \(matching them with items, then writing\); \d[\d,]* of 1,500 rows imported so far; ",
            waiting[0],
        ), waiting[0]
        assert any(re.match(r"after \d+s of waiting: \d[\d,]* of 1,500 rows imported$", line) for line in notes)
        items = by_slug(await emu.raw_items())
        assert len(items) == rows
        assert items.duplicates == []


async def test_the_bar_counts_failed_rows_apart_from_imported_ones(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        source = tmp_path / "p.csv"
        source.write_text("name,slug,rank\n" + "".join(f"P{n},p-{n},{'x' if n < 3 else n}\n" for n in range(20)))

        run = await cli(emu, "import", emu.collection_id, source, cwd=tmp_path)

        assert run.code == 1
        [bar] = [line for line in run.stderr.splitlines() if line.startswith("import p.csv")]
        assert "17/20 (3 failed)" in bar
