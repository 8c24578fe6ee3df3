"""``webflow-cms``: parse, run one command on a fresh client, map the outcome to an exit code."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import anyio

from webflow_cms import AsyncWebflowCMS, WebflowError

from .codegen import run_codegen
from .emulator import run_emulator
from .errors import EXIT_FAILED, EXIT_USAGE, InputError
from .exporter import run_export
from .importer import run_import
from .limiter import close_shared_budget, run_limiter_status
from .listing import run_collections
from .parser import build_parser
from .publishing import run_publish, run_unpublish
from .schema import run_create_collection
from .session import connect
from .status import run_status
from .ui import Output

__all__ = ["main", "run"]


async def _dispatch(wf: AsyncWebflowCMS, out: Output, args: argparse.Namespace) -> int:
    command: str = args.command
    run_command = getattr(args, "run", None)
    if run_command is not None:
        code: int = await run_command(wf, out, args)
        return code
    if command == "collections":
        if getattr(args, "collections_action", None) == "create":
            return await run_create_collection(
                wf,
                out,
                args.name,
                site_id=getattr(args, "site", None),
                singular=args.singular,
                slug=args.slug,
                schema=args.schema,
                infer=args.infer,
            )
        return await run_collections(wf, out, args.site)
    if command == "import":
        return await run_import(
            wf, out, args.collection, args.file, key=args.key, publish=args.publish, dry_run=args.dry_run
        )
    if command == "export":
        output = args.output
        fmt = args.format or ("csv" if output is not None and output.suffix.lower() == ".csv" else "jsonl")
        return await run_export(wf, out, args.collection, live=args.live, fmt=fmt, path=output)
    if command == "publish":
        return await run_publish(wf, out, args.collection, ids=args.ids, slugs=args.slugs, all_drafts=args.all_drafts)
    if command == "unpublish":
        return await run_unpublish(wf, out, args.collection, ids=args.ids, slugs=args.slugs, all_live=args.all_live)
    if command == "status":
        return await run_status(wf, out, args.collection)
    if command == "codegen":
        return await run_codegen(wf, out, args.site, output=args.output, check=args.check)
    if command == "limiter":
        return await run_limiter_status(wf, out)
    raise AssertionError(f"unhandled command {command!r}")


async def _run_api_command(args: argparse.Namespace) -> int:
    out = Output(json_mode=args.json)
    content_delivery = getattr(args, "content_delivery", False)
    if content_delivery and not getattr(args, "live", False):
        raise InputError("--content-delivery serves published items only: add --live")
    async with connect(args.token, args.base_url, args.rate_limit, args.redis_url, content_delivery) as wf:
        try:
            return await _dispatch(wf, out, args)
        finally:
            await close_shared_budget(wf)


def run(argv: list[str] | None = None) -> int:
    """Run the command line; return its exit code."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command == "emulator":
        return run_emulator(extra)
    standalone = getattr(args, "main", None)
    if extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
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
