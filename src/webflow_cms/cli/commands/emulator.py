"""``emulator``: the local Webflow emulator, reached from ``webflow-cms`` with the emulator's own flags.

Everything after ``emulator`` goes to the emulator's command line as it is
(``--help`` too), so the sub-parser declares nothing and asks ``__main__`` to
hand it the arguments it does not know (``forwards``). Starting the emulator,
and saying in one line when its extra is missing, is ``cli/emulator.py``, which
the ``webflow-cms-emulator`` script shares.
"""

from __future__ import annotations

import argparse
from typing import Any

from ..emulator import run_emulator

__all__ = ["add_parser"]


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser: argparse.ArgumentParser = commands.add_parser(
        "emulator",
        help="run the local Webflow emulator (same flags as webflow-cms-emulator; see `emulator --help`)",
        add_help=False,
    )
    parser.set_defaults(main=_main, forwards=True)


def _main(args: argparse.Namespace) -> int:
    forwarded: list[str] = args.forwarded
    return run_emulator(forwarded)
