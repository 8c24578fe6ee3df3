"""``webflow-cms sync`` as a user runs it (a subprocess): files, the failed-rows file, exit codes, signals."""

from __future__ import annotations

import csv
import json
import os
import signal
from pathlib import Path

import anyio
import pytest

from cli.runner import FAST, SCRIPT, cli, read_jsonl, write_jsonl
from support import read_all
from sync._harness import Env, posts, same_as_source
from webflow_cms.sync import SQLiteLedger

pytestmark = pytest.mark.anyio


def _csv(
    path: Path, rows: list[dict[str, object]], header: tuple[str, ...] = ("Name", "Slug", "Summary", "Rank")
) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row["name"], row["slug"], row["summary"], row["rank"]])
    return path


async def test_a_csv_source_its_failed_rows_in_csv_and_the_exit_codes(env: Env, tmp_path: Path) -> None:
    rows = posts(20)
    rows[4] = {**rows[4], "rank": "four"}  # not a number: refused before sending
    source = _csv(tmp_path / "posts.csv", rows)
    run = await cli(env.emu, "sync", env.collection_id, source, "--rate-limit", FAST, cwd=tmp_path)
    assert run.code == 1, run.stderr
    assert "19 created, 1 failed; 3 requests" in run.stdout
    failed = tmp_path / "posts.failed.csv"
    with failed.open(encoding="utf-8") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == ["_line", "_error", "_action", "Name", "Slug", "Summary", "Rank"]
    assert lines[1][0] == "6"  # the header is line 1
    assert "must be a number" in lines[1][1]
    assert lines[1][2:] == ["fix", "Post 4", "post-4", "Summary 4", "four"]
    assert (tmp_path / "posts.sync.sqlite3").exists()
    refused = await cli(env.emu, "sync", env.collection_id, failed, cwd=tmp_path)
    assert refused.code == 2
    assert "not a whole source" in refused.stderr

    _csv(source, posts(20))  # fixed
    again = await cli(env.emu, "sync", env.collection_id, source, "--rate-limit", FAST, cwd=tmp_path)
    assert again.code == 0, again.stderr
    assert "1 created, 19 unchanged; 4 requests" in again.stdout
    assert not failed.exists()
    assert await same_as_source(env, posts(20)) == []


async def test_jsonl_with_json_output_a_state_file_and_missing_items_deleted(env: Env, tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "posts.jsonl", posts(10))
    state = tmp_path / "state" / "all.sqlite3"
    options = ["--state", state, "--rate-limit", FAST, "--json"]
    dry = await cli(env.emu, "sync", env.collection_id, source, *options, "--dry-run", cwd=tmp_path)
    assert dry.code == 0, dry.stderr
    assert (dry.json()["dryRun"], dry.json()["counts"]["created"], dry.json()["plannedRequests"]) == (True, 10, 2)
    assert not state.exists()
    first = await cli(env.emu, "sync", env.collection_id, source, *options, cwd=tmp_path)
    assert (first.code, first.json()["counts"]["created"]) == (0, 10)
    write_jsonl(source, posts(10, drop=[3], changed=[1]))
    second = await cli(env.emu, "sync", env.collection_id, source, *options, "--on-missing", "delete", cwd=tmp_path)
    report = second.json()
    assert second.code == 0
    assert (report["counts"]["updated"], report["counts"]["deleted"], report["requests"]) == (1, 1, 5)
    assert report["missing"] == [{"key": "post-3", "outcome": "deleted"}]
    async with SQLiteLedger(state) as ledger:
        assert await ledger.collections() == [env.collection_id]
    assert await same_as_source(env, posts(10, drop=[3], changed=[1])) == []


async def test_a_jsonl_failure_keeps_the_row_as_written(env: Env, tmp_path: Path) -> None:
    rows: list[dict[str, object]] = [*posts(3), {"name": "Bad", "slug": "Not A Slug", "rank": 1}]
    source = write_jsonl(tmp_path / "posts.jsonl", rows)
    run = await cli(env.emu, "sync", env.collection_id, source, "--rate-limit", FAST, cwd=tmp_path)
    assert run.code == 1
    (failed,) = read_jsonl(tmp_path / "posts.failed.jsonl")
    assert (failed["_line"], failed["_action"], failed["slug"]) == (4, "fix", "Not A Slug")


async def test_a_held_lock_refuses_the_command(env: Env, tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "posts.jsonl", posts(3))
    async with SQLiteLedger(tmp_path / "posts.sync.sqlite3") as ledger:
        await ledger.lock(env.collection_id, "someone-else")  # this (living) process holds it
        run = await cli(env.emu, "sync", env.collection_id, source, cwd=tmp_path)
    assert run.code == 1
    assert f"another sync of collection {env.collection_id} is running (pid {os.getpid()}" in run.stderr
    assert await env.items() == []


async def _interrupted(env: Env, tmp_path: Path, signum: int) -> tuple[int, str]:
    """Start a slow sync of 3,000 rows, send ``signum`` once some items exist; its exit code and stdout."""
    source = write_jsonl(tmp_path / "posts.jsonl", posts(3_000))
    environment = {**os.environ, "WEBFLOW_TOKEN": env.emu.token, "WEBFLOW_BASE_URL": env.emu.url}
    command = [str(SCRIPT), "sync", env.collection_id, str(source), "--rate-limit", "10/1"]
    async with await anyio.open_process(command, cwd=tmp_path, env=environment) as process:
        with anyio.fail_after(60):
            for _ in range(1_200):  # until some of its items exist (bounded by the deadline above)
                if len(await env.items()) >= 300:
                    break
                await anyio.sleep(0.05)
            process.send_signal(signum)
            code = await process.wait()
        assert process.stdout is not None
        out = (await process.stdout.receive()).decode() if signum != signal.SIGKILL else ""
    return code, out


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGKILL])
async def test_a_run_stopped_by_a_signal_then_run_again_loses_and_duplicates_nothing(
    env: Env, tmp_path: Path, signum: int
) -> None:
    code, out = await _interrupted(env, tmp_path, signum)
    if signum == signal.SIGINT:
        assert code == 130
        assert "interrupted, so far:" in out
    else:
        assert code == -signal.SIGKILL
    held = len(await env.items())
    assert 300 <= held < 3_000
    rerun = await cli(env.emu, "sync", env.collection_id, tmp_path / "posts.jsonl", "--rate-limit", FAST, cwd=tmp_path)
    assert rerun.code == 0, rerun.stderr
    assert await same_as_source(env, posts(3_000)) == []
    assert len(await read_all(env.emu.url, env.emu.token, env.collection_id)) == 3_000
    assert json.dumps(rerun.stdout).count("failed") == 0


async def test_the_policy_options_reach_the_sync(env: Env, tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "posts.jsonl", posts(4))
    fast = ["--rate-limit", FAST, "--json"]
    first = await cli(env.emu, "sync", env.collection_id, source, *fast, "--publish", cwd=tmp_path)
    assert (first.code, first.json()["counts"]["created"]) == (0, 4)
    assert len(await read_all(env.emu.url, env.emu.token, env.collection_id, live=True)) == 4
    write_jsonl(source, posts(4, drop=[0]))
    args = ["--rebuild", "--on-missing", "unpublish", "--conflict", "source", "--key", "slug"]
    second = await cli(env.emu, "sync", env.collection_id, source, *fast, *args, cwd=tmp_path)
    report = second.json()
    assert (second.code, report["scanReason"], report["counts"]["unchanged"]) == (0, "--rebuild", 3)
    assert report["missing"] == [{"key": "post-0", "outcome": "unpublished"}]
    assert len(await read_all(env.emu.url, env.emu.token, env.collection_id, live=True)) == 3
