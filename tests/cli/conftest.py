"""CLI tests run the console script in a subprocess; the emulator runs in this process's thread.

The subprocess does the async work, so these tests need one event loop only: asyncio.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
