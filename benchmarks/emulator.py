"""The emulator as a subprocess on 127.0.0.1, plus setup helpers that bypass the clients under test.

Two tokens are configured: ``token`` is the one the clients under test use, ``admin`` is used for
setup (collections, seeding) so setup never spends the benchmarked token's rate-limit budget.
The store is an SQLite file on tmpfs so that results can be checked without going through the
(rate-limited) API.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from typing import Any

import anyio
import httpx

FIELDS = [
    {"displayName": "Summary", "slug": "summary", "type": "PlainText", "isRequired": False},
    {"displayName": "Rank", "slug": "rank", "type": "Number", "isRequired": False},
    {"displayName": "Featured", "slug": "featured", "type": "Switch", "isRequired": False},
]

#: tmpfs, so the emulator's SQLite file costs no disk I/O; mkdtemp makes a private folder inside it.
_SHM = "/dev/shm"  # noqa: S108


def doc(prefix: str, n: int) -> dict[str, Any]:
    """One item to create: a name, a unique slug and a few custom fields."""
    return {
        "fieldData": {
            "name": f"Post {prefix} {n}",
            "slug": f"{prefix}-{n}",
            "summary": f"Summary of post {n}, a sentence of ordinary length for a blog listing.",
            "rank": n,
            "featured": n % 7 == 0,
        }
    }


class Emulator:
    """``python -m webflow_cms_emulator`` in a child process; use as a context manager."""

    def __init__(self, *, rate_limit: str = "1000000/1", latency_ms: float = 0.0) -> None:
        self.rate_limit = rate_limit
        self.latency_ms = latency_ms
        self.token = "bench_" + secrets.token_hex(8)
        self.admin = "admin_" + secrets.token_hex(8)
        base = _SHM if os.path.isdir(_SHM) and os.access(_SHM, os.W_OK) else None
        self._dir = tempfile.mkdtemp(prefix="wf-bench-", dir=base)
        self.db_path = os.path.join(self._dir, "emulator.sqlite")
        self._proc: subprocess.Popen[str] | None = None
        self.url = ""
        self.site_id = ""

    def __enter__(self) -> Emulator:
        cmd = [
            sys.executable,
            "-m",
            "webflow_cms_emulator",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--db",
            self.db_path,
            "--rate-limit",
            self.rate_limit,
            "--latency-ms",
            str(self.latency_ms),
            "--token",
            self.token,
            "--token",
            self.admin,
        ]
        self._proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)  # noqa: S603 - our own argv
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline()
        if not line:
            self.__exit__(None, None, None)
            raise RuntimeError("the emulator exited before announcing its address")
        info = json.loads(line)
        self.url, self.site_id = info["url"], info["site_id"]
        if not self.url.startswith("http://127.0.0.1:"):
            raise RuntimeError(f"emulator is not on loopback: {self.url}")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._proc is not None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(timeout=10)
            self._proc = None
        shutil.rmtree(self._dir, ignore_errors=True)

    @property
    def pid(self) -> int:
        assert self._proc is not None
        return self._proc.pid

    def admin_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(headers={"Authorization": f"Bearer {self.admin}"}, timeout=60)

    async def create_collection(self, slug: str) -> str:
        async with self.admin_client() as http:
            body = {"displayName": slug.title(), "singularName": slug.title(), "slug": slug, "fields": FIELDS}
            response = await self._retrying(http, "POST", f"{self.url}/sites/{self.site_id}/collections", body)
            return str(response.json()["id"])

    async def seed(self, collection_id: str, count: int, prefix: str = "seed", concurrency: int = 4) -> None:
        """Create ``count`` items with plain httpx under the admin token, 100 per request."""
        chunks = [range(start, min(start + 100, count)) for start in range(0, count, 100)]
        url = f"{self.url}/collections/{collection_id}/items"
        async with self.admin_client() as http:
            limiter = anyio.Semaphore(concurrency)

            async def one(numbers: range) -> None:
                async with limiter:
                    await self._retrying(http, "POST", url, {"items": [doc(prefix, n) for n in numbers]})

            async with anyio.create_task_group() as tg:
                for numbers in chunks:
                    tg.start_soon(one, numbers)

    async def item_ids(self, collection_id: str) -> list[str]:
        return [
            row[0] for row in self._query("SELECT item_id FROM staged_items WHERE collection_id = ?", collection_id)
        ]

    def slug_counts(self, collection_id: str) -> tuple[int, int]:
        """(items, distinct slugs) the server holds for a collection, read from its SQLite file."""
        rows = self._query(
            "SELECT COUNT(*), COUNT(DISTINCT slug) FROM staged_items WHERE collection_id = ?", collection_id
        )
        return int(rows[0][0]), int(rows[0][1])

    def live_count(self, collection_id: str) -> int:
        rows = self._query("SELECT COUNT(*) FROM live_items WHERE collection_id = ?", collection_id)
        return int(rows[0][0])

    def _query(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        conn = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=30)
        try:
            return list(conn.execute(sql, args).fetchall())
        finally:
            conn.close()

    async def stats(self) -> dict[str, Any]:
        """The emulator's request counters (not rate limited)."""
        async with httpx.AsyncClient(headers={"Authorization": f"Bearer {self.token}"}, timeout=30) as http:
            response = await http.get(f"{self.url}/_emulator/stats")
            response.raise_for_status()
            data: dict[str, Any] = response.json()
            return data

    async def token_stats(self) -> dict[str, Any]:
        """Counters of the benchmarked token only."""
        from webflow_cms_emulator.options import token_label

        data = await self.stats()
        empty: dict[str, Any] = {"requests": 0, "rateLimited": 0, "responses": {}}
        result: dict[str, Any] = data.get("tokens", {}).get(token_label(self.token), empty)
        return result

    async def _retrying(self, http: httpx.AsyncClient, method: str, url: str, body: Any) -> httpx.Response:
        for _ in range(100):  # bounded: setup is never rate limited for long
            response = await http.request(method, url, json=body)
            if response.status_code == 429:
                await anyio.sleep(float(response.headers.get("retry-after", "1")))
                continue
            response.raise_for_status()
            return response
        raise RuntimeError(f"{method} {url} kept answering 429")
