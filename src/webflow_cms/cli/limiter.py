"""``limiter status``: the rate budget that processes on one token share through Redis."""

from __future__ import annotations

from webflow_cms import AsyncWebflowCMS
from webflow_cms.redis_limiter import TokenBudget

from .errors import InputError
from .ui import Output

__all__ = ["close_shared_budget", "run_limiter_status"]


async def run_limiter_status(wf: AsyncWebflowCMS, out: Output) -> int:
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


async def close_shared_budget(wf: AsyncWebflowCMS) -> None:
    """Close the Redis connection a command opened for its budget."""
    if isinstance(wf.limiter, TokenBudget):
        await wf.limiter.shared.aclose()
