"""RedisLimiter against a real redis-server: one budget per token, shared by every worker.

Workers are separate ``RedisLimiter`` objects (as separate processes would build), each with its own
connection. Time is a fake clock handed to the script in place of Redis's own, so waits are exact.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import anyio
import pytest
import redis
import trio

from support import by_slug, emulated, post
from support.clock import FakeClock
from support.redis import RedisServer, redis_server
from webflow_cms import AsyncWebflowCMS, RateLimit, RedisLimiter
from webflow_cms.redis_limiter import KEY_PREFIX, TokenBudget, budget_key

TOKEN = "wf-token-for-redis-tests-0123456789"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"  # redis-py's client is asyncio-based; trio is refused (tested below)


@pytest.fixture(scope="module")
def server() -> Iterator[RedisServer]:
    with redis_server() as running:
        yield running


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def budget(server: RedisServer, clock: FakeClock, rate: RateLimit | None, token: str = TOKEN) -> TokenBudget:
    """One worker: its own RedisLimiter (its own connection), on the fake clock."""
    limiter = RedisLimiter(server.url, rate, clock=clock.now, sleep=clock.sleep)
    shared = limiter.for_token(token)
    assert isinstance(shared, TokenBudget)
    return shared


@pytest.fixture(autouse=True)
def _empty(server: RedisServer) -> None:
    redis.Redis.from_url(server.url).flushdb()


async def waited(worker: TokenBudget, clock: FakeClock) -> float:
    start = clock.t
    await worker.acquire()
    return round(clock.t - start, 6)


# ------------------------------------------------------------------ one budget per token


@pytest.mark.anyio
async def test_workers_on_one_token_share_one_budget(server: RedisServer, clock: FakeClock) -> None:
    a, b = budget(server, clock, RateLimit(4, 1.0)), budget(server, clock, RateLimit(4, 1.0))
    # The burst of 4 less the one token kept in reserve, split between them ...
    assert [await waited(w, clock) for w in (a, b, a)] == [0.0] * 3
    assert await waited(b, clock) == 0.25  # ... then one slot every 0.25 s, whoever asks
    assert await waited(a, clock) == 0.25
    assert a.on_redis
    assert b.on_redis


@pytest.mark.anyio
async def test_different_tokens_never_share(server: RedisServer, clock: FakeClock) -> None:
    a = budget(server, clock, RateLimit(4, 1.0), token="token-one")
    b = budget(server, clock, RateLimit(4, 1.0), token="token-two")
    assert [await waited(a, clock) for _ in range(3)] == [0.0] * 3
    assert [await waited(b, clock) for _ in range(3)] == [0.0] * 3
    assert await waited(a, clock) == 0.25


@pytest.mark.anyio
async def test_the_key_is_a_hash_of_the_token_never_the_token(server: RedisServer, clock: FakeClock) -> None:
    await budget(server, clock, RateLimit(4, 1.0)).acquire()
    keys = [key.decode() for key in redis.Redis.from_url(server.url).keys("*")]
    assert keys == [budget_key(TOKEN)]
    assert keys[0].startswith(KEY_PREFIX)
    assert TOKEN not in keys[0]
    assert budget_key("another token") != keys[0]


def test_the_redis_password_never_appears_in_messages() -> None:
    limiter = RedisLimiter("redis://:s3cret-pass@127.0.0.1:6390/2")
    assert limiter.where == "127.0.0.1:6390/2"
    assert "s3cret" not in repr(limiter)
    assert "s3cret" not in repr(limiter.for_token(TOKEN))
    assert TOKEN not in repr(limiter.for_token(TOKEN))


@pytest.mark.anyio
async def test_concurrent_workers_get_distinct_slots_in_order(server: RedisServer, clock: FakeClock) -> None:
    # The clock stands still and sleeps only record: every slot handed out must be a new one.
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(round(seconds, 6))

    workers = []
    for _ in range(3):
        limiter = RedisLimiter(server.url, RateLimit(4, 1.0), clock=clock.now, sleep=record)
        workers.append(limiter.for_token(TOKEN))
    async with anyio.create_task_group() as tg:
        for worker in workers:
            for _ in range(10):
                tg.start_soon(worker.acquire)
    # 3 at once (one token in reserve), then 27 slots 0.25 s apart: no two workers got the same slot.
    assert sorted(waits) == [round(0.25 * k, 6) for k in range(1, 28)]


# ------------------------------------------------------------------ the server's word is shared


@pytest.mark.anyio
async def test_remaining_seen_by_one_worker_lowers_the_budget_of_all(server: RedisServer, clock: FakeClock) -> None:
    a, b = budget(server, clock, RateLimit(4, 1.0)), budget(server, clock, RateLimit(4, 1.0))
    a.observe(4, 0, 0)  # another program spent the token: the server has nothing left
    assert await waited(a, clock) == 0.5  # a refill, and the reserve
    assert await waited(b, clock) == 0.25  # b never saw the header, yet waits its turn after a


@pytest.mark.anyio
async def test_a_429_seen_by_one_worker_pauses_every_worker(server: RedisServer, clock: FakeClock) -> None:
    a, b = budget(server, clock, RateLimit(4, 1.0)), budget(server, clock, RateLimit(4, 1.0))
    a.pause(3.0)
    assert await waited(a, clock) == 3.5  # the pause, then a budget that starts empty (and the reserve)
    assert await waited(b, clock) == 0.25


@pytest.mark.anyio
async def test_a_pause_reaches_a_worker_already_waiting_for_its_slot(server: RedisServer, clock: FakeClock) -> None:
    a = budget(server, clock, RateLimit(4, 1.0))
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(round(seconds, 6))
        clock.advance(seconds)
        if len(sleeps) == 1:  # while b sleeps for its slot, a gets a 429 and tells Redis
            a.pause(2.0)
            await a.status()

    limiter = RedisLimiter(server.url, RateLimit(4, 1.0), clock=clock.now, sleep=sleep)
    b = limiter.for_token(TOKEN)
    for _ in range(3):
        await b.acquire()
    start = clock.t
    await b.acquire()
    # b woke at its slot (0.25 s), learned that the pause (2 s from then) moved it back, and slept on:
    # it keeps its place in the queue instead of taking a new slot behind everyone.
    assert sleeps == [0.25, 2.0]
    assert round(clock.t - start, 6) == 0.25 + 2.0
    assert await waited(a, clock) == 0.5  # a's own retry: the budget restarted empty at the pause's end


@pytest.mark.anyio
async def test_a_learned_limit_is_shared(server: RedisServer, clock: FakeClock) -> None:
    a, b = budget(server, clock, None), budget(server, clock, None)
    assert (await b.status())["limit"] == 60  # the lower plan limit until the server says otherwise
    a.observe(120, 119, 0)
    await a.acquire()
    assert (await b.status())["limit"] == 120


@pytest.mark.anyio
async def test_a_server_limit_below_the_configured_one_wins(server: RedisServer, clock: FakeClock) -> None:
    a, b = budget(server, clock, RateLimit(10, 1.0)), budget(server, clock, RateLimit(10, 1.0))
    a.observe(3, None, 0)
    await a.acquire()
    assert (await b.status())["limit"] == 3
    assert await waited(b, clock) == 0.0  # a burst of 3 (one in reserve) of which a took one ...
    assert await waited(b, clock) == 0.1  # ... then the configured pace


# ------------------------------------------------------------------ when Redis fails


@pytest.mark.anyio
async def test_redis_down_falls_back_warns_once_and_comes_back(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    down = RedisServer()  # a port with nothing listening
    limiter = RedisLimiter(down.url, RateLimit(1000, 1.0), clock=clock.now, sleep=clock.sleep, retry_after=5.0)
    worker = limiter.for_token(TOKEN)
    assert isinstance(worker, TokenBudget)
    with caplog.at_level(logging.WARNING, logger="webflow_cms"):
        for _ in range(3):
            await worker.acquire()  # never raises: the local bucket serves
        assert not worker.on_redis
        assert len(caplog.records) == 1
        assert "did not answer" in caplog.records[0].getMessage()
        assert worker.fallback.tokens == pytest.approx(997)  # the requests were counted locally
        down.start()
        try:
            clock.advance(5.0)
            await worker.acquire()
            assert worker.on_redis
            assert redis.Redis.from_url(down.url).exists(budget_key(TOKEN)) == 1
            assert len(caplog.records) == 2
            assert "answers again" in caplog.records[1].getMessage()
        finally:
            down.stop()
    assert TOKEN not in caplog.text


@pytest.mark.anyio
async def test_a_hung_redis_never_hangs_a_request(caplog: pytest.LogCaptureFixture) -> None:
    with redis_server() as hung:
        limiter = RedisLimiter(hung.url, RateLimit(1000, 1.0), timeout=0.2)
        worker = limiter.for_token(TOKEN)
        await worker.acquire()
        hung.freeze()
        with caplog.at_level(logging.WARNING, logger="webflow_cms"), anyio.fail_after(10):
            await worker.acquire()  # bounded by the limiter's timeout, not by Redis
            await worker.acquire()
        assert isinstance(worker, TokenBudget)
        assert not worker.on_redis
        assert len(caplog.records) == 1
        assert "(TimeoutError)" in caplog.records[0].getMessage()


@pytest.mark.anyio
async def test_a_redis_error_never_reaches_the_job(server: RedisServer, clock: FakeClock) -> None:
    redis.Redis.from_url(server.url).set(budget_key(TOKEN), "not a hash")  # WRONGTYPE on every call
    worker = budget(server, clock, RateLimit(4, 1.0))
    await worker.acquire()
    assert not worker.on_redis


def test_under_trio_it_refuses_to_be_created_and_says_why() -> None:
    async def build() -> None:
        RedisLimiter("redis://127.0.0.1:6379/0")

    with pytest.raises(RuntimeError, match=r"asyncio only.*trio"):
        trio.run(build)


def test_a_limiter_built_outside_trio_refuses_a_trio_client() -> None:
    limiter = RedisLimiter("redis://127.0.0.1:6379/0")

    async def build() -> None:
        AsyncWebflowCMS(TOKEN, rate_limit=limiter)

    with pytest.raises(RuntimeError, match="asyncio only"):
        trio.run(build)


# ------------------------------------------------------------------ through the client


def test_the_client_takes_the_budget_of_its_own_token() -> None:
    limiter = RedisLimiter("redis://127.0.0.1:6379/0")
    one = AsyncWebflowCMS("token-one", rate_limit=limiter)
    two = AsyncWebflowCMS("token-two", rate_limit=limiter)
    assert isinstance(one.limiter, TokenBudget)
    assert isinstance(two.limiter, TokenBudget)
    assert one.limiter.key == budget_key("token-one")
    assert two.limiter.key == budget_key("token-two")


@pytest.mark.anyio
async def test_clients_sharing_redis_stay_within_the_servers_limit(server: RedisServer) -> None:
    # Three clients (as three processes would) on one rate-limited token, each importing 1,200 items:
    # 36 requests against a burst of 10 and 10/s. With one shared budget the server refuses almost none.
    async with emulated(rate_limit="10/1") as emu:
        limiters = [RedisLimiter(server.url, RateLimit(10, 1.0)) for _ in range(3)]
        clients = [AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=limiter) for limiter in limiters]

        async def run(n: int, wf: AsyncWebflowCMS) -> None:
            async with wf:
                result = await wf.items(emu.collection_id).create_many([post(n * 10_000 + i) for i in range(1_200)])
                assert len(result.succeeded) == 1_200
            await limiters[n].aclose()  # the limiter is the caller's, as a process would hold it

        async with anyio.create_task_group() as tg:
            for n, wf in enumerate(clients):
                tg.start_soon(run, n, wf)
        assert sum(wf.transport.rate_limited for wf in clients) <= 1
        items = await emu.raw_items()
        index = by_slug(items)
        assert len(index) == 3_600  # none lost ...
        assert not index.duplicates  # ... none twice


@pytest.mark.anyio
async def test_a_learned_limit_is_written_again_after_the_key_expired(server: RedisServer, clock: FakeClock) -> None:
    a = budget(server, clock, None)
    a.observe(120, 119, 0)
    await a.acquire()
    redis.Redis.from_url(server.url).delete(budget_key(TOKEN))  # idle past its expiry
    a.observe(120, 119, 0)  # the same limit again: not news to this worker ...
    assert (await a.status())["limit"] == 60  # ... but Redis lost it
    a.observe(120, 119, 0)
    await a.acquire()
    assert (await a.status())["limit"] == 120


@pytest.mark.anyio
async def test_a_429_without_a_wait_still_empties_the_budget_for_a_millisecond_only(
    server: RedisServer, clock: FakeClock
) -> None:
    a = budget(server, clock, RateLimit(4, 1.0))
    a.pause(0.0)  # a 429 whose Retry-After is 0 (or missing)
    assert await waited(a, clock) == 0.501  # 1 ms of pause, then a budget that starts empty (and the reserve)


@pytest.mark.anyio
async def test_status_reads_the_shared_tokens_without_taking_one(server: RedisServer, clock: FakeClock) -> None:
    a, b = budget(server, clock, RateLimit(10, 1.0)), budget(server, clock, RateLimit(10, 1.0))
    assert await b.status() == {"limit": 10, "tokens": 10}
    for _ in range(3):
        await a.acquire()
    assert await b.status() == {"limit": 10, "tokens": 7}  # a's three, seen by b
    clock.advance(0.2)
    assert await b.status() == await b.status() == {"limit": 10, "tokens": 9}  # refilled, and reading takes none


@pytest.mark.anyio
async def test_feedback_reported_late_counts_from_when_it_was_seen(server: RedisServer, clock: FakeClock) -> None:
    a = budget(server, clock, RateLimit(4, 1.0))
    a.pause(2.0)
    clock.advance(0.5)  # the 429 was seen half a second before this worker next asks Redis
    assert await waited(a, clock) == 2.0  # the 1.5 s left of the pause, then the empty budget's refill
    b = budget(server, clock, RateLimit(4, 1.0), token="another")
    b.observe(4, 0, 0)
    clock.advance(0.25)  # a slot has refilled since the server said 0 were left
    assert await waited(b, clock) == 0.25  # the reserve's
    c = budget(server, clock, RateLimit(4, 1.0), token="a third")
    c.observe(4, 2, 0)  # 2 left, none in flight: the reserve is still there
    assert [await waited(c, clock), await waited(c, clock)] == [0.0, 0.25]
    d = budget(server, clock, RateLimit(4, 1.0), token="a fourth")
    d.observe(4, 0, 2)  # 0 left, and 2 sent after that answer that the server may not have counted yet
    assert await waited(d, clock) == 1.0


@pytest.mark.anyio
async def test_headers_without_a_limit_or_with_a_limit_of_one_are_taken(server: RedisServer, clock: FakeClock) -> None:
    a = budget(server, clock, None)
    a.observe(None, 0, 0)  # only X-RateLimit-Remaining
    assert await waited(a, clock) == 7.0  # none of the plan's 60 a minute left: a refill, and the reserve of 6
    b = budget(server, clock, None, token="another")
    b.observe(1, None, 0)
    assert (await b.status())["limit"] == 1
    redis.Redis.from_url(server.url).delete(budget_key("another"))  # idle past its expiry
    assert (await b.status())["limit"] == 60  # Redis lost it ...
    assert (await b.status())["limit"] == 1  # ... and b writes it again


@pytest.mark.anyio
async def test_a_limit_header_of_zero_is_ignored(server: RedisServer, clock: FakeClock) -> None:
    a = budget(server, clock, None)
    a.observe(120, 119, 0)
    await a.acquire()
    a.observe(0, None, 0)  # not a limit: the one learned stays
    redis.Redis.from_url(server.url).delete(budget_key(TOKEN))  # idle past its expiry
    assert (await a.status())["limit"] == 60  # Redis lost it ...
    assert (await a.status())["limit"] == 120  # ... and this worker writes it again, with no new header


@pytest.mark.anyio
async def test_the_local_bucket_learns_what_the_server_says_for_when_redis_fails(clock: FakeClock) -> None:
    down = RedisServer()  # a port with nothing listening
    worker = RedisLimiter(down.url, None, clock=clock.now, sleep=clock.sleep).for_token(TOKEN)
    assert isinstance(worker, TokenBudget)
    worker.observe(120, 0, 0)
    assert worker.fallback.rate == RateLimit(120, 60.0)
    assert await waited(worker, clock) == 0.5  # none left: the local bucket waits for a refill at 2/s


@pytest.mark.anyio
async def test_without_a_clock_slots_are_on_redis_own_clock(server: RedisServer) -> None:
    worker = RedisLimiter(server.url, RateLimit(10, 1.0)).for_token(TOKEN)
    await worker.acquire()
    seconds, micros = redis.Redis.from_url(server.url).time()
    redis_now_ms = seconds * 1000 + micros / 1000
    scheduled = float(redis.Redis.from_url(server.url).hget(budget_key(TOKEN), "tat") or 0)
    assert redis_now_ms - 60_000 < scheduled < redis_now_ms + 60_000  # Redis's time, not this process's


@pytest.mark.anyio
async def test_a_request_never_waits_longer_than_the_timeout_for_another_call(
    server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    limiter = RedisLimiter(server.url, RateLimit(1000, 1.0), timeout=0.2)
    worker = limiter.for_token(TOKEN)
    assert isinstance(worker, TokenBudget)
    held, done = anyio.Event(), anyio.Event()

    async def stuck_call() -> None:  # another call of this process holds the connection until the end
        async with limiter._calls:
            held.set()
            await done.wait()

    with caplog.at_level(logging.WARNING, logger="webflow_cms"), anyio.fail_after(10):
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(stuck_call)
            await held.wait()
            await worker.acquire()  # served by the local bucket once the timeout passed
            done.set()
    assert not worker.on_redis
    assert "(TimeoutError)" in caplog.records[0].getMessage()


def test_the_key_is_the_prefix_and_32_hex_digits_of_the_tokens_sha256() -> None:
    import hashlib

    assert budget_key(TOKEN) == KEY_PREFIX + hashlib.sha256(TOKEN.encode()).hexdigest()[:32]


@pytest.mark.anyio
async def test_feedback_seen_while_redis_was_down_reaches_it_when_it_answers_again(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    with redis_server() as server, caplog.at_level(logging.WARNING, logger="webflow_cms"):
        limiter = RedisLimiter(server.url, RateLimit(4, 1.0), clock=clock.now, sleep=clock.sleep, retry_after=1.0)
        a = limiter.for_token(TOKEN)
        assert isinstance(a, TokenBudget)
        await a.acquire()
        server.stop()
        a.pause(5.0)
        await a.status()  # Redis is down: nothing reaches it
        assert not a.on_redis
        server.start()
        clock.advance(1.0)  # retry_after
        await a.status()  # Redis answers again: the pause a saw goes to it now
        assert a.on_redis
        b = budget(server, clock, RateLimit(4, 1.0))
        assert await waited(b, clock) == 4.0 + 0.5  # the rest of the pause, then the budget's restart
        for _ in range(3):
            await a.status()
        assert [r.getMessage() for r in caplog.records] == [  # each said once
            f"Redis at {limiter.where} did not answer (ConnectionError); "
            "this process uses its own rate budget until it does",
            f"Redis at {limiter.where} answers again; the shared rate budget is back in use",
        ]
        slow = RedisLimiter(server.url, RateLimit(4, 10.0), clock=clock.now, sleep=clock.sleep, retry_after=1.0)
        c = slow.for_token("another")
        await c.status()
        server.stop()
        c.observe(4, 0, 0)
        await c.status()
        server.start()
        clock.advance(1.0)
        await c.status()  # the remaining of 0 that c saw a second ago goes to Redis now
        d = budget(server, clock, RateLimit(4, 10.0), token="another")
        assert await waited(d, clock) == 4.0  # 9 s to refill that slot, less the reserve's 5


def test_under_trio_the_refusal_says_what_to_use_instead() -> None:
    async def build() -> None:
        RedisLimiter("redis://127.0.0.1:6379/0")

    with pytest.raises(RuntimeError) as refused:
        trio.run(build)
    assert str(refused.value) == (
        "RedisLimiter runs under asyncio only (redis-py's client is asyncio-based), not trio; "
        "use a RateLimit (one budget per process) under trio"
    )


def test_without_redis_py_it_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "redis.asyncio", None)  # as if redis-py were not installed
    with pytest.raises(ImportError) as missing:
        RedisLimiter("redis://127.0.0.1:6379/0")
    assert str(missing.value) == "RedisLimiter needs redis-py: pip install 'webflow-cms[redis]'"
    assert missing.value.name == "redis"


@pytest.mark.anyio
async def test_by_default_redis_gets_2_s_to_answer_and_5_s_off_after_a_failure(clock: FakeClock) -> None:
    down = RedisServer()  # a port with nothing listening
    limiter = RedisLimiter(down.url, RateLimit(4, 1.0), clock=clock.now, sleep=clock.sleep)
    assert (limiter.timeout, limiter.retry_after) == (2.0, 5.0)
    worker = limiter.for_token(TOKEN)
    assert isinstance(worker, TokenBudget)
    assert await worker.status() == {"limit": None, "tokens": None}  # Redis never answered: nothing known
    clock.advance(4.999)
    assert not worker.on_redis
    clock.advance(0.001)
    assert worker.on_redis  # tried again at the next request


@pytest.mark.anyio
async def test_a_limit_written_by_another_worker_is_not_overwritten_by_the_next_call(
    server: RedisServer, clock: FakeClock
) -> None:
    a, b = budget(server, clock, RateLimit(10, 1.0)), budget(server, clock, RateLimit(10, 1.0))
    a.observe(120, None, 0)
    await a.acquire()
    await a.acquire()
    b.observe(5, None, 0)  # the server's limit went down, and b heard first
    await b.acquire()
    for _ in range(3):  # a heard nothing new: however often it calls, b's newer limit stays
        await a.acquire()
        assert (await b.status())["limit"] == 5
    a.observe(120, None, 0)  # the same limit again is no news either
    await a.acquire()
    assert (await a.status())["limit"] == 5
    a.observe(60, None, 0)  # a change a hears is written
    await a.acquire()
    assert (await b.status())["limit"] == 10  # min(the configured 10, the server's 60)


def test_messages_name_where_redis_is_a_host_or_a_socket_and_the_db() -> None:
    assert RedisLimiter("redis://127.0.0.1:6379").where == "127.0.0.1:6379/0"
    assert RedisLimiter("unix:///run/redis/redis.sock").where == "/run/redis/redis.sock/0"
    assert RedisLimiter("redis://:secret@127.0.0.1:6380/3").where == "127.0.0.1:6380/3"


@pytest.mark.anyio
async def test_a_worker_connects_without_warnings_or_client_setinfo() -> None:
    import gc
    import warnings

    from redis.asyncio import Redis

    with redis_server() as fresh:  # no script loaded yet: each of the two clients below loads one
        stats = redis.Redis.from_url(fresh.url, driver_info=None)
        stats.config_resetstat()
        bare = Redis.from_url(fresh.url, driver_info=None)  # redis-py without CLIENT SETINFO on connect
        await bare.register_script("return 1")(keys=["k"], args=[])
        await bare.aclose()
        refused_for_a_bare_client = stats.info("errorstats")
        stats.config_resetstat()
        gc.collect()  # what earlier tests left is collected now, not inside the window below
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            limiter = RedisLimiter(fresh.url, RateLimit(10, 1.0))
            await limiter.for_token(TOKEN).acquire()
            await limiter.aclose()
        # Garbage of earlier tests in this process (their own Redis servers) may be collected inside the window:
        # only what concerns this server counts.
        port = f"port={fresh.url.rsplit(':', 1)[1].split('/')[0]}"
        ours = [
            str(w.message)
            for w in caught
            if not (issubclass(w.category, ResourceWarning) and port not in str(w.message))
        ]
        assert ours == []
        # This Redis (7.0) refuses CLIENT SETINFO: had the worker sent it, more commands would be refused.
        assert stats.info("errorstats") == refused_for_a_bare_client


@pytest.mark.anyio
async def test_a_redis_that_drops_the_connection_is_tried_once_per_request(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    accepted = 0

    async def drop(client: anyio.abc.SocketStream) -> None:
        nonlocal accepted
        accepted += 1
        await client.aclose()

    listener = await anyio.create_tcp_listener(local_host="127.0.0.1")
    port = listener.extra(anyio.abc.SocketAttribute.local_port)
    async with listener, anyio.create_task_group() as tasks:
        tasks.start_soon(listener.serve, drop)
        limiter = RedisLimiter(f"redis://127.0.0.1:{port}/0", RateLimit(1000, 1.0), clock=clock.now, sleep=clock.sleep)
        worker = limiter.for_token(TOKEN)
        with anyio.fail_after(10), caplog.at_level(logging.WARNING, logger="webflow_cms"):
            await worker.acquire()  # the local bucket serves it, after one try
        assert accepted == 1
        assert "did not answer (ConnectionError)" in caplog.records[0].getMessage()
        tasks.cancel_scope.cancel()
