"""The commands of ``webflow-cms``, one module each, named as the command (``import_`` for ``import``).

A command module has ``add_parser(commands, common)``: it adds its sub-parser to
``commands`` (with ``parents=[common]`` for the global options) and sets one default:

- ``run``: an API command, ``async run(wf, out, args) -> int``, given a client made
  from the global options and the ``Output`` for ``--json``;
- ``main``: a command that makes its own connections (or none), ``main(args) -> int``.

A command with actions (``collections create``, ``limiter status``) sets ``run`` on
each action's sub-parser: the one given wins. Two more defaults, when needed:

- ``validate``: ``validate(args) -> None``, called before any client is made, raises
  ``InputError`` for options that cannot go together (``export --content-delivery``
  without ``--live``);
- ``forwards=True``: the arguments argparse does not know are not an error but go to
  ``args.forwarded``, in order, for a command that hands them to another program
  (``emulator``).

The code a command shares with others, or that is large enough to read on its own,
lives beside this package in ``cli/`` (``session``, ``ui``, ``rows``, ``import_checks``...).
The parser and the dispatcher read ``COMMANDS``; adding a command is one module and
one line here. Its place in ``COMMANDS`` is its place in ``webflow-cms --help``.
"""

from __future__ import annotations

from types import ModuleType

from . import (
    codegen,
    collections,
    emulator,
    export,
    import_,
    limiter,
    mcp,
    publish,
    status,
    sync,
    unpublish,
)

__all__ = ["COMMANDS"]

COMMANDS: tuple[ModuleType, ...] = (
    collections,
    import_,
    sync,
    export,
    publish,
    unpublish,
    status,
    codegen,
    limiter,
    emulator,
    mcp,
)
