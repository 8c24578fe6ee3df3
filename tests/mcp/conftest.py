"""The MCP server under test, driven by the ``mcp`` SDK's own client.

``serve_agent`` starts ``python -m webflow_cms.cli mcp`` as a subprocess on the emulator's URL and
token and talks to it over stdio (or, with ``inproc_agent``, builds the same server in this process
for the tests that need to reach inside: a fake clock for waits); ``serve_http`` runs it with
``--http`` and gives its URL. ``Agent.call`` returns a tool's structured answer after checking
that the text block holds the same JSON; ``Agent.refused`` returns the text of a tool error.

The suite runs under asyncio only (the server's own event loop is its process's), and one emulator
and one server are shared by the tests of a module where they do not disturb each other: starting
the server costs seconds of interpreter and import time.

(No module of this folder is imported by name: ``tests/`` is on ``sys.path`` and a package here
called ``mcp`` would be the real MCP SDK's name.)
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import anyio
import attrs
import pytest
from mcp.client import Client
from mcp.client.stdio import StdioServerParameters
from mcp.types import CallToolResult

from webflow_cms import AsyncWebflowCMS, Limiter, RateLimit

#: The emulator's limit in these tests: the server's own pacing is not what they measure.
FAST = "100000/1"


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"


@attrs.define
class Agent:
    """An MCP client session with the server, and what it was started with."""

    client: Client
    token: str

    async def result(self, name: str, **arguments: Any) -> CallToolResult:
        with anyio.fail_after(120):
            return await self.client.call_tool(name, arguments)

    async def call(self, name: str, **arguments: Any) -> dict[str, Any]:
        """The tool's structured answer; the call must succeed and its text must be the same JSON."""
        result = await self.result(name, **arguments)
        text = result.content[0].text if result.content and hasattr(result.content[0], "text") else ""
        assert not result.is_error, f"{name} failed: {text}"
        assert result.structured_content is not None
        assert json.loads(text) == result.structured_content
        return result.structured_content

    async def refused(self, name: str, **arguments: Any) -> str:
        """The text of the tool error the call must end in."""
        result = await self.result(name, **arguments)
        text = "".join(getattr(block, "text", "") for block in result.content)
        assert result.is_error, f"{name} was expected to fail but answered {result.structured_content}"
        assert self.token not in text
        return text


def server_command(*flags: str) -> list[str]:
    return [sys.executable, "-m", "webflow_cms.cli", "mcp", *flags]


def server_env(url: str, token: str, **extra: str) -> dict[str, str]:
    return {**os.environ, "WEBFLOW_TOKEN": token, "WEBFLOW_BASE_URL": url, **extra}


@asynccontextmanager
async def _stdio_agent(url: str, token: str, *flags: str, rate_limit: str = FAST) -> AsyncIterator[Agent]:
    command = server_command("--rate-limit", rate_limit, *flags)
    params = StdioServerParameters(command=command[0], args=command[1:], env=server_env(url, token))
    async with Client(params) as client:
        yield Agent(client, token)


@pytest.fixture(scope="module")
def serve_agent() -> Callable[..., AbstractAsyncContextManager[Agent]]:
    """``async with serve_agent(url, token, *flags) as agent``: the server as a subprocess, over stdio."""
    return _stdio_agent


@asynccontextmanager
async def _http_server(url: str, token: str, *flags: str) -> AsyncIterator[tuple[str, list[str]]]:
    """(MCP URL, stderr so far) of ``mcp --http --port 0`` on the emulator, stopped at the end."""
    command = server_command("--http", "--port", "0", "--rate-limit", FAST, *flags)
    async with await anyio.open_process(command, env=server_env(url, token)) as process:
        try:
            assert process.stderr is not None
            seen = ""
            with anyio.fail_after(60):
                while (found := re.search(r"serving (http://127\.0\.0\.1:\d+/mcp)", seen)) is None:
                    seen += (await process.stderr.receive()).decode()
            yield found.group(1), [seen]
        finally:
            process.terminate()


@pytest.fixture(scope="module")
def serve_http() -> Callable[..., AbstractAsyncContextManager[tuple[str, list[str]]]]:
    """``async with serve_http(url, token, *flags) as (mcp_url, stderr)``: ``mcp --http`` as a subprocess."""
    return _http_server


async def _raw_session(
    url: str, token: str, messages: list[dict[str, Any]], *, answers: int, flags: tuple[str, ...] = ()
) -> tuple[str, str]:
    """(stdout, stderr) of the stdio server fed ``messages`` as JSON lines, once ``answers`` answers came."""
    command = server_command("--rate-limit", FAST, *flags)
    async with await anyio.open_process(command, env=server_env(url, token)) as process:
        assert process.stdin is not None
        assert process.stdout is not None
        assert process.stderr is not None
        out = b""
        err = bytearray()

        async def drain_stderr() -> None:
            assert process.stderr is not None
            async for chunk in process.stderr:
                err.extend(chunk)

        async with anyio.create_task_group() as tg:
            tg.start_soon(drain_stderr)
            await process.stdin.send(b"".join(json.dumps(m).encode() + b"\n" for m in messages))
            with anyio.fail_after(120):
                while out.count(b"\n") < answers:
                    out += await process.stdout.receive()
            await process.stdin.aclose()
            await process.wait()
    return out.decode(), err.decode()


@pytest.fixture(scope="module")
def server_process() -> Callable[..., Any]:
    """``await server_process(url, token, messages, answers=N)``: raw JSON lines in, (stdout, stderr) out."""
    return _raw_session


@asynccontextmanager
async def _inproc_agent(
    url: str, token: str, *, rate_limit: RateLimit | Limiter | None = None, **options: Any
) -> AsyncIterator[Agent]:
    from webflow_cms.mcp import build_server

    async with AsyncWebflowCMS(token, base_url=url, rate_limit=rate_limit or RateLimit(100_000, 1)) as wf:
        async with Client(build_server(wf, **options)) as client:
            yield Agent(client, token)


@pytest.fixture(scope="module")
def inproc_agent() -> Callable[..., AbstractAsyncContextManager[Agent]]:
    """``async with inproc_agent(url, token, **build_server_options) as agent``: the server in this process."""
    return _inproc_agent
