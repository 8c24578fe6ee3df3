"""``wf.items(collection_id, model=M)`` against the emulator: models in, models out, the wire as Webflow wants it.

Collections are created with the SDK on the module's emulator; their model classes are built from the
created collection (ids and option ids come from the server), as ``webflow-cms codegen`` would write them.
What the server holds is read with plain httpx (``support.read_all``), not with the SDK.
"""

from __future__ import annotations

import datetime
import importlib.util
import itertools
import sys
import warnings
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest

from support import emulated, read_all
from support.items import client, refusals, scan_misses_first, verdicts
from webflow_cms import AsyncWebflowCMS, BulkResult, CollectionMismatchError, CollectionMismatchWarning, typed
from webflow_cms.codegen import render_models
from webflow_cms.errors import ConflictError, ModelMismatchError, ValidationError
from webflow_cms.models import Item
from webflow_cms.resources.collections import Collection
from webflow_cms.resources.items import Items
from webflow_cms.resources.model_items import ModelItems
from webflow_cms_emulator import RunningEmulator
from webflow_cms_emulator.cdn import cdn_url

pytest_plugins = ["support.items"]
pytestmark = pytest.mark.anyio

UTC = datetime.UTC
WHEN = datetime.datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
_names = itertools.count(1)


@attrs.frozen
class Blog:
    """Two fresh collections (Authors, Blog Posts) on the module's emulator and their model classes."""

    emu: RunningEmulator
    authors_id: str
    posts_id: str
    options: dict[str, str]
    Author: type[Any]
    BlogPost: type[Any]

    def client(self) -> AsyncWebflowCMS:
        return client(self.emu)  # type: ignore[arg-type]

    async def raw(self, *, live: bool = False) -> dict[str, dict[str, Any]]:
        """The posts on the server by slug, read with plain httpx."""
        items = await read_all(self.emu.url, self.emu.token, self.posts_id, live=live)
        return {item["fieldData"]["slug"]: item for item in items}


def author_model(collection_id: str) -> type[Any]:
    @attrs.define(kw_only=True)
    class Author(typed.CMSItem):
        __collection__ = typed.CollectionSpec(
            collection_id=collection_id,
            name="Authors",
            fields={
                "name": typed.FieldSpec("name", "PlainText", required=True),
                "slug": typed.FieldSpec("slug", "PlainText", required=True),
            },
        )
        id: typed.Ref[Author] | None = None
        name: str
        slug: str

    return Author


def post_model(posts_id: str, authors_id: str, options: dict[str, str], name: str = "BlogPost") -> type[Any]:
    """The Blog Posts model; ``options`` are the Option field's choices the model knows (name to id)."""
    spec = typed.CollectionSpec(
        collection_id=posts_id,
        name="Blog Posts",
        fields={
            "name": typed.FieldSpec("name", "PlainText", required=True),
            "slug": typed.FieldSpec("slug", "PlainText", required=True),
            "summary": typed.FieldSpec("summary", "PlainText"),
            "category": typed.FieldSpec("category", "Option", options=options),
            "author": typed.FieldSpec("author", "Reference", target=authors_id),
            "co_authors": typed.FieldSpec("co-authors", "MultiReference", target=authors_id),
            "when": typed.FieldSpec("when", "DateTime"),
            "main_image": typed.FieldSpec("main-image", "Image"),
            "gallery": typed.FieldSpec("gallery", "MultiImage"),
            "rating": typed.FieldSpec(
                "rating", "Number", validations={"format": "integer", "minValue": 1, "maxValue": 5}
            ),
            "featured": typed.FieldSpec("featured", "Switch"),
        },
    )
    return attrs.make_class(
        name,
        {
            "id": attrs.field(default=None),
            "name": attrs.field(),
            "slug": attrs.field(),
            "summary": attrs.field(default=None),
            "category": attrs.field(default=None),
            "author": attrs.field(default=None),
            "co_authors": attrs.field(factory=list),
            "when": attrs.field(default=None),
            "main_image": attrs.field(default=None),
            "gallery": attrs.field(factory=list),
            "rating": attrs.field(default=None),
            "featured": attrs.field(default=None),
        },
        bases=(typed.CMSItem,),
        kw_only=True,
        class_body={"__collection__": spec},
    )


async def posts_collection(wf: AsyncWebflowCMS, site_id: str, authors_id: str, n: object) -> Collection:
    """A Blog Posts collection: the fields ``post_model`` maps, each new collection with its own option ids."""
    return await wf.collections.create(
        site_id,
        display_name=f"Blog Posts {n}",
        singular_name="Blog Post",
        slug=f"blog-posts-{n}",
        fields=[
            {"type": "PlainText", "displayName": "Summary"},
            {
                "type": "Option",
                "displayName": "Category",
                "metadata": {"options": [{"name": "News"}, {"name": "Guides"}]},
            },
            {"type": "Reference", "displayName": "Author", "metadata": {"collectionId": authors_id}},
            {"type": "MultiReference", "displayName": "Co Authors", "metadata": {"collectionId": authors_id}},
            {"type": "DateTime", "displayName": "When"},
            {"type": "Image", "displayName": "Main Image"},
            {"type": "MultiImage", "displayName": "Gallery"},
            {"type": "Number", "displayName": "Rating"},
            {"type": "Switch", "displayName": "Featured"},
        ],
    )


@pytest.fixture
async def blog(running: RunningEmulator) -> Blog:
    n = next(_names)
    async with client(running) as wf:  # type: ignore[arg-type]
        authors = await wf.collections.create(
            running.site_id, display_name=f"Authors {n}", singular_name="Author", slug=f"authors-{n}"
        )
        posts = await posts_collection(wf, running.site_id, authors.id, n)
    category = posts.field("category")
    assert category is not None
    options = category.options
    assert sorted(options) == ["Guides", "News"]
    return Blog(
        running, authors.id, posts.id, options, author_model(authors.id), post_model(posts.id, authors.id, options)
    )


async def two_authors(blog: Blog, wf: AsyncWebflowCMS) -> tuple[str, str]:
    made = await wf.items(blog.authors_id, model=blog.Author).create_many(
        [blog.Author(name="Ada", slug="ada"), blog.Author(name="Grace", slug="grace")]
    )
    assert made.counts() == {"created": 2}
    ada, grace = made.items
    return ada.id, grace.id


def full(blog: Blog, n: int, ada: str, grace: str) -> Any:
    return blog.BlogPost(
        name=f"Post {n}",
        slug=f"post-{n}",
        summary=f"Summary {n}",
        category="Guides" if n % 2 else "News",
        author=ada,
        co_authors=[ada, grace],
        when=WHEN + datetime.timedelta(days=n),
        main_image=typed.FileRef(url=f"https://example.com/{n}.png", alt=f"Image {n}"),
        gallery=[typed.FileRef(url="https://example.com/g1.png"), typed.FileRef(url="https://example.com/g2.png")],
        rating=1 + n % 5,
        featured=n % 2 == 0,
    )


def rehosted(sent: typed.FileRef, got: typed.FileRef) -> bool:
    """``got`` is ``sent`` as Webflow stores a file: a URL re-hosted under a file id of its own, ``alt`` kept,
    a file id already hosted kept (upstream's Image examples: ``{fileId, url: /files/<fileId>_<name>}``)."""
    if sent.file_id is not None:
        return got.file_id == sent.file_id and got.alt == sent.alt
    assert sent.url is not None
    name = sent.url.rsplit("/", 1)[-1]
    return (
        isinstance(got.file_id, str)
        and len(got.file_id) == 24
        and got.url == f"/files/{got.file_id}_{name}"
        and got.alt == sent.alt
    )


def as_stored(sent: Any, got: Any) -> Any:
    """``sent`` with what the server assigns (id, locale, flags, dates, re-hosted files) taken from ``got``."""
    assigned = ("id", "cms_locale_id", "is_draft", "is_archived", "last_published", "last_updated", "created_on")
    files: dict[str, Any] = {}
    for field in attrs.fields(type(sent)):
        value = getattr(sent, field.name)
        mine = value if isinstance(value, list) else [value]
        if mine and all(isinstance(v, typed.FileRef) for v in mine):
            theirs = getattr(got, field.name)
            theirs_list = theirs if isinstance(theirs, list) else [theirs]
            assert len(theirs_list) == len(mine), field.name
            # ExtFileRef values are kept as sent: nothing documents what Webflow does with them.
            assert all(a == b or rehosted(a, b) for a, b in zip(mine, theirs_list, strict=True)), field.name
            files[field.name] = theirs
    return attrs.evolve(sent, **{name: getattr(got, name) for name in assigned}, **files)


def rehosted_wire(item: dict[str, Any], slug: str, sent: dict[str, str], position: int | None = None) -> Any:
    """The stored wire value of a file field when it is ``sent`` re-hosted (else ``sent``, so the diff shows)."""
    stored = item["fieldData"][slug] if position is None else item["fieldData"][slug][position]
    ref = typed.FileRef(url=sent.get("url"), file_id=sent.get("fileId"), alt=sent.get("alt"))
    got = typed.FileRef(url=stored.get("url"), file_id=stored.get("fileId"), alt=stored.get("alt"))
    return stored if rehosted(ref, got) else sent


# ----------------------------------------------------------------- creates


async def test_create_many_returns_models_equal_to_what_was_sent(blog: Blog) -> None:
    async with blog.client() as wf:
        ada, grace = await two_authors(blog, wf)
        posts = wf.items(blog.posts_id, model=blog.BlogPost)
        sent = [full(blog, n, ada, grace) for n in range(3)]
        result = await posts.create_many(sent)

    assert result.counts() == {"created": 3}
    assert isinstance(result, BulkResult)
    assert sorted(s.index for s in result.succeeded) == [0, 1, 2]
    for done in result.succeeded:
        assert done.input is sent[done.index]
        assert type(done.item) is blog.BlogPost
        assert done.item.id == done.id
        assert isinstance(done.id, str)
        assert len(done.id) == 24
        assert done.item == as_stored(sent[done.index], done.item)
        assert done.item.created_on is not None
        assert done.item.is_draft is True
    assert [m.slug for m in result.items] == ["post-0", "post-1", "post-2"]
    assert len({m.id for m in result.items}) == 3
    # What was sent is left as it was.
    assert all(m.id is None for m in sent)


async def test_create_returns_one_model(blog: Blog) -> None:
    async with blog.client() as wf:
        author = await wf.items(blog.authors_id, model=blog.Author).create(blog.Author(name="Ada", slug="ada"))
    assert type(author) is blog.Author
    assert (author.name, author.slug) == ("Ada", "ada")
    assert author.id is not None
    assert len(author.id) == 24


async def test_the_server_holds_option_ids_iso_dates_and_reference_ids(blog: Blog) -> None:
    async with blog.client() as wf:
        ada, grace = await two_authors(blog, wf)
        posts = wf.items(blog.posts_id, model=blog.BlogPost)
        created = await posts.create(full(blog, 1, ada, grace))
        bare = await posts.create(blog.BlogPost(name="Bare", slug="bare"))

    raw = await blog.raw()
    assert raw["post-1"]["id"] == created.id
    assert raw["post-1"]["fieldData"] == {
        "name": "Post 1",
        "slug": "post-1",
        "summary": "Summary 1",
        "category": blog.options["Guides"],
        "author": ada,
        "co-authors": [ada, grace],
        "when": "2026-01-03T03:04:05.678Z",
        "main-image": rehosted_wire(
            raw["post-1"], "main-image", {"url": "https://example.com/1.png", "alt": "Image 1"}
        ),
        "gallery": [
            rehosted_wire(raw["post-1"], "gallery", {"url": "https://example.com/g1.png"}, 0),
            rehosted_wire(raw["post-1"], "gallery", {"url": "https://example.com/g2.png"}, 1),
        ],
        "rating": 2,
        "featured": False,
    }
    # A create leaves out the fields without a value.
    assert raw["bare"]["id"] == bare.id
    assert raw["bare"]["fieldData"] == {"name": "Bare", "slug": "bare"}
    assert bare.co_authors == []
    assert bare.gallery == []
    assert bare.category is None


async def test_a_bad_model_in_a_batch_fails_alone_naming_the_field(blog: Blog) -> None:
    P = blog.BlogPost
    batch = [
        P(name="Good 0", slug="good-0", rating=3),
        P(name="Bad rating", slug="bad-rating", rating=9),
        P(name="Good 2", slug="good-2", category="News"),
        P(name="Bad category", slug="bad-category", category="Opinion"),
        P(name="Bad author", slug="bad-author", author="ada"),
        {"fieldData": {"name": "Dict", "slug": "dict"}},
        P(name="Bad gallery", slug="bad-gallery", gallery=[typed.FileRef(url="https://x.io/a"), typed.FileRef()]),
        P(name="Good 7", slug="good-7", when=WHEN),
        P(name="Naive", slug="naive", when=datetime.datetime(2026, 1, 1)),
    ]
    async with blog.client() as wf:
        result = await wf.items(blog.posts_id, model=P).create_many(batch)

    assert result.counts() == {"created": 3, "failed": 6}
    outcome = verdicts(result)  # every input accounted for, exactly once
    assert {i for i, v in outcome.items() if v[0] == "created"} == {0, 2, 7}
    name = P.__name__
    assert refusals(result) == {
        1: (
            "ValidationError",
            "invalid_input",
            None,
            f"input 1: {name}.rating (field 'rating', Number) must be at most 5, got 9",
        ),
        3: (
            "ValidationError",
            "invalid_input",
            None,
            f"input 3: {name}.category (field 'category', Option) must be one of ['Guides', 'News'], got 'Opinion'",
        ),
        4: (
            "ValidationError",
            "invalid_input",
            None,
            f"input 4: {name}.author (field 'author', Reference) "
            "must be an item id (24 lowercase hex characters), got 'ada'",
        ),
        5: ("ValidationError", "invalid_input", None, f"input 5: expected a {name}, got dict"),
        6: (
            "ValidationError",
            "invalid_input",
            None,
            f"input 6: {name}.gallery (field 'gallery', MultiImage) [1] a FileRef needs a url "
            "(a public file for Webflow to fetch) or a file_id",
        ),
        8: (
            "ValidationError",
            "invalid_input",
            None,
            f"input 8: {name}.when (field 'when', DateTime) "
            "must have a time zone, e.g. datetime(..., tzinfo=datetime.UTC)",
        ),
    }
    assert all(f.input is batch[f.index] for f in result.failed)
    raw = await blog.raw()
    assert sorted(raw) == ["good-0", "good-2", "good-7"]
    assert raw["good-2"]["fieldData"]["category"] == blog.options["News"]
    assert raw["good-7"]["fieldData"]["when"] == "2026-01-02T03:04:05.678Z"


async def test_a_repeated_slug_in_a_batch_fails(blog: Blog) -> None:
    P = blog.BlogPost
    async with blog.client() as wf:
        result = await wf.items(blog.posts_id, model=P).create_many(
            [P(name="A", slug="same"), P(name="B", slug="same")]
        )
    assert result.counts() == {"created": 1, "failed": 1}
    assert [f.index for f in result.failed] == [1]
    error = result.failed[0].error
    assert isinstance(error, ConflictError)
    assert error.message == "input 1: slug 'same' is also used by input 0; slugs are unique"
    assert list(await blog.raw()) == ["same"]


async def test_create_of_a_bad_model_raises_before_sending(blog: Blog) -> None:
    P = blog.BlogPost
    async with blog.client() as wf:
        with pytest.raises(ValidationError) as caught:
            await wf.items(blog.posts_id, model=P).create(P(name="X", slug="x", rating=0))
    assert caught.value.message == f"input 0: {P.__name__}.rating (field 'rating', Number) must be at least 1, got 0"
    assert await blog.raw() == {}


# ----------------------------------------------------------------- reads


async def test_list_and_get_give_models(blog: Blog) -> None:
    async with blog.client() as wf:
        ada, grace = await two_authors(blog, wf)
        posts = wf.items(blog.posts_id, model=blog.BlogPost)
        created = (await posts.create_many([full(blog, n, ada, grace) for n in range(5)])).items

        first = await posts.list()
        every = [m async for m in posts.list()]
        small = await posts.list(page_size=2)
        one = await posts.get(created[3].id)
        by_slug = await posts.list(slug="post-2")

    by_id = {m.id: m for m in created}
    assert first.total == 5
    assert all(type(m) is blog.BlogPost for m in first.items)
    assert {m.id: m for m in first.items} == by_id
    assert len(every) == 5
    assert {m.id: m for m in every} == by_id
    assert len(small.items) == 2
    assert small.total == 5
    assert one == created[3]
    assert type(one) is blog.BlogPost
    assert one.category == "Guides"
    assert one.when == WHEN + datetime.timedelta(days=3)
    assert one.when.tzinfo is not None
    assert one.author == ada
    assert one.co_authors == [ada, grace]
    assert rehosted(typed.FileRef(url="https://example.com/3.png", alt="Image 3"), one.main_image)
    assert [m.slug for m in by_slug.items] == ["post-2"]


async def test_typed_listing_over_250_items_pages_correctly(blog: Blog) -> None:
    n = 263
    P = blog.BlogPost
    async with blog.client() as wf:
        posts = wf.items(blog.posts_id, model=P)
        made = await posts.create_many(
            [P(name=f"Post {i}", slug=f"post-{i}", rating=1 + i % 5, category="News") for i in range(n)]
        )
        assert made.counts() == {"created": n}
        first = await posts.list()
        every = [m async for m in posts.list()]
        in_fifties = [m async for m in posts.list(page_size=50)]
        by_slug_desc = [m async for m in posts.list(sort_by="slug", sort_order="desc")]
        from_130 = [m async for m in posts.list(offset=130)]
        page_at_200 = await posts.list(offset=200, page_size=50)

    assert first.total == n
    assert from_130 == every[130:]
    assert all(type(m) is P for m in from_130)
    assert (page_at_200.offset, page_at_200.items) == (200, every[200:250])
    assert len(first.items) == 100
    assert len(every) == n
    assert len({m.id for m in every}) == n
    assert {m.slug for m in every} == {f"post-{i}" for i in range(n)}
    assert {m.id: m for m in every} == {m.id: m for m in made.items}
    assert all(type(m) is P and m.category == "News" for m in every)
    assert sorted(m.id for m in in_fifties) == sorted(m.id for m in every)
    assert [m.slug for m in by_slug_desc] == sorted((f"post-{i}" for i in range(n)), reverse=True)


async def test_listing_an_item_whose_option_the_model_does_not_know_raises(blog: Blog) -> None:
    narrow = post_model(blog.posts_id, blog.authors_id, {"News": blog.options["News"]}, name="NarrowPost")
    guides = blog.options["Guides"]
    async with blog.client() as wf:
        made = await wf.items(blog.posts_id).create(
            {"fieldData": {"name": "Guide", "slug": "guide", "category": guides}}
        )
        items = wf.items(blog.posts_id, model=narrow)
        expected = (
            f"item {made.id}: NarrowPost.category (field 'category') option id {guides!r} "
            "is not one of the model's options ['News']"
        )
        with pytest.raises(ModelMismatchError) as listed:
            await items.list()
        assert listed.value.message == expected
        with pytest.raises(ModelMismatchError) as iterated:
            _ = [m async for m in items.list()]
        assert iterated.value.message == expected
        with pytest.raises(ModelMismatchError) as got:
            await items.get(made.id)
        assert got.value.message == expected
        # The full model reads the same item.
        assert (await wf.items(blog.posts_id, model=blog.BlogPost).get(made.id)).category == "Guides"


async def test_untyped_items_are_unchanged(blog: Blog) -> None:
    async with blog.client() as wf:
        posts = wf.items(blog.posts_id, model=blog.BlogPost)
        created = await posts.create(blog.BlogPost(name="A", slug="a", category="Guides", rating=2))
        plain = wf.items(blog.posts_id)
        listed = (await plain.list()).items
        got = await plain.get(created.id)
        untyped = posts.untyped
        via_untyped = await untyped.get(created.id)
        made = await untyped.create_many([{"fieldData": {"name": "B", "slug": "b", "rating": 3}}])

    assert type(plain) is Items
    assert type(posts) is ModelItems
    assert repr(posts) == f"ModelItems(collection_id={blog.posts_id!r}, model={blog.BlogPost.__name__})"
    assert [type(i) for i in listed] == [Item]
    assert type(got) is Item
    assert got.fields == {"name": "A", "slug": "a", "category": blog.options["Guides"], "rating": 2}
    assert type(untyped) is Items
    assert untyped.collection_id == blog.posts_id
    assert type(via_untyped) is Item
    assert via_untyped.fields == got.fields
    assert made.counts() == {"created": 1}
    assert type(made.items[0]) is Item


# ----------------------------------------------------------------- updates


async def test_update_writes_the_whole_model_and_clears_fields_set_to_none(blog: Blog) -> None:
    async with blog.client() as wf:
        ada, grace = await two_authors(blog, wf)
        posts = wf.items(blog.posts_id, model=blog.BlogPost)
        created = await posts.create(full(blog, 1, ada, grace))
        changed = attrs.evolve(
            created, rating=None, category="News", summary=None, main_image=None, co_authors=[], author=grace
        )
        updated = await posts.update(changed)
        again = await posts.get(created.id)

    assert type(updated) is blog.BlogPost
    assert updated.id == created.id
    assert (updated.rating, updated.category, updated.summary, updated.main_image, updated.co_authors) == (
        None,
        "News",
        None,
        None,
        [],
    )
    assert updated.author == grace
    assert updated.when == created.when
    assert updated.gallery == created.gallery
    assert again == updated
    fields = (await blog.raw())["post-1"]["fieldData"]
    assert fields["category"] == blog.options["News"]
    assert fields["author"] == grace
    for cleared in ("rating", "summary", "main-image", "co-authors"):
        assert fields.get(cleared) is None, f"{cleared} was not cleared: {fields.get(cleared)!r}"
    assert fields["when"] == "2026-01-03T03:04:05.678Z"


async def test_update_many_writes_each_model(blog: Blog) -> None:
    P = blog.BlogPost
    async with blog.client() as wf:
        posts = wf.items(blog.posts_id, model=P)
        made = (await posts.create_many([P(name=f"P{i}", slug=f"p-{i}", rating=1) for i in range(3)])).items
        changes = [attrs.evolve(m, rating=m.rating + i, featured=True) for i, m in enumerate(made)]
        no_id = P(name="No id", slug="no-id")
        result = await posts.update_many([*changes, no_id])

    assert result.counts() == {"updated": 3, "failed": 1}
    assert refusals(result) == {
        3: (
            "ValidationError",
            "invalid_input",
            None,
            f"input 3: {P.__name__} has no id (None); updates need the item's id",
        )
    }
    assert [(m.slug, m.rating, m.featured) for m in result.items] == [
        ("p-0", 1, True),
        ("p-1", 2, True),
        ("p-2", 3, True),
    ]
    raw = await blog.raw()
    assert {slug: (item["fieldData"]["rating"], item["fieldData"]["featured"]) for slug, item in raw.items()} == {
        "p-0": (1, True),
        "p-1": (2, True),
        "p-2": (3, True),
    }


async def test_upsert_creates_then_updates_then_leaves_unchanged(blog: Blog) -> None:
    P = blog.BlogPost
    async with blog.client() as wf:
        posts = wf.items(blog.posts_id, model=P)
        first_run = [P(name="A", slug="a", category="News", rating=1), P(name="B", slug="b", summary="Bee")]
        created = await posts.upsert_many(first_run)
        second_run = [P(name="A", slug="a", category="Guides", rating=None), P(name="B", slug="b", summary="Bee")]
        updated = await posts.upsert_many(second_run)
        unchanged = await posts.upsert_many(
            [P(name="A", slug="a", category="Guides"), P(name="B", slug="b", summary="Bee")]
        )
        by_attribute = await posts.upsert_many([P(name="A", slug="a", category="Guides")], key="slug")

    assert created.counts() == {"created": 2}
    assert [type(m) for m in created.items] == [P, P]
    assert [(m.slug, m.category, m.rating, m.summary) for m in created.items] == [
        ("a", "News", 1, None),
        ("b", None, None, "Bee"),
    ]
    assert updated.counts() == {"updated": 1, "unchanged": 1}
    assert {s.index: s.action for s in updated.succeeded} == {0: "updated", 1: "unchanged"}
    assert updated.items[0].id == created.items[0].id
    assert (updated.items[0].category, updated.items[0].rating) == ("Guides", None)
    assert unchanged.counts() == {"unchanged": 2}
    assert by_attribute.counts() == {"unchanged": 1}
    raw = await blog.raw()
    assert sorted(raw) == ["a", "b"]
    assert raw["a"]["fieldData"]["category"] == blog.options["Guides"]
    assert raw["a"]["fieldData"].get("rating") is None
    # A new item was created without the fields that have no value.
    assert raw["b"]["fieldData"] == {"name": "B", "slug": "b", "summary": "Bee"}


async def test_models_read_back_upsert_and_update_as_unchanged(blog: Blog) -> None:
    async with blog.client() as wf:
        ada, grace = await two_authors(blog, wf)
        posts = wf.items(blog.posts_id, model=blog.BlogPost)
        await posts.create_many([full(blog, n, ada, grace) for n in range(3)])
        before = await blog.raw()
        listed = [m async for m in posts.list()]
        upserted = await posts.upsert_many(listed)
        updated = await posts.update_many(listed)
        after = await blog.raw()

    assert upserted.counts() == {"unchanged": 3}
    assert updated.counts() == {"updated": 3}

    def fields_of(m: Any) -> Any:
        return attrs.evolve(m, last_updated=None)

    assert {m.id: fields_of(m) for m in updated.items} == {m.id: fields_of(m) for m in listed}
    assert {slug: item["fieldData"] for slug, item in after.items()} == {
        slug: item["fieldData"] for slug, item in before.items()
    }


# ----------------------------------------------------------------- delete, publish, unpublish


async def test_publish_unpublish_and_delete_accept_instances_and_ids(blog: Blog) -> None:
    P = blog.BlogPost
    async with blog.client() as wf:
        posts = wf.items(blog.posts_id, model=P)
        a, b, c, d, e = (await posts.create_many([P(name=s.upper(), slug=s) for s in "abcde"])).items

        published = await posts.publish([a, b.id, c])
        live_after_publish = await blog.raw(live=True)
        unpublished = await posts.unpublish([a, c.id])
        live_after_unpublish = await blog.raw(live=True)
        deleted = await posts.delete_many([a, d.id])
        await posts.delete(e)
        await posts.delete(b.id)
        bad = await posts.delete_many([P(name="X", slug="x"), "nope"])

    assert published.counts() == {"published": 3}
    assert {s.index: s.id for s in published.succeeded} == {0: a.id, 1: b.id, 2: c.id}
    assert sorted(live_after_publish) == ["a", "b", "c"]
    assert unpublished.counts() == {"unpublished": 2}
    assert {s.index: s.id for s in unpublished.succeeded} == {0: a.id, 1: c.id}
    assert sorted(live_after_unpublish) == ["b"]
    assert deleted.counts() == {"deleted": 2}
    assert {s.index: s.id for s in deleted.succeeded} == {0: a.id, 1: d.id}
    assert sorted(await blog.raw()) == ["c"]
    assert bad.counts() == {"failed": 2}
    assert [type(f.error) for f in bad.failed] == [ValidationError, ValidationError]


async def test_delete_of_a_model_without_an_id_is_refused(blog: Blog) -> None:
    P = blog.BlogPost
    async with blog.client() as wf:
        with pytest.raises(ValidationError, match="is not a Webflow id"):
            await wf.items(blog.posts_id, model=P).delete(P(name="X", slug="x"))


# ------------------------------------------- a model used on another collection (issue 26)


async def test_a_model_used_on_another_collection_warns_once_per_collection_and_still_works(blog: Blog) -> None:
    """Generated modules are reused across collections that share a schema (staging, then production)."""
    P = blog.BlogPost
    async with blog.client() as wf:
        copy = await posts_collection(wf, blog.emu.site_id, blog.authors_id, f"copy-{next(_names)}")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            posts = wf.items(copy.id, model=P)
            wf.items(copy.id, model=P)  # the same model on the same collection: warned already
            async with blog.client() as other:
                other.items(copy.id, model=P)  # once per process, not per client
            wf.items(blog.posts_id, model=P)  # its own collection
            wf.items(blog.authors_id, model=P)  # another collection: warned on its own
            wf.items(copy.id, model=blog.Author)  # another model: warned on its own
            created = await posts.create(P(name="A", slug="a", summary="S", rating=2))
            refused = await posts.create_many([P(name="B", slug="b", category="News")])
        stored = await read_all(blog.emu.url, blog.emu.token, copy.id)

    assert [w.category for w in caught] == [CollectionMismatchWarning] * 3
    assert {w.filename for w in caught} == {__file__}  # it points at the wf.items() call
    first, second, third = (str(w.message) for w in caught)
    assert f"BlogPost was generated from collection {blog.posts_id} ('Blog Posts'), not {copy.id}" in first
    assert "warnings.filterwarnings('ignore', category=webflow_cms.CollectionMismatchWarning)" in first
    assert "pass strict=True to wf.items() to refuse such a model instead" in first
    assert f"not {blog.authors_id}" in second
    assert f"Author was generated from collection {blog.authors_id} ('Authors'), not {copy.id}" in third
    # The model works where the schema fits; an option id of the other collection is refused by the server.
    assert (created.summary, created.rating) == ("S", 2)
    assert [(i["fieldData"]["slug"], i["fieldData"]["summary"]) for i in stored] == [("a", "S")]
    assert refused.counts() == {"failed": 1}
    assert isinstance(refused.failed[0].error, ValidationError)
    assert "category" in str(refused.failed[0].error)


async def test_strict_refuses_a_model_of_another_collection_every_time(blog: Blog) -> None:
    P = blog.BlogPost
    async with blog.client() as wf:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for _ in range(2):
                with pytest.raises(CollectionMismatchError) as refused:
                    wf.items(blog.authors_id, model=P, strict=True)
            own = wf.items(blog.posts_id, model=P, strict=True)
            created = await own.create(P(name="A", slug="a"))
        with pytest.raises(TypeError, match="strict=True checks a model's collection: pass model= too"):
            wf.items(blog.posts_id, strict=True)  # type: ignore[call-overload]

    assert caught == []
    error = refused.value
    assert isinstance(error, ValidationError)
    assert (error.status, error.code) == (None, "collection_mismatch")
    assert str(error) == (
        f"collection_mismatch: BlogPost was generated from collection {blog.posts_id} ('Blog Posts'), "
        f"not {blog.authors_id}; regenerate the models from this collection's site (webflow-cms codegen "
        "--site SITE_ID -o FILE), or leave strict=True out to use BlogPost on a collection with the same schema"
    )
    assert created.id is not None
    assert sorted(await blog.raw()) == ["a"]


# ------------------------------------------- generated models, every field type


#: One field of each type the collections spec lists (ExtFileRef and Number's rules only come from the
#: Designer, so the collection is made through the emulator's Designer stand-in).
EVERY_TYPE: list[dict[str, Any]] = [
    {"type": "PlainText", "displayName": "Plain"},
    {"type": "RichText", "displayName": "Rich"},
    {"type": "Image", "displayName": "Picture"},
    {"type": "MultiImage", "displayName": "Pictures"},
    {"type": "VideoLink", "displayName": "Video"},
    {"type": "Link", "displayName": "Site"},
    {"type": "Email", "displayName": "Mail"},
    {"type": "Phone", "displayName": "Phone"},
    {"type": "Number", "displayName": "Score", "validations": {"format": "integer", "minValue": 0, "maxValue": 100}},
    {"type": "DateTime", "displayName": "When", "isRequired": True},
    {"type": "Switch", "displayName": "Flag"},
    {"type": "Color", "displayName": "Tint"},
    {"type": "File", "displayName": "Attachment"},
    {"type": "ExtFileRef", "displayName": "External"},
    {"type": "Option", "displayName": "Kind", "validations": {"options": [{"name": "Big"}, {"name": 'Small "s"'}]}},
]


async def _designed(emu: RunningEmulator, fields: list[dict[str, Any]]) -> str:
    n = next(_names)
    body = {
        "displayName": f"Everything {n}",
        "singularName": "Every Thing",
        "slug": f"everything-{n}",
        "fields": fields,
    }
    async with httpx.AsyncClient(base_url=emu.url, headers={"Authorization": f"Bearer {emu.token}"}) as http:
        response = await http.post(f"/_emulator/sites/{emu.site_id}/collections", json=body)
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


def _import_generated(source: str, folder: Path, name: str) -> Any:
    path = folder / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


async def test_generated_models_round_trip_every_field_type(running: RunningEmulator, tmp_path: Path) -> None:
    async with client(running) as wf:  # type: ignore[arg-type]
        n = next(_names)
        authors = await wf.collections.create(
            running.site_id, display_name=f"People {n}", singular_name="Person", slug=f"people-{n}"
        )
        refs = [
            {"type": "Reference", "displayName": "Owner", "validations": {"collectionId": authors.id}},
            {"type": "MultiReference", "displayName": "Helpers", "validations": {"collectionId": authors.id}},
        ]
        everything_id = await _designed(running, EVERY_TYPE + refs)
        site = await wf.sites.get(running.site_id)
        schema = [await wf.collections.get(authors.id), await wf.collections.get(everything_id)]
        types = {f.type for f in schema[1].fields}
        assert types == {f["type"] for f in EVERY_TYPE + refs}
        assert len(types) == 17  # every type of the collections spec's Field enum
        module = _import_generated(render_models(site, schema), tmp_path, f"cms_models_{n}")
        person_cls, thing_cls = module.Person, module.EveryThing

        person = await wf.items(authors.id, model=person_cls).create(person_cls(name="Ada", slug="ada"))
        things = wf.items(everything_id, model=thing_cls)
        sent = thing_cls(
            name="All",
            slug="all",
            plain="text",
            rich="<p>rich</p>",
            picture=typed.FileRef(url="https://example.com/p.png", alt="P"),
            pictures=[
                typed.FileRef(url="https://example.com/1.png"),
                typed.FileRef(file_id="62b720ef280c7a7a3be8cabe"),
            ],
            video="https://www.youtube.com/watch?v=aJ83KAggd-4",
            site="https://example.com",
            mail="ada@example.com",
            phone="+1 555 0100",
            score=42,
            when=datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.UTC),
            flag=True,
            tint="hsl(120, 50%, 50%)",
            attachment=typed.FileRef(url="https://example.com/f.pdf"),
            external=typed.FileRef(url="https://example.com/x.bin"),
            kind='Small "s"',
            owner=person.id,
            helpers=[person.id],
        )
        got = await things.create(sent)
        assert got == as_stored(sent, got)
        assert await things.get(got.id) == got
        assert [item async for item in things.list()] == [got]

        (raw,) = await read_all(running.url, running.token, everything_id)
        kind = next(f for f in schema[1].fields if f.slug == "kind")
        assert raw["fieldData"]["kind"] == kind.options['Small "s"']  # the option's id on the wire
        assert raw["fieldData"]["when"] == "2026-03-04T05:06:07.000Z"
        assert raw["fieldData"]["owner"] == person.id

        bad = await things.create_many([attrs.evolve(sent, slug="too-high", score=101)])
        assert [f.error.message for f in bad.failed] == [
            "input 0: EveryThing.score (field 'score', Number) must be at most 100, got 101"
        ]

        custom = {e["displayName"].lower() for e in EVERY_TYPE + refs} - {"when", "pictures", "helpers"}
        cleared = attrs.evolve(got, **dict.fromkeys(custom), pictures=[], helpers=[])
        back = await things.update(cleared)
        assert back == as_stored(cleared, back)
        (raw,) = await read_all(running.url, running.token, everything_id)
        assert {k for k, v in raw["fieldData"].items() if v not in (None, [])} == {"name", "slug", "when"}


@attrs.define(kw_only=True)
class _Simple(typed.CMSItem):
    """A model of support's one "Blog Posts" collection (its id is given per test)."""

    __collection__ = typed.CollectionSpec(
        collection_id="e0" * 12,
        name="Blog Posts",
        fields={
            "name": typed.FieldSpec("name", "PlainText", required=True),
            "slug": typed.FieldSpec("slug", "PlainText", required=True),
            "summary": typed.FieldSpec("summary", "PlainText"),
            "rank": typed.FieldSpec("rank", "Number"),
        },
    )
    name: str
    slug: str
    summary: str | None = None
    rank: int | float | None = None


async def test_a_typed_upsert_that_loses_a_slug_race_still_clears_fields_set_to_none() -> None:
    async with emulated(rate_limit="10000/1", duplicate_slug="suffix") as emu, client(emu) as wf:
        with pytest.warns(CollectionMismatchWarning):  # _Simple is reused on each test's own collection
            posts = wf.items(emu.collection_id, model=_Simple)
        theirs = await posts.create(_Simple(name="P", slug="p", summary="old", rank=3))  # "another writer"
        calls = scan_misses_first(posts._reader)
        result = await posts.upsert_many([_Simple(name="P", slug="p")])  # summary and rank: None, to be cleared
        assert calls() > 1
        assert result.counts() == {"updated": 1}
        (on_server,) = await emu.raw_items()
        assert on_server["id"] == theirs.id
        assert on_server["fieldData"].get("summary") is None
        assert on_server["fieldData"].get("rank") is None


@pytest.mark.parametrize("number_validations", ["enforce", "ignore"])
async def test_number_rules_hold_whether_or_not_the_server_checks_them(number_validations: str) -> None:
    # Whether Webflow checks a Number field's validations on writes is undocumented: the emulator does
    # either; a typed write is refused before sending in both cases, and a typed read takes what is stored.
    async with emulated(rate_limit="10000/1", number_validations=number_validations) as emu, client(emu) as wf:
        fields = [{"type": "Number", "displayName": "Stars", "validations": {"format": "integer", "maxValue": 5}}]
        body = {"displayName": "Rated", "singularName": "Rated", "slug": "rated", "fields": fields}
        async with httpx.AsyncClient(base_url=emu.url, headers={"Authorization": f"Bearer {emu.token}"}) as http:
            made = await http.post(f"/_emulator/sites/{emu.site_id}/collections", json=body)
        assert made.status_code == 200, made.text
        rated_id = made.json()["id"]
        rated = attrs.make_class(
            "Rated",
            {"name": attrs.field(), "slug": attrs.field(), "stars": attrs.field(default=None)},
            bases=(typed.CMSItem,),
            kw_only=True,
        )
        rated.__collection__ = typed.CollectionSpec(  # type: ignore[attr-defined]
            collection_id=rated_id,
            name="Rated",
            fields={
                "name": typed.FieldSpec("name", "PlainText", required=True),
                "slug": typed.FieldSpec("slug", "PlainText", required=True),
                "stars": typed.FieldSpec("stars", "Number", validations={"format": "integer", "maxValue": 5}),
            },
        )
        before = (await emu.stats())["requests"]
        refused = await wf.items(rated_id, model=rated).create_many([rated(name="Too", slug="too", stars=9)])
        assert [f.error.message for f in refused.failed] == [
            "input 0: Rated.stars (field 'stars', Number) must be at most 5, got 9"
        ]
        assert (await emu.stats())["requests"] == before  # nothing was sent

        untyped = await wf.items(rated_id).create_many([{"fieldData": {"name": "Too", "slug": "too", "stars": 9}}])
        if number_validations == "enforce":
            assert untyped.counts() == {"failed": 1}
            assert isinstance(untyped.failed[0].error, ValidationError)
            assert "stars" in str(untyped.failed[0].error)
        else:
            assert untyped.counts() == {"created": 1}
            (stored,) = [item async for item in wf.items(rated_id, model=rated).list()]
            assert stored.stars == 9  # reading takes what Webflow holds; the rules guard writes


async def test_live_models_are_read_through_content_delivery_and_staged_ones_from_the_origin(blog: Blog) -> None:
    """``wf.items(id, model=M)`` reads live copies as ``wf.items(id)`` does: through Content Delivery when set."""
    async with blog.client() as setup:
        ada, grace = await two_authors(blog, setup)
        posts = setup.items(blog.posts_id, model=blog.BlogPost)
        created = (await posts.create_many([full(blog, n, ada, grace) for n in range(2)])).items
        (await posts.publish(created)).raise_on_failure()
    async with client(blog.emu, content_delivery=cdn_url(blog.emu.url)) as wf:
        posts = wf.items(blog.posts_id, model=blog.BlogPost)
        cdn: Any = wf.content_delivery
        listed = [m async for m in posts.list(live=True)]
        after_list = cdn.hits + cdn.misses
        one = await posts.get(created[1].id, live=True)
        after_get = cdn.hits + cdn.misses
        staged = await posts.get(created[0].id)
        await posts.list()
    assert sorted(m.id for m in listed) == sorted(m.id for m in created)
    assert (type(one), one.id, staged.id) == (blog.BlogPost, created[1].id, created[0].id)
    assert after_list >= 1  # the live listing's pages
    assert after_get == after_list + 1  # the live get
    assert cdn.hits + cdn.misses == after_get  # staged reads went to the origin


async def test_typed_writes_follow_live_and_publish_and_reads_their_locale_and_concurrency(blog: Blog) -> None:
    """``live=``/``publish=`` reach the write, ``cms_locale_id=`` and ``concurrency=`` the read, as in ``Items``."""
    P = blog.BlogPost
    sent: list[httpx.URL] = []

    async def note(request: httpx.Request) -> None:
        sent.append(request.url)

    auth = {"Authorization": f"Bearer {blog.emu.token}"}
    async with httpx.AsyncClient(event_hooks={"request": [note]}) as http, client(blog.emu, http_client=http) as wf:
        posts = wf.items(blog.posts_id, model=P)
        staged = await posts.create(P(name="Staged", slug="staged"))
        live = await posts.create(P(name="Live", slug="live"), live=True)
        live_after_create = sorted(await blog.raw(live=True))
        await posts.update(attrs.evolve(live, name="Live 2"), live=True)
        await posts.update(attrs.evolve(staged, name="Staged 2"))
        names = {slug: item["fieldData"]["name"] for slug, item in (await blog.raw(live=True)).items()}
        upserted = await posts.upsert_many([P(name="Up", slug="up")], publish=True)
        assert upserted.counts() == {"created": 1}
        live_slugs = sorted(await blog.raw(live=True))
        await posts.update(attrs.evolve(live, name="Live 3"))  # staged only
        assert (await posts.get(live.id, live=True)).name == "Live 2"
        assert (await posts.get(live.id)).name == "Live 3"

        site = (await http.get(f"{blog.emu.url}/sites/{blog.emu.site_id}", headers=auth)).json()
        locale = site["locales"]["primary"]["cmsLocaleId"]
        sent.clear()
        assert (await posts.get(staged.id, cms_locale_id=locale)).id == staged.id
        assert [url.params.get("cmsLocaleId") for url in sent] == [locale]
        sent.clear()
        listed = [m.slug async for m in posts.list(page_size=1, concurrency=1, sort_by="slug")]
        offsets = [int(url.params["offset"]) for url in sent]

    assert live_after_create == ["live"]  # a create is staged unless live=True
    assert names == {"live": "Live 2"}  # update(live=True) changed the live copy, the staged-only one stayed off it
    assert live_slugs == ["live", "up"]  # publish=True published the upserted item
    assert listed == ["live", "staged", "up"]
    assert offsets == [0, 1, 2]  # one page at a time: no page guessed past the end


async def test_typed_bulk_calls_report_progress_and_name_the_input_they_refuse(blog: Blog) -> None:
    P = blog.BlogPost
    progress: dict[str, list[tuple[int, int]]] = {}

    def note(call: str) -> Any:
        return lambda done, total: progress.setdefault(call, []).append((done, total))

    async with blog.client() as wf:
        posts = wf.items(blog.posts_id, model=P)
        made = await posts.create_many(
            [P(name="A", slug="a"), P(name="B", slug="b"), P(name="C", slug="c", is_draft="yes")],
            on_progress=note("create_many"),
        )
        a, b = made.items
        updated = await posts.update_many([a, attrs.evolve(a, is_draft="yes")], on_progress=note("update_many"))
        upserted = await posts.upsert_many(
            [P(name="B2", slug="b"), P(name="Y", slug="y", is_draft="yes"), P(name="Z", slug="z", rating="many")],
            on_progress=note("upsert"),
        )
        published = await posts.publish([a, "nope"], on_progress=note("publish"))
        await posts.unpublish([a], on_progress=note("unpublish"))
        deleted = await posts.delete_many([b, "nope"], on_progress=note("delete_many"))

    assert str(made.failed[0].error) == "invalid_input: input 2: isDraft must be true or false, got 'yes'"
    assert updated.counts() == {"updated": 1, "failed": 1}
    assert str(updated.failed[0].error) == "invalid_input: input 1: isDraft must be true or false, got 'yes'"
    assert upserted.counts() == {"updated": 1, "failed": 2}
    assert [(f.index, str(f.error).split(": ")[1]) for f in upserted.failed] == [(1, "input 1"), (2, "input 2")]
    assert "isDraft must be true or false" in str(upserted.failed[0].error)  # refused by the payload check
    assert "rating" in str(upserted.failed[1].error)  # refused by the model's encoder
    assert str(published.failed[0].error).startswith("invalid_input: input 1: ")
    assert str(deleted.failed[0].error).startswith("invalid_input: input 1: ")
    assert {call: calls[-1] for call, calls in progress.items()} == {
        "create_many": (3, 3),
        "update_many": (2, 2),
        "upsert": (3, 3),
        "publish": (2, 2),
        "unpublish": (1, 1),
        "delete_many": (2, 2),
    }


async def test_a_typed_removal_or_publish_result_read_while_it_runs_is_a_snapshot(blog: Blog) -> None:
    """As for every typed bulk call (``BulkJob`` with a view), ``job.result`` is a copy of that moment."""
    P = blog.BlogPost
    async with blog.client() as wf:
        posts = wf.items(blog.posts_id, model=P)
        a, b, c = (await posts.create_many([P(name=s, slug=s) for s in "abc"])).items
        jobs = [posts.publish([a, b]), posts.unpublish([a]), posts.delete_many([c])]
        before = [job.result for job in jobs]
        after = [await job for job in jobs]
    assert [r.counts() for r in before] == [{}, {}, {}]
    assert [r.counts() for r in after] == [{"published": 2}, {"unpublished": 1}, {"deleted": 1}]


async def test_a_model_on_another_collection_warns_once_per_collection_saying_how_to_silence_or_refuse_it(
    blog: Blog,
) -> None:
    """The warning's text and count (its stacklevel is checked by the test above, which mutmut leaves out)."""
    P = blog.BlogPost
    async with blog.client() as wf:
        copy = await posts_collection(wf, blog.emu.site_id, blog.authors_id, f"copy-{next(_names)}")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            wf.items(copy.id, model=P)
            wf.items(copy.id, model=P)
            wf.items(blog.authors_id, model=P)
    assert [str(w.message) for w in caught] == [
        f"BlogPost was generated from collection {blog.posts_id} ('Blog Posts'), not {other}; it is used as is "
        "(items that do not fit it still fail). If the collections share a schema, silence this with "
        "warnings.filterwarnings('ignore', category=webflow_cms.CollectionMismatchWarning); pass strict=True "
        "to wf.items() to refuse such a model instead"
        for other in (copy.id, blog.authors_id)
    ]
