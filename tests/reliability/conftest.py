"""The reliability suite runs under asyncio only (the SDK's trio support is proven elsewhere); chaos rows
are gathered here and written to RESULTS.md once the session ends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from reliability._harness import Figures, write_results


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


_ROWS: list[Figures] = []


@pytest.fixture(scope="session")
def figures() -> Iterator[list[Figures]]:
    """Append a row per scenario; chaos rows are printed and written to RESULTS.md at the end."""
    yield _ROWS
    rows = [r for r in _ROWS if r.scenario.startswith("chaos")]
    if rows:
        text = write_results(rows, "make test-chaos")
        print("\n\n" + text + "\n")
