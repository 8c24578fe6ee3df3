"""``limiter status``: the rate budget that processes on one token share through Redis.

It reads the shared budget as Redis holds it (the limit in force, the requests
that could be sent now) and takes nothing from it: no API request is sent. It
needs ``--redis-url`` (or ``$WEBFLOW_REDIS_URL``); a Redis that does not answer
is exit 1, each process then keeping its own budget.
"""

from __future__ import annotations

import argparse
from typing import Any

from webflow_cms import AsyncWebflowCMS
from webflow_cms.redis_limiter import TokenBudget

from ..errors import InputError
from ..ui import Output

__all__ = ["add_parser"]


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    text = "show the rate budget shared through Redis (limiter status)"
    parser: argparse.ArgumentParser = commands.add_parser("limiter", parents=[common], help=text, description=text)
    actions = parser.add_subparsers(dest="limiter_action", metavar="ACTION", required=True)
    status = actions.add_parser(
        "status",
        parents=[common],
        help="the shared budget of this token as Redis holds it (takes nothing from it)",
        description="Show the rate budget that every process on this token shares through --redis-url:"
        " the limit in force and the requests that could be sent now. Sends no API request.",
    )
    status.set_defaults(run=_status)


async def _status(wf: AsyncWebflowCMS, out: Output, args: argparse.Namespace) -> int:
    budget = wf.limiter
    if not isinstance(budget, TokenBudget):
        raise InputError(
            "limiter status shows a budget shared through Redis: pass --redis-url or set WEBFLOW_REDIS_URL"
        )
    state = await budget.status()
    where = budget.shared.where
    if not budget.on_redis:
        out.data({"redis": where, "answering": False})
        out.text(f"Redis at {where} does not answer: each process falls back to its own budget")
        return 1
    limit, tokens = state["limit"], state["tokens"]
    out.data({"redis": where, "answering": True, "key": budget.key, "limit": limit, "tokens": tokens})
    source = "configured" if budget.shared.rate_limit is not None else "learned from X-RateLimit-Limit"
    out.text(f"shared budget on Redis at {where} (key {budget.key})")
    out.text(f"  limit:     {limit:g} requests per window ({source})")
    out.text(f"  available: {max(0.0, tokens or 0.0):.1f} requests now")
    return 0
