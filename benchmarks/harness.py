"""What every scenario shares: the run options, the result rows, and the arithmetic of bounds and verdicts.

A scenario reads its sizes from ``Options`` (``options.size(standard, smoke)``) and hands back a
``Result``: the table rows it measured, its raw figures for ``latest.json``, and, for the
throughput plot, timelines. The driver (benchmarks/run.py) prints and saves them; nothing here
talks to a server.
"""

from __future__ import annotations

import math
import statistics
import time
from dataclasses import dataclass, field
from typing import Any, TypeVar

import anyio

from webflow_cms import RateLimit

T = TypeVar("T")

#: Runs per variant unless ``--runs`` says otherwise (smoke runs: one).
STANDARD_RUNS = 3
#: Scenarios 1 and 5: the server's "120 per minute", with the minute shrunk to 2 seconds.
WRITE_LIMIT = RateLimit(120, 2)
#: Scenarios 2 and 5: the emulator's added latency per request (ms).
LATENCY_MS = 30.0
#: Scenarios that are not about the rate limit run with one the clients never reach.
UNLIMITED = RateLimit(1_000_000, 1)


@dataclass(frozen=True)
class Options:
    """How the scenarios run: runs per variant, smoke sizes, and ``--full``'s extra sizes."""

    runs: int = STANDARD_RUNS
    #: Tiny sizes and no PASS/FAIL: proves the harness works, measures nothing.
    smoke: bool = False
    #: Scenario 4 also iterates a million items (minutes).
    full: bool = False

    def __post_init__(self) -> None:
        if self.runs < 1:
            raise ValueError(f"runs must be 1 or more, got {self.runs}")

    def size(self, standard: T, smoke: T) -> T:
        """``smoke`` in a smoke run, ``standard`` otherwise."""
        return smoke if self.smoke else standard

    def verdict(self, ok: bool) -> str:
        """PASS or FAIL against a target; ``-`` in a smoke run, whose sizes prove nothing."""
        return "-" if self.smoke else ("PASS" if ok else "FAIL")

    @property
    def cpu_seconds(self) -> float:
        """Roughly how long one timing loop of a CPU scenario lasts."""
        return self.size(0.4, 0.02)


@dataclass
class Row:
    """One line of the results table."""

    scenario: int
    metric: str
    values: dict[str, Any]
    target: str = ""
    verdict: str = ""  # PASS, FAIL, "-" (smoke) or "" (reported only)
    note: str = ""


@dataclass
class Result:
    """What one scenario hands back to the driver."""

    scenario: int
    rows: list[Row] = field(default_factory=list)
    #: Every figure behind the rows, saved in ``latest.json`` under the scenario's number.
    raw: Any = None
    #: Per variant, (seconds since start, items done) points for the throughput plot.
    timelines: dict[str, list[tuple[float, int]]] = field(default_factory=dict)
    #: The rate bound drawn on that plot: ``items``, ``burst_items``, ``items_per_s``.
    bound_line: dict[str, float] = field(default_factory=dict)

    def add(self, metric: str, values: dict[str, Any], target: str = "", verdict: str = "", note: str = "") -> None:
        self.rows.append(Row(self.scenario, metric, values, target, verdict, note))


def median(values: list[float]) -> float:
    return float(statistics.median(values)) if values else float("nan")


def rotations(names: list[str], runs: int) -> list[list[str]]:
    """The order of the variants in each run: rotated so none always goes first."""
    return [names[i % len(names) :] + names[: i % len(names)] for i in range(runs)]


def rate_bound(requests: int, limit: RateLimit) -> float:
    """Seconds ``requests`` need at ``limit`` starting with a full bucket (the burst is free)."""
    return max(0, requests - limit.requests) / (limit.requests / limit.per)


def latency_bound(requests: int, concurrency: int) -> float:
    """Seconds ``requests`` need at ``LATENCY_MS`` each, ``concurrency`` at a time."""
    return math.ceil(requests / concurrency) * LATENCY_MS / 1000


async def refilled(limit: RateLimit, since: float, options: Options) -> None:
    """Wait until the server's bucket, last drawn on at ``since``, is full again (smoke runs stay in the burst)."""
    if not options.smoke:
        await anyio.sleep(max(0.0, since + limit.per * 1.1 - time.monotonic()))


def say(scenario: int, line: str) -> None:
    """A progress line of a scenario, as it runs."""
    print(f"  [{scenario}] {line}", flush=True)
