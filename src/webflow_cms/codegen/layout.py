"""Python source laid out the way ``ruff format`` (line length 88) would, so the generated module is final as written.

Users run their formatter and linter over their code, the generated module
included; if it came out differently, ``--check`` users would fight their
formatter. Only the shapes the generator emits are covered: a bracketed group
stays on one line when it fits, otherwise it is split one item a line with a
trailing comma (which ruff keeps split), and a long attribute declaration is
split where ruff splits it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import attrs

__all__ = [
    "LINE_LENGTH",
    "Annotation",
    "Doc",
    "Group",
    "Item",
    "Subscript",
    "attribute_lines",
    "doc_text",
    "lay_out",
    "literal",
    "value",
]

LINE_LENGTH = 88
_INDENT = "    "


def literal(text: str) -> str:
    """A string literal as ruff writes it: double quotes unless the text holds more of them than single ones."""
    quote = "'" if text.count('"') > text.count("'") else '"'
    out = []
    for char in text:
        if char in ("\\", quote):
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        else:
            out.append(repr(char)[1:-1])  # \n, \t, \x00, \u200b...: lowercase hex, as ruff keeps it
    return quote + "".join(out) + quote


def doc_text(text: str) -> str:
    """``text`` made safe inside a triple-quoted docstring or a comment (one line, no closing quotes)."""
    safe = "".join(c if c.isprintable() else " " for c in text)
    return safe.replace("\\", "\\\\").replace('"', '\\"')


@attrs.frozen
class Item:
    """``prefix`` then a value on the same line: a dict entry (``"key": ``) or a keyword argument (``name=``)."""

    prefix: str
    value: Doc


@attrs.frozen
class Group:
    """A bracketed, comma-separated run of items; ``split`` forces one item a line."""

    open: str
    items: tuple[Doc, ...]
    close: str
    split: bool = False


Doc = str | Item | Group


def value(data: object) -> Doc:
    """A JSON value (what Webflow shows in a field's validations) as a Python expression."""
    if isinstance(data, str):
        return literal(data)
    if data is None or isinstance(data, bool | int):
        return repr(data)
    if isinstance(data, float):
        if not math.isfinite(data):
            return f"float({literal(repr(data))})"
        return repr(data).replace("e+", "e")
    if isinstance(data, Mapping):
        return Group("{", tuple(Item(f"{literal(str(k))}: ", value(v)) for k, v in data.items()), "}")
    if isinstance(data, Sequence):
        return Group("[", tuple(value(v) for v in data), "]")
    return literal(str(data))


def flat(doc: Doc) -> str:
    if isinstance(doc, str):
        return doc
    if isinstance(doc, Item):
        return doc.prefix + flat(doc.value)
    return doc.open + ", ".join(flat(i) for i in doc.items) + doc.close


def _fits(line: str) -> bool:
    return len(line) <= LINE_LENGTH


def lay_out(doc: Doc, depth: int, lead: str = "", tail: str = "") -> list[str]:
    """``doc`` at indent ``depth``, after ``lead`` and before ``tail`` on its first and last lines."""
    indent = _INDENT * depth
    if isinstance(doc, Item):
        return lay_out(doc.value, depth, lead + doc.prefix, tail)
    one_line = indent + lead + flat(doc) + tail
    if isinstance(doc, str) or not doc.items or (_fits(one_line) and not doc.split):
        return [one_line]
    lines = [indent + lead + doc.open]
    for item in doc.items:
        lines += lay_out(item, depth + 1, "", ",")
    return [*lines, indent + doc.close + tail]


@attrs.frozen
class Subscript:
    """``head[inner]`` with one inner type (``list[...]``, ``_wf.Ref[...]``); a ``str`` is a plain type."""

    head: str
    inner: Annotation


Annotation = str | Subscript


def _type_text(annotation: Annotation) -> str:
    if isinstance(annotation, str):
        return annotation
    return f"{annotation.head}[{_type_text(annotation.inner)}]"


def _hug(annotation: Annotation, depth: int, lead: str, tail: str) -> list[str]:
    """A one-item subscript split as ruff splits it: the item alone on its line, no comma."""
    indent = _INDENT * depth
    one_line = indent + lead + _type_text(annotation) + tail
    if isinstance(annotation, str) or _fits(one_line):
        return [one_line]
    return [
        indent + lead + annotation.head + "[",
        *_hug(annotation.inner, depth + 1, "", ""),
        indent + "]" + tail,
    ]


def attribute_lines(name: str, annotation: Annotation, choices: Sequence[str], default: str | None) -> list[str]:
    """The lines declaring one class attribute (at indent 1).

    ``choices`` are the literals of a ``_t.Literal[...]`` type (``annotation`` is then ignored);
    ``default`` is None (required), ``"None"`` (optional: ``| None = None``) or an expression.
    """
    if choices:
        annotation = Subscript("_t.Literal", ", ".join(choices))
    optional = default == "None"
    whole = _type_text(annotation) + (" | None" if optional else "")
    tail = f" = {default}" if default is not None else ""
    head = f"{_INDENT}{name}: "
    if _fits(head + whole + tail):
        return [head + whole + tail]
    if default is not None:
        call, _, arguments = default.partition("(")
        if arguments and _fits(f"{head}{whole} = {call}("):  # ruff splits the call's own brackets first
            return [f"{head}{whole} = {call}(", _INDENT * 2 + arguments.removesuffix(")"), _INDENT + ")"]
        if _fits(head + whole + " = ("):  # then it wraps the value in brackets
            return [head + whole + " = (", _INDENT * 2 + default, _INDENT + ")"]
    if len(choices) > 1:
        return _spread_literal(head, choices, optional, tail)
    if optional:
        if _fits(_INDENT * 2 + whole):
            return [head + "(", _INDENT * 2 + whole, _INDENT + ") = None"]
        return [head + "(", *_hug(annotation, 2, "", ""), _INDENT * 2 + "| None", _INDENT + ") = None"]
    return _hug(annotation, 1, f"{name}: ", tail)


def _spread_literal(head: str, choices: Sequence[str], optional: bool, tail: str) -> list[str]:
    """A ``Literal`` too long for a line: one choice a line, with the trailing comma ruff keeps split."""
    if not optional:
        return [head + "_t.Literal[", *(f"{_INDENT * 2}{c}," for c in choices), _INDENT + "]" + tail]
    return [
        head + "(",
        _INDENT * 2 + "_t.Literal[",
        *(f"{_INDENT * 3}{c}," for c in choices),
        _INDENT * 2 + "]",
        _INDENT * 2 + "| None",
        _INDENT + ") = None",
    ]
