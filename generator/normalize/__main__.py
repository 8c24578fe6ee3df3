"""``python generator/normalize UPSTREAM.yml OUTPUT.yaml`` (or ``python -m normalize`` from generator/).

Run as a folder, Python puts this folder itself first on the path and imports this file outside
its package; the generator/ folder goes there instead, so the package imports as ``normalize``.
"""

from __future__ import annotations

import sys
from pathlib import Path

if not __package__:
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from normalize.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
