"""Live reads through Content Delivery: cached answers cost no rate budget, uncached ones still do.

Source: Webflow's Content Delivery page (developers.webflow.com/data/docs/working-with-the-cms/
content-delivery) and the second server of the two live reads in openapi/upstream/webflow-v2.yml.
"""

from __future__ import annotations

import anyio
import httpx
import pytest
from trio.testing import MockClock

from support import emulated, post
from support.clock import FakeClock
from webflow_cms import AsyncWebflowCMS, InsecureURLError, RateLimit, TokenBucket
from webflow_cms._http.cdn import RoutedTransport, content_delivery_transport
from webflow_cms.retry import RetryPolicy
from webflow_cms_emulator.cdn import cdn_url

pytestmark = pytest.mark.anyio


class CountingBucket(TokenBucket):
    """A generous bucket that counts what was taken from it."""

    def __init__(self) -> None:
        clock = FakeClock()
        super().__init__(RateLimit(10_000, 1), clock=clock.now, sleep=clock.sleep, jitter=0.0)
        self.taken = 0

    async def acquire(self) -> None:
        self.taken += 1
        await super().acquire()


async def test_a_repeated_live_listing_within_the_cache_lifetime_costs_no_budget() -> None:
    async with emulated(rate_limit="10000/1", cdn_cache_seconds=300) as emu:
        bucket = CountingBucket()
        async with AsyncWebflowCMS(
            emu.token, base_url=emu.url, rate_limit=bucket, content_delivery=cdn_url(emu.url)
        ) as wf:
            items = wf.items(emu.collection_id)
            created = (await items.create_many([post(n) for n in range(250)])).raise_on_failure()
            (await items.publish([item.id for item in created.items])).raise_on_failure()
            writes = bucket.taken

            first = [item.slug async for item in items.list(live=True, page_size=100, concurrency=1)]
            charged_first = bucket.taken - writes
            second = [item.slug async for item in items.list(live=True, page_size=100, concurrency=1)]
            one = await items.get(created.items[0].id, live=True)
            again = await items.get(created.items[0].id, live=True)

        assert sorted(first) == sorted(second) == sorted(f"post-{n}" for n in range(250))
        assert charged_first == 3  # three pages from the origin: each counted, after its answer
        assert bucket.taken - writes == 3 + 1  # the second listing and the repeated get were cached
        assert (one.id, again.id) == (created.items[0].id, created.items[0].id)
        assert (wf.content_delivery.hits, wf.content_delivery.misses) == (4, 4)  # type: ignore[attr-defined]


async def test_only_live_reads_go_to_content_delivery() -> None:
    paths: list[str] = []

    async def note(request: httpx.Request) -> None:
        paths.append(f"{request.url.host}{request.url.path}")

    async with emulated(rate_limit="10000/1") as emu, httpx.AsyncClient(event_hooks={"request": [note]}) as http:
        cdn = cdn_url(emu.url)
        async with AsyncWebflowCMS(emu.token, base_url=emu.url, http_client=http, content_delivery=cdn) as wf:
            items = wf.items(emu.collection_id)
            await items.list()
            await items.list(live=True)
    assert [p.split("/collections/")[0] for p in paths] == ["127.0.0.1/v2", "127.0.0.1/cdn/v2"]


def test_the_content_delivery_url_comes_from_the_option_the_environment_or_webflow(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("WEBFLOW_CDN_URL", raising=False)
    monkeypatch.delenv("WEBFLOW_BASE_URL", raising=False)
    assert AsyncWebflowCMS("t").content_delivery_url is None
    assert str(AsyncWebflowCMS("t", content_delivery=True).content_delivery_url) == "https://api-cdn.webflow.com/v2"
    monkeypatch.setenv("WEBFLOW_CDN_URL", "http://127.0.0.1:9/cdn/v2")
    assert str(AsyncWebflowCMS("t", content_delivery=True).content_delivery_url) == "http://127.0.0.1:9/cdn/v2"
    given = AsyncWebflowCMS("t", content_delivery="https://cdn.example.com/v2").content_delivery_url
    assert str(given) == "https://cdn.example.com/v2"
    with pytest.raises(InsecureURLError, match="refusing plain http"):
        AsyncWebflowCMS("t", content_delivery="http://cdn.example.com/v2")


async def test_a_429_from_content_delivery_pauses_the_shared_budget_and_is_retried() -> None:
    answers = iter(
        [
            httpx.Response(429, headers={"retry-after": "2"}, json={"code": "too_many_requests", "message": "slow"}),
            httpx.Response(
                200,
                headers={"cf-cache-status": "MISS"},
                json={"items": [], "pagination": {"offset": 0, "limit": 100, "total": 0}},
            ),
        ]
    )
    clock = FakeClock()
    bucket = TokenBucket(RateLimit(10_000, 1), clock=clock.now, sleep=clock.sleep, jitter=0.0)
    http = httpx.AsyncClient(transport=httpx.MockTransport(lambda request: next(answers)))
    async with AsyncWebflowCMS(
        "t",
        base_url="https://api.example.com/v2",
        http_client=http,
        rate_limit=bucket,
        content_delivery="https://cdn.example.com/v2",
    ) as wf:
        page = await wf.items("c" * 24).list(live=True)
        assert page.items == []
        assert (wf.content_delivery.hits, wf.content_delivery.misses) == (0, 1)  # type: ignore[attr-defined]
    assert bucket.tokens < 10_000  # the MISS was charged, and the pause was shared with the bucket


def test_another_server_with_webflows_content_delivery_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """The token of the emulator or a proxy must not go to Webflow's CDN, nor live reads to other data."""
    monkeypatch.delenv("WEBFLOW_CDN_URL", raising=False)
    with pytest.raises(ValueError, match=r"say where that server's Content Delivery is"):
        AsyncWebflowCMS("t", base_url="http://127.0.0.1:8787/v2", content_delivery=True)
    wf = AsyncWebflowCMS("t", base_url="http://127.0.0.1:8787/v2", content_delivery="http://127.0.0.1:8787/cdn/v2")
    assert str(wf.content_delivery_url) == "http://127.0.0.1:8787/cdn/v2"


async def test_the_sdks_own_checks_read_the_origin_not_the_cache() -> None:
    """A read-back after a lost answer must see what the write did, not a copy cached before it."""
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.host)
        if request.method == "DELETE":  # the unpublish: applied, but its answer lost
            return httpx.Response(503, json={"code": "internal_error", "message": "lost"})
        return httpx.Response(404, json={"code": "resource_not_found", "message": "Item not found", "details": []})

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    async with AsyncWebflowCMS(
        "t",
        base_url="https://api.example.com/v2",
        http_client=http,
        content_delivery="https://cdn.example.com/v2",
        max_retries=0,
        rate_limit=RateLimit(10_000, 1),
    ) as wf:
        await wf.items("c" * 24).unpublish(["a" * 24])
    assert "cdn.example.com" not in seen
    assert seen[0] == "api.example.com"
    assert len(seen) > 1  # it did read back


def test_a_content_delivery_pause_is_waited_out_and_its_headers_reach_the_shared_budget() -> None:
    """On trio's virtual clock: the first request goes at once; after a 429 saying 1 s the retry waits 1 s,
    and the pause and the rate-limit headers reach the bucket every other request shares."""
    seen: list[tuple[str, object]] = []

    class Noting(TokenBucket):
        def pause(self, seconds: float) -> None:
            seen.append(("pause", seconds))
            super().pause(seconds)

        def observe(self, limit: int | None, remaining: int | None, in_flight: int) -> None:
            seen.append(("observe", (limit, remaining, in_flight)))
            super().observe(limit, remaining, in_flight)

    async def main() -> list[float]:
        sent: list[float] = []

        def handler(request: httpx.Request) -> httpx.Response:
            sent.append(anyio.current_time())
            if len(sent) == 1:
                return httpx.Response(429, headers={"retry-after": "1"}, json={"code": "too_many_requests"})
            limits = {"x-ratelimit-limit": "120", "x-ratelimit-remaining": "7", "cf-cache-status": "HIT"}
            return httpx.Response(200, headers=limits, json={})

        bucket = Noting(RateLimit(10_000, 1), jitter=0.0)
        transport = content_delivery_transport(httpx.MockTransport(handler), bucket, RetryPolicy(max_retries=2))
        start = anyio.current_time()
        async with httpx.AsyncClient(transport=transport) as http:
            response = await http.get("https://cdn.example.com/v2/collections/c/items/live")
        assert response.status_code == 200
        return [t - start for t in sent]

    sent = anyio.run(main, backend="trio", backend_options={"clock": MockClock(autojump_threshold=0)})
    assert sent[0] == 0.0  # nothing to wait for before the first request
    assert sent[1] >= 1.0  # the retry waited out the 429's second
    assert ("pause", 1.0) in seen
    assert ("observe", (120, 7, 0)) in seen


async def test_only_urls_under_the_content_delivery_prefix_are_routed_there_with_or_without_its_slash() -> None:
    hosts: dict[str, list[str]] = {"default": [], "routed": []}

    def answer(name: str) -> httpx.MockTransport:
        def handler(request: httpx.Request) -> httpx.Response:
            hosts[name].append(str(request.url))
            return httpx.Response(200)

        return httpx.MockTransport(handler)

    for prefix in ("https://api.example.com/cdn/v2/", "https://api.example.com/cdn/v2"):
        routed = RoutedTransport(answer("default"), prefix, answer("routed"))
        async with httpx.AsyncClient(transport=routed) as http:
            await http.get("https://api.example.com/cdn/v2/collections/c/items/live")
            await http.get("https://api.example.com/cdn/v2x/collections")
            await http.get("https://api.example.com/v2/collections/c/items")
    assert hosts["routed"] == ["https://api.example.com/cdn/v2/collections/c/items/live"] * 2
    assert len(hosts["default"]) == 4
