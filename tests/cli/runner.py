"""Running ``webflow-cms`` as a subprocess against an emulator, and reading what it wrote."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import anyio
import attrs

from support import Emulated, by_slug

__all__ = ["FAST", "SCRIPT", "Run", "by_slug", "cli", "cli_many", "failure_files", "read_jsonl", "write_jsonl"]

#: The installed console script (``make install`` puts it next to the interpreter).
SCRIPT = Path(sys.executable).parent / "webflow-cms"
#: Fast enough that no CLI test waits on the emulator's throttle.
FAST = "100000/1"


@attrs.frozen
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)

    @property
    def error_lines(self) -> list[str]:
        """stderr without progress-bar lines."""
        return [line for line in self.stderr.splitlines() if line.startswith("webflow-cms:")]


async def cli(emu: Emulated, *args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run the console script with the emulator's token and URL in the environment."""
    assert SCRIPT.exists(), f"{SCRIPT} is missing; run make install"
    environment = {**os.environ, "WEBFLOW_TOKEN": emu.token, "WEBFLOW_BASE_URL": emu.url, "COLUMNS": "120"}
    environment.update(env or {})
    with anyio.fail_after(60):
        done = await anyio.run_process([str(SCRIPT), *map(str, args)], cwd=cwd, env=environment, check=False)
    return Run(done.returncode, done.stdout.decode(), done.stderr.decode())


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def failure_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.failed.jsonl"))


async def cli_many(emu: Emulated, runs: list[list[str | Path]], *, cwd: Path, at_once: int = 4) -> list[Run]:
    """Several independent runs at once (each is mostly interpreter start-up); results in order."""
    results: list[Run | None] = [None] * len(runs)
    limiter = anyio.CapacityLimiter(at_once)

    async def one(slot: int) -> None:
        async with limiter:
            results[slot] = await cli(emu, *runs[slot], cwd=cwd)

    async with anyio.create_task_group() as tg:
        for slot in range(len(runs)):
            tg.start_soon(one, slot)
    return [r for r in results if r is not None]
