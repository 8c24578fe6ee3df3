"""wf.sites against the emulator: read, custom domains, and publishing with Webflow's one-a-minute rule."""

from __future__ import annotations

import logging

import pytest

from support import emulated
from support.clock import FakeClock
from webflow_cms import AsyncWebflowCMS, NotFoundError, RateLimit, ValidationError
from webflow_cms.resources.sites import SITE_PUBLISH_INTERVAL, Sites

pytestmark = pytest.mark.anyio
FAST = RateLimit(10_000, 1)


async def test_site_and_its_custom_domains() -> None:
    async with (
        emulated(rate_limit="10000/1") as emu,
        AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=FAST) as wf,
    ):
        site = await wf.sites.get(emu.site_id)
        assert site.id == emu.site_id
        domains = await wf.sites.custom_domains(emu.site_id)
        assert domains, "the emulator's site has custom domains to publish to"
        assert all(len(d.id) == 24 and d.url for d in domains)
        assert {d.id for d in site.custom_domains} <= {d.id for d in domains}
        with pytest.raises(NotFoundError):
            await wf.sites.custom_domains("0" * 24)


async def test_publish_to_every_custom_domain_and_the_subdomain() -> None:
    clock = FakeClock()  # the SDK keeps Webflow's minute between the two publishes; no real wait
    async with (
        emulated(rate_limit="10000/1", site_publish_interval=0) as emu,
        AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=FAST) as wf,
    ):
        sites = Sites(wf._session, clock=clock.now, sleep=clock.sleep)
        domains = await sites.custom_domains(emu.site_id)
        queued = await sites.publish(emu.site_id, custom_domains=[d.id for d in domains])
        assert {d.id for d in queued.custom_domains} == {d.id for d in domains}
        assert queued.publish_to_webflow_subdomain is True
        only_domain = await sites.publish(
            emu.site_id, custom_domains=[domains[0].id], publish_to_webflow_subdomain=False
        )
        assert [d.id for d in only_domain.custom_domains] == [domains[0].id]
        assert only_domain.publish_to_webflow_subdomain is False
        assert clock.sleeps == [pytest.approx(SITE_PUBLISH_INTERVAL)]
        assert (await sites.get(emu.site_id)).last_published is not None


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"publish_to_webflow_subdomain": False}, "nothing to publish to"),
        ({"custom_domains": "abc"}, "a list of domain ids"),
        ({"custom_domains": ["not-an-id"]}, "custom domain id"),
    ],
)
async def test_publish_refuses_a_call_with_no_target_before_sending(kwargs: dict[str, object], match: str) -> None:
    async with emulated() as emu, AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=FAST) as wf:
        sent = wf.transport.sent
        with pytest.raises(ValidationError, match=match):
            await wf.sites.publish(emu.site_id, **kwargs)  # type: ignore[arg-type]
        assert wf.transport.sent == sent


async def test_a_second_publish_within_a_minute_waits_with_a_log_line_not_a_429(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A fake clock stands in for the minute (the emulator's own interval is off), so the test is instant."""
    clock = FakeClock()
    async with (
        emulated(rate_limit="10000/1", site_publish_interval=0) as emu,
        AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=FAST) as wf,
    ):
        sites = Sites(wf._session, clock=clock.now, sleep=clock.sleep)
        other = "0" * 23 + "1"
        await sites.publish(emu.site_id)
        clock.advance(10.0)
        caplog.set_level(logging.INFO, logger="webflow_cms")
        await sites.publish(emu.site_id)
        assert clock.sleeps == [pytest.approx(SITE_PUBLISH_INTERVAL - 10.0)]
        assert f"waiting 50.0s before publishing site {emu.site_id} again" in caplog.text
        assert wf.transport.rate_limited == 0
        with pytest.raises(NotFoundError):  # another site has its own minute: no wait before it is sent
            await sites.publish(other)
        assert len(clock.sleeps) == 1


async def test_publishes_of_one_site_a_minute_apart_do_not_wait() -> None:
    clock = FakeClock()
    async with (
        emulated(rate_limit="10000/1", site_publish_interval=0) as emu,
        AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=FAST) as wf,
    ):
        sites = Sites(wf._session, clock=clock.now, sleep=clock.sleep)
        await sites.publish(emu.site_id)
        clock.advance(SITE_PUBLISH_INTERVAL)
        await sites.publish(emu.site_id)
        assert clock.sleeps == []


async def test_a_publish_someone_else_made_is_waited_out_once() -> None:
    """Another process published a second ago: the emulator answers 429 with Retry-After, waited out once."""
    async with (
        emulated(rate_limit="10000/1", site_publish_interval=1) as emu,
        AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=FAST) as other_process,
        AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=FAST) as wf,
    ):
        await other_process.sites.publish(emu.site_id)
        queued = await wf.sites.publish(emu.site_id)
        assert queued.publish_to_webflow_subdomain is True
        assert wf.transport.rate_limited == 1
