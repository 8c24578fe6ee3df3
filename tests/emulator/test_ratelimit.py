"""The per-token token bucket, in isolation (with a fake clock) and over HTTP."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from support import FakeClock
from webflow_cms_emulator import create_app, serve
from webflow_cms_emulator.options import RateLimit, parse_rate_limit
from webflow_cms_emulator.ratelimit import RateLimiter


def test_bucket_starts_full_and_refills_continuously() -> None:
    clock = FakeClock()
    limiter = RateLimiter(RateLimit(4, 2.0), clock)
    assert [limiter.acquire("t")[:2] for _ in range(4)] == [(True, 3), (True, 2), (True, 1), (True, 0)]
    allowed, remaining, retry_after = limiter.acquire("t")
    assert (allowed, remaining, retry_after) == (False, 0, 1)
    clock.advance(0.25)
    assert limiter.remaining("t") == 0
    clock.advance(0.25)
    assert limiter.acquire("t")[:2] == (True, 0)
    clock.advance(100)
    assert limiter.remaining("t") == 4


def test_retry_after_is_whole_seconds_until_one_token() -> None:
    clock = FakeClock()
    limiter = RateLimiter(RateLimit(2, 30.0), clock)
    limiter.acquire("t")
    limiter.acquire("t")
    assert limiter.acquire("t") == (False, 0, 15)
    clock.advance(14.2)
    assert limiter.acquire("t") == (False, 0, 1)
    clock.advance(0.8)
    assert limiter.acquire("t")[0] is True


def test_buckets_are_per_token() -> None:
    limiter = RateLimiter(RateLimit(1, 60.0), FakeClock())
    assert limiter.acquire("a")[0] is True
    assert limiter.acquire("a")[0] is False
    assert limiter.acquire("b")[0] is True


@pytest.mark.parametrize("spec", ["", "x/60", "0/60", "10/0", "-1/5"])
def test_bad_rate_limit_specs(spec: str) -> None:
    with pytest.raises(ValueError, match="rate limit"):
        parse_rate_limit(spec)


@pytest.mark.anyio
async def test_headers_count_down_then_429_with_retry_after(
    make_client: Callable[..., httpx.AsyncClient],
) -> None:
    async with serve(tokens=["a", "b"], rate_limit="3/30") as emu:
        client = make_client(emu.url, "a")
        remaining = []
        for _ in range(3):
            response = await client.get("/sites")
            assert response.status_code == 200
            assert response.headers["X-RateLimit-Limit"] == "3"
            remaining.append(int(response.headers["X-RateLimit-Remaining"]))
        assert remaining == [2, 1, 0]
        limited = await client.get(f"/collections/{'a' * 24}/items")
        assert limited.status_code == 429
        assert limited.json()["code"] == "too_many_requests"
        assert limited.headers["X-RateLimit-Remaining"] == "0"
        assert 9 <= int(limited.headers["Retry-After"]) <= 10
        other = await make_client(emu.url, "b").get(f"/collections/{'a' * 24}/items")
        assert other.status_code == 404
        assert other.headers["X-RateLimit-Remaining"] == "2"
        stats = (await client.get("/_emulator/stats")).json()
        assert stats["rateLimited"] == 1
        assert stats["responses"]["429"] == 1


@pytest.mark.anyio
async def test_bucket_refills_through_the_app(make_client: Callable[..., httpx.AsyncClient]) -> None:
    """The gate takes its tokens from the limiter and answers 429 until one has grown back (on a fake clock)."""
    app = create_app(rate_limit="5/1")
    state = app.state.emulator
    clock = FakeClock()
    state.limiter = RateLimiter(state.limiter.limit, clock)
    client = make_client("http://emulator.test/v2", state.token, transport=httpx.ASGITransport(app=app))
    statuses = [(await client.get("/sites")).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    clock.advance(0.19)
    limited = await client.get("/sites")
    assert limited.status_code == 429  # not a whole token yet
    assert limited.headers["Retry-After"] == "1"
    clock.advance(0.02)
    response = await client.get("/sites")
    assert response.status_code == 200
    assert response.headers["X-RateLimit-Remaining"] == "0"
    state.db.close()
