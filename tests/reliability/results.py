"""`make test-chaos`, after the tests: the chaos rows they wrote to build/ become tests/reliability/RESULTS.md.

python tests/reliability/results.py [ROWS]   # default build/reliability/figures.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: reliability._harness, support

from reliability._harness import RESULTS, ROWS, read_rows, write_results


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else ROWS
    rows = [row for row in read_rows(source) if row.scenario.startswith("chaos")]
    if not rows:
        print(f"no chaos rows in {source}: run `pytest -m chaos tests/reliability` first", file=sys.stderr)
        return 1
    names = [row.scenario for row in rows]
    if len(set(names)) != len(names):
        print(f"a scenario appears twice in {source}: {names}", file=sys.stderr)
        return 1
    print(write_results(rows, "make test-chaos"))
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
