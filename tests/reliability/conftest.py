"""The reliability suite runs under asyncio only (the SDK's trio support is proven elsewhere).

Every scenario appends its row of figures; each row is written once, as it is recorded, to
build/reliability/figures.jsonl. `make test-chaos` then turns the chaos rows into RESULTS.md
(tests/reliability/results.py): no test writes a tracked file.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from reliability._harness import ROWS, FigureLog, Figures, table


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def figures() -> Iterator[list[Figures]]:
    """Append a row per scenario; the chaos rows are printed at the end of the session."""
    log = FigureLog(ROWS)
    yield log
    rows = [r for r in log if r.scenario.startswith("chaos")]
    if rows:
        print("\n\n" + table(rows) + "\n")
