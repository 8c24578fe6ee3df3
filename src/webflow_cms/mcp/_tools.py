"""The MCP server: its twelve tools (names, descriptions, JSON-schema inputs), the schema resource, read-only mode.

Each tool is a thin function over ``Discovery``, ``Reader`` or ``Writer``; its parameters
(typed with descriptions) are its input schema, its answer model its output schema. An SDK
error becomes an MCP tool error (``is_error``) with a message saying what to do.

With ``read_only`` the write tools are not registered, so ``tools/list`` shows only discovery
and reads; calling a write tool anyway is refused with a message saying why.
"""

# No ``from __future__ import annotations``: the MCP SDK reads these signatures at run time.

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Annotated, Any, Literal

import attrs
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ToolError
from mcp.types import CallToolResult, ToolAnnotations
from pydantic import BaseModel, Field
from pydantic import ValidationError as ArgumentsError

from webflow_cms import AsyncWebflowCMS, WebflowError, __version__
from webflow_cms.ids import ID_PATTERN

from ._answers import (
    CollectionAnswer,
    CollectionsAnswer,
    ReadAnswer,
    SitePublishAnswer,
    SitesAnswer,
    WriteAnswer,
    to_result,
)
from ._discovery import Discovery
from ._errors import explain
from ._patience import Patience
from ._reads import Reader
from ._schema import Schemas
from ._texts import DESCRIPTIONS, INSTRUCTIONS
from ._writes import Writer

__all__ = ["READ_TOOLS", "WRITE_TOOLS", "build_server"]

READ_TOOLS = ("list_sites", "list_collections", "get_collection", "list_items", "get_item")
WRITE_TOOLS = (
    *("create_items", "update_items", "upsert_items", "publish_items", "unpublish_items", "delete_items"),
    "publish_site",
)

_ID = f"^{ID_PATTERN.pattern}$"
CollectionId = Annotated[str, Field(pattern=_ID, description="the collection's id (list_collections shows them)")]
SiteId = Annotated[str, Field(pattern=_ID, description="the site's id (list_sites shows them)")]
Items = Annotated[
    list[dict[str, Any]],
    Field(
        min_length=1,
        description='items as field values keyed by field slug, e.g. {"name": "Blue Mug", "slug": "blue-mug",'
        ' "price": 9.5, "size": "XL"}; Option values by name, references by item id or slug. Any number.',
    ),
]
ItemIds = Annotated[list[str], Field(min_length=1, description="item ids (24 hex characters each); any number")]
Live = Annotated[bool, Field(description="true: write the live (published) copies too; default false: staged only")]
DryRun = Annotated[bool, Field(description="true: check and say what would happen (would-... statuses); write nothing")]
Confirm = Annotated[bool, Field(description="must be true to act; otherwise the answer lists what would be affected")]
Projection = Annotated[
    list[str] | None, Field(description="only these field slugs in each item's fields (keeps answers small)")
]
Date = Annotated[str | None, Field(description="an ISO 8601 date or time, e.g. 2024-05-01 or 2024-05-01T09:30:00Z")]


class SortTerm(BaseModel):
    field: str = Field(description="a field slug")
    order: Literal["asc", "desc"] = "asc"


class _Server(MCPServer[Any]):
    """``MCPServer`` that refuses a write tool by name in read-only mode (instead of 'unknown tool')."""

    read_only = False

    async def call_tool(self, name: str, arguments: dict[str, Any], context: Any = None) -> Any:
        if self.read_only and name in WRITE_TOOLS:
            raise ToolError(
                f"{name} is a write tool and this server runs with --read-only: it serves only "
                f"{', '.join(READ_TOOLS)}. Ask the user to restart it without --read-only to write"
            )
        return await super().call_tool(name, arguments, context)


def _hints(*, read_only: bool, destructive: bool, idempotent: bool) -> ToolAnnotations:
    return ToolAnnotations(
        read_only_hint=read_only, destructive_hint=destructive, idempotent_hint=idempotent, open_world_hint=True
    )


@attrs.frozen
class _Runner:
    """Runs a tool's work: 429s the SDK hands back waited out, errors made tool errors, the answer made a result."""

    patience: Patience

    async def __call__(self, work: Callable[..., Awaitable[BaseModel]], *args: Any, **kwargs: Any) -> CallToolResult:
        try:
            answer = await self.patience.call(partial(work, *args, **kwargs), work.__name__)
        except WebflowError as error:
            raise ToolError(explain(error)) from None
        except ArgumentsError as error:  # an answer model refusing what a tool built: a bug, said plainly
            raise ToolError(f"the server could not build its answer: {error}") from None
        return to_result(answer)


def build_server(wf: AsyncWebflowCMS, *, read_only: bool = False, patience: Patience | None = None) -> MCPServer[Any]:
    """An MCP server over ``wf``; the caller runs it (stdio or HTTP) and closes ``wf`` afterwards."""
    patience = patience or Patience()
    schemas = Schemas(wf)
    discovery = Discovery(wf, schemas)
    reader = Reader(wf, schemas)
    writer = Writer(wf, schemas, patience)
    run = _Runner(patience)
    server = _Server("webflow-cms", version=__version__, instructions=INSTRUCTIONS, log_level="WARNING")
    server.read_only = read_only

    def tool(fn: Callable[..., Awaitable[Any]], hints: ToolAnnotations) -> None:
        server.add_tool(fn, name=fn.__name__, description=DESCRIPTIONS[fn.__name__], annotations=hints)

    # ------------------------------------------------------------------ discovery

    async def list_sites() -> Annotated[CallToolResult, SitesAnswer]:
        return await run(discovery.list_sites)

    async def list_collections(
        site_id: Annotated[str | None, Field(description="only this site's collections (default: every site)")] = None,
    ) -> Annotated[CallToolResult, CollectionsAnswer]:
        return await run(discovery.list_collections, site_id)

    async def get_collection(collection_id: CollectionId) -> Annotated[CallToolResult, CollectionAnswer]:
        return await run(discovery.get_collection, collection_id)

    # ------------------------------------------------------------------ reads

    async def list_items(
        collection_id: CollectionId,
        cursor: Annotated[str | None, Field(description="next_cursor of the previous page")] = None,
        live: Annotated[bool | None, Field(description="true: the published copies (default false)")] = None,
        limit: Annotated[int | None, Field(ge=1, le=100, description="items a page, 1-100 (default 100)")] = None,
        fields: Projection = None,
        name: Annotated[str | None, Field(description="only the item with this exact name")] = None,
        slug: Annotated[str | None, Field(description="only the item with this exact slug")] = None,
        cms_locale_id: Annotated[str | None, Field(description="the items of this CMS locale")] = None,
        created_after: Date = None,
        created_before: Date = None,
        updated_after: Date = None,
        updated_before: Date = None,
        last_published_after: Date = None,
        last_published_before: Date = None,
        where: Annotated[
            dict[str, dict[str, Any]] | None,
            Field(
                description='field filters by slug, e.g. {"price": {"gt": 10}, "size": {"in": ["S", "M"]}};'
                " operators eq ne gt gte lt lte in nin contains ncontains exists; at most 10 terms, 2 text searches"
            ),
        ] = None,
        sort_by: Literal["createdOn", "lastPublished", "lastUpdated", "name", "slug"] | None = None,
        sort_order: Literal["asc", "desc"] | None = None,
        sort: Annotated[list[SortTerm] | None, Field(description="sort by up to 3 fields; overrides sort_by")] = None,
    ) -> Annotated[CallToolResult, ReadAnswer]:
        given = {
            "live": live,
            "limit": limit,
            "fields": fields,
            "name": name,
            "slug": slug,
            "cms_locale_id": cms_locale_id,
            "created_after": created_after,
            "created_before": created_before,
            "updated_after": updated_after,
            "updated_before": updated_before,
            "last_published_after": last_published_after,
            "last_published_before": last_published_before,
            "where": where,
            "sort_by": sort_by,
            "sort_order": sort_order,
            "sort": [t.model_dump() for t in sort] if sort else None,
        }
        return await run(reader.list_items, collection_id, cursor, given)

    async def get_item(
        collection_id: CollectionId,
        item_id: Annotated[str, Field(pattern=_ID, description="the item's id")],
        live: Annotated[bool, Field(description="true: the published copy")] = False,
        cms_locale_id: Annotated[str | None, Field(description="the variant of this CMS locale")] = None,
        fields: Projection = None,
    ) -> Annotated[CallToolResult, ReadAnswer]:
        return await run(reader.get_item, collection_id, item_id, live=live, cms_locale_id=cms_locale_id, fields=fields)

    for fn in (list_sites, list_collections, get_collection, list_items, get_item):
        tool(fn, _hints(read_only=True, destructive=False, idempotent=True))

    @server.resource(
        "webflow://collections/{collection_id}/schema",
        name="collection-schema",
        description="a collection's fields (slugs, types, required flags, option names), as get_collection gives",
        mime_type="application/json",
    )
    async def collection_schema(collection_id: str) -> str:
        try:
            answer = await discovery.get_collection(collection_id)
        except WebflowError as error:
            raise ResourceError(explain(error)) from None
        return answer.model_dump_json()

    if not read_only:
        _add_writes(tool, run, writer, discovery)
    return server


def _add_writes(tool: Callable[..., None], run: _Runner, writer: Writer, discovery: Discovery) -> None:
    async def create_items(
        collection_id: CollectionId, items: Items, live: Live = False, dry_run: DryRun = False
    ) -> Annotated[CallToolResult, WriteAnswer]:
        return await run(writer.create, collection_id, items, live=live, dry_run=dry_run)

    async def update_items(
        collection_id: CollectionId,
        items: Annotated[
            list[dict[str, Any]],
            Field(
                min_length=1,
                description='changes, each the item\'s "id" and the field values to set, keyed by field slug,'
                ' e.g. {"id": "...", "price": 12}; any number',
            ),
        ],
        live: Live = False,
        dry_run: DryRun = False,
    ) -> Annotated[CallToolResult, WriteAnswer]:
        return await run(writer.update, collection_id, items, live=live, dry_run=dry_run)

    async def upsert_items(
        collection_id: CollectionId,
        items: Items,
        key: Annotated[str, Field(description="the field slug that matches inputs with items (default slug)")] = "slug",
        live: Annotated[bool, Field(description="true: leave every item it touched published")] = False,
        dry_run: DryRun = False,
    ) -> Annotated[CallToolResult, WriteAnswer]:
        return await run(writer.upsert, collection_id, items, key=key, live=live, dry_run=dry_run)

    async def publish_items(
        collection_id: CollectionId, item_ids: ItemIds, dry_run: DryRun = False
    ) -> Annotated[CallToolResult, WriteAnswer]:
        return await run(writer.publish, collection_id, item_ids, dry_run=dry_run)

    async def unpublish_items(
        collection_id: CollectionId, item_ids: ItemIds, confirm: Confirm = False, dry_run: DryRun = False
    ) -> Annotated[CallToolResult, WriteAnswer]:
        return await run(writer.unpublish, collection_id, item_ids, confirm=confirm and not dry_run)

    async def delete_items(
        collection_id: CollectionId, item_ids: ItemIds, confirm: Confirm = False, dry_run: DryRun = False
    ) -> Annotated[CallToolResult, WriteAnswer]:
        return await run(writer.delete, collection_id, item_ids, confirm=confirm and not dry_run)

    async def publish_site(
        site_id: SiteId,
        custom_domains: Annotated[
            list[str] | None, Field(description="custom domains to publish to, by id or URL (default none)")
        ] = None,
        webflow_subdomain: Annotated[bool, Field(description="publish to the site's webflow.io subdomain")] = True,
        dry_run: DryRun = False,
    ) -> Annotated[CallToolResult, SitePublishAnswer]:
        return await run(
            discovery.publish_site, site_id, custom_domains or [], webflow_subdomain=webflow_subdomain, dry_run=dry_run
        )

    tool(create_items, _hints(read_only=False, destructive=False, idempotent=False))
    tool(update_items, _hints(read_only=False, destructive=True, idempotent=True))
    tool(upsert_items, _hints(read_only=False, destructive=True, idempotent=True))
    tool(publish_items, _hints(read_only=False, destructive=False, idempotent=True))
    tool(unpublish_items, _hints(read_only=False, destructive=True, idempotent=True))
    tool(delete_items, _hints(read_only=False, destructive=True, idempotent=True))
    tool(publish_site, _hints(read_only=False, destructive=False, idempotent=True))
