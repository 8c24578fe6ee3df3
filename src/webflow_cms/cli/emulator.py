"""``emulator``: the local emulator's own command line, reached from ``webflow-cms``."""

from __future__ import annotations

import contextlib
import sys

from .errors import EXIT_USAGE

__all__ = ["run_emulator"]


def run_emulator(argv: list[str]) -> int:
    """Serve until interrupted; prints ``{"url", "site_id", "token"}`` once listening (the emulator's token)."""
    try:
        from webflow_cms.emulator.__main__ import main
    except ImportError as exc:
        sys.stderr.write(
            f"webflow-cms: the emulator needs the 'emulator' extra ({exc.name} is missing);"
            " install webflow-cms[emulator]\n"
        )
        return EXIT_USAGE
    with contextlib.suppress(KeyboardInterrupt):
        main(argv)
    return 0
