"""The registry of benchmark scenarios: which exist, in which order they run, and how to find one.

Each scenario is one module of this package, listed in ``NAMES`` in the order ``make bench`` runs
them. A module provides (``Scenario`` below):

- ``NUMBER``: the number users know it by, in the table and on the command line (``--only 7``).
  Numbers only grow down the list; one is never reused or given to another scenario.
- ``NAME``: the module's own name, also accepted on the command line (``--only typed``).
- ``TITLE``: one line, the table's "scenario" column.
- ``VARIANTS``: one paragraph printed under the table: what ran side by side, and how.
- ``run(options) -> Result``: ``async def`` (run under anyio, asyncio backend) or a plain ``def``
  (called outside any event loop, so a synchronous client may start its own). Sizes come from
  ``options.size(standard, smoke)``; rows from ``Result(NUMBER).add(...)`` (benchmarks/harness.py).

To add a scenario, say ``sync``:

1. write ``benchmarks/scenarios/sync.py`` with ``NUMBER = 9``, ``NAME = "sync"``, a ``TITLE``,
   ``VARIANTS`` and ``run``; start its server with ``benchmarks.emulator.Emulator`` and drive the
   peers from ``benchmarks.clients`` (the official SDK's way of doing the same job belongs there);
2. add ``"sync"`` at the end of ``NAMES``.

That is all: the driver's ``--only``/``--list``, the table's columns (new variant names are
appended) and the notes under it are read from here, and tests/test_benchmarks.py checks the
interface of every registered module and runs them all at smoke sizes.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from typing import Protocol, cast

from ..harness import Options, Result

#: The scenarios, in the order they run.
NAMES: tuple[str, ...] = (
    "write",
    "listing",
    "parsing",
    "memory",
    "publish",
    "workers",
    "typed",
    "content_delivery",
    "sync",
)


class Scenario(Protocol):
    """The interface of a scenario module."""

    NUMBER: int
    NAME: str
    TITLE: str
    VARIANTS: str
    run: Callable[[Options], Result | Awaitable[Result]]


class ScenarioError(ValueError):
    """A scenario that does not exist, or a module that does not follow the interface."""


def load(name: str) -> Scenario:
    """The registered scenario module ``name``, checked against the interface."""
    if name not in NAMES:
        raise ScenarioError(f"{name!r} is not in benchmarks/scenarios/__init__.py NAMES")
    module = importlib.import_module(f"{__name__}.{name}")
    where = f"benchmarks/scenarios/{name}.py"
    for attr, kind in (("NUMBER", int), ("NAME", str), ("TITLE", str), ("VARIANTS", str)):
        if not isinstance(getattr(module, attr, None), kind):
            raise ScenarioError(f"{where} must define {attr} as {kind.__name__}")
    if name != module.NAME:
        raise ScenarioError(f"{where}: NAME is {module.NAME!r}, must be its module name {name!r}")
    if not module.TITLE.strip() or "\n" in module.TITLE:
        raise ScenarioError(f"{where}: TITLE must be one non-empty line")
    if not callable(getattr(module, "run", None)):
        raise ScenarioError(f"{where} must define run(options) -> Result")
    return cast(Scenario, module)


def registered() -> list[Scenario]:
    """Every scenario, in running order; their numbers must grow down the list."""
    scenarios = [load(name) for name in NAMES]
    numbers = [s.NUMBER for s in scenarios]
    if numbers != sorted(set(numbers)):
        raise ScenarioError(f"scenario numbers must be unique and grow down NAMES, got {numbers}")
    return scenarios


def choices(scenarios: list[Scenario]) -> str:
    """``1 write, 2 listing, ...``: what ``--only`` accepts."""
    return ", ".join(f"{s.NUMBER} {s.NAME}" for s in scenarios)


def select(spec: str) -> list[Scenario]:
    """The scenarios a comma-separated list of numbers and names stands for, in running order.

    Names are matched case-insensitively, ``-`` standing for ``_`` (``content-delivery``).
    """
    scenarios = registered()
    by_key = {str(s.NUMBER): s for s in scenarios} | {s.NAME: s for s in scenarios}
    wanted: set[str] = set()
    for token in (t.strip().lower().replace("-", "_") for t in spec.split(",")):
        if not token:
            continue
        if token not in by_key:
            raise ScenarioError(f"no benchmark scenario {token!r}; choose from: {choices(scenarios)}")
        wanted.add(by_key[token].NAME)
    if not wanted:
        raise ScenarioError(f"no scenario named; choose from: {choices(scenarios)}")
    return [s for s in scenarios if s.NAME in wanted]
