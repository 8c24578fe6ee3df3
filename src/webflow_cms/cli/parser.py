"""The argument parser: the global options, then one sub-parser per command of ``commands.COMMANDS``.

Each command module adds its own sub-parser (its options, help and the function
that runs it); this module only gives every one of them the global options, so
they work before or after the command (``--json status posts`` and ``status
posts --json``).
"""

from __future__ import annotations

import argparse

from webflow_cms import __version__

from .commands import COMMANDS

__all__ = ["build_parser"]


def _global_options(parser: argparse.ArgumentParser, *, defaults: bool) -> None:
    """The options every API command takes; sub-parsers leave them unset so either position works."""

    def default(value: object) -> object:
        return value if defaults else argparse.SUPPRESS

    parser.add_argument(
        "--token", default=default(None), help="API token (default: $WEBFLOW_TOKEN; the environment keeps it out of ps)"
    )
    parser.add_argument(
        "--base-url", default=default(None), help="API base URL (default: $WEBFLOW_BASE_URL or Webflow's)"
    )
    parser.add_argument(
        "--json", action="store_true", default=default(False), help="print one JSON document for scripts"
    )
    parser.add_argument(
        "--rate-limit",
        default=default(None),
        metavar="N/SECONDS",
        help="requests allowed per token, e.g. 120/60 (default: learned from the server's headers)",
    )
    parser.add_argument(
        "--redis-url",
        default=default(None),
        metavar="URL",
        help="share one rate budget with every process on this token through Redis, e.g. redis://host:6379/0"
        " (default: $WEBFLOW_REDIS_URL; without it each process has its own budget)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="webflow-cms",
        description="Import, export, publish and inspect Webflow CMS items.",
        epilog="Exit codes: 0 done; 1 the API refused or some rows failed; 2 a file or option that cannot be used,"
        " nothing sent.",
    )
    parser.add_argument("--version", action="version", version=f"webflow-cms {__version__}")
    _global_options(parser, defaults=True)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, defaults=False)
    for module in COMMANDS:
        module.add_parser(commands, common)
    return parser
