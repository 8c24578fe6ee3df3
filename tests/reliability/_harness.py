"""Shared machinery of the reliability suite: a killable emulator, state checks, the figures table."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import attrs
import httpx

from support import Emulated, by_slug, create_collection
from webflow_cms import BulkResult
from webflow_cms_emulator import serve

RESULTS = Path(__file__).with_name("RESULTS.md")
#: Where a test session writes its rows (one JSON line each, as it is recorded); `make test-chaos`
#: turns the chaos rows into RESULTS.md with tests/reliability/results.py. Tests never write RESULTS.md.
ROWS = Path(__file__).resolve().parents[2] / "build" / "reliability" / "figures.jsonl"
_START_TIMEOUT = 20.0


# --------------------------------------------------------------------------- a killable emulator


class EmulatorProcess:
    """``python -m webflow_cms_emulator`` as a subprocess on a fixed --db file, killable and restartable.

    After the first start the port is kept, so a client keeps talking to the same URL across a restart.
    """

    def __init__(self, db: Path, token: str, *extra: str) -> None:
        self.db = db
        self.token = token
        self.extra = list(extra)
        self.port = 0
        self.url = ""
        self.site_id = ""
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> None:
        assert self.proc is None, "already running"
        cmd = [sys.executable, "-m", "webflow_cms_emulator", "--port", str(self.port), "--db", str(self.db)]
        cmd += ["--token", self.token, *self.extra]
        deadline = time.monotonic() + _START_TIMEOUT
        for _ in range(50):  # bounded: a just-freed port may need a moment
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            assert proc.stdout is not None
            line = proc.stdout.readline()
            if line:
                info = json.loads(line)
                self.proc, self.url, self.site_id = proc, info["url"], info["site_id"]
                self.port = httpx.URL(self.url).port or 0
                return
            proc.wait(timeout=10)
            if time.monotonic() > deadline:
                raise RuntimeError(f"emulator did not start: {proc.stderr.read() if proc.stderr else ''}")
            time.sleep(0.1)
        raise RuntimeError("emulator did not start")

    def kill(self) -> None:
        """SIGKILL: no graceful shutdown, whatever was in flight is cut off."""
        if self.proc is not None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)
            for stream in (self.proc.stdout, self.proc.stderr):
                if stream is not None:
                    stream.close()
            self.proc = None

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
            for stream in (self.proc.stdout, self.proc.stderr):
                if stream is not None:
                    stream.close()
            self.proc = None


# --------------------------------------------------------------------------- server-state checks


@attrs.define
class Check:
    """What comparing the server with the expected state found; every list holds slugs or ids."""

    lost: list[str] = attrs.field(factory=list)
    duplicated: list[str] = attrs.field(factory=list)
    stale: list[str] = attrs.field(factory=list)
    unexpected: list[str] = attrs.field(factory=list)
    misreported: list[str] = attrs.field(factory=list)

    def merge(self, other: Check) -> None:
        for name in ("lost", "duplicated", "stale", "unexpected", "misreported"):
            getattr(self, name).extend(getattr(other, name))

    def describe(self) -> str:
        parts = []
        for name in ("lost", "duplicated", "stale", "unexpected", "misreported"):
            values = getattr(self, name)
            if values:
                parts.append(f"{name}={len(values)} e.g. {values[:5]}")
        return "; ".join(parts) or "clean"


def accounted(result: BulkResult) -> None:
    """Every input is in exactly one of succeeded / failed / unknown / skipped."""
    positions = [s.index for s in result.succeeded] + [f.index for f in result.failed]
    positions += list(result.unknown) + list(result.skipped)
    assert sorted(positions) == list(range(result.total)), f"inputs not accounted for exactly once: {result!r}"


def compare(
    expected: Mapping[str, Mapping[str, Any] | None],
    raw: Sequence[Mapping[str, Any]],
    *,
    uncertain: Iterable[str] = (),
) -> Check:
    """Item by item: ``expected[slug]`` is the wanted fieldData subset, or None when it must be absent.

    Slugs in ``uncertain`` (inputs reported unknown) may be either way; items the server has that
    are not in ``expected`` at all are ``unexpected``.
    """
    check = Check()
    server = by_slug(raw)
    check.duplicated.extend(server.duplicates)
    maybe = set(uncertain)
    for slug, want in expected.items():
        have = server.get(slug)
        if slug in maybe:
            continue
        if want is None:
            if have is not None:
                check.unexpected.append(slug)
        elif have is None:
            check.lost.append(slug)
        elif any(have["fieldData"].get(k) != v for k, v in want.items()):
            check.stale.append(slug)
    check.unexpected.extend(s for s in server if s not in expected)
    return check


# --------------------------------------------------------------------------- the figures table


@attrs.define
class Figures:
    """One row of the table `make test-chaos` prints."""

    scenario: str
    items: int
    faults: int
    resets: int
    retries: int
    lost: int
    duplicated: int
    stale: int
    unknown: int
    wall: float
    #: Inputs reported failed although the server shows them applied (see the SDK findings).
    misreported: int = 0


HEADER = (
    "| scenario | items | faults injected | resets injected | retries | lost | duplicated | stale "
    "| unknown | misreported failed | wall time |"
)


def table(rows: Sequence[Figures]) -> str:
    lines = [HEADER, "|" + " --- |" * 11]
    for r in rows:
        lines.append(
            f"| {r.scenario} | {r.items:,} | {r.faults:,} | {r.resets:,} | {r.retries:,} | {r.lost} | "
            f"{r.duplicated} | {r.stale} | {r.unknown} | {r.misreported} | {r.wall:.1f} s |"
        )
    return "\n".join(lines)


class FigureLog(list[Figures]):
    """The rows of one test session: each appended row is also written, once, as a line of ``path``."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("", encoding="utf-8")  # a new session starts a new file

    def append(self, row: Figures) -> None:
        super().append(row)
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(attrs.asdict(row)) + "\n")


def read_rows(path: Path) -> list[Figures]:
    """The rows a test session wrote with ``FigureLog``."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    return [Figures(**json.loads(line)) for line in lines if line.strip()]


def write_results(rows: Sequence[Figures], command: str) -> str:
    text = table(rows)
    RESULTS.write_text(
        "# Reliability figures\n\n"
        f"Produced by `{command}` against the emulator over loopback "
        f"(Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}). "
        "`faults` are injected 500/503 answers (half of them after the change was applied), `resets` dropped "
        "connections, `retries` the SDK's own re-sends (`wf.transport.retries`); `lost`, `duplicated` and "
        "`stale` come from comparing the emulator's state item by item with the expected one after every step.\n\n"
        + text
        + "\n"
    )
    return text


@asynccontextmanager
async def chaotic(**options: Any) -> AsyncIterator[Emulated]:
    """``serve(**options)`` plus the "Blog Posts" collection, however unreliable the server is."""
    async with serve(**options) as emu:
        collection_id = await create_collection(emu.url, emu.token, emu.site_id, patient=True)
        yield Emulated(emu.url, emu.token, emu.site_id, collection_id)
