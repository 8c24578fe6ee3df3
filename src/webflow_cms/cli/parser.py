"""The argument parser: global options (before or after the sub-command) and one sub-parser per command."""

from __future__ import annotations

import argparse
from pathlib import Path

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

    def command(name: str, text: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, parents=[common], help=text, description=text)

    listing = command("collections", "list collections with their item counts (or: collections create NAME)")
    listing.add_argument("--site", help="only this site's collections (default: every site the token reaches)")
    actions = listing.add_subparsers(dest="collections_action", metavar="ACTION")
    create = actions.add_parser(
        "create",
        parents=[common],
        help="create a collection from a JSON schema file and/or a CSV header",
        description="Create a collection. Its fields come from --schema (a JSON list of fields) and/or --infer"
        " (a CSV file: one field per column, typed from its cells); name and slug come with every collection.",
    )
    create.add_argument("name", nargs="?", help="display name, e.g. 'Blog Posts' (default: the schema's displayName)")
    create.add_argument("--site", default=argparse.SUPPRESS, help="site id (default: the only site the token reaches)")
    create.add_argument(
        "--singular", help="name of one item (default: NAME in the singular, e.g. Categories -> Category)"
    )
    create.add_argument("--slug", help="collection slug (default: from NAME)")
    create.add_argument(
        "--schema",
        type=Path,
        help='JSON file: [{"displayName": ..., "type": ..., "isRequired": ...}, ...]; other keys are refused',
    )
    create.add_argument("--infer", type=Path, metavar="FILE.csv", help="add a field for each column of this CSV")

    imp = command("import", "create or update items from a JSONL or CSV file (upsert by --key)")
    imp.add_argument("collection", help="collection id, slug or name")
    imp.add_argument(
        "file",
        type=Path,
        help="FILE.jsonl or FILE.csv; rows that did not make it go to FILE.failed.jsonl"
        " (posts.csv: posts.failed.jsonl)",
    )
    imp.add_argument("--key", default="slug", help="field that matches rows with items (default: slug)")
    imp.add_argument("--publish", action="store_true", help="leave every imported item published")
    imp.add_argument("--live", dest="publish", action="store_true", help="same as --publish")
    imp.add_argument("--dry-run", action="store_true", help="check the file and say what would change; write nothing")

    exp = command("export", "write every item to JSONL or CSV, streaming")
    exp.add_argument("collection", help="collection id, slug or name")
    exp.add_argument("--live", action="store_true", help="export the published copies (default: staged)")
    exp.add_argument(
        "--content-delivery",
        nargs="?",
        const=True,
        default=False,
        metavar="URL",
        help="with --live: read through Webflow's Content Delivery host ($WEBFLOW_CDN_URL, else Webflow's;"
        " or URL), where cached pages cost no rate budget",
    )
    exp.add_argument(
        "--format",
        choices=("jsonl", "csv", "webflow-csv"),
        default=None,
        help="webflow-csv: the layout of Webflow's CMS export (display names, Item ID, ...);"
        " default: from -o's extension, else jsonl",
    )
    exp.add_argument("-o", "--output", type=Path, default=None, help="file to write (default: stdout)")

    pub = command("publish", "publish staged items")
    pub.add_argument("collection", help="collection id, slug or name")
    which = pub.add_mutually_exclusive_group(required=True)
    which.add_argument("--all-drafts", action="store_true", help="every item with a change not yet live")
    which.add_argument("--ids", nargs="+", default=[], metavar="ID", help="these items")
    which.add_argument("--slugs", nargs="+", default=[], metavar="SLUG", help="the items with these slugs")

    unpub = command("unpublish", "take items off the live site (they stay staged, as drafts)")
    unpub.add_argument("collection", help="collection id, slug or name")
    off = unpub.add_mutually_exclusive_group(required=True)
    off.add_argument("--all", dest="all_live", action="store_true", help="every live item")
    off.add_argument("--ids", nargs="+", default=[], metavar="ID", help="these items")
    off.add_argument("--slugs", nargs="+", default=[], metavar="SLUG", help="the live items with these slugs")

    stat = command("status", "count items per status and show the oldest unpublished change")
    stat.add_argument("collection", help="collection id, slug or name")

    gen = command("codegen", "write typed Python models of a site's collections, or check them (--check)")
    gen.add_argument("--site", help="site id (default: the site of the --check file, else the only one reachable)")
    target = gen.add_mutually_exclusive_group()
    target.add_argument("-o", "--output", type=Path, default=None, help="module to write (default: stdout)")
    target.add_argument(
        "--check",
        type=Path,
        default=None,
        metavar="FILE",
        help="exit 1 with the changes and a diff when FILE no longer matches the live schema",
    )

    limiter = command("limiter", "show the rate budget shared through Redis (limiter status)")
    limiter_actions = limiter.add_subparsers(dest="limiter_action", metavar="ACTION", required=True)
    limiter_actions.add_parser(
        "status",
        parents=[common],
        help="the shared budget of this token as Redis holds it (takes nothing from it)",
        description="Show the rate budget that every process on this token shares through --redis-url:"
        " the limit in force and the requests that could be sent now. Sends no API request.",
    )

    commands.add_parser(
        "emulator",
        help="run the local Webflow emulator (same flags as webflow-cms-emulator; see `emulator --help`)",
        add_help=False,
    )
    for module in COMMANDS:
        module.add_parser(commands, common)
    return parser
