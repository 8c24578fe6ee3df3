"""Apply an OpenAPI Overlay 1.0 document: what Webflow documents ahead of its own OpenAPI file.

Only what the project's overlay needs is read: ``update`` actions (and ``remove: true``) whose
``target`` is a plain path into the document, ``$`` followed by ``.name`` and ``['key']`` steps.
Per the Overlay specification an update merges into an object (recursively) and is appended to
an array. Anything else (filters, wildcards, a target that selects nothing) is an ``OverlayError``
naming the action, never a silent no-op. Each action must carry ``x-source``: the Webflow page
the fact comes from.
"""

from __future__ import annotations

import copy
import re
from typing import Any

Schema = dict[str, Any]

_STEP = re.compile(r"\.([A-Za-z_][\w-]*)|\['((?:[^'\\]|\\.)*)'\]")


class OverlayError(ValueError):
    """The overlay cannot be applied as written."""


def parse_target(target: str) -> list[str]:
    """The keys of a ``$.a['b'].c`` target, or ``OverlayError`` for anything this module does not read."""
    if not target.startswith("$"):
        raise OverlayError(f"target {target!r} does not start at the document root ($)")
    keys: list[str] = []
    pos = 1
    while pos < len(target):
        step = _STEP.match(target, pos)
        if step is None:
            raise OverlayError(f"target {target!r}: only .name and ['key'] steps are supported (at {target[pos:]!r})")
        keys.append(step.group(1) if step.group(1) is not None else step.group(2).replace("\\'", "'"))
        pos = step.end()
    return keys


def resolve(doc: Any, keys: list[str]) -> Any:
    """The node at ``keys``, or ``KeyError`` naming the first step that is missing."""
    node = doc
    for n, key in enumerate(keys):
        if not isinstance(node, dict) or key not in node:
            raise KeyError("".join(f"['{k}']" for k in keys[: n + 1]))
        node = node[key]
    return node


def _merge(target: Schema, update: Schema) -> None:
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)


def apply(doc: Schema, overlay: Schema) -> Schema:
    """A copy of ``doc`` with every action of ``overlay`` applied, in order."""
    if not str(overlay.get("overlay", "")).startswith("1."):
        raise OverlayError(f"not an Overlay 1.x document (overlay: {overlay.get('overlay')!r})")
    out = copy.deepcopy(doc)
    for n, action in enumerate(overlay.get("actions") or []):
        where = f"action {n + 1} ({action.get('target')})"
        if not action.get("x-source"):
            raise OverlayError(f"{where} has no x-source: every fact needs the Webflow page it comes from")
        try:
            keys = parse_target(str(action.get("target", "")))
        except OverlayError as exc:
            raise OverlayError(f"{where}: {exc}") from exc
        if action.get("remove") is True:
            if not keys:
                raise OverlayError(f"{where}: the root cannot be removed")
            try:
                resolve(out, keys)
            except KeyError as exc:
                raise OverlayError(f"{where} selects nothing: no {exc.args[0]} in the document") from exc
            parent = resolve(out, keys[:-1]) if keys[:-1] else out
            del parent[keys[-1]]
            continue
        if "update" not in action:
            raise OverlayError(f"{where} has neither update nor remove")
        try:
            node = resolve(out, keys)
        except KeyError as exc:
            raise OverlayError(f"{where} selects nothing: no {exc.args[0]} in the document") from exc
        update = action["update"]
        if isinstance(node, list):
            node.append(copy.deepcopy(update))
        elif isinstance(node, dict) and isinstance(update, dict):
            _merge(node, update)
        else:
            raise OverlayError(f"{where}: cannot update a {type(node).__name__} with a {type(update).__name__}")
    return out


def _has(node: Any, update: Any) -> bool:
    """Whether ``node`` already holds everything ``update`` would add (by the merge rules of ``apply``)."""
    if isinstance(update, list):  # every entry of it, wherever it stands
        return isinstance(node, list) and all(_has(node, entry) for entry in update)
    if isinstance(node, list):  # one entry to add to it
        if isinstance(update, dict):
            return any(isinstance(entry, dict) and _has(entry, update) for entry in node)
        return update in node
    if isinstance(node, dict) and isinstance(update, dict):
        return all(key in node and _has(node[key], value) for key, value in update.items() if key not in _PROSE)
    return bool(node == update)


#: Keys whose wording Webflow may choose otherwise without the fact being different.
_PROSE = frozenset({"description", "summary"})


def already_upstream(doc: Schema, action: Schema) -> bool:
    """Whether ``doc`` (the upstream, without the overlay) already has what ``action`` adds."""
    try:
        node = resolve(doc, parse_target(str(action["target"])))
    except KeyError:
        return False
    return "update" in action and _has(node, action["update"])
