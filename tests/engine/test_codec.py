"""The codec between generated models and the wire (``webflow_cms._engine.codec``), with no server.

Per field type: what a reader makes of Webflow's value, what a writer sends for an attribute, and every
check a writer makes (the message names ``Model.attr (field 'slug', Type)``); payloads for creates and
updates; the ``ModelMismatchError`` of an item that no longer fits its model.
"""

from __future__ import annotations

import datetime
import math
from pathlib import Path
from typing import Any

import attrs
import pytest

from support.models import AUTHOR_ID, GUIDES_ID, NEWS_ID, Author, BlogPost, Tagged
from webflow_cms import typed
from webflow_cms._engine.codec import ModelCodec, codec_for
from webflow_cms.errors import ModelMismatchError, UnexpectedResponseError, ValidationError
from webflow_cms.models import Item

UTC = datetime.UTC
ITEM_ID = "ab" * 12
OTHER_ID = "cd" * 12
LOCALE_ID = "5e" * 12
STAMP = "2024-02-28T19:25:39.942Z"
STAMP_TIME = datetime.datetime(2024, 2, 28, 19, 25, 39, 942000, tzinfo=UTC)

codec = ModelCodec(BlogPost)


def wire(item_id: str = ITEM_ID, **fields: Any) -> dict[str, Any]:
    """An item as Webflow sends it: name and slug, plus ``fields`` (by field slug)."""
    return {
        "id": item_id,
        "cmsLocaleId": LOCALE_ID,
        "lastPublished": None,
        "lastUpdated": STAMP,
        "createdOn": STAMP,
        "isArchived": False,
        "isDraft": True,
        "fieldData": {"name": "Hello", "slug": "hello", **fields},
    }


COLOR_PROBLEM = "must be a color (#1a2b3c, rgb(), rgba(), hsl(), hsla(), a CSS color name), got "


def post(**values: Any) -> BlogPost:
    return BlogPost(**{"name": "Hello", "slug": "hello", **values})


def refusal(model: object, index: int = 0, *, new: bool = True) -> str:
    """The message of the ValidationError ``payload`` raises for ``model``."""
    with pytest.raises(ValidationError) as caught:
        codec.payload(model, index, new=new)
    assert caught.value.code == "invalid_input"
    assert caught.value.status is None
    return caught.value.message


def mismatch(data: Any) -> str:
    """The message of the ModelMismatchError ``decode`` raises for ``data``."""
    with pytest.raises(ModelMismatchError) as caught:
        codec.decode(data)
    assert caught.value.code == "model_mismatch"
    assert caught.value.status is None
    return caught.value.message


# ----------------------------------------------------------------- reading: wire -> attribute


@pytest.mark.parametrize(
    ("slug", "value", "attr", "expected"),
    [
        ("body", "<p>Hi</p>", "body", "<p>Hi</p>"),
        ("website", "https://example.com/a", "website", "https://example.com/a"),
        ("contact", "ada@example.com", "contact", "ada@example.com"),
        ("phone", "+1 555 0100", "phone", "+1 555 0100"),
        ("tint", "#1a2b3c", "tint", "#1a2b3c"),
        ("video", "https://youtu.be/abc", "video", "https://youtu.be/abc"),
        ("rating", 4, "rating", 4),
        ("price", 2.5, "price", 2.5),
        ("featured", False, "featured", False),
        ("featured", True, "featured", True),
        (
            "published-at",
            "2024-01-02T03:04:05.678Z",
            "published_at",
            datetime.datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=UTC),
        ),
        (
            "published-at",
            "2024-01-02T05:04:05+02:00",
            "published_at",
            datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
        ),
        (
            "main-image",
            {"fileId": "f1", "url": "https://cdn.example.com/a.png", "alt": "A cat"},
            "main_image",
            typed.FileRef(url="https://cdn.example.com/a.png", file_id="f1", alt="A cat"),
        ),
        (
            "main-image",
            {"fileId": "f1", "url": "https://cdn.example.com/a.png", "alt": None},
            "main_image",
            typed.FileRef(url="https://cdn.example.com/a.png", file_id="f1"),
        ),
        (
            "attachment",
            "https://cdn.example.com/doc.pdf",
            "attachment",
            typed.FileRef(url="https://cdn.example.com/doc.pdf"),
        ),
        (
            "external",
            {"url": "https://files.example.com/x"},
            "external",
            typed.FileRef(url="https://files.example.com/x"),
        ),
        (
            "gallery",
            [{"fileId": "f2", "url": "https://cdn.example.com/b.png"}, "https://cdn.example.com/c.png"],
            "gallery",
            [
                typed.FileRef(url="https://cdn.example.com/b.png", file_id="f2"),
                typed.FileRef(url="https://cdn.example.com/c.png"),
            ],
        ),
        ("category", NEWS_ID, "category", "News"),
        ("category", GUIDES_ID, "category", "Guides"),
        ("author", AUTHOR_ID, "author", AUTHOR_ID),
        ("co-authors", [AUTHOR_ID, OTHER_ID], "co_authors", [AUTHOR_ID, OTHER_ID]),
        ("gizmo", {"anything": [1, "two"]}, "gizmo", {"anything": [1, "two"]}),
    ],
)
def test_reader_turns_the_wire_value_into_the_attribute(slug: str, value: Any, attr: str, expected: Any) -> None:
    model = codec.decode(wire(**{slug: value}))
    assert getattr(model, attr) == expected
    assert type(getattr(model, attr)) is type(expected)
    # Every other field was absent: None, or an empty list for a MultiImage / MultiReference.
    rest = {a: getattr(model, a) for a in BlogPost.__collection__.fields if a not in {attr, "name", "slug"}}
    assert rest == {a: [] if a in {"gallery", "co_authors"} else None for a in rest}


def test_reader_gives_aware_datetimes() -> None:
    when = codec.decode(wire(**{"published-at": "2024-01-02T03:04:05.678Z"})).published_at
    assert when is not None
    assert when.utcoffset() == datetime.timedelta(0)


def test_reader_gives_ids_as_strings() -> None:
    model = codec.decode(wire(author=AUTHOR_ID, **{"co-authors": [AUTHOR_ID, OTHER_ID]}))
    assert isinstance(model.id, str)
    assert model.id == ITEM_ID
    assert isinstance(model.author, str)
    assert model.author == AUTHOR_ID
    assert model.co_authors == [AUTHOR_ID, OTHER_ID]
    assert all(isinstance(ref, str) for ref in model.co_authors)


def test_decode_reads_the_item_attributes() -> None:
    data = wire()
    data["lastPublished"] = "2024-03-01T00:00:00.000Z"
    data["isDraft"] = False
    model = codec.decode(data)
    assert (model.id, model.cms_locale_id, model.is_draft, model.is_archived) == (ITEM_ID, LOCALE_ID, False, False)
    assert model.last_published == datetime.datetime(2024, 3, 1, tzinfo=UTC)
    assert model.last_updated == STAMP_TIME
    assert model.created_on == STAMP_TIME
    assert (model.name, model.slug) == ("Hello", "hello")


def test_decode_ignores_fields_the_model_does_not_have() -> None:
    assert codec.decode(wire(extra="x", **{"another-one": 3})) == codec.decode(wire())


# ----------------------------------------------------------------- writing: attribute -> wire


def aware(hours: int = 0, micro: int = 678000) -> datetime.datetime:
    zone = datetime.timezone(datetime.timedelta(hours=hours))
    return datetime.datetime(2024, 1, 2, 3 + hours, 4, 5, micro, tzinfo=zone)


@pytest.mark.parametrize(
    ("attr", "value", "slug", "expected"),
    [
        ("body", "<p>Hi</p>", "body", "<p>Hi</p>"),
        ("website", "https://example.com/a?b=c", "website", "https://example.com/a?b=c"),
        ("website", "/relative/path", "website", "/relative/path"),
        ("website", "mailto:ada@example.com", "website", "mailto:ada@example.com"),
        ("contact", "ada@example.com", "contact", "ada@example.com"),
        ("phone", "+1 (555) 010-0000", "phone", "+1 (555) 010-0000"),
        ("tint", "#1a2b3c", "tint", "#1a2b3c"),
        ("tint", "#abc", "tint", "#abc"),
        ("tint", "#1a2b3c80", "tint", "#1a2b3c80"),
        ("tint", "rgba(1, 2, 3, 0.5)", "tint", "rgba(1, 2, 3, 0.5)"),
        ("tint", "hsl(10, 20%, 30%)", "tint", "hsl(10, 20%, 30%)"),
        ("tint", "transparent", "tint", "transparent"),
        ("video", "https://youtu.be/abc", "video", "https://youtu.be/abc"),
        ("rating", 3, "rating", 3),
        ("rating", 3.0, "rating", 3.0),
        ("price", 2.25, "price", 2.25),
        ("price", 7, "price", 7),
        ("featured", False, "featured", False),
        ("featured", True, "featured", True),
        ("published_at", aware(), "published-at", "2024-01-02T03:04:05.678Z"),
        ("published_at", aware(hours=2), "published-at", "2024-01-02T03:04:05.678Z"),
        ("published_at", aware(micro=0), "published-at", "2024-01-02T03:04:05.000Z"),
        ("published_at", aware(micro=999999), "published-at", "2024-01-02T03:04:05.999Z"),
        (
            "main_image",
            typed.FileRef(url="https://example.com/a.png", alt="A cat"),
            "main-image",
            {"url": "https://example.com/a.png", "alt": "A cat"},
        ),
        ("main_image", typed.FileRef(file_id="f1"), "main-image", {"fileId": "f1"}),
        (
            "attachment",
            typed.FileRef(url="https://example.com/doc.pdf", file_id="f1", alt="Doc"),
            "attachment",
            {"fileId": "f1", "url": "https://example.com/doc.pdf", "alt": "Doc"},
        ),
        (
            "external",
            typed.FileRef(url="https://files.example.com/x"),
            "external",
            {"url": "https://files.example.com/x"},
        ),
        (
            "gallery",
            [typed.FileRef(url="https://example.com/b.png"), typed.FileRef(file_id="f2", alt="B")],
            "gallery",
            [{"url": "https://example.com/b.png"}, {"fileId": "f2", "alt": "B"}],
        ),
        ("gallery", (typed.FileRef(file_id="f3"),), "gallery", [{"fileId": "f3"}]),
        ("category", "Guides", "category", GUIDES_ID),
        ("category", "News", "category", NEWS_ID),
        ("category", NEWS_ID, "category", NEWS_ID),  # an option id passed directly
        ("author", AUTHOR_ID, "author", AUTHOR_ID),
        ("author", typed.Ref(AUTHOR_ID), "author", AUTHOR_ID),
        ("co_authors", [AUTHOR_ID, typed.Ref(OTHER_ID)], "co-authors", [AUTHOR_ID, OTHER_ID]),
        ("gizmo", {"anything": [1, "two"]}, "gizmo", {"anything": [1, "two"]}),
    ],
)
def test_writer_turns_the_attribute_into_the_wire_value(attr: str, value: Any, slug: str, expected: Any) -> None:
    payload = codec.payload(post(**{attr: value}), 0, new=True)
    assert payload == {"fieldData": {"name": "Hello", "slug": "hello", slug: expected}}
    assert type(payload["fieldData"][slug]) is type(expected)


def test_writer_sends_refs_as_plain_strings() -> None:
    sent = codec.payload(post(author=typed.Ref(AUTHOR_ID), co_authors=[typed.Ref(OTHER_ID)]), 0, new=True)
    assert type(sent["fieldData"]["author"]) is str
    assert [type(x) for x in sent["fieldData"]["co-authors"]] == [str]


def full_post() -> BlogPost:
    return post(
        id=typed.Ref(ITEM_ID),
        body="<p>Hi</p>",
        website="https://example.com",
        contact="ada@example.com",
        phone="+44 20 7946 0000",
        tint="rgb(1, 2, 3)",
        video="https://vimeo.com/1",
        rating=5,
        price=9.99,
        featured=True,
        published_at=datetime.datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=UTC),
        main_image=typed.FileRef(url="https://example.com/a.png", file_id="f1", alt="A"),
        attachment=typed.FileRef(url="https://example.com/doc.pdf", file_id="f2"),
        external=typed.FileRef(url="https://files.example.com/x", file_id="f3"),
        gallery=[typed.FileRef(url="https://example.com/b.png", file_id="f4")],
        category="Guides",
        author=typed.Ref(AUTHOR_ID),
        co_authors=[typed.Ref(AUTHOR_ID), typed.Ref(OTHER_ID)],
        gizmo=[1, 2],
    )


def test_a_model_survives_encoding_and_decoding() -> None:
    model = full_post()
    sent = codec.payload(model, 0, new=True)["fieldData"]
    back = codec.decode(wire(**sent))
    assert back == attrs.evolve(
        model,
        cms_locale_id=LOCALE_ID,
        is_draft=True,
        is_archived=False,
        last_updated=STAMP_TIME,
        created_on=STAMP_TIME,
    )


def test_the_written_decoder_and_the_field_by_field_one_agree() -> None:
    for data in (wire(**codec.payload(full_post(), 0, new=True)["fieldData"]), wire()):
        assert codec.decode(data) == codec.decode_checked(data)
        assert type(codec.decode(data)) is BlogPost


def test_a_model_whose_attribute_is_not_a_name_is_refused() -> None:
    odd = attrs.make_class("Odd", {}, bases=(typed.CMSItem,), kw_only=True)
    odd.__collection__ = typed.CollectionSpec(  # type: ignore[attr-defined]
        collection_id="d1" * 12, name="Odd", fields={"no such-name": typed.FieldSpec("x", "PlainText")}
    )
    with pytest.raises(TypeError, match="'no such-name' is not an attribute name"):
        ModelCodec(odd)


# ----------------------------------------------------------------- checks before sending


def prefix(attr: str) -> str:
    spec = BlogPost.__collection__.fields[attr]
    return f"input 0: BlogPost.{attr} (field {spec.slug!r}, {spec.type}) "


@pytest.mark.parametrize(
    ("attr", "value", "problem"),
    [
        # wrong type, per type
        ("name", 5, "must be a string, got int"),
        ("body", ["<p>"], "must be a string, got list"),
        ("website", 5, "must be a string, got int"),
        ("contact", b"a@b.co", "must be a string, got bytes"),
        ("tint", 0x1A2B3C, "must be a color (#1a2b3c, rgb(), rgba(), hsl(), hsla(), a CSS color name), got 1715004"),
        ("video", None.__class__, "must be a string, got type"),
        ("phone", 5550100, "must be a phone number (a string with digits), got 5550100"),
        ("rating", "4", "must be a finite number, got '4'"),
        ("rating", True, "must be a finite number, got True"),
        ("price", math.nan, "must be a finite number, got nan"),
        ("price", math.inf, "must be a finite number, got inf"),
        ("featured", "yes", "must be True or False, got 'yes'"),
        ("featured", 1, "must be True or False, got 1"),
        ("published_at", "2024-01-02T03:04:05Z", "must be a datetime, got str"),
        ("published_at", datetime.date(2024, 1, 2), "must be a datetime, got date"),
        ("main_image", "https://example.com/a.png", "must be a FileRef(url=...) or FileRef(file_id=...), got str"),
        (
            "attachment",
            {"url": "https://example.com/a"},
            "must be a FileRef(url=...) or FileRef(file_id=...), got dict",
        ),
        ("external", 5, "must be a FileRef(url=...) or FileRef(file_id=...), got int"),
        ("gallery", typed.FileRef(url="https://example.com/a.png"), "must be a list, got FileRef"),
        ("gallery", "https://example.com/a.png", "must be a list, got str"),
        ("category", 3, "must be one of ['Guides', 'News'], got 3"),
        ("author", 5, "must be an item id (24 lowercase hex characters), got 5"),
        ("co_authors", AUTHOR_ID, "must be a list, got str"),
        # naive datetime
        (
            "published_at",
            datetime.datetime(2024, 1, 2, 3, 4, 5),
            "must have a time zone, e.g. datetime(..., tzinfo=datetime.UTC)",
        ),
        # a FileRef with neither url nor file_id
        (
            "main_image",
            typed.FileRef(alt="A cat"),
            "a FileRef needs a url (a public file for Webflow to fetch) or a file_id",
        ),
        # bad email, URL, color; a phone without digits
        ("contact", "ada.example.com", "must be an email address, got 'ada.example.com'"),
        ("contact", "ada@example", "must be an email address, got 'ada@example'"),
        ("website", "example.com", "must be a URL, got 'example.com'"),
        ("video", "not a url", "must be a URL, got 'not a url'"),
        ("tint", "#12", "must be a color (#1a2b3c, rgb(), rgba(), hsl(), hsla(), a CSS color name), got '#12'"),
        (
            "tint",
            "rgb(1, 2",
            "must be a color (#1a2b3c, rgb(), rgba(), hsl(), hsla(), a CSS color name), got 'rgb(1, 2'",
        ),
        ("tint", "bleu", "must be a color (#1a2b3c, rgb(), rgba(), hsl(), hsla(), a CSS color name), got 'bleu'"),
        ("phone", "call me", "must be a phone number (a string with digits), got 'call me'"),
        # Number validations
        ("rating", 2.5, "must be a whole number, got 2.5"),
        ("rating", 0, "must be at least 1, got 0"),
        ("rating", 6, "must be at most 5, got 6"),
        ("price", -1, "must not be negative, got -1"),
        ("price", -0.5, "must not be negative, got -0.5"),
        ("price", 0, "must not be zero"),
        ("price", 1.234, "must have at most 2 decimals, got 1.234"),
        # an unknown option; a reference that is not an id
        ("category", "Opinion", "must be one of ['Guides', 'News'], got 'Opinion'"),
        ("category", "news", "must be one of ['Guides', 'News'], got 'news'"),
        ("author", "ada", "must be an item id (24 lowercase hex characters), got 'ada'"),
        ("author", AUTHOR_ID.upper(), f"must be an item id (24 lowercase hex characters), got {AUTHOR_ID.upper()!r}"),
        # a list item failing, named by its position
        (
            "co_authors",
            [AUTHOR_ID, OTHER_ID, "ada"],
            "[2] must be an item id (24 lowercase hex characters), got 'ada'",
        ),
        (
            "gallery",
            [typed.FileRef(url="https://example.com/a"), typed.FileRef(file_id="f"), typed.FileRef()],
            "[2] a FileRef needs a url (a public file for Webflow to fetch) or a file_id",
        ),
        (
            "gallery",
            [typed.FileRef(file_id="f"), "https://x.io/a"],
            "[1] must be a FileRef(url=...) or FileRef(file_id=...), got str",
        ),
    ],
)
def test_writer_refuses_a_bad_value_naming_attribute_field_and_type(attr: str, value: Any, problem: str) -> None:
    assert refusal(post(**{attr: value})) == prefix(attr) + problem


@pytest.mark.parametrize("value", [["News"], {"News": 1}])
def test_writer_refuses_an_unhashable_option_value_as_invalid_input(value: Any) -> None:
    # Not a TypeError from the option lookup: the same ValidationError as any other bad option.
    assert refusal(post(category=value)) == prefix("category") + f"must be one of ['Guides', 'News'], got {value!r}"


@pytest.mark.parametrize(
    "value",
    ["#1A2B3C", "RGB(1, 2, 3)", "rgb(1 2 3 / 50%)", "hsl(0.5turn, 50%, 50%)", "hsla(120, 50%, 50%, .3)", "Orchid"],
)
def test_every_documented_color_form_is_sent(value: str) -> None:
    assert codec.payload(post(tint=value), 0, new=True)["fieldData"]["tint"] == value


@pytest.mark.parametrize(
    ("attr", "value", "problem"),
    [
        ("rating", 10**400, "must be at most 5, got "),  # an int too big for a float is still checked, not a crash
        ("main_image", typed.FileRef(url=Path("/x.png")), "a FileRef's url must be a string, got PosixPath"),
        ("main_image", typed.FileRef(url=b"https://x.io/a.png"), "a FileRef's url must be a string, got bytes"),
        ("main_image", typed.FileRef(url="https://x.io/a.png", alt=5), "a FileRef's alt must be a string, got int"),
        (
            "published_at",
            datetime.datetime.min.replace(tzinfo=datetime.timezone(datetime.timedelta(hours=1))),
            "cannot be sent: date value out of range",
        ),
    ],
)
def test_values_no_check_foresaw_fail_their_input_not_the_job(attr: str, value: Any, problem: str) -> None:
    assert refusal(post(**{attr: value})).startswith(prefix(attr) + problem)


def test_the_message_names_the_input_index() -> None:
    assert refusal(post(rating=9), 7) == "input 7: BlogPost.rating (field 'rating', Number) must be at most 5, got 9"


def test_checks_run_for_updates_too() -> None:
    assert refusal(post(rating=9), new=False) == prefix("rating") + "must be at most 5, got 9"
    with pytest.raises(ValidationError) as caught:
        codec.change(post(id=ITEM_ID, category="Opinion"), 0)
    assert caught.value.message == prefix("category") + "must be one of ['Guides', 'News'], got 'Opinion'"


@pytest.mark.parametrize("new", [True, False])
def test_a_required_field_without_a_value_is_refused(new: bool) -> None:
    assert refusal(BlogPost(name=None, slug="hello"), new=new) == "input 0: BlogPost.name (field 'name') is required"  # type: ignore[arg-type]
    assert refusal(BlogPost(name="Hello", slug=None), new=new) == "input 0: BlogPost.slug (field 'slug') is required"  # type: ignore[arg-type]


@pytest.mark.parametrize("new", [True, False])
def test_an_empty_required_list_is_refused(new: bool) -> None:
    tagged = ModelCodec(Tagged)
    with pytest.raises(ValidationError) as caught:
        tagged.payload(Tagged(name="T", slug="t", tags=[]), 0, new=new)
    assert caught.value.message == "input 0: Tagged.tags (field 'tags') is required"
    assert tagged.payload(Tagged(name="T", slug="t", tags=[AUTHOR_ID]), 0, new=new) == {
        "fieldData": {"name": "T", "slug": "t", "tags": [AUTHOR_ID]}
    }


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ({"fieldData": {"name": "Hello", "slug": "hello"}}, "dict"),
        (Author(name="Ada", slug="ada"), "Author"),
        (None, "NoneType"),
    ],
)
def test_a_non_model_input_is_refused(value: object, kind: str) -> None:
    assert refusal(value, 3) == f"input 3: expected a BlogPost, got {kind}"
    with pytest.raises(ValidationError) as caught:
        codec.change(value, 3)
    assert caught.value.message == f"input 3: expected a BlogPost, got {kind}"


# ----------------------------------------------------------------- payloads


def test_a_create_leaves_out_fields_without_a_value() -> None:
    assert codec.payload(post(), 0, new=True) == {"fieldData": {"name": "Hello", "slug": "hello"}}
    assert codec.payload(post(rating=None, gallery=[], co_authors=[], featured=False), 0, new=True) == {
        "fieldData": {"name": "Hello", "slug": "hello", "featured": False}
    }


def test_an_update_sends_fields_without_a_value_as_null() -> None:
    slugs = [spec.slug for spec in BlogPost.__collection__.fields.values()]
    payload = codec.payload(post(rating=0 + 1), 0, new=False)
    expected = dict.fromkeys(slugs)
    expected.update(name="Hello", slug="hello", rating=1)
    assert payload == {"fieldData": expected}
    assert list(payload["fieldData"]) == slugs


def test_change_is_the_whole_model_with_its_id() -> None:
    model = full_post()
    change = codec.change(model, 0)
    assert change == {"fieldData": codec.payload(model, 0, new=True)["fieldData"], "id": ITEM_ID}
    assert type(change["id"]) is typed.Ref or type(change["id"]) is str


@pytest.mark.parametrize("item_id", [None, "abc", ITEM_ID.upper(), ITEM_ID + "0"])
def test_change_needs_a_24_hex_id(item_id: str | None) -> None:
    with pytest.raises(ValidationError) as caught:
        codec.change(post(id=item_id), 2)
    assert caught.value.message == f"input 2: BlogPost has no id ({item_id!r}); updates need the item's id"


@pytest.mark.parametrize(
    ("flags", "sent"),
    [
        ({}, {}),
        ({"is_draft": False}, {"isDraft": False}),
        ({"is_draft": True, "is_archived": False}, {"isDraft": True, "isArchived": False}),
        ({"is_archived": True}, {"isArchived": True}),
        ({"cms_locale_id": LOCALE_ID}, {"cmsLocaleId": LOCALE_ID}),
    ],
)
def test_flags_are_sent_only_when_set(flags: dict[str, Any], sent: dict[str, Any]) -> None:
    read_only = {"last_published": STAMP_TIME, "last_updated": STAMP_TIME, "created_on": STAMP_TIME}
    model = post(**flags, **read_only)
    assert codec.payload(model, 0, new=True) == {"fieldData": {"name": "Hello", "slug": "hello"}, **sent}
    assert codec.change(attrs.evolve(model, id=ITEM_ID), 0).keys() == {"fieldData", "id", *sent}


# ----------------------------------------------------------------- items that no longer fit the model


def test_an_unknown_option_id_is_a_mismatch() -> None:
    unknown = "ff" * 12
    assert mismatch(wire(category=unknown)) == (
        f"item {ITEM_ID}: BlogPost.category (field 'category') option id {unknown!r} "
        "is not one of the model's options ['Guides', 'News']"
    )


def test_an_option_name_is_not_an_option_id() -> None:
    assert mismatch(wire(category="News")) == (
        f"item {ITEM_ID}: BlogPost.category (field 'category') option id 'News' "
        "is not one of the model's options ['Guides', 'News']"
    )


@pytest.mark.parametrize("slug", ["name", "slug"])
def test_a_required_field_missing_is_a_mismatch(slug: str) -> None:
    data = wire()
    del data["fieldData"][slug]
    assert (
        mismatch(data) == f"item {ITEM_ID}: BlogPost.{slug} (field {slug!r}) has no value, but the model requires one"
    )
    data["fieldData"][slug] = None
    assert (
        mismatch(data) == f"item {ITEM_ID}: BlogPost.{slug} (field {slug!r}) has no value, but the model requires one"
    )


@pytest.mark.parametrize(
    ("slug", "value", "attr", "problem"),
    [
        ("name", 5, "name", "expected a string, got 5"),
        ("body", {"html": "x"}, "body", "expected a string, got {'html': 'x'}"),
        ("website", 5, "website", "expected a string, got 5"),
        ("contact", ["a@b.co"], "contact", "expected a string, got ['a@b.co']"),
        ("phone", 5550100, "phone", "expected a string, got 5550100"),
        ("tint", 1, "tint", "expected a string, got 1"),
        ("video", False, "video", "expected a string, got False"),
        ("rating", "4", "rating", "expected a number, got '4'"),
        ("rating", True, "rating", "expected a number, got True"),
        ("featured", "true", "featured", "expected true or false, got 'true'"),
        ("featured", 1, "featured", "expected true or false, got 1"),
        ("published-at", 1704164645, "published_at", "expected an ISO 8601 date-time, got 1704164645"),
        ("main-image", 5, "main_image", "expected a file ({fileId, url, alt}), got 5"),
        (
            "attachment",
            ["https://x.io/a"],
            "attachment",
            "expected a file ({fileId, url, alt}), got ['https://x.io/a']",
        ),
        ("gallery", "https://x.io/a", "gallery", "expected a list, got 'https://x.io/a'"),
        ("gallery", [{"url": "https://x.io/a"}, 5], "gallery", "expected a file ({fileId, url, alt}), got 5"),
        ("category", 3, "category", "option id 3 is not one of the model's options ['Guides', 'News']"),
        ("author", 5, "author", "expected a string, got 5"),
        ("author", [AUTHOR_ID], "author", f"expected a string, got [{AUTHOR_ID!r}]"),
        ("co-authors", AUTHOR_ID, "co_authors", f"expected a list of item ids, got {AUTHOR_ID!r}"),
        ("co-authors", [AUTHOR_ID, 5], "co_authors", f"expected a list of item ids, got [{AUTHOR_ID!r}, 5]"),
    ],
)
def test_a_wrong_type_is_a_mismatch(slug: str, value: Any, attr: str, problem: str) -> None:
    assert mismatch(wire(**{slug: value})) == f"item {ITEM_ID}: BlogPost.{attr} (field {slug!r}) {problem}"


@pytest.mark.parametrize("value", [["x"], {"id": NEWS_ID}])
def test_an_unhashable_option_value_is_a_mismatch(value: Any) -> None:
    # Not a TypeError from the option lookup.
    assert mismatch(wire(category=value)).startswith(f"item {ITEM_ID}: BlogPost.category (field 'category') ")


@pytest.mark.parametrize("value", [{"url": 5}, {"fileId": 7, "url": "https://x.io/a"}, {"url": ["https://x.io/a"]}])
def test_a_file_with_a_non_string_url_or_id_is_a_mismatch(value: Any) -> None:
    assert mismatch(wire(**{"main-image": value})).startswith(
        f"item {ITEM_ID}: BlogPost.main_image (field 'main-image') "
    )


@pytest.mark.parametrize("value", ["yesterday", "2024-13-01T00:00:00Z", ""])
def test_a_bad_date_is_a_mismatch(value: str) -> None:
    assert mismatch(wire(**{"published-at": value})) == (
        f"item {ITEM_ID}: BlogPost.published_at (field 'published-at') expected an ISO 8601 date-time, got {value!r}"
    )


@pytest.mark.parametrize("key", ["lastUpdated", "createdOn", "lastPublished"])
def test_a_bad_item_date_is_a_mismatch(key: str) -> None:
    data = wire()
    data[key] = "soon"
    assert mismatch(data) == f"item {ITEM_ID}: BlogPost.dates expected an ISO 8601 date-time, got 'soon'"


@pytest.mark.parametrize("value", ["2024-01-02T03:04:05", "2024-01-02"])
def test_a_date_without_an_offset_never_becomes_a_naive_datetime(value: str) -> None:
    # A model's datetimes are aware, so a model read can be written back: either the reader gives an
    # aware datetime, or the item does not fit the model (a ModelMismatchError naming the field).
    data = wire(**{"published-at": value})
    try:
        model = codec.decode(data)
    except ModelMismatchError:
        assert mismatch(data).startswith(f"item {ITEM_ID}: BlogPost.published_at (field 'published-at') ")
        return
    assert model.published_at is not None
    assert model.published_at.tzinfo is not None, f"{value!r} was read as a naive {model.published_at!r}"
    assert codec.payload(model, 0, new=True)["fieldData"]["published-at"].startswith(value[:10])


@pytest.mark.parametrize("data", [{"id": ITEM_ID}, {"id": ITEM_ID, "fieldData": []}, [1], None])
def test_an_item_without_field_data_is_an_unexpected_response(data: Any) -> None:
    with pytest.raises(ModelMismatchError) as caught:
        codec.decode(data)
    assert isinstance(caught.value, UnexpectedResponseError)
    assert caught.value.code == "unexpected_response"
    assert caught.value.message == f"an item in the answer has no fieldData: {data!r:.120}"


def test_mismatch_error_says_to_regenerate_the_models() -> None:
    with pytest.raises(ModelMismatchError) as caught:
        codec.decode(wire(rating="x"))
    assert str(caught.value).endswith(
        ". Regenerate the models (webflow-cms codegen --site SITE_ID -o FILE); --check shows what changed"
    )


# ----------------------------------------------------------------- unknown field types


def test_a_field_type_the_sdk_does_not_know_passes_through_both_ways() -> None:
    value = {"nested": [1, {"two": None}], "flag": True}
    model = codec.decode(wire(gizmo=value))
    assert model.gizmo == value
    assert codec.payload(model, 0, new=True)["fieldData"]["gizmo"] == value
    assert codec.decode(wire(gizmo="text")).gizmo == "text"
    assert codec.payload(post(gizmo=42), 0, new=True)["fieldData"]["gizmo"] == 42


# ----------------------------------------------------------------- the codec itself


def test_a_codec_needs_a_generated_model() -> None:
    with pytest.raises(TypeError) as caught:
        ModelCodec(dict)  # type: ignore[type-var]
    assert str(caught.value) == (
        "<class 'dict'> is not a generated model; pass a class from the module `webflow-cms codegen` wrote"
    )


def test_a_model_class_without_a_collection_spec_is_refused() -> None:
    @attrs.define(kw_only=True)
    class Bare(typed.CMSItem):
        name: str

    with pytest.raises(TypeError, match=r"Bare'> is not a generated model; pass a class from the module"):
        ModelCodec(Bare)

    class NotAnItem:
        __collection__ = BlogPost.__collection__

    with pytest.raises(TypeError, match=r"NotAnItem'> is not a generated model"):
        ModelCodec(NotAnItem)  # type: ignore[type-var]

    with pytest.raises(TypeError, match=r"is not a generated model"):
        ModelCodec(post())  # type: ignore[arg-type]


def test_codec_for_builds_one_codec_per_model() -> None:
    assert codec_for(BlogPost) is codec_for(BlogPost)
    assert codec_for(BlogPost).model is BlogPost
    assert codec_for(Author) is not codec_for(BlogPost)


@pytest.mark.parametrize(
    ("key", "slug"),
    [("published_at", "published-at"), ("slug", "slug"), ("co-authors", "co-authors"), ("nope", "nope")],
)
def test_slug_of_takes_an_attribute_or_a_slug(key: str, slug: str) -> None:
    assert codec.slug_of(key) == slug


@pytest.mark.parametrize("published", [None, "2024-03-01T00:00:00.000Z"])
def test_from_item_equals_decode(published: str | None) -> None:
    data = wire(**codec.payload(full_post(), 0, new=True)["fieldData"])
    data["lastPublished"] = published
    from_item = codec.from_item(Item.from_wire(data))
    assert from_item == codec.decode(data)
    assert from_item.id == ITEM_ID
    assert from_item.category == "Guides"
    assert from_item.published_at == datetime.datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)


def test_from_item_equals_decode_without_the_optional_flags() -> None:
    data = wire()
    for key in ("cmsLocaleId", "isDraft", "isArchived"):
        del data[key]
    from_item = codec.from_item(Item.from_wire(data))
    assert from_item == codec.decode(data)
    assert (from_item.cms_locale_id, from_item.is_draft, from_item.is_archived) == (None, None, None)


def test_from_item_raises_the_same_mismatch_as_decode() -> None:
    data = wire(category="ff" * 12)
    with pytest.raises(ModelMismatchError) as caught:
        codec.from_item(Item.from_wire(data))
    assert caught.value.message == mismatch(data)


# ----------------------------------------------------------------- a codec built in the test itself
# The module's ``codec`` is built at import; these build their own, so the readers, writers and the
# written decoder a codec makes when it is built are checked too.


def test_a_new_codec_refuses_a_bad_value_of_every_checked_type() -> None:
    fresh = ModelCodec(BlogPost)
    cases: list[tuple[str, Any, str]] = [
        ("name", 5, "must be a string, got int"),
        ("contact", "ada.example.com", "must be an email address, got 'ada.example.com'"),
        ("website", "example.com", "must be a URL, got 'example.com'"),
        ("video", "not a url", "must be a URL, got 'not a url'"),
        ("tint", "bleu", COLOR_PROBLEM + "'bleu'"),
        ("phone", "call me", "must be a phone number (a string with digits), got 'call me'"),
        ("featured", "yes", "must be True or False, got 'yes'"),
        ("rating", 2.5, "must be a whole number, got 2.5"),
        ("rating", -1, "must be at least 1, got -1"),  # no allowNegative rule: the minimum speaks
        ("price", -1, "must not be negative, got -1"),
        ("price", 0, "must not be zero"),
        ("price", 0.0, "must not be zero"),
        ("price", 1.234, "must have at most 2 decimals, got 1.234"),
        ("gallery", frozenset({"x"}), "must be a list, got frozenset"),
        ("gallery", 5, "must be a list, got int"),
        ("gallery", b"x", "must be a list, got bytes"),
        ("co_authors", AUTHOR_ID, "must be a list, got str"),
    ]
    for attr, value, problem in cases:
        with pytest.raises(ValidationError) as caught:
            fresh.payload(post(**{attr: value}), 0, new=True)
        assert caught.value.message == prefix(attr) + problem, (attr, value)


def test_a_new_codec_sends_good_values_as_given() -> None:
    fresh = ModelCodec(BlogPost)
    good = {"rating": 3, "price": 1.5, "tint": "#1a2b3c", "phone": "+1 555 0100", "featured": False}
    for attr, value in {**good, "price": 0.5}.items():
        assert fresh.payload(post(**{attr: value}), 0, new=True)["fieldData"][attr] == value
    assert fresh.payload(post(price=3), 0, new=True)["fieldData"]["price"] == 3
    gallery = fresh.payload(post(gallery=(typed.FileRef(url="https://x.io/a"),)), 0, new=True)["fieldData"]["gallery"]
    assert gallery == [{"url": "https://x.io/a"}]  # a tuple is a list too
    assert fresh.payload(post(gizmo={"any": [1]}), 0, new=True)["fieldData"]["gizmo"] == {"any": [1]}  # unknown type


def test_a_number_without_rules_takes_any_finite_number() -> None:
    plain = attrs.make_class("Plain", {"amount": attrs.field(default=None)}, bases=(typed.CMSItem,), kw_only=True)
    plain.__collection__ = typed.CollectionSpec(  # type: ignore[attr-defined]
        collection_id="d2" * 12, name="Plain", fields={"amount": typed.FieldSpec("amount", "Number")}
    )
    fresh = ModelCodec(plain)
    for value in (2.5, -0.125, 0, 1e300):
        assert fresh.payload(plain(amount=value), 0, new=True)["fieldData"] == {"amount": value}


@pytest.mark.parametrize(
    ("slug", "value", "attr", "problem"),
    [
        ("name", 5, "name", "expected a string, got 5"),
        ("name", None, "name", "has no value, but the model requires one"),
        ("website", 5, "website", "expected a string, got 5"),
        ("contact", ["a@b.co"], "contact", "expected a string, got ['a@b.co']"),
        ("phone", 5550100, "phone", "expected a string, got 5550100"),
        ("tint", 1, "tint", "expected a string, got 1"),
        ("video", False, "video", "expected a string, got False"),
        ("author", 5, "author", "expected a string, got 5"),
        ("rating", "4", "rating", "expected a number, got '4'"),
        ("featured", "true", "featured", "expected true or false, got 'true'"),
        ("gallery", "https://x.io/a", "gallery", "expected a list, got 'https://x.io/a'"),
        ("category", ["x"], "category", "option id ['x'] is not one of the model's options ['Guides', 'News']"),
        ("category", {"id": NEWS_ID}, "category", "option id {'id': '"),
    ],
)
def test_a_new_codec_names_what_does_not_fit(slug: str, value: Any, attr: str, problem: str) -> None:
    with pytest.raises(ModelMismatchError) as caught:
        ModelCodec(BlogPost).decode(wire(**{slug: value}))
    assert caught.value.message.startswith(f"item {ITEM_ID}: BlogPost.{attr} (field {slug!r}) {problem}")


def test_a_new_codec_decodes_a_typical_item_without_the_field_by_field_fallback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fallbacks: list[Any] = []
    field_by_field = ModelCodec.decode_checked

    def spy(self: ModelCodec[Any], data: Any) -> Any:
        fallbacks.append(data)
        return field_by_field(self, data)

    monkeypatch.setattr(ModelCodec, "decode_checked", spy)
    fresh = ModelCodec(BlogPost)
    typical = wire(**fresh.payload(full_post(), 0, new=True)["fieldData"])
    model = fresh.decode(typical)
    assert fallbacks == []  # the written decoder read every field itself
    assert model == field_by_field(codec, typical)
    assert (model.category, model.gizmo, model.body) == (full_post().category, full_post().gizmo, full_post().body)
    assert fresh.decode(wire()).body is None  # an optional field without a value: no fallback either
    assert fallbacks == []


def test_an_option_without_listed_options_reads_and_sends_its_value_as_a_string() -> None:
    loose = attrs.make_class("Loose", {"kind": attrs.field(default=None)}, bases=(typed.CMSItem,), kw_only=True)
    loose.__collection__ = typed.CollectionSpec(  # type: ignore[attr-defined]
        collection_id="d3" * 12, name="Loose", fields={"kind": typed.FieldSpec("kind", "Option")}
    )
    fresh = ModelCodec(loose)
    assert fresh.decode({"id": ITEM_ID, "fieldData": {"kind": NEWS_ID}}).kind == NEWS_ID
    assert fresh.payload(loose(kind=NEWS_ID), 0, new=True) == {"fieldData": {"kind": NEWS_ID}}


def test_a_file_may_come_as_any_mapping() -> None:
    from types import MappingProxyType

    model = codec.decode(wire(**{"main-image": MappingProxyType({"url": "https://x.io/a", "alt": "A cat"})}))
    assert model.main_image == typed.FileRef(url="https://x.io/a", alt="A cat")


def test_an_item_without_dates_decodes_to_none_both_ways() -> None:
    data = {**wire(), "lastUpdated": None, "createdOn": None}
    for decode in (codec.decode, codec.decode_checked):
        model = decode(data)
        assert (model.last_published, model.last_updated, model.created_on) == (None, None, None)


def test_a_datetime_whose_zone_has_no_offset_is_refused_like_a_naive_one() -> None:
    class NoOffset(datetime.tzinfo):
        def utcoffset(self, dt: datetime.datetime | None) -> None:
            return None

    moment = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=NoOffset())
    assert refusal(post(published_at=moment)) == prefix("published_at") + (
        "must have a time zone, e.g. datetime(..., tzinfo=datetime.UTC)"
    )


def test_dates_are_sent_in_utc_whatever_the_machines_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    plus_one = datetime.timezone(datetime.timedelta(hours=1))
    monkeypatch.setenv("TZ", "EST+5")  # POSIX form: no tz database needed
    time.tzset()
    try:
        sent = codec.payload(post(published_at=datetime.datetime(2024, 1, 2, 4, 4, 5, tzinfo=plus_one)), 0, new=True)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert sent["fieldData"]["published-at"] == "2024-01-02T03:04:05.000Z"


def test_a_new_codec_decodes_required_fields_of_every_reader_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    fields = {
        "when": typed.FieldSpec("when", "DateTime", required=True),
        "kind": typed.FieldSpec("kind", "Option", required=True, options={"News": NEWS_ID}),
        "gizmo": typed.FieldSpec("gizmo", "Gizmo", required=True),
    }
    strict = attrs.make_class("Strict", dict.fromkeys(fields, attrs.field(default=None)), bases=(typed.CMSItem,))
    strict.__collection__ = typed.CollectionSpec(  # type: ignore[attr-defined]
        collection_id="d4" * 12, name="Strict", fields=fields
    )
    fallbacks: list[Any] = []
    field_by_field = ModelCodec.decode_checked

    def spy(self: ModelCodec[Any], data: Any) -> Any:
        fallbacks.append(data)
        return field_by_field(self, data)

    monkeypatch.setattr(ModelCodec, "decode_checked", spy)
    fresh = ModelCodec(strict)
    full = {"when": STAMP, "kind": NEWS_ID, "gizmo": {"any": 1}}
    model = fresh.decode({"id": ITEM_ID, "fieldData": full})
    assert (model.when, model.kind, model.gizmo, fallbacks) == (STAMP_TIME, "News", {"any": 1}, [])
    for slug in fields:
        with pytest.raises(ModelMismatchError) as caught:
            fresh.decode({"id": ITEM_ID, "fieldData": {**full, slug: None}})
        assert (
            caught.value.message
            == f"item {ITEM_ID}: Strict.{slug} (field {slug!r}) has no value, but the model requires one"
        )
