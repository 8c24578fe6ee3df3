"""Retry-After parsing, which requests are safe to repeat, and backoff bounds."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import format_datetime

import pytest

from webflow_cms import RetryPolicy
from webflow_cms.retry import is_idempotent

NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)


def http_date(when: datetime) -> str:
    return format_datetime(when, usegmt=True)


# ------------------------------------------------------------------ idempotency


@pytest.mark.parametrize(
    ("method", "repeatable", "expected"),
    [
        ("GET", False, True),
        ("get", False, True),
        ("HEAD", False, True),
        ("OPTIONS", False, True),
        ("PUT", False, True),
        ("PATCH", False, True),
        ("DELETE", False, True),
        ("POST", False, False),
        ("POST", True, True),  # publish: its builder marks it
        ("post", True, True),
        ("CONNECT", True, False),  # only a POST can be marked
    ],
)
def test_is_idempotent(method: str, repeatable: bool, expected: bool) -> None:
    assert is_idempotent(method, repeatable=repeatable) is expected


def test_a_path_alone_never_makes_a_post_repeatable() -> None:
    assert is_idempotent("POST") is False


@pytest.mark.parametrize(("failures", "safe", "expected"), [(0, True, True), (2, True, True), (3, True, False)])
def test_should_retry_counts_failures_against_max_retries(failures: int, safe: bool, expected: bool) -> None:
    assert RetryPolicy(max_retries=3).should_retry(failures, safe=safe) is expected


@pytest.mark.parametrize("failures", [0, 1])
def test_should_retry_never_repeats_an_unsafe_request(failures: int) -> None:
    assert RetryPolicy(max_retries=3).should_retry(failures, safe=False) is False


def test_no_retries_when_max_retries_is_zero() -> None:
    assert RetryPolicy(max_retries=0).should_retry(0, safe=True) is False


# ------------------------------------------------------------------ backoff


def test_backoff_within_equal_jitter_bounds_and_doubling() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=8.0)
    rng = random.Random(1234)
    for attempt in range(1, 12):
        ceiling = min(8.0, 0.5 * 2 ** (attempt - 1))
        samples = [policy.backoff(attempt, rng) for _ in range(200)]
        assert all(ceiling / 2 <= s <= ceiling for s in samples), attempt
        # Jitter really spreads the delays over the upper half.
        assert min(samples) < ceiling * 0.55
        assert max(samples) > ceiling * 0.95


def test_backoff_ceiling_doubles_then_caps() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=10.0)
    # The lower bound (ceiling / 2) is reached by the smallest of many samples.
    rng = random.Random(7)
    lows = [min(policy.backoff(a, rng) for _ in range(500)) for a in range(1, 8)]
    assert lows == pytest.approx([0.5, 1.0, 2.0, 4.0, 5.0, 5.0, 5.0], abs=0.05)
    highs = [max(policy.backoff(a, rng) for _ in range(500)) for a in range(1, 8)]
    assert highs == pytest.approx([1.0, 2.0, 4.0, 8.0, 10.0, 10.0, 10.0], abs=0.05)
    assert policy.backoff(200, rng) <= 10.0


def test_backoff_attempt_zero_counts_as_first() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=8.0)
    assert 0.25 <= policy.backoff(0, random.Random(1)) <= 0.5


def test_backoff_is_reproducible_with_a_seed() -> None:
    policy = RetryPolicy()
    a = [policy.backoff(n, random.Random(42)) for n in range(1, 6)]
    b = [policy.backoff(n, random.Random(42)) for n in range(1, 6)]
    assert a == b


def test_backoff_without_rng_is_still_bounded() -> None:
    policy = RetryPolicy(base_delay=0.2, max_delay=1.0)
    assert 0.1 <= policy.backoff(1) <= 0.2


def test_retry_policy_rejects_negative_retries() -> None:
    with pytest.raises(ValueError, match="max_retries"):
        RetryPolicy(max_retries=-1)
    assert RetryPolicy(max_retries=0).max_retries == 0
