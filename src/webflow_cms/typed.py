"""What a generated ``cms_models.py`` is made of: typed ids, file refs, field specs and the model base.

``webflow-cms codegen`` writes one attrs class per collection. Each class
inherits ``CMSItem`` (the item's id, flags and dates) and carries a
``CollectionSpec`` as ``__collection__``: for every attribute, the field slug
and type it maps to, an Option field's choices and a reference's target. The
client reads that spec to turn items into instances and instances into
requests (``wf.items(collection_id, model=BlogPost)``).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, ClassVar, Generic, TypeVar

import attrs

__all__ = ["JSON", "CMSItem", "CollectionSpec", "FieldSpec", "FileRef", "Ref"]

_Target = TypeVar("_Target")

#: The value of a field whose type this SDK does not know (a type Webflow added later): passed through as is.
JSON = object


class Ref(str, Generic[_Target]):
    """The id of an item of the collection modelled by ``_Target``: a type for mypy, a plain ``str`` at runtime.

    ``Ref[Author]`` is what a Reference field to Authors holds, and what
    ``author.id`` is, so mypy tells a post's author from its category. Ids read
    from Webflow are plain strings; ``Ref[Author]("...")`` makes one by hand.
    """

    __slots__ = ()


@attrs.define
class FileRef:
    """An Image or File value (or one image of a MultiImage).

    Webflow answers with the hosted file's ``file_id`` and ``url``; to set one,
    give the ``url`` of a public file for Webflow to fetch, or the ``file_id``
    of one it already hosts. ``alt`` is the image's alternative text.
    """

    url: str | None = None
    file_id: str | None = None
    alt: str | None = None


@attrs.frozen
class FieldSpec:
    """How one model attribute maps to a field of the collection."""

    slug: str
    type: str
    required: bool = False
    #: An Option field's choices: option name to option id (the id is what Webflow stores).
    options: Mapping[str, str] = attrs.field(factory=dict)
    #: A Reference or MultiReference field's target collection id.
    target: str | None = None
    #: The field's rules as Webflow shows them (a Number's ``format``, ``minValue``, ...).
    validations: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class CollectionSpec:
    """The collection a model class stands for, and its fields by attribute name."""

    collection_id: str
    name: str
    fields: Mapping[str, FieldSpec]


@attrs.define(kw_only=True)
class CMSItem:
    """Base of every generated model: the item's id, flags and dates (None until Webflow assigns them).

    ``is_draft`` and ``is_archived`` are sent when set; the rest are read-only.
    """

    __collection__: ClassVar[CollectionSpec]

    id: str | None = None
    cms_locale_id: str | None = None
    is_draft: bool | None = None
    is_archived: bool | None = None
    last_published: datetime.datetime | None = None
    last_updated: datetime.datetime | None = None
    created_on: datetime.datetime | None = None
