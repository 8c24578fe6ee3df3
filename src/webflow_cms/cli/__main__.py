"""``webflow-cms``: parse, run the one command asked for, map the outcome to an exit code.

The command's module set what runs it (``commands/__init__.py`` has the rules):
``args.main(args)`` for a standalone command, else ``args.run(wf, out, args)``
on a client made here from the global options, whose shared Redis budget (if
any) is closed after. A bad input is exit 2, an API failure exit 1, an
interruption 130.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import anyio

from webflow_cms import WebflowError

from .errors import EXIT_FAILED, EXIT_USAGE, InputError
from .parser import build_parser
from .session import close_shared_budget, connect
from .ui import Output

__all__ = ["main", "run"]


async def _run_api_command(args: argparse.Namespace) -> int:
    out = Output(json_mode=args.json)
    content_delivery = getattr(args, "content_delivery", False)
    async with connect(args.token, args.base_url, args.rate_limit, args.redis_url, content_delivery) as wf:
        try:
            code: int = await args.run(wf, out, args)
            return code
        finally:
            await close_shared_budget(wf)


def run(argv: list[str] | None = None) -> int:
    """Run the command line; return its exit code."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if getattr(args, "forwards", False):
        args.forwarded = extra
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        validate = getattr(args, "validate", None)
        if validate is not None:
            validate(args)
        standalone = getattr(args, "main", None)
        if standalone is not None:
            code: int = standalone(args)
            return code
        return anyio.run(_run_api_command, args)
    except InputError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except WebflowError as exc:
        _error(str(exc))
        return EXIT_FAILED
    except KeyboardInterrupt:
        _error("interrupted")
        return 130


def _error(message: Any) -> None:
    sys.stderr.write(f"webflow-cms: error: {message}\n")
    sys.stderr.flush()


def main() -> None:
    """Console-script entry point."""
    sys.exit(run())


if __name__ == "__main__":
    main()
