"""Model classes as ``webflow-cms codegen`` writes them, for the codec tests (no server: ids are made up).

``BlogPost`` has an attribute of every field type the SDK knows, plus one of a type it does not
(``gizmo``, a "Gizmo" field), and Number fields with each validation. ``Tagged`` has a required
MultiReference, for the "empty required list" check.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

import attrs

from webflow_cms import typed

__all__ = [
    "AUTHORS_ID",
    "AUTHOR_ID",
    "GUIDES_ID",
    "NEWS_ID",
    "POSTS_ID",
    "Author",
    "BlogPost",
    "Tagged",
]

AUTHORS_ID = "a0" * 12
POSTS_ID = "b0" * 12
NEWS_ID = "0e" * 12
GUIDES_ID = "9d" * 12
AUTHOR_ID = "c1" * 12


@attrs.define(kw_only=True)
class Author(typed.CMSItem):
    __collection__ = typed.CollectionSpec(
        collection_id=AUTHORS_ID,
        name="Authors",
        fields={
            "name": typed.FieldSpec("name", "PlainText", required=True),
            "slug": typed.FieldSpec("slug", "PlainText", required=True),
        },
    )
    id: typed.Ref[Author] | None = None
    name: str
    slug: str


@attrs.define(kw_only=True)
class BlogPost(typed.CMSItem):
    __collection__ = typed.CollectionSpec(
        collection_id=POSTS_ID,
        name="Blog Posts",
        fields={
            "name": typed.FieldSpec("name", "PlainText", required=True),
            "slug": typed.FieldSpec("slug", "PlainText", required=True),
            "body": typed.FieldSpec("body", "RichText"),
            "website": typed.FieldSpec("website", "Link"),
            "contact": typed.FieldSpec("contact", "Email"),
            "phone": typed.FieldSpec("phone", "Phone"),
            "tint": typed.FieldSpec("tint", "Color"),
            "video": typed.FieldSpec("video", "VideoLink"),
            "rating": typed.FieldSpec(
                "rating", "Number", validations={"format": "integer", "minValue": 1, "maxValue": 5}
            ),
            "price": typed.FieldSpec(
                "price", "Number", validations={"allowNegative": False, "allowZero": False, "precision": 2}
            ),
            "featured": typed.FieldSpec("featured", "Switch"),
            "published_at": typed.FieldSpec("published-at", "DateTime"),
            "main_image": typed.FieldSpec("main-image", "Image"),
            "attachment": typed.FieldSpec("attachment", "File"),
            "external": typed.FieldSpec("external", "ExtFileRef"),
            "gallery": typed.FieldSpec("gallery", "MultiImage"),
            "category": typed.FieldSpec("category", "Option", options={"News": NEWS_ID, "Guides": GUIDES_ID}),
            "author": typed.FieldSpec("author", "Reference", target=AUTHORS_ID),
            "co_authors": typed.FieldSpec("co-authors", "MultiReference", target=AUTHORS_ID),
            "gizmo": typed.FieldSpec("gizmo", "Gizmo"),
        },
    )
    id: typed.Ref[BlogPost] | None = None
    name: str
    slug: str
    body: str | None = None
    website: str | None = None
    contact: str | None = None
    phone: str | None = None
    tint: str | None = None
    video: str | None = None
    rating: int | float | None = None
    price: int | float | None = None
    featured: bool | None = None
    published_at: datetime.datetime | None = None
    main_image: typed.FileRef | None = None
    attachment: typed.FileRef | None = None
    external: typed.FileRef | None = None
    gallery: list[typed.FileRef] = attrs.field(factory=list)
    category: Literal["News", "Guides"] | None = None
    author: typed.Ref[Author] | None = None
    co_authors: list[typed.Ref[Author]] = attrs.field(factory=list)
    gizmo: Any = None


@attrs.define(kw_only=True)
class Tagged(typed.CMSItem):
    __collection__ = typed.CollectionSpec(
        collection_id="d0" * 12,
        name="Tagged",
        fields={
            "name": typed.FieldSpec("name", "PlainText", required=True),
            "slug": typed.FieldSpec("slug", "PlainText", required=True),
            "tags": typed.FieldSpec("tags", "MultiReference", required=True, target=AUTHORS_ID),
        },
    )
    name: str
    slug: str
    tags: list[typed.Ref[Author]] = attrs.field(factory=list)
