"""The one error the command line raises itself, and its exit codes."""

from __future__ import annotations

#: Everything asked for was done.
EXIT_OK = 0
#: The API refused the call, or some items failed (they are reported, and for imports kept in a file).
EXIT_FAILED = 1
#: The input was wrong; nothing was sent.
EXIT_USAGE = 2


class InputError(Exception):
    """Bad input found before anything was written: one line saying where and how to fix it."""
