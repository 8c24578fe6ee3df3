"""When a failed request may be sent again, and how long to wait first.

Webflow has no idempotency keys. A 429 means the request was not processed, so
any method is retried after ``Retry-After``. A 5xx, a timeout or a dropped
connection leaves a write's fate unknown: only requests that give the same
result when repeated (GET, PATCH, DELETE, and a POST its builder marked
``REPEATABLE``, such as publish) are re-sent. Creates are never re-sent
blindly: the items layer looks up what exists first, then asks the same
policy whether another round is allowed.
"""

from __future__ import annotations

import random

import attrs

__all__ = ["REPEATABLE", "RetryPolicy", "is_idempotent"]

#: Request extension set (to True) on a POST that has the same effect when sent twice.
REPEATABLE = "webflow_cms.repeatable"

_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"})


def is_idempotent(method: str, *, repeatable: bool = False) -> bool:
    """True when sending the request twice has the same effect as once.

    ``repeatable`` is the request builder's word for a POST that is safe to repeat
    (publishing an item that is already published publishes it again: no duplicate).
    """
    return method.upper() in _IDEMPOTENT_METHODS or (repeatable and method.upper() == "POST")


@attrs.frozen
class RetryPolicy:
    """How many times to retry and how to space the attempts.

    ``max_retries`` counts re-sends after the first attempt. Backoff doubles from
    ``base_delay`` up to ``max_delay`` with "equal jitter" (half fixed, half
    random) so tasks that failed together do not retry together. A
    ``Retry-After`` longer than ``max_retry_after`` is not waited out: the
    caller gets a ``RateLimitError`` carrying it.
    """

    max_retries: int = attrs.field(default=4, validator=attrs.validators.ge(0))
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 120.0

    def should_retry(self, failures: int, *, safe: bool) -> bool:
        """Whether to send again after ``failures`` failed attempts (or rounds).

        ``safe`` says a repeat cannot do the work twice: the method is idempotent, the
        request never left, or (for creates) a lookup showed the items do not exist.
        """
        return safe and failures < self.max_retries

    def backoff(self, attempt: int, rng: random.Random | None = None) -> float:
        """Delay before re-send number ``attempt`` (1-based)."""
        ceiling = min(self.max_delay, self.base_delay * 2.0 ** max(0, attempt - 1))
        jitter: float = (rng or random).uniform(0, ceiling / 2)
        return ceiling / 2 + jitter
