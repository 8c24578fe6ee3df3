"""`make test-stress`: pytest with every core kept busy by CPU burners, to show no test depends on speed.

The burners are plain busy loops, one per core, started here and stopped here (and each stops by itself
after ``--burn-limit`` seconds whatever happens). The pytest run is repeated ``--runs`` times; the
result is "passed N of M runs", and the exit code is 1 unless every run passed.

    python scripts/stress.py --runs 10 -- -q -m "not chaos" tests/engine tests/http   # pytest's arguments after --
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BURN = "import time\nend = time.monotonic() + {limit}\nwhile time.monotonic() < end:\n    pass\n"


def start_burners(count: int, limit: float) -> list[subprocess.Popen[bytes]]:
    command = [sys.executable, "-c", BURN.format(limit=limit)]
    return [subprocess.Popen(command) for _ in range(count)]  # noqa: S603 - this interpreter, our own code


def stop_burners(burners: list[subprocess.Popen[bytes]]) -> None:
    for burner in burners:
        burner.terminate()
    for burner in burners:
        try:
            burner.wait(timeout=10)
        except subprocess.TimeoutExpired:
            burner.kill()
            burner.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1, help="pytest runs under load (default 1)")
    parser.add_argument("--burners", type=int, default=os.cpu_count() or 2, help="busy loops (default: one per core)")
    parser.add_argument("--burn-limit", type=float, default=3600.0, help="seconds after which a burner stops anyway")
    parser.add_argument("--run-timeout", type=float, default=1200.0, help="seconds one pytest run may take")
    parser.add_argument("pytest_args", nargs="*", help="arguments for pytest (after --)")
    args = parser.parse_args()

    passed = 0
    burners = start_burners(args.burners, args.burn_limit)
    print(f"{len(burners)} CPU burners running (pids {', '.join(str(b.pid) for b in burners)})", flush=True)
    try:
        for run in range(1, args.runs + 1):
            started = time.monotonic()
            command = [sys.executable, "-m", "pytest", *args.pytest_args]
            try:
                done = subprocess.run(command, cwd=ROOT, timeout=args.run_timeout, check=False)  # noqa: S603
                code = done.returncode
            except subprocess.TimeoutExpired:
                code = -1
            passed += code == 0
            outcome = "passed" if code == 0 else f"FAILED (exit {code})"
            print(f"stress run {run}/{args.runs}: {outcome} in {time.monotonic() - started:.0f} s", flush=True)
    finally:
        stop_burners(burners)
    print(f"passed {passed} of {args.runs} runs with {len(burners)} cores busy")
    return 0 if passed == args.runs else 1


if __name__ == "__main__":
    sys.exit(main())
