"""ThrottledTransport: throttling, 429 handling and safe retries at the wire level."""

from __future__ import annotations

import json
import logging
import random
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from types import SimpleNamespace
from typing import Any

import anyio
import anyio.lowlevel
import httpx
import pytest

from support import FakeClock
from webflow_cms import (
    AsyncWebflowCMS,
    AuthenticationError,
    RateLimit,
    RateLimitError,
    RetryPolicy,
    TokenBucket,
)
from webflow_cms._http import transport as _transport
from webflow_cms._http.transport import ATTEMPTS, ClientTransport, ThrottledTransport
from webflow_cms.retry import REPEATABLE

BASE = "https://api.webflow.test/v2"
CID = "6500000000000000000000aa"
ITEMS = f"/collections/{CID}/items"
TOKEN = "wf-secret-token-4b1d7e"  # fake: the logs must never show it


@pytest.fixture(autouse=True)
def backoff_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """The transport's backoff sleeps (after 5xx and dropped connections) go to a fake clock: no test here
    waits for real time, and a transport that retried without end fails on the clock's sleep limit."""
    clock = FakeClock()
    monkeypatch.setattr(_transport, "anyio", SimpleNamespace(sleep=clock.sleep))
    return clock


class SpyBucket(TokenBucket):
    """A permissive TokenBucket on a fake clock that records what the transport tells it.

    Without the pause jitter (tests/test_ratelimit.py covers it), so that waits are exactly what the server said.
    """

    def __init__(self, clock: FakeClock | None = None) -> None:
        clock = clock or FakeClock()
        super().__init__(RateLimit(10_000, 1), clock=clock.now, sleep=clock.sleep, jitter=0.0)
        self.acquired = 0
        self.paused: list[float] = []
        self.observed: list[tuple[int | None, int | None, int]] = []

    async def acquire(self) -> None:
        self.acquired += 1
        await super().acquire()

    def observe(self, limit: int | None, remaining: int | None, in_flight: int) -> None:
        self.observed.append((limit, remaining, in_flight))
        super().observe(limit, remaining, in_flight)

    def pause(self, seconds: float) -> None:
        self.paused.append(seconds)
        super().pause(seconds)


Handler = Callable[[httpx.Request], Any]


class Recorder:
    """A MockTransport handler that answers from a script and records every request."""

    def __init__(self, *answers: httpx.Response | Exception | Callable[[httpx.Request], Any]) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []
        self.bodies: list[bytes] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.bodies.append(request.content)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer(request)  # type: ignore[no-any-return]
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)


def make(
    handler: Handler,
    *,
    max_retries: int = 3,
    max_retry_after: float = 120.0,
    limiter: TokenBucket | None = None,
) -> tuple[ThrottledTransport, httpx.AsyncClient]:
    policy = RetryPolicy(max_retries=max_retries, base_delay=0.001, max_delay=0.002, max_retry_after=max_retry_after)
    transport = ThrottledTransport(httpx.MockTransport(handler), limiter or SpyBucket(), policy, rng=random.Random(0))
    client = httpx.AsyncClient(transport=transport, base_url=BASE, headers={"Authorization": f"Bearer {TOKEN}"})
    return transport, client


def ok(**kwargs: Any) -> httpx.Response:
    return httpx.Response(200, json={"ok": True}, **kwargs)


def status(code: int, **headers: str) -> httpx.Response:
    return httpx.Response(code, json={"code": "x", "message": "m"}, headers=headers)


# ------------------------------------------------------------------ 429


@pytest.mark.anyio
async def test_429_with_retry_after_is_retried_once_and_pauses_limiter() -> None:
    clock = FakeClock()
    start = clock.t
    limiter = SpyBucket(clock)
    rec = Recorder(status(429, **{"Retry-After": "2"}), ok())
    transport, client = make(rec, limiter=limiter)
    async with client:
        response = await client.post(ITEMS, json={"fieldData": {"slug": "a"}})
    assert response.status_code == 200
    assert transport.sent == 2
    assert transport.rate_limited == 1
    assert transport.retries == 1
    assert limiter.paused == [2.0]
    # The second attempt waited out the pause in the limiter, then one token at the halved rate.
    assert clock.t - start == pytest.approx(2.0, abs=0.001)
    assert sum(clock.sleeps) == pytest.approx(2.0, abs=0.001)
    assert response.extensions[ATTEMPTS] == 2


@pytest.mark.anyio
async def test_429_with_http_date_retry_after_is_waited() -> None:
    clock = FakeClock()
    limiter = SpyBucket(clock)
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    rec = Recorder(status(429, **{"Retry-After": when}), ok())
    _, client = make(rec, limiter=limiter)
    async with client:
        response = await client.get(ITEMS)
    assert response.status_code == 200
    assert len(limiter.paused) == 1
    assert 25 < limiter.paused[0] <= 30


@pytest.mark.anyio
async def test_429_without_retry_after_backs_off_and_retries() -> None:
    limiter = SpyBucket()
    rec = Recorder(status(429), status(429), ok())
    transport, client = make(rec, limiter=limiter)
    async with client:
        response = await client.get(ITEMS)
    assert response.status_code == 200
    assert transport.sent == 3
    assert len(limiter.paused) == 2
    assert all(0 < p <= 0.002 for p in limiter.paused)


@pytest.mark.anyio
async def test_429_above_max_retry_after_is_returned() -> None:
    limiter = SpyBucket()
    rec = Recorder(status(429, **{"Retry-After": "500"}), ok())
    transport, client = make(rec, limiter=limiter, max_retry_after=120.0)
    async with client:
        response = await client.get(ITEMS)
    assert response.status_code == 429
    assert transport.sent == 1
    assert transport.rate_limited == 1
    assert transport.retries == 0
    assert response.extensions[ATTEMPTS] == 1


@pytest.mark.anyio
async def test_429_above_cap_becomes_rate_limit_error_through_client() -> None:
    rec = Recorder(status(429, **{"Retry-After": "500"}))
    inner = httpx.AsyncClient(transport=httpx.MockTransport(rec))
    async with AsyncWebflowCMS(TOKEN, base_url=BASE, http_client=inner) as wf:
        with pytest.raises(RateLimitError) as info:
            await wf.send({"method": "get", "url": ITEMS})
    await inner.aclose()
    assert info.value.status == 429
    assert info.value.retry_after == 500.0
    assert len(rec.requests) == 1
    assert TOKEN not in str(info.value)


@pytest.mark.anyio
async def test_429_is_retried_for_creates_too() -> None:
    rec = Recorder(status(429, **{"Retry-After": "0"}), ok())
    transport, client = make(rec)
    async with client:
        response = await client.post(ITEMS, json={"fieldData": {"slug": "x"}})
    assert response.status_code == 200
    assert transport.sent == 2


# ------------------------------------------------------------------ 5xx


SAFE = [
    ("GET", ITEMS),
    ("PATCH", ITEMS),
    ("DELETE", ITEMS),
    ("POST", f"{ITEMS}/publish"),  # marked REPEATABLE, as its builder in _endpoints marks it
]


def _marks(method: str, path: str) -> dict[str, bool]:
    """The extension the publish builder sets; other requests carry none."""
    return {REPEATABLE: True} if path.endswith("/publish") else {}


@pytest.mark.anyio
@pytest.mark.parametrize(("method", "path"), SAFE)
async def test_503_on_idempotent_retried_up_to_max_then_returned(method: str, path: str) -> None:
    rec = Recorder(status(503))
    transport, client = make(rec, max_retries=3)
    async with client:
        response = await client.request(method, path, json={"itemIds": ["a"]}, extensions=_marks(method, path))
    assert response.status_code == 503
    assert transport.sent == 4
    assert transport.retries == 3
    assert len(rec.requests) == 4
    assert response.extensions[ATTEMPTS] == 4


@pytest.mark.anyio
@pytest.mark.parametrize(("method", "path"), SAFE)
async def test_500_then_success_on_idempotent(method: str, path: str) -> None:
    rec = Recorder(status(500), status(502), ok())
    _, client = make(rec, max_retries=3)
    async with client:
        response = await client.request(method, path, extensions=_marks(method, path))
    assert response.status_code == 200
    assert response.extensions[ATTEMPTS] == 3


@pytest.mark.anyio
# An unmarked POST to .../publish is not re-sent either: the builder's mark decides, never the path.
@pytest.mark.parametrize("path", [ITEMS, f"{ITEMS}/live", f"{ITEMS}/bulk", f"{ITEMS}/publish"])
async def test_503_on_create_is_not_retried(path: str) -> None:
    rec = Recorder(status(503), ok())
    transport, client = make(rec, max_retries=3)
    async with client:
        response = await client.post(path, json={"fieldData": {"slug": "a"}})
    assert response.status_code == 503
    assert transport.sent == 1
    assert transport.retries == 0
    assert response.extensions[ATTEMPTS] == 1


@pytest.mark.anyio
async def test_max_retries_zero_sends_once() -> None:
    rec = Recorder(status(503))
    transport, client = make(rec, max_retries=0)
    async with client:
        response = await client.get(ITEMS)
    assert response.status_code == 503
    assert transport.sent == 1


@pytest.mark.anyio
async def test_4xx_is_not_retried() -> None:
    rec = Recorder(status(400), ok())
    transport, client = make(rec)
    async with client:
        response = await client.get(ITEMS)
    assert response.status_code == 400
    assert transport.sent == 1


# ------------------------------------------------------------------ transport errors


@pytest.mark.anyio
@pytest.mark.parametrize("error", [httpx.ReadError("reset"), httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("x")])
async def test_ambiguous_transport_error_on_get_is_retried(error: Exception) -> None:
    rec = Recorder(error, ok())
    transport, client = make(rec)
    async with client:
        response = await client.get(ITEMS)
    assert response.status_code == 200
    assert transport.sent == 2
    assert response.extensions[ATTEMPTS] == 2


@pytest.mark.anyio
async def test_read_error_on_get_raised_after_max_retries() -> None:
    rec = Recorder(httpx.ReadError("reset"))
    transport, client = make(rec, max_retries=2)
    async with client:
        with pytest.raises(httpx.ReadError):
            await client.get(ITEMS)
    assert transport.sent == 3


@pytest.mark.anyio
@pytest.mark.parametrize("error", [httpx.ReadError("reset"), httpx.ReadTimeout("slow"), httpx.WriteError("w")])
async def test_ambiguous_transport_error_on_create_is_raised(error: Exception) -> None:
    rec = Recorder(error, ok())
    transport, client = make(rec)
    async with client:
        with pytest.raises(type(error)):
            await client.post(ITEMS, json={"fieldData": {"slug": "a"}})
    assert transport.sent == 1
    assert len(rec.requests) == 1


@pytest.mark.anyio
@pytest.mark.parametrize("error", [httpx.ConnectError("refused"), httpx.ConnectTimeout("t"), httpx.PoolTimeout("p")])
async def test_not_sent_error_on_create_is_retried(error: Exception) -> None:
    rec = Recorder(error, ok())
    transport, client = make(rec)
    async with client:
        response = await client.post(ITEMS, json={"fieldData": {"slug": "a"}})
    assert response.status_code == 200
    assert transport.sent == 2


# ------------------------------------------------------------------ what is re-sent


@pytest.mark.anyio
async def test_request_body_and_headers_identical_on_every_attempt() -> None:
    payload = {"itemIds": ["a" * 24, "b" * 24], "note": "é ünïcode"}
    rec = Recorder(status(503), httpx.ReadError("x"), status(429, **{"Retry-After": "0"}), ok())
    transport, client = make(rec, max_retries=4)
    async with client:
        response = await client.post(f"{ITEMS}/publish", json=payload, extensions={REPEATABLE: True})
    assert response.status_code == 200
    assert len(rec.bodies) == 4
    assert all(body == rec.bodies[0] for body in rec.bodies)
    assert json.loads(rec.bodies[0]) == payload
    assert {r.headers["authorization"] for r in rec.requests} == {f"Bearer {TOKEN}"}
    assert {str(r.url) for r in rec.requests} == {f"{BASE}{ITEMS}/publish"}
    assert response.extensions[ATTEMPTS] == 4
    assert transport.sent == 4
    assert transport.retries == 3


@pytest.mark.anyio
async def test_every_attempt_takes_a_token() -> None:
    limiter = SpyBucket()
    rec = Recorder(status(503), status(503), ok())
    _, client = make(rec, limiter=limiter)
    async with client:
        await client.get(ITEMS)
    assert limiter.acquired == 3


# ------------------------------------------------------------------ limiter feedback


@pytest.mark.anyio
async def test_rate_limit_headers_are_fed_to_the_limiter() -> None:
    limiter = SpyBucket()
    rec = Recorder(ok(headers={"X-RateLimit-Limit": "120", "X-RateLimit-Remaining": "42"}), ok())
    _, client = make(rec, limiter=limiter)
    async with client:
        await client.get(ITEMS)
        await client.get(ITEMS)
    assert limiter.observed == [(120, 42, 0), (None, None, 0)]


@pytest.mark.anyio
async def test_in_flight_counts_only_requests_sent_after_the_answered_one() -> None:
    """The server counted requests that reached it before the answered one; later ones may be uncounted."""
    limiter = SpyBucket()
    started = {name: anyio.Event() for name in ("first", "second", "third")}
    release = {name: anyio.Event() for name in ("first", "second", "third")}
    remaining = {"first": "30", "second": "20", "third": "10"}

    async def handler(request: httpx.Request) -> httpx.Response:
        name = request.url.path.rsplit("/", 1)[1]
        started[name].set()
        await release[name].wait()
        return ok(headers={"X-RateLimit-Remaining": remaining[name]})

    _, client = make(handler, limiter=limiter)
    async with client, anyio.create_task_group() as tg:
        for name in ("first", "second", "third"):
            tg.start_soon(client.get, f"{ITEMS}/{name}")
            await started[name].wait()
        # The middle one answers first: only "third" was sent after it.
        release["second"].set()
        await wait_until(lambda: len(limiter.observed) == 1)
        # Then the first: "third" is still out and was sent after it; "second" is done.
        release["first"].set()
        await wait_until(lambda: len(limiter.observed) == 2)
        release["third"].set()
    assert limiter.observed == [(None, 20, 1), (None, 30, 1), (None, 10, 0)]


async def wait_until(condition: Callable[[], bool]) -> None:
    for _ in range(1000):  # bounded: a few event-loop turns are enough
        if condition():
            return
        await anyio.lowlevel.checkpoint()
    raise AssertionError("condition never became true")


@pytest.mark.anyio
async def test_cancelled_request_is_no_longer_counted_in_flight() -> None:
    """A request cancelled while waiting for its answer must not stay "in flight" forever."""
    limiter = SpyBucket()
    started = anyio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/hang"):
            started.set()
            await anyio.sleep_forever()
        return ok(headers={"X-RateLimit-Remaining": "50"})

    _, client = make(handler, limiter=limiter)
    async with client:
        with anyio.CancelScope() as scope:
            async with anyio.create_task_group() as tg:
                tg.start_soon(client.get, f"{ITEMS}/hang")
                await started.wait()
                scope.cancel()
        await client.get(f"{ITEMS}/next")
    # Only the /next request was in flight when its answer arrived.
    assert limiter.observed == [(None, 50, 0)]


# ------------------------------------------------------------------ logging


@pytest.mark.anyio
async def test_every_retry_logged_at_info_without_token_or_query(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    rec = Recorder(status(503), httpx.ReadError("boom"), status(429, **{"Retry-After": "0"}), ok())
    transport, client = make(rec, max_retries=4)
    async with client:
        response = await client.get(ITEMS, params={"slug": "secret-query-value"})
    assert response.status_code == 200
    retries = [r for r in caplog.records if r.name == "webflow_cms" and r.levelno == logging.INFO]
    assert len(retries) == 3 == transport.retries
    messages = [r.getMessage() for r in retries]
    assert all(m.startswith(f"retrying GET /v2{ITEMS} after ") for m in messages)
    assert "503" in messages[0]
    assert "ReadError" in messages[1]
    assert "429" in messages[2]
    assert TOKEN not in caplog.text
    assert "secret-query-value" not in " ".join(messages)


@pytest.mark.anyio
async def test_client_retry_logs_never_contain_token(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    rec = Recorder(status(429, **{"Retry-After": "0"}), status(401))
    inner = httpx.AsyncClient(transport=httpx.MockTransport(rec))
    # A generous rate so the refill after the 429's pause is instant.
    async with AsyncWebflowCMS(TOKEN, base_url=BASE, http_client=inner, rate_limit=RateLimit(10_000, 1)) as wf:
        with pytest.raises(AuthenticationError) as info:
            await wf.send({"method": "get", "url": ITEMS})
    await inner.aclose()
    assert any(r.name == "webflow_cms" and r.levelno == logging.INFO for r in caplog.records)
    assert rec.requests[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert TOKEN not in caplog.text
    assert TOKEN not in str(info.value)
    for record in caplog.records:
        assert TOKEN not in record.getMessage()
        assert TOKEN not in repr(record.args)


# ------------------------------------------------------------------ exact counts, bounds and delays


def one_second_backoff(max_retries: int = 4) -> RetryPolicy:
    """Backoff from 1 s (on fake clocks): attempts 1, 2, 3 wait 0.5-1, 1-2 and 2-4 s."""
    return RetryPolicy(max_retries=max_retries, base_delay=1.0, max_delay=8.0)


@pytest.mark.anyio
async def test_backoff_delays_come_from_the_transports_own_random_source(backoff_clock: FakeClock) -> None:
    policy = one_second_backoff()
    rec = Recorder(status(503), httpx.ReadError("reset"), status(502), ok())
    transport = ThrottledTransport(httpx.MockTransport(rec), SpyBucket(), policy, rng=random.Random(7))
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
        response = await client.get(ITEMS)
    assert response.status_code == 200
    same = random.Random(7)
    assert backoff_clock.sleeps == [policy.backoff(n, same) for n in (1, 2, 3)]
    assert backoff_clock.sleeps[2] >= 2.0  # the third retry waits at least half of 4 s: attempts really count up


@pytest.mark.anyio
async def test_429_without_retry_after_pauses_by_the_backoff_of_each_attempt() -> None:
    clock = FakeClock()
    limiter = SpyBucket(clock)
    policy = one_second_backoff()
    rec = Recorder(status(429), status(429), status(429), ok())
    transport = ThrottledTransport(httpx.MockTransport(rec), limiter, policy, rng=random.Random(3))
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
        response = await client.get(ITEMS)
    assert response.status_code == 200
    same = random.Random(3)
    assert limiter.paused == [policy.backoff(n, same) for n in (1, 2, 3)]
    assert transport.rate_limited == 3  # every 429 is counted
    assert response.extensions[ATTEMPTS] == 4


@pytest.mark.anyio
async def test_a_retry_after_of_exactly_the_cap_is_waited_out() -> None:
    clock = FakeClock()
    start = clock.t
    limiter = SpyBucket(clock)
    rec = Recorder(status(429, **{"Retry-After": "120"}), ok())
    transport, client = make(rec, limiter=limiter, max_retry_after=120.0)
    async with client:
        response = await client.get(ITEMS)
    assert response.status_code == 200
    assert transport.sent == 2
    assert clock.t - start == pytest.approx(120.0, abs=0.01)


@pytest.mark.anyio
async def test_429s_are_waited_out_ten_times_then_returned() -> None:
    rec = Recorder(status(429, **{"Retry-After": "0"}))

    def bounded(request: httpx.Request) -> httpx.Response:
        assert len(rec.requests) < 50, "the transport kept retrying a 429 without end"
        return rec(request)

    transport, client = make(bounded)
    async with client:
        response = await client.get(ITEMS)
    assert response.status_code == 429
    assert transport.sent == 11  # the first attempt and 10 retries
    assert transport.retries == 10
    assert transport.rate_limited == 11
    assert response.extensions[ATTEMPTS] == 11


@pytest.mark.anyio
async def test_a_429_retry_is_logged_with_its_reason_attempt_and_delay(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="webflow_cms")
    rec = Recorder(status(429, **{"Retry-After": "0"}), status(429, **{"Retry-After": "0"}), ok())
    _, client = make(rec)
    async with client:
        await client.get(ITEMS)
    messages = [r.getMessage() for r in caplog.records if r.name == "webflow_cms"]
    assert messages == [
        f"retrying GET /v2{ITEMS} after 429 (retry 1, in 0.00s)",
        f"retrying GET /v2{ITEMS} after 429 (retry 2, in 0.00s)",
    ]


class Streamed(httpx.AsyncByteStream):
    """An answer body that notes when it is read."""

    def __init__(self) -> None:
        self.read = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        self.read = True
        yield b"abc"


@pytest.mark.anyio
async def test_a_callers_client_is_streamed_through_not_read_ahead() -> None:
    """The caller's client hands the answer back unread: the SDK reads it once, when it needs it."""
    body = Streamed()
    inner = httpx.AsyncClient(transport=httpx.MockTransport(lambda request: httpx.Response(200, stream=body)))
    async with inner:
        response = await ClientTransport(inner).handle_async_request(httpx.Request("GET", f"{BASE}{ITEMS}"))
        assert body.read is False
        assert await response.aread() == b"abc"
        assert body.read is True
