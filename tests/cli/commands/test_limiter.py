"""``--redis-url`` and ``limiter status``: parallel imports on one token share one budget through a real Redis."""

from __future__ import annotations

from pathlib import Path

import anyio
import pytest

from cli.runner import Run, by_slug, cli, write_jsonl
from support import emulated
from support.redis import RedisServer, redis_server


@pytest.mark.anyio
async def test_parallel_imports_with_redis_share_the_tokens_budget(tmp_path: Path) -> None:
    # Two imports of 1,500 rows each: 30 requests against a burst of 10 and 10/s. Alone, each would
    # assume the whole budget is its own; sharing it, the server refuses at most one request.
    with redis_server() as redis:
        async with emulated(rate_limit="10/1") as emu:
            for name in ("a", "b"):
                write_jsonl(
                    tmp_path / f"{name}.jsonl", [{"name": f"{name} {i}", "slug": f"{name}-{i}"} for i in range(1_500)]
                )
            runs: list[Run] = []

            async def run(name: str) -> None:
                args = ("--rate-limit", "10/1", "--redis-url", redis.url, "import", emu.collection_id, f"{name}.jsonl")
                runs.append(await cli(emu, *args, cwd=tmp_path))

            async with anyio.create_task_group() as tg:
                tg.start_soon(run, "a")
                tg.start_soon(run, "b")
            assert [r.code for r in runs] == [0, 0], [r.stderr[-2000:] for r in runs]
            stats = await emu.stats()
            assert stats["rateLimited"] <= 1
            index = by_slug(await emu.raw_items())
            assert len(index) == 3_000
            assert not index.duplicates

            # The budget they shared, as Redis holds it (from the environment variable this time).
            status = await cli(
                emu,
                "--json",
                "--rate-limit",
                "10/1",
                "limiter",
                "status",
                cwd=tmp_path,
                env={"WEBFLOW_REDIS_URL": redis.url},
            )
            assert status.code == 0, status.stderr
            shown = status.json()
            assert shown["answering"] is True
            assert shown["limit"] == 10
            assert shown["key"].startswith("webflow_cms:budget:")
            assert emu.token not in status.stdout


@pytest.mark.anyio
async def test_limiter_status_says_when_redis_does_not_answer(tmp_path: Path) -> None:
    down = RedisServer()  # nothing listens on its port
    async with emulated() as emu:
        done = await cli(emu, "--redis-url", down.url, "limiter", "status", cwd=tmp_path)
    assert done.code == 1
    assert f"Redis at 127.0.0.1:{down.port}/0 does not answer" in done.stdout


@pytest.mark.anyio
async def test_limiter_status_needs_a_redis_url(tmp_path: Path) -> None:
    async with emulated() as emu:
        done = await cli(emu, "limiter", "status", cwd=tmp_path, env={"WEBFLOW_REDIS_URL": ""})
    assert done.code == 2
    assert "pass --redis-url or set WEBFLOW_REDIS_URL" in done.stderr


@pytest.mark.anyio
async def test_a_malformed_redis_url_is_bad_input(tmp_path: Path) -> None:
    async with emulated() as emu:
        done = await cli(emu, "--redis-url", "http://not-redis", "limiter", "status", cwd=tmp_path)
    assert done.code == 2
    assert done.error_lines == [done.error_lines[0]]
    assert "--redis-url" in done.error_lines[0]
