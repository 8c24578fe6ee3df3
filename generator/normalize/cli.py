"""The items part alone, from a command line: ``python generator/normalize UPSTREAM.yml OUTPUT.yaml``.

A quick look at what the pass makes of one items file, without the other parts or the client
generator; ``make generate`` (generator/generate.py) is the full pipeline.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .cleanup import iter_operations
from .common import dump, load
from .items import normalize


def main(argv: list[str], echo: Callable[[str], None] = print) -> int:
    """Normalize the items file ``argv[0]`` into ``argv[1]``; 2 on a wrong argument count."""
    if len(argv) != 2:
        echo("usage: python generator/normalize UPSTREAM.yml OUTPUT.yaml")
        return 2
    source, target = (Path(a) for a in argv)
    doc = normalize(load(source))
    target.write_text(dump(doc), encoding="utf-8")
    ops = sum(1 for _ in iter_operations(doc))
    echo(f"normalize: {ops} operations, {len(doc['components']['schemas'])} schemas -> {target}")
    return 0
