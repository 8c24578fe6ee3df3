"""The shapes every tool answers in, so an agent learns them once.

Each answer is a pydantic model: its JSON schema is the tool's ``outputSchema``, and the
answer goes back twice, as structured content and as the same JSON in a text block (for
clients that read only text). Reads answer ``items`` and ``next_cursor``; writes answer
``results``, one per input in input order, each with ``status``, ``id``, ``slug`` and ``error``.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Literal, get_args

from mcp.types import CallToolResult, TextContent
from pydantic import BaseModel, Field

__all__ = [
    "STATUSES",
    "CollectionAnswer",
    "CollectionOut",
    "CollectionsAnswer",
    "FieldOut",
    "ItemOut",
    "ReadAnswer",
    "SiteOut",
    "SitePublishAnswer",
    "SitesAnswer",
    "Status",
    "WriteAnswer",
    "WriteResult",
    "to_result",
]

#: What happened to one input of a write. The ``would-`` words come from a dry run (or a delete or
#: unpublish without ``confirm``): nothing was written. ``unknown``: a request carrying the input
#: was cut off and its fate could not be read back. ``skipped``: the call stopped before sending it.
Status = Literal[
    "created",
    "updated",
    "unchanged",
    "published",
    "unpublished",
    "deleted",
    "failed",
    "unknown",
    "skipped",
    "would-create",
    "would-update",
    "would-leave-unchanged",
    "would-publish",
    "would-unpublish",
    "would-delete",
]
STATUSES: tuple[str, ...] = get_args(Status)


class ItemOut(BaseModel):
    """One CMS item: field values keyed by field slug (Option values by their option's name)."""

    id: str
    slug: str
    status: str = Field(description="published, draft, draft_changes, queued_to_publish or archived")
    fields: dict[str, Any] = Field(description="field values keyed by field slug; only those asked for with `fields`")
    is_draft: bool | None = None
    is_archived: bool | None = None
    last_published: str | None = None
    last_updated: str | None = None
    created_on: str | None = None
    cms_locale_id: str | None = None


class ReadAnswer(BaseModel):
    """A page of items; pass ``next_cursor`` back as ``cursor`` for the next one (null: no more)."""

    items: list[ItemOut]
    next_cursor: str | None = Field(description="the cursor of the next page; null on the last page")
    total: int | None = Field(default=None, description="how many items match, over all pages")


class WriteResult(BaseModel):
    """What happened to one input of a write call."""

    index: int = Field(description="the input's position in the call (0-based)")
    status: Status
    id: str | None = None
    slug: str | None = None
    error: str | None = Field(default=None, description="why it failed (the field and the fix), or why it is unknown")


class WriteAnswer(BaseModel):
    """One result per input, in input order, and how many ended each way."""

    results: list[WriteResult]
    counts: dict[str, int] = Field(description='inputs per status, e.g. {"created": 98, "failed": 2}')
    dry_run: bool = Field(description="true when nothing was written (a dry run or a preview without confirm)")

    @classmethod
    def of(cls, results: list[WriteResult], *, dry_run: bool) -> WriteAnswer:
        ordered = sorted(results, key=lambda r: r.index)
        return cls(results=ordered, counts=dict(Counter(r.status for r in ordered)), dry_run=dry_run)


class SitePublishAnswer(WriteAnswer):
    """A site publish: one result (the site), where it went, and how long the call took."""

    custom_domains: list[str] = Field(default_factory=list, description="the custom domain URLs published to")
    publish_to_webflow_subdomain: bool = False
    seconds: float = Field(
        default=0.0,
        description="how long the call took; more than a second or two means it waited its turn"
        " (Webflow publishes a site at most once a minute)",
    )


class SiteOut(BaseModel):
    id: str
    display_name: str
    short_name: str
    cms_locale_ids: list[str] = Field(description="the site's CMS locale ids, primary first")
    last_published: str | None = None


class SitesAnswer(BaseModel):
    sites: list[SiteOut]


class CollectionOut(BaseModel):
    id: str
    display_name: str
    singular_name: str
    slug: str
    site_id: str | None = None


class CollectionsAnswer(BaseModel):
    collections: list[CollectionOut]


class FieldOut(BaseModel):
    """One field of a collection, as an item's values must fit it."""

    slug: str = Field(description="the key of this field in an item's fields")
    display_name: str
    type: str = Field(description="PlainText, RichText, Number, Switch, DateTime, Option, Reference, ...")
    required: bool
    options: list[str] | None = Field(default=None, description="an Option field's choices, by name")
    references: str | None = Field(
        default=None, description="a Reference or MultiReference field's target collection id"
    )
    accepts: str = Field(description="what a value of this field looks like")


class CollectionAnswer(CollectionOut):
    fields: list[FieldOut]


def to_result(answer: BaseModel) -> CallToolResult:
    """The answer as structured content plus the same JSON as text."""
    data = answer.model_dump(mode="json")
    return CallToolResult(
        content=[TextContent(type="text", text=json.dumps(data, ensure_ascii=False))], structured_content=data
    )
