"""Starting the local emulator from the command line, with or without its extra installed.

Two ways in: ``webflow-cms emulator ...`` (``commands/emulator.py``) and the
``webflow-cms-emulator`` script (``console_main``, which pyproject.toml names).
Without the ``emulator`` extra (starlette, uvicorn) both say so in one line,
exit 2. The script's path does not go through the command registry, so it
starts without loading the CLI's commands or their extras.
"""

from __future__ import annotations

import contextlib
import sys

from .errors import EXIT_USAGE

__all__ = ["console_main", "run_emulator"]


def run_emulator(argv: list[str], prog: str = "webflow-cms") -> int:
    """Serve until interrupted; prints ``{"url", "site_id", "token"}`` once listening (the emulator's token)."""
    try:
        from webflow_cms_emulator.__main__ import main
    except ImportError as exc:
        missing = (exc.name or "a module").split(".")[0]
        sys.stderr.write(
            f"{prog}: error: the emulator needs the 'emulator' extra ({missing} is not installed);"
            " run: pip install 'webflow-cms[emulator]'\n"
        )
        return EXIT_USAGE
    with contextlib.suppress(KeyboardInterrupt):
        main(argv)
    return 0


def console_main() -> None:
    """Entry point for ``webflow-cms-emulator`` that needs only the core package to start."""
    sys.exit(run_emulator(sys.argv[1:], prog="webflow-cms-emulator"))
