"""The one error the command line raises itself, and its exit codes."""

from __future__ import annotations

#: Everything asked for was done.
EXIT_OK = 0
#: The API refused the call, or some items failed (they are reported, and for imports kept in a file).
EXIT_FAILED = 1
#: The command or its input could not be used (an import file that cannot be read as rows); nothing was sent.
#: A file whose rows can be read is imported row by row: its bad rows fail alone (EXIT_FAILED).
EXIT_USAGE = 2


class InputError(Exception):
    """Bad input found before anything was written: one line saying where and how to fix it."""
