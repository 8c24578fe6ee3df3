"""The benchmark harness's smoke mode runs end to end (no timing assertions): `make test` keeps it from rotting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = [
    "rate-bound bulk write",
    "latency-bound listing",
    "client CPU per item",
    "memory while iterating",
    "publish at scale",
    "typed listing CPU per item",
    "live listing via Content Delivery",
]


def test_smoke_run_prints_every_scenario(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--smoke", "--out", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    table = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    assert table, done.stdout
    for name in SCENARIOS:
        assert any(f"| {name} |" in line for line in table), f"{name!r} missing from the table:\n{done.stdout}"
    assert (tmp_path / "latest.md").exists()
    assert (tmp_path / "latest.json").exists()
    assert not (tmp_path / "latest.png").exists()  # the plot needs matplotlib, a bench-only dependency
