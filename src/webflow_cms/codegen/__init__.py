"""Typed models from a site's live schema: ``webflow-cms codegen`` writes one attrs class per collection.

``render_models`` turns a site and its collections (with their fields) into
the text of one module; the same schema always gives the same text, byte for
byte. ``generate_models`` reads the schema through the API first.
``compare_models`` tells a module on disk from the one the live schema gives
now, field by field, for CI jobs that must notice a schema change.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from ..resources.collections import Collection
from ..resources.sites import Site
from .drift import GeneratedModel, GeneratedModule, NotGeneratedError, describe_changes, parse_module
from .plan import CodegenError, plan_models, schema_hash
from .render import render_module

if TYPE_CHECKING:
    from ..client import AsyncWebflowCMS

__all__ = [
    "CodegenError",
    "GeneratedModel",
    "GeneratedModule",
    "NotGeneratedError",
    "SchemaDrift",
    "compare_models",
    "generate_models",
    "parse_models",
    "render_models",
    "schema_hash",
]

#: The file name the module's docstring shows when none is given.
DEFAULT_FILENAME = "cms_models.py"


@attrs.frozen
class SchemaDrift:
    """How a generated module differs from the live schema: one line per change, and a unified diff."""

    summary: list[str]
    diff: str


def render_models(
    site: Site, collections: Sequence[Collection], *, command: str | None = None, filename: str = DEFAULT_FILENAME
) -> str:
    """The module for ``site``'s ``collections`` (each with its fields).

    ``command`` is the command line the docstring says made it (default: ``codegen -o filename``).
    Raises ``CodegenError`` for a schema that cannot be typed (an Option with a name given twice).
    """
    command = command or f"webflow-cms codegen --site {site.id} -o {filename}"
    check = f"webflow-cms codegen --site {site.id} --check {filename}"
    models = plan_models(collections)
    return render_module(site.id, site.display_name, models, schema_hash(site.id, collections), (command, check))


async def generate_models(
    wf: AsyncWebflowCMS, site_id: str, *, command: str | None = None, filename: str = DEFAULT_FILENAME
) -> str:
    """Read the site and every collection's fields through the API, then ``render_models``."""
    site = await wf.sites.get(site_id)
    listed = await wf.collections.list(site_id)
    collections = [await wf.collections.get(c.id) for c in listed]  # the listing has no fields
    return render_models(site, collections, command=command, filename=filename)


def parse_models(text: str) -> GeneratedModule:
    """What a generated module declares, read with ``ast`` (the file is never imported or run).

    Raises ``NotGeneratedError`` when ``text`` is not a module ``codegen`` writes.
    """
    return parse_module(text)


def compare_models(current_text: str, live_text: str, *, label: str = DEFAULT_FILENAME) -> SchemaDrift | None:
    """None when ``current_text`` declares what ``live_text`` does; else what changed and a diff.

    Formatting, comments and docstrings do not count: a module reformatted by the user's tools
    still matches. ``label`` names the current file in the summary and the diff.
    """
    live = parse_module(live_text)
    try:
        current = parse_module(current_text)
    except NotGeneratedError as exc:
        summary = [f"{label} is not a module written by webflow-cms codegen ({exc}); write it again with -o"]
    else:
        if current == live:
            return None
        summary = describe_changes(current, live)
    diff = difflib.unified_diff(
        current_text.splitlines(keepends=True), live_text.splitlines(keepends=True), label, "live schema"
    )
    return SchemaDrift(summary, "".join(diff))
