"""Waiting out the 429s the SDK hands back, so none reaches the agent.

The SDK's transport already waits out a 429 (``Retry-After``) a few times. It gives up,
raising ``RateLimitError``, when Webflow asks for a wait longer than its policy allows
(two minutes by default) or keeps refusing. An agent can do nothing better with that
than wait, so the server waits for it: ``call`` runs a tool's work again after the
``Retry-After`` the error carries, a few rounds at most, and logs each wait to stderr.
A 429 means the request was not processed, so sending it again never doubles a write.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

import anyio

from webflow_cms import RateLimitError

__all__ = ["Patience"]

log = logging.getLogger("webflow_cms.mcp")
T = TypeVar("T")
#: The wait when Webflow's 429 does not say how long (its documented window is a minute).
DEFAULT_WAIT = 60.0


class Patience:
    """Runs work again after a ``RateLimitError``'s wait, up to ``rounds`` times."""

    def __init__(
        self,
        *,
        rounds: int = 3,
        max_wait: float = 600.0,
        sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
    ) -> None:
        self.rounds = rounds
        self.max_wait = max_wait
        self._sleep = sleep

    async def wait(self, error: RateLimitError, what: str) -> None:
        """Sleep for what the error asks (at most ``max_wait``), saying so on stderr."""
        seconds = min(self.max_wait, error.retry_after if error.retry_after is not None else DEFAULT_WAIT)
        log.warning("%s: Webflow asked to wait (429); waiting %.0fs before trying again", what, seconds)
        await self._sleep(seconds)

    async def call(self, work: Callable[[], Awaitable[T]], what: str) -> T:
        for _ in range(self.rounds):
            try:
                return await work()
            except RateLimitError as error:
                await self.wait(error, what)
        return await work()
