"""wf.collections and its fields against the emulator."""

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
                {"displayName": "Kind", "type": "Option", "metadata": {"options": [{"name": "Story"}]}},
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


async def test_fields_update_and_delete_then_the_collection_goes() -> None:
    async with (
        emulated(rate_limit="10000/1") as emu,
        AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=RateLimit(10_000, 1)) as wf,
    ):
        authors = await wf.collections.create(emu.site_id, display_name="Authors", singular_name="Author")
        fields = wf.collections.fields(authors.id)
        bio = await fields.create({"displayName": "Bio", "type": "PlainText"})
        link = await fields.create(
            {"displayName": "Blog", "type": "Reference", "metadata": {"collectionId": emu.collection_id}}
        )
        assert link.validations.get("collectionId") == emu.collection_id
        changed = await fields.update(bio.id, display_name="Biography", is_required=True, help_text="Who they are")
        assert (changed.id, changed.display_name, changed.is_required) == (bio.id, "Biography", True)
        await fields.delete(link.id)
        assert [f.slug for f in (await wf.collections.get(authors.id)).fields if f.id == link.id] == []
        await wf.collections.delete(authors.id)
        with pytest.raises(NotFoundError):
            await wf.collections.get(authors.id)
        assert authors.id not in {c.id for c in await wf.collections.list(emu.site_id)}


@pytest.mark.parametrize(
    ("field", "match"),
    [
        ({"displayName": "Kind", "type": "Option", "validations": {"options": [{"name": "A"}]}}, 'needs "metadata"'),
        ({"displayName": "Who", "type": "Reference"}, "a Reference field needs"),
        ({"displayName": "X", "type": "Text"}, "type 'Text' is not one of"),
        ({"type": "PlainText"}, "needs a 'type' and a 'displayName'"),
        ("PlainText", "a field is a mapping"),
    ],
)
async def test_a_field_webflow_would_refuse_fails_before_it_is_sent(field: object, match: str) -> None:
    async with emulated() as emu, AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=RateLimit(10_000, 1)) as wf:
        sent = wf.transport.sent
        with pytest.raises(ValidationError, match=match):
            await wf.collections.fields(emu.collection_id).create(field)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match=r"fields\[0\]"):
            await wf.collections.create(emu.site_id, display_name="N", singular_name="N", fields=[field])  # type: ignore[list-item]
        with pytest.raises(ValidationError, match="nothing to change"):
            await wf.collections.fields(emu.collection_id).update("0" * 24)
        assert wf.transport.sent == sent
