"""Command line: `python -m webflow_cms.emulator` / `webflow-cms-emulator`."""

from __future__ import annotations

import argparse
import json
import sys

from .app import create_app
from .options import parse_rate_limit, parse_token
from .server import RunningEmulator, bind, run_forever


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="webflow-cms-emulator",
        description="A local, stateful emulator of the Webflow CMS API (Data API v2).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to listen on; 0 picks a free one (default)")
    parser.add_argument("--db", default=":memory:", help="SQLite file to keep state in (default :memory:)")
    parser.add_argument(
        "--token",
        action="append",
        default=[],
        metavar="TOKEN[:SCOPE,...]",
        help="accepted bearer token, optionally with its scopes; repeatable (default: one random full-scope token)",
    )
    parser.add_argument("--rate-limit", default="120/60", metavar="N/SECONDS", help="per-token limit (default 120/60)")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="delay added to every response")
    parser.add_argument("--fault-rate", type=float, default=0.0, help="fraction of writes answered 500/503")
    parser.add_argument("--reset-rate", type=float, default=0.0, help="fraction of requests whose connection drops")
    parser.add_argument("--seed", type=int, default=None, help="seed for reproducible fault and reset injection")
    parser.add_argument(
        "--fail-write",
        action="append",
        default=[],
        metavar="N[:before|after][:500|503|reset]",
        help="fail the Nth write (from 1) on purpose, before or after applying it; repeatable",
    )
    variants = parser.add_argument_group(
        "fidelity variants", "where Webflow's documentation leaves the real answer open, pick one (README: Fidelity)"
    )
    variants.add_argument(
        "--not-found-code",
        choices=("resource_not_found", "item_not_found"),
        default="resource_not_found",
        help="404 code for a missing item (default resource_not_found, as upstream's examples)",
    )
    variants.add_argument(
        "--duplicate-slug",
        choices=("conflict", "suffix"),
        default="conflict",
        help="a create with a taken slug: 409 conflict, or 202 with a suffixed slug (default conflict)",
    )
    variants.add_argument(
        "--create-answer",
        choices=("items", "echo"),
        default="items",
        help="answer to a multi-item create: items with ids, or the request echoed back (default items)",
    )
    variants.add_argument(
        "--bulk-answer",
        choices=("items", "object"),
        default="items",
        help="answer to POST /items/bulk: every locale variant, or one object per item (default items)",
    )
    return parser


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, start listening, print one JSON line, serve until a signal."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        tokens = [parse_token(t) for t in args.token]
        limit = parse_rate_limit(args.rate_limit)
        app = create_app(
            db=args.db,
            tokens=dict(tokens) or None,
            rate_limit=limit,
            latency_ms=args.latency_ms,
            fault_rate=args.fault_rate,
            reset_rate=args.reset_rate,
            seed=args.seed,
            not_found_code=args.not_found_code,
            duplicate_slug=args.duplicate_slug,
            create_answer=args.create_answer,
            bulk_answer=args.bulk_answer,
            faults=args.fail_write,
        )
        sock = bind(args.host, args.port)
    except (ValueError, OSError) as exc:
        parser.error(str(exc))

    def announce(running: RunningEmulator) -> None:
        line = {"url": running.url, "site_id": running.site_id, "token": running.token}
        sys.stdout.write(json.dumps(line) + "\n")
        sys.stdout.flush()

    run_forever(app, sock, announce)


if __name__ == "__main__":
    main()
