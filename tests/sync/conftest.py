"""Sync tests run against the emulator (a real HTTP server in this process's thread).

``env`` gives each test a fresh "Blog Posts" collection on the module's emulator and a ledger path in
the test's folder. The tests run under asyncio; test_basics.py runs its first test under trio too.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import Emulated, create_collection
from sync._harness import Env
from webflow_cms_emulator import RunningEmulator, serving

_numbers = itertools.count(1)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def running() -> Iterator[RunningEmulator]:
    with serving(rate_limit="1000000/1") as emu:
        yield emu


@pytest.fixture
async def env(running: RunningEmulator, tmp_path: Path) -> Env:
    slug = f"posts-{next(_numbers)}"
    collection_id = await create_collection(running.url, running.token, running.site_id, slug)
    return Env(Emulated(running.url, running.token, running.site_id, collection_id), tmp_path / "ledger.sqlite3")
