"""wf.webhooks against the emulator: register, list, read and remove a site's CMS item webhooks."""

from __future__ import annotations

import pytest

from support import emulated
from webflow_cms import AsyncWebflowCMS, NotFoundError, RateLimit, ValidationError
from webflow_cms.resources.webhooks import ITEM_TRIGGERS

pytestmark = pytest.mark.anyio
FAST = RateLimit(10_000, 1)


async def test_register_list_get_delete_every_item_trigger() -> None:
    async with (
        emulated(rate_limit="10000/1") as emu,
        AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=FAST) as wf,
    ):
        assert await wf.webhooks.list(emu.site_id) == []
        made = [
            await wf.webhooks.create(emu.site_id, trigger_type=t, url=f"https://example.com/hooks/{t}")
            for t in ITEM_TRIGGERS
        ]
        assert [w.trigger_type for w in made] == list(ITEM_TRIGGERS)
        assert all(len(w.id) == 24 and w.site_id == emu.site_id for w in made)
        listed = await wf.webhooks.list(emu.site_id)
        assert sorted(w.id for w in listed) == sorted(w.id for w in made)
        one = await wf.webhooks.get(made[0].id)
        assert (one.id, one.url) == (made[0].id, "https://example.com/hooks/collection_item_created")
        await wf.webhooks.delete(made[0].id)
        with pytest.raises(NotFoundError):
            await wf.webhooks.get(made[0].id)
        assert len(await wf.webhooks.list(emu.site_id)) == len(ITEM_TRIGGERS) - 1


@pytest.mark.parametrize(
    ("trigger", "url", "match"),
    [
        ("form_submission", "https://example.com/h", "trigger_type must be one of collection_item_created"),
        ("collection_item_typo", "https://example.com/h", "trigger_type must be one of"),
        ("collection_item_created", "example.com/h", "url must be an http"),
    ],
)
async def test_bad_webhooks_are_refused_before_sending(trigger: str, url: str, match: str) -> None:
    async with emulated() as emu, AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=FAST) as wf:
        sent = wf.transport.sent
        with pytest.raises(ValidationError, match=match):
            await wf.webhooks.create(emu.site_id, trigger_type=trigger, url=url)
        with pytest.raises(ValidationError, match="webhook id"):
            await wf.webhooks.delete("nope")
        assert wf.transport.sent == sent
