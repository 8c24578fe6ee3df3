"""Sites and collections against the emulator."""

from __future__ import annotations

import pytest

from support import BLOG_FIELDS, emulated
from webflow_cms import AsyncWebflowCMS, NotFoundError, RateLimit, ValidationError

pytestmark = pytest.mark.anyio


async def test_sites_and_collections_round_trip() -> None:
    async with (
        emulated(rate_limit="10000/1") as emu,
        AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=RateLimit(10_000, 1)) as wf,
    ):
        sites = await wf.sites.list()
        assert [s.id for s in sites] == [emu.site_id]
        assert len(sites[0].cms_locale_ids) >= 1

        listed = await wf.collections.list(emu.site_id)
        assert [c.id for c in listed] == [emu.collection_id]

        blog = await wf.collections.get(emu.collection_id)
        assert {"name", "slug"} | {f["slug"] for f in BLOG_FIELDS} <= {f.slug for f in blog.fields}
        rank = blog.field("rank")
        assert rank is not None
        assert rank.type == "Number"

        authors = await wf.collections.create(
            emu.site_id,
            display_name="Authors",
            singular_name="Author",
            slug="authors",
            fields=[{"displayName": "Bio", "slug": "bio", "type": "PlainText"}],
        )
        added = await wf.collections.create_field(
            authors.id, {"displayName": "Twitter", "slug": "twitter", "type": "PlainText"}
        )
        assert added.slug == "twitter"
        assert {"bio", "twitter"} <= {f.slug for f in (await wf.collections.get(authors.id)).fields}

        with pytest.raises(NotFoundError):
            await wf.collections.get("0" * 24)
        with pytest.raises(ValidationError):
            await wf.collections.get("nope")


async def test_create_a_collection_as_the_readme_shows() -> None:
    async with (
        emulated(rate_limit="10000/1") as emu,
        AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=RateLimit(10_000, 1)) as wf,
    ):
        news = await wf.collections.create(
            emu.site_id,
            display_name="News",
            singular_name="News item",
            fields=[
                {"displayName": "Summary", "slug": "summary", "type": "PlainText"},
                {"displayName": "Kind", "type": "Option", "validations": {"options": [{"name": "Story"}]}},
            ],
        )
        assert news.slug == "news"
        assert [(f.slug, f.type) for f in news.fields] == [
            ("name", "PlainText"),
            ("slug", "PlainText"),
            ("summary", "PlainText"),
            ("kind", "Option"),
        ]
        kind = news.field("kind")
        assert kind is not None
        assert list(kind.options) == ["Story"]
        assert len(kind.options["Story"]) == 24  # the server gave the option its id
        summary = news.field("summary")
        assert summary is not None
        assert summary.options == {}
        assert (await wf.collections.get(news.id)).field("kind") == kind
