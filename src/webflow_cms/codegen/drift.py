"""Reading a generated module back with ``ast`` (never importing it) and saying how two of them differ.

The comparison is on what the module declares (site id, hash, each class's
``__collection__`` and attribute declarations), not on its text: a module run
through a formatter, or whose site was renamed, still matches.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import Any

import attrs

__all__ = ["GeneratedModel", "GeneratedModule", "NotGeneratedError", "describe_changes", "parse_module"]


class NotGeneratedError(ValueError):
    """The text is not a module ``webflow-cms codegen`` writes (the reason is the message)."""


@attrs.frozen
class GeneratedField:
    attribute: str
    slug: str
    type: str
    required: bool
    options: tuple[tuple[str, str], ...]
    target: str | None
    validations: Any


@attrs.frozen
class GeneratedModel:
    """One class of a generated module, as declared."""

    class_name: str
    collection_id: str
    name: str
    fields: tuple[GeneratedField, ...]
    #: (attribute, annotation, default) of every annotated line, as ``ast.unparse`` writes them.
    declarations: tuple[tuple[str, str, str | None], ...]


@attrs.frozen
class GeneratedModule:
    site_id: str
    schema_hash: str
    #: By collection id.
    models: Mapping[str, GeneratedModel]


def _literal(node: ast.expr | None, what: str) -> Any:
    if node is None:
        raise NotGeneratedError(f"{what} is missing")
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return ast.unparse(node)  # e.g. float("inf") in validations: compared as written


def _keywords(call: ast.Call) -> dict[str, ast.expr]:
    return {k.arg: k.value for k in call.keywords if k.arg}


def _field(attribute: object, node: ast.expr, where: str) -> GeneratedField:
    if not (isinstance(node, ast.Call) and len(node.args) == 2 and isinstance(attribute, str)):
        raise NotGeneratedError(f"{where}: a field is not written as FieldSpec(slug, type, ...)")
    given = _keywords(node)
    options = _literal(given.get("options"), "options") if "options" in given else {}
    return GeneratedField(
        attribute=attribute,
        slug=str(_literal(node.args[0], "slug")),
        type=str(_literal(node.args[1], "type")),
        required=_literal(given["required"], "required") is True if "required" in given else False,
        options=tuple((str(k), str(v)) for k, v in options.items()) if isinstance(options, dict) else (),
        target=_literal(given["target"], "target") if "target" in given else None,
        validations=_literal(given["validations"], "validations") if "validations" in given else {},
    )


def _model(node: ast.ClassDef) -> GeneratedModel | None:
    spec = next(
        (
            s.value
            for s in node.body
            if isinstance(s, ast.Assign) and [ast.unparse(t) for t in s.targets] == ["__collection__"]
        ),
        None,
    )
    if spec is None:
        return None
    if not isinstance(spec, ast.Call):
        raise NotGeneratedError(f"class {node.name}: __collection__ is not a CollectionSpec(...)")
    given = _keywords(spec)
    fields = given.get("fields")
    if not isinstance(fields, ast.Dict):
        raise NotGeneratedError(f"class {node.name}: __collection__ has no fields={{...}}")
    declarations = tuple(
        (ast.unparse(s.target), ast.unparse(s.annotation), ast.unparse(s.value) if s.value else None)
        for s in node.body
        if isinstance(s, ast.AnnAssign)
    )
    return GeneratedModel(
        class_name=node.name,
        collection_id=str(_literal(given.get("collection_id"), f"class {node.name}: collection_id")),
        name=str(_literal(given.get("name"), f"class {node.name}: name")),
        fields=tuple(
            _field(_literal(k, "field key"), v, f"class {node.name}")
            for k, v in zip(fields.keys, fields.values, strict=True)
        ),
        declarations=declarations,
    )


def parse_module(text: str) -> GeneratedModule:
    """The declarations of a generated module; ``NotGeneratedError`` says why the text is not one."""
    try:
        tree = ast.parse(text)
    except SyntaxError as exc:
        where = f" on line {exc.lineno}" if exc.lineno else ""
        raise NotGeneratedError(f"not valid Python: {exc.msg}{where}") from None
    except (ValueError, RecursionError, MemoryError) as exc:  # a NUL byte, absurd nesting
        raise NotGeneratedError(f"not valid Python: {exc}") from None
    constants: dict[str, Any] = {}
    models: dict[str, GeneratedModel] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            constants[node.targets[0].id] = _literal(node.value, node.targets[0].id)
        elif isinstance(node, ast.ClassDef) and (model := _model(node)) is not None:
            models[model.collection_id] = model
    site_id, hash_ = constants.get("SITE_ID"), constants.get("SCHEMA_HASH")
    if not isinstance(site_id, str) or not isinstance(hash_, str):
        raise NotGeneratedError("no SITE_ID and SCHEMA_HASH strings at the top level")
    return GeneratedModule(site_id, hash_, models)


def _option_changes(old: GeneratedField, new: GeneratedField) -> str:
    before, after = dict(old.options), dict(new.options)
    parts = [f"+ {n!r}" for n in after if n not in before] + [f"- {n!r}" for n in before if n not in after]
    parts += [f"{n!r} has a new id" for n in after if n in before and before[n] != after[n]]
    if not parts and list(before) != list(after):
        parts.append("reordered")
    return ", ".join(parts)


def _field_changes(label: str, old: GeneratedField, new: GeneratedField) -> list[str]:
    where = f"{label}: field {new.slug!r}"
    if old.type != new.type:
        return [f"{where} changed type {old.type} -> {new.type}"]
    lines = []
    if old.required != new.required:
        lines.append(f"{where} is now required" if new.required else f"{where} is no longer required")
    if old.options != new.options:
        lines.append(f"{label}: options of {new.slug!r} changed: {_option_changes(old, new)}")
    if old.target != new.target:
        lines.append(f"{where} now references collection {new.target}")
    if old.validations != new.validations:
        lines.append(f"{where} validations changed: {old.validations!r} -> {new.validations!r}")
    if old.attribute != new.attribute:
        lines.append(f"{where} is now attribute {new.attribute!r} (was {old.attribute!r})")
    return lines


def _model_changes(old: GeneratedModel, new: GeneratedModel) -> list[str]:
    label = old.class_name
    lines = [f"{label}: class is now {new.class_name}"] if old.class_name != new.class_name else []
    if old.name != new.name:
        lines.append(f"{label}: collection renamed {old.name!r} -> {new.name!r}")
    before = {f.slug: f for f in old.fields}
    after = {f.slug: f for f in new.fields}
    for slug, field in after.items():
        if slug not in before:
            required = ", required" if field.required else ""
            lines.append(f"{label}: field {slug!r} added ({field.type}{required})")
        else:
            lines += _field_changes(label, before[slug], field)
    lines += [f"{label}: field {slug!r} removed" for slug in before if slug not in after]
    kept = [s for s in before if s in after]
    if not lines and kept != [s for s in after if s in before]:
        lines.append(f"{label}: fields reordered")
    if not lines and old.declarations != new.declarations:
        lines.append(f"{label}: attributes are not declared as codegen writes them (edited by hand?)")
    return lines


def describe_changes(old: GeneratedModule, new: GeneratedModule) -> list[str]:
    """One line per difference from ``old`` (the file) to ``new`` (the live schema)."""
    lines = []
    if old.site_id != new.site_id:
        lines.append(f"the file models site {old.site_id}; the live schema is of site {new.site_id}")
    for collection_id, model in new.models.items():
        if collection_id not in old.models:
            lines.append(f"collection {model.name!r} ({collection_id}) added")
    for collection_id, model in old.models.items():
        if collection_id not in new.models:
            lines.append(f"collection {model.name!r} ({collection_id}) removed")
        else:
            lines += _model_changes(model, new.models[collection_id])
    if not lines and old.schema_hash != new.schema_hash:
        lines.append(f"schema hash {old.schema_hash} is now {new.schema_hash}")
    return lines
