"""Scenario 4's child process: iterate a whole collection once and report peak RSS growth.

``python -m benchmarks.memchild CLIENT URL TOKEN COLLECTION_ID`` prints one JSON line.
The peak is reset (``/proc/self/clear_refs``) after imports and client set-up, so the
growth is what the iteration itself needed: peak RSS during the loop minus RSS before it.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time

from webflow_cms import RateLimit

from . import clients


def _status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        return False
    return True


def main(argv: list[str]) -> None:
    client, url, token, collection_id = argv
    if client == "ours":
        run = clients.list_ours(url, token, collection_id, RateLimit(1_000_000, 1))
    elif client == "official":
        run = clients.list_official(url, token, collection_id)
    else:
        run = clients.list_httpx(url, token, collection_id)
    before = _status_kb("VmRSS") or 0
    reset = _reset_peak()
    maxrss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    count = asyncio.run(run)
    wall = time.perf_counter() - start
    peak = _status_kb("VmHWM") if reset else None
    if peak is None:  # no resettable peak: fall back on the lifetime maximum
        peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, maxrss_before)
    print(json.dumps({"count": count, "rss_before_kb": before, "peak_kb": peak, "wall": wall, "reset": reset}))


if __name__ == "__main__":
    main(sys.argv[1:])
