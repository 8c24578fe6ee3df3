"""Command line: `python -m webflow_cms_emulator` / `webflow-cms-emulator`."""

from __future__ import annotations

import argparse
import json
import sys

from .app import create_app
from .options import parse_rate_limit, parse_token
from .server import RunningEmulator, bind, run_forever

#: The fidelity variants: flag, choices (the first is the default), what it picks.
_VARIANTS = (
    ("--not-found-code", ("resource_not_found", "item_not_found"), "404 code for a missing item or collection"),
    ("--duplicate-slug", ("conflict", "suffix"), "a create with a taken slug: 409, or 202 with a suffixed slug"),
    ("--create-answer", ("items", "echo"), "answer to a multi-item create: items with ids, or the request echoed"),
    ("--bulk-answer", ("items", "object"), "answer to POST /items/bulk: every locale variant, or one object per item"),
    ("--number-validations", ("enforce", "ignore"), "a Number value breaking its field's validations: 400, or stored"),
    ("--date-bounds", ("inclusive", "exclusive"), "list date filters ([gte]/[lte]): keep an item stamped on the bound"),
    ("--insert-status", ("202", "200"), "status of a Create Items answer (POST /items/insert)"),
)


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
        "--site-publish-interval",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="least time between two publishes of a site, else 429 (default 60, Webflow's once a minute)",
    )
    parser.add_argument(
        "--cdn-cache-seconds",
        type=float,
        default=300.0,
        metavar="SECONDS",
        help="how long the Content Delivery prefix (/cdn/v2) keeps an answer (default 300; Enterprise plans: 120)",
    )
    parser.add_argument(
        "--fail-write",
        action="append",
        default=[],
        metavar="N[:before|after][:500|503|reset]",
        help="fail the Nth write (from 1) on purpose, before or after applying it; repeatable",
    )
    variants = parser.add_argument_group(
        "fidelity variants",
        "where Webflow's documentation leaves the real answer open, pick one (docs/guides/emulator.md: Fidelity)",
    )
    for flag, choices, text in _VARIANTS:
        variants.add_argument(flag, choices=choices, default=choices[0], help=f"{text} (default {choices[0]})")
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
            **{flag[2:].replace("-", "_"): getattr(args, flag[2:].replace("-", "_")) for flag, _, _ in _VARIANTS},
            faults=args.fail_write,
            site_publish_interval=args.site_publish_interval,
            cdn_cache_seconds=args.cdn_cache_seconds,
        )
        sock = bind(args.host, args.port)
    except (ValueError, OSError) as exc:
        parser.error(str(exc))

    def announce(running: RunningEmulator) -> None:
        line = {"url": running.url, "cdn_url": running.cdn_url, "site_id": running.site_id, "token": running.token}
        sys.stdout.write(json.dumps(line) + "\n")
        sys.stdout.flush()

    run_forever(app, sock, announce)


if __name__ == "__main__":
    main()
