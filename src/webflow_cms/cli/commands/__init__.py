"""The commands of ``webflow-cms``, one module each.

A command module has ``add_parser(commands, common)``: it adds its sub-parser to
``commands`` (with ``parents=[common]`` for the global options) and sets one default:

- ``run``: an API command, ``async run(wf, out, args) -> int``, given a client made
  from the global options and the ``Output`` for ``--json``;
- ``main``: a command that makes its own connections (or none), ``main(args) -> int``.

The parser and the dispatcher read ``COMMANDS``; adding a command is one module and
one line here.
"""

from __future__ import annotations

from types import ModuleType

__all__ = ["COMMANDS"]

COMMANDS: tuple[ModuleType, ...] = ()
