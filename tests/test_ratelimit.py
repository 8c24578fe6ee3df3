"""TokenBucket, RateLimit and the Limiter protocol, driven by a fake clock."""

from __future__ import annotations

import itertools
import random

import anyio
import anyio.lowlevel
import httpx
import pytest

from support import FakeClock
from webflow_cms import AsyncWebflowCMS, Limiter, RateLimit, TokenBucket
from webflow_cms.ratelimit import DEFAULT_REQUESTS, DEFAULT_WINDOW


def bucket(rate: RateLimit | None, clock: FakeClock, jitter: float = 0.0) -> TokenBucket:
    return TokenBucket(rate, clock=clock.now, sleep=clock.sleep, jitter=jitter)


async def acquire_times(b: TokenBucket, clock: FakeClock, n: int) -> list[float]:
    start = clock.t
    times = []
    for _ in range(n):
        await b.acquire()
        times.append(clock.t - start)
    return times


# ------------------------------------------------------------------ pacing


@pytest.mark.anyio
async def test_burst_up_to_capacity_then_paced() -> None:
    clock = FakeClock()
    b = bucket(RateLimit(5, 1.0), clock)
    times = await acquire_times(b, clock, 8)
    assert times[:5] == [0.0] * 5
    assert times[5:] == pytest.approx([0.2, 0.4, 0.6])


@pytest.mark.anyio
async def test_steady_rate_matches_requests_per_window() -> None:
    clock = FakeClock()
    b = bucket(RateLimit(10, 2.0), clock)  # 5 per second after a burst of 10
    times = await acquire_times(b, clock, 30)
    assert times[9] == 0.0
    assert times[-1] == pytest.approx(20 / 5)
    gaps = [b - a for a, b in itertools.pairwise(times[10:])]
    assert gaps == pytest.approx([0.2] * len(gaps))


@pytest.mark.anyio
async def test_idle_time_refills_but_never_above_capacity() -> None:
    clock = FakeClock()
    b = bucket(RateLimit(4, 1.0), clock)
    await acquire_times(b, clock, 4)
    assert b.tokens == pytest.approx(0.0)
    clock.t += 0.5
    assert b.tokens == pytest.approx(2.0)
    clock.t += 100.0
    assert b.tokens == pytest.approx(4.0)
    # A full burst again, then pacing: the long idle did not bank extra tokens.
    times = await acquire_times(b, clock, 5)
    assert times == pytest.approx([0.0, 0.0, 0.0, 0.0, 0.25])


def test_default_rate_is_lower_plan_limit() -> None:
    b = TokenBucket()
    assert b.rate == RateLimit(DEFAULT_REQUESTS, DEFAULT_WINDOW)
    assert b.tokens == pytest.approx(DEFAULT_REQUESTS)


# ------------------------------------------------------------------ observe


def test_observe_lowers_tokens_to_remaining_minus_in_flight() -> None:
    clock = FakeClock()
    b = bucket(RateLimit(10, 1.0), clock)
    b.observe(None, 7, 2)
    assert b.tokens == pytest.approx(5.0)


def test_observe_never_raises_tokens() -> None:
    clock = FakeClock()
    b = bucket(RateLimit(10, 1.0), clock)
    b.observe(None, 3, 0)
    assert b.tokens == pytest.approx(3.0)
    b.observe(None, 9, 0)
    assert b.tokens == pytest.approx(3.0)
    b.observe(None, 1000, 0)
    assert b.tokens == pytest.approx(3.0)
    b.observe(None, None, 5)
    assert b.tokens == pytest.approx(3.0)


@pytest.mark.anyio
async def test_observed_remaining_delays_the_next_acquires() -> None:
    clock = FakeClock()
    b = bucket(RateLimit(10, 1.0), clock)
    b.observe(None, 2, 0)
    times = await acquire_times(b, clock, 4)
    assert times == pytest.approx([0.0, 0.0, 0.1, 0.2])


def test_observe_can_go_below_zero_when_more_are_in_flight() -> None:
    clock = FakeClock()
    b = bucket(RateLimit(10, 1.0), clock)
    b.observe(None, 1, 3)
    assert b.tokens == pytest.approx(-2.0)


def test_learned_limit_changes_capacity_without_fixed_rate() -> None:
    clock = FakeClock()
    b = bucket(None, clock)
    b.observe(120, None, 0)
    assert b.rate == RateLimit(120, 60.0)
    assert b.tokens == pytest.approx(120.0)
    b.observe(30, None, 0)
    assert b.rate == RateLimit(30, 60.0)
    assert b.tokens <= 30.0


@pytest.mark.anyio
async def test_learned_limit_sets_the_pace() -> None:
    clock = FakeClock()
    b = bucket(None, clock)
    b.observe(120, None, 0)  # 2 per second
    times = await acquire_times(b, clock, 122)
    assert times[119] == 0.0
    assert times[120:] == pytest.approx([0.5, 1.0])


def test_learned_limit_ignored_with_fixed_rate() -> None:
    clock = FakeClock()
    b = bucket(RateLimit(10, 1.0), clock)
    b.observe(120, None, 0)
    assert b.rate == RateLimit(10, 1.0)
    assert b.tokens == pytest.approx(10.0)


@pytest.mark.parametrize("limit", [0, -5])
def test_nonpositive_learned_limit_is_ignored(limit: int) -> None:
    clock = FakeClock()
    b = bucket(None, clock)
    b.observe(limit, None, 0)
    assert b.rate == RateLimit(DEFAULT_REQUESTS, DEFAULT_WINDOW)


# ------------------------------------------------------------------ pause


@pytest.mark.anyio
async def test_pause_blocks_acquire_and_tokens_restart_from_zero() -> None:
    clock = FakeClock()
    b = bucket(RateLimit(10, 1.0), clock)
    b.pause(3.0)
    assert b.tokens == pytest.approx(0.0)
    times = await acquire_times(b, clock, 2)
    # 3 s of pause, then the rate is halved after a 429: one token per 0.2 s instead of 0.1 s.
    assert times == pytest.approx([3.2, 3.4])


@pytest.mark.anyio
async def test_one_congestion_event_halves_the_rate_once_and_a_window_brings_it_back() -> None:
    clock = FakeClock()
    b = bucket(RateLimit(100, 1.0), clock)
    b.pause(2.0)
    clock.advance(0.5)
    b.pause(2.0)  # another request of the same burst: its 429 was earned before the slow-down
    assert b.rate.per == pytest.approx(2.0)  # halved once, not twice
    for _ in range(600):
        b.observe(None, None, 0)
    assert b.rate.per == pytest.approx(2.0)  # answers alone do not bring it back: time does
    clock.advance(2.0)  # the pause (2.5 s from the first 429) is over
    b.observe(None, None, 0)
    clock.advance(0.25)
    b.observe(None, None, 0)
    assert b.rate.requests / b.rate.per == pytest.approx(75.0)  # 50/s + a quarter of 100/s
    clock.advance(0.25)
    b.observe(None, None, 0)
    assert b.rate.per == pytest.approx(1.0)  # back to the configured rate within one window ...
    clock.advance(10.0)
    b.observe(None, None, 0)
    assert b.rate.per == pytest.approx(1.0)  # ... and never above it
    b.observe(5, None, 0)
    assert b.rate.requests == 5  # never burst past the server's own limit


def test_a_429_after_the_pause_is_a_new_congestion_event() -> None:
    clock = FakeClock()
    b = bucket(RateLimit(100, 1.0), clock)
    b.pause(1.0)
    clock.advance(1.0)
    b.pause(1.0)  # at the end of the pause: still the same event
    assert b.rate.per == pytest.approx(2.0)
    clock.advance(2.0 + 1e-6)
    b.pause(1.0)
    assert b.rate.per == pytest.approx(4.0)


@pytest.mark.anyio
async def test_the_pause_carries_jitter_within_a_tenth_of_the_window() -> None:
    resumes = set()
    for seed in range(20):
        clock = FakeClock()
        b = TokenBucket(RateLimit(20, 2.0), clock=clock.now, sleep=clock.sleep, rng=random.Random(seed))
        b.pause(1.0)
        (first,) = await acquire_times(b, clock, 1)
        extra = first - 1.0 - 0.2  # the pause, then one token at the halved 5/s
        assert 0.0 <= extra <= 0.2 + 1e-9
        resumes.add(round(extra, 6))
    assert len(resumes) == 20  # processes that got their 429 together do not resume together


def test_a_learned_limit_recovers_over_webflows_minute() -> None:
    clock = FakeClock()
    b = bucket(None, clock)
    b.observe(120, None, 0)
    b.pause(0.0)
    assert b.rate.requests / b.rate.per == pytest.approx(1.0)  # 2/s halved
    clock.advance(15.0)
    b.observe(None, None, 0)
    assert b.rate.requests / b.rate.per == pytest.approx(1.5)  # a quarter of the minute: a quarter of 2/s back


@pytest.mark.anyio
async def test_pause_blocks_every_concurrent_acquirer() -> None:
    clock = FakeClock()
    b = bucket(RateLimit(10_000, 1.0), clock)
    start = clock.t
    b.pause(2.0)
    done: list[float] = []

    async def worker() -> None:
        await b.acquire()
        done.append(clock.t - start)

    async with anyio.create_task_group() as tg:
        for _ in range(5):
            tg.start_soon(worker)
    assert len(done) == 5
    assert min(done) >= 2.0
    assert max(done) == pytest.approx(2.0, abs=0.01)


@pytest.mark.anyio
async def test_shorter_pause_does_not_shorten_a_longer_one() -> None:
    clock = FakeClock()
    b = bucket(RateLimit(10_000, 1.0), clock)
    b.pause(5.0)
    b.pause(1.0)
    times = await acquire_times(b, clock, 1)
    assert times[0] >= 5.0


def test_pause_does_not_raise_negative_tokens() -> None:
    clock = FakeClock()
    b = bucket(RateLimit(10, 1.0), clock)
    b.observe(None, 0, 2)
    b.pause(1.0)
    assert b.tokens == pytest.approx(-2.0)


# ------------------------------------------------------------------ fairness


@pytest.mark.anyio
async def test_concurrent_acquirers_served_in_arrival_order_at_the_rate() -> None:
    clock = FakeClock()
    b = bucket(RateLimit(2, 1.0), clock)
    start = clock.t
    arrived: list[int] = []
    served: list[tuple[int, float]] = []

    async def worker(n: int) -> None:
        arrived.append(n)  # no checkpoint between this and joining the lock's queue
        await b.acquire()
        served.append((n, clock.t - start))

    async with anyio.create_task_group() as tg:
        for n in range(10):
            tg.start_soon(worker, n)

    assert len(served) == 10
    assert [n for n, _ in served] == arrived
    times = [t for _, t in served]
    assert times == pytest.approx([0.0, 0.0] + [0.5 * k for k in range(1, 9)])
    assert clock.t - start == pytest.approx(4.0)


# ------------------------------------------------------------------ RateLimit


@pytest.mark.parametrize(("requests", "per"), [(0, 60.0), (-1, 60.0), (10, 0), (10, -1.0)])
def test_rate_limit_rejects_nonpositive_values(requests: int, per: float) -> None:
    with pytest.raises(ValueError, match=r"requests|per"):
        RateLimit(requests, per)


def test_rate_limit_defaults_and_converts_per() -> None:
    assert RateLimit(120) == RateLimit(120, 60.0)
    rate = RateLimit(5, 2)
    assert isinstance(rate.per, float)
    assert rate.per == 2.0


# ------------------------------------------------------------------ Limiter protocol


class RecordingLimiter:
    """A user-defined limiter (e.g. shared through Redis): only the three methods."""

    def __init__(self) -> None:
        self.acquired = 0
        self.observed: list[tuple[int | None, int | None, int]] = []
        self.paused: list[float] = []

    async def acquire(self) -> None:
        self.acquired += 1
        await anyio.lowlevel.checkpoint()

    def observe(self, limit: int | None, remaining: int | None, in_flight: int) -> None:
        self.observed.append((limit, remaining, in_flight))

    def pause(self, seconds: float) -> None:
        self.paused.append(seconds)


def test_user_object_satisfies_limiter_protocol() -> None:
    assert isinstance(RecordingLimiter(), Limiter)
    assert isinstance(TokenBucket(), Limiter)
    assert not isinstance(RateLimit(10), Limiter)


@pytest.mark.anyio
async def test_client_uses_user_limiter() -> None:
    limiter = RecordingLimiter()
    answers = [
        httpx.Response(429, headers={"Retry-After": "0", "X-RateLimit-Remaining": "0"}),
        httpx.Response(200, json={"ok": True}, headers={"X-RateLimit-Limit": "120", "X-RateLimit-Remaining": "7"}),
    ]

    def handler(request: httpx.Request) -> httpx.Response:
        return answers.pop(0)

    inner = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    async with AsyncWebflowCMS("tok", rate_limit=limiter, http_client=inner) as wf:
        assert wf.limiter is limiter
        data = await wf.send_json({"method": "get", "url": "/collections/abc/items"})
    await inner.aclose()
    assert data == {"ok": True}
    assert limiter.acquired == 2
    assert limiter.paused == [0.0]
    assert limiter.observed == [(None, 0, 0), (120, 7, 0)]


def test_client_builds_token_bucket_from_rate_limit() -> None:
    wf = AsyncWebflowCMS("tok", rate_limit=RateLimit(100, 10.0))
    assert isinstance(wf.limiter, TokenBucket)
    assert wf.limiter.rate == RateLimit(100, 10.0)
    wf_default = AsyncWebflowCMS("tok")
    assert isinstance(wf_default.limiter, TokenBucket)
    assert wf_default.limiter.rate == RateLimit(DEFAULT_REQUESTS, DEFAULT_WINDOW)


# ------------------------------------------------------------------ edges the pacing must get exactly right


@pytest.mark.anyio
async def test_a_fresh_bucket_is_not_paused_whatever_the_clock_reads() -> None:
    clock = FakeClock(start=0.0)  # time.monotonic() may be this small on a just-booted machine
    b = bucket(RateLimit(5, 1.0), clock)
    assert await acquire_times(b, clock, 5) == [0.0] * 5
    assert clock.sleeps == []


@pytest.mark.anyio
async def test_a_refill_a_hair_short_of_a_token_costs_no_extra_sleep() -> None:
    # At 1 per 0.7 s from 0.0 the float refills land at 0.9999999999999997 tokens and the like:
    # that is a whole token, not a reason to sleep again for a femtosecond.
    clock = FakeClock(start=0.0)
    b = bucket(RateLimit(1, 0.7), clock)
    times = await acquire_times(b, clock, 30)
    assert len(clock.sleeps) == 29  # one sleep per token after the first, no more
    assert times == pytest.approx([0.7 * k for k in range(30)])


@pytest.mark.anyio
@pytest.mark.parametrize(("remaining", "in_flight", "first"), [(0, 2, 0.3), (0, 0, 0.1), (1, 0, 0.0)])
async def test_a_bucket_in_debt_waits_until_the_debt_is_paid(remaining: int, in_flight: int, first: float) -> None:
    clock = FakeClock()
    b = bucket(RateLimit(10, 1.0), clock)
    b.observe(None, remaining, in_flight)  # tokens = remaining - in_flight
    times = await acquire_times(b, clock, 2)
    assert times == pytest.approx([first, first + 0.1])


@pytest.mark.anyio
async def test_half_a_token_is_waited_for_by_its_missing_half() -> None:
    clock = FakeClock()
    b = bucket(RateLimit(10, 1.0), clock)
    b.observe(None, 0, 0)
    clock.advance(0.05)  # half a token grew back
    times = await acquire_times(b, clock, 1)
    assert times == pytest.approx([0.05])


def test_a_learned_limit_of_one_is_learned() -> None:
    b = bucket(None, FakeClock())
    b.observe(1, None, 0)
    assert b.rate == RateLimit(1, 60.0)
    assert b.tokens == pytest.approx(1.0)


def test_a_server_limit_of_one_caps_a_configured_bucket() -> None:
    b = bucket(RateLimit(10, 1.0), FakeClock())
    b.observe(1, None, 0)
    assert b.rate.requests == 1
    assert b.tokens == pytest.approx(1.0)


@pytest.mark.anyio
async def test_a_higher_learned_limit_adds_only_the_difference_to_what_is_left() -> None:
    clock = FakeClock()
    b = bucket(None, clock)  # 60 per minute until told otherwise
    await acquire_times(b, clock, 50)
    assert b.tokens == pytest.approx(10.0)
    b.observe(120, None, 0)
    assert b.tokens == pytest.approx(70.0)  # the 50 spent stay spent
    assert b.rate == RateLimit(120, 60.0)


def test_the_rate_does_not_recover_while_the_pause_lasts() -> None:
    clock = FakeClock()
    b = bucket(RateLimit(10, 1.0), clock)
    b.pause(30.0)
    assert b.rate.per == pytest.approx(2.0)
    b.observe(None, None, 0)  # an answer during the pause neither slows nor speeds the bucket
    assert b.rate.per == pytest.approx(2.0)
    clock.advance(30.0)
    b.observe(None, None, 0)  # the pause just ended: recovery starts now, not at the 429
    assert b.rate.per == pytest.approx(2.0)
    clock.advance(0.25)
    b.observe(None, None, 0)
    assert b.rate.per == pytest.approx(10 / 7.5)


def test_slowing_down_stops_at_a_64th_of_the_configured_rate() -> None:
    clock = FakeClock()
    b = bucket(RateLimit(64, 1.0), clock)
    for _ in range(10):
        b.pause(0.0)
        clock.advance(0.001)  # each a congestion event of its own
    assert b.rate.per == pytest.approx(64.0)


@pytest.mark.anyio
async def test_a_zero_second_pause_only_halves_the_rate() -> None:
    clock = FakeClock()
    b = bucket(RateLimit(10, 1.0), clock)
    b.pause(0.0)
    times = await acquire_times(b, clock, 2)
    assert times == pytest.approx([0.2, 0.4])  # no pause at all, one token per 0.2 s


@pytest.mark.anyio
async def test_a_server_limit_below_the_configured_one_also_slows_the_pace() -> None:
    # Configured for 100 a second, told by the server that its limit is 5: 5 a second, not a burst of 5
    # followed by 100 a second into a wall of 429s.
    clock = FakeClock()
    b = bucket(RateLimit(100, 1.0), clock)
    b.observe(5, 4, 0)
    assert b.rate == RateLimit(5, 1.0)
    times = await acquire_times(b, clock, 6)
    assert times[:4] == [0.0] * 4  # the 4 the server said were left
    assert times[4:] == pytest.approx([0.2, 0.4])


@pytest.mark.anyio
async def test_the_jitter_is_a_share_of_the_window_and_never_shortens_the_pause() -> None:
    extras = []
    for seed in range(20):
        clock = FakeClock()
        b = TokenBucket(RateLimit(100, 10.0), clock=clock.now, sleep=clock.sleep, rng=random.Random(seed), jitter=0.1)
        b.pause(1.0)
        (first,) = await acquire_times(b, clock, 1)
        extras.append(first - 1.0 - 0.2)  # the pause, then one token at the halved 5/s
    assert all(0.0 <= extra <= 1.0 + 1e-9 for extra in extras)  # up to a tenth of the 10 s window
    assert max(extras) > 0.5  # spread over that whole second, not a sliver of it
    for jitter in (0.0, -0.5):
        clock = FakeClock()
        b = TokenBucket(RateLimit(100, 10.0), clock=clock.now, sleep=clock.sleep, rng=random.Random(1), jitter=jitter)
        b.pause(1.0)
        assert await acquire_times(b, clock, 1) == [pytest.approx(1.2)]  # no jitter: the pause and one token


@pytest.mark.anyio
async def test_a_server_limit_of_one_a_minute_is_learned_and_counts_what_was_sent() -> None:
    clock = FakeClock()
    b = bucket(None, clock)
    await b.acquire()
    b.observe(1, None, 0)  # one a minute, and this one was already sent
    assert (b.rate.requests, b.rate.per) == (1, DEFAULT_WINDOW)
    assert await acquire_times(b, clock, 1) == [pytest.approx(60.0)]
    b.observe(0, None, 0)  # not a limit: ignored
    assert (b.rate.requests, b.rate.per) == (1, DEFAULT_WINDOW)
