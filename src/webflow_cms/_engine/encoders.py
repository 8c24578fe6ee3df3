"""Field values on their way to Webflow: one encoder per field type, checking a value and shaping it.

An encoder turns an attribute of a generated model into what Webflow's API
takes (an option name into its id, an aware ``datetime`` into an ISO string,
a ``FileRef`` into ``{fileId, url, alt}``), or raises ``BadValue`` saying what
is wrong; ``_codec`` adds which input, attribute and field.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from ..typed import FieldSpec, FileRef
from .colors import is_color
from .inputs import is_webflow_id

__all__ = ["FILE_TYPES", "TEXT_TYPES", "BadValue", "Convert", "encoder"]

#: Turns one value into another, or raises ``BadValue``.
Convert = Callable[[Any], Any]
TEXT_TYPES = frozenset({"PlainText", "RichText"})
FILE_TYPES = frozenset({"Image", "File", "ExtFileRef"})
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_URL = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:\S+|/\S*")
_UTC = datetime.UTC


class BadValue(Exception):
    """A value that does not fit its field; the message says how (the caller adds which field)."""


def _write_text(check: re.Pattern[str] | None, what: str) -> Convert:
    def write(value: Any) -> str:
        if not isinstance(value, str):
            raise BadValue(f"must be a string, got {type(value).__name__}")
        if check is not None and check.fullmatch(value) is None:
            raise BadValue(f"must be {what}, got {value!r:.80}")
        return value

    return write


def _write_color(value: Any) -> str:
    if not is_color(value):
        raise BadValue(f"must be a color (#1a2b3c, rgb(), rgba(), hsl(), hsla(), a CSS color name), got {value!r:.80}")
    return str(value)


def _write_phone(value: Any) -> str:
    if not isinstance(value, str) or not any(c.isdigit() for c in value):
        raise BadValue(f"must be a phone number (a string with digits), got {value!r:.80}")
    return value


def _write_number(rules: Mapping[str, Any]) -> Convert:
    """A Number's value, checked against the field's validations as Webflow shows them."""
    low, high = rules.get("minValue"), rules.get("maxValue")
    precision = rules.get("precision")

    def write(value: Any) -> int | float:
        if (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or (isinstance(value, float) and not math.isfinite(value))
        ):
            raise BadValue(f"must be a finite number, got {value!r:.80}")
        if rules.get("format") == "integer" and value != int(value):
            raise BadValue(f"must be a whole number, got {value!r}")
        if rules.get("allowNegative") is False and value < 0:
            raise BadValue(f"must not be negative, got {value!r}")
        if rules.get("allowZero") is False and value == 0:
            raise BadValue("must not be zero")
        if isinstance(low, int | float) and value < low:
            raise BadValue(f"must be at least {low}, got {value!r}")
        if isinstance(high, int | float) and value > high:
            raise BadValue(f"must be at most {high}, got {value!r}")
        if isinstance(precision, int) and isinstance(value, float) and round(value, precision) != value:
            raise BadValue(f"must have at most {precision} decimals, got {value!r}")
        return value

    return write


def _write_switch(value: Any) -> bool:
    if not isinstance(value, bool):
        raise BadValue(f"must be True or False, got {value!r:.80}")
    return value


def _write_time(value: Any) -> str:
    if not isinstance(value, datetime.datetime):
        raise BadValue(f"must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise BadValue("must have a time zone, e.g. datetime(..., tzinfo=datetime.UTC)")
    return value.astimezone(_UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _write_file(value: Any) -> dict[str, str]:
    if not isinstance(value, FileRef):
        raise BadValue(f"must be a FileRef(url=...) or FileRef(file_id=...), got {type(value).__name__}")
    for part in ("url", "file_id", "alt"):
        if not isinstance(getattr(value, part), str | None):
            raise BadValue(f"a FileRef's {part} must be a string, got {type(getattr(value, part)).__name__}")
    if value.url is None and value.file_id is None:
        raise BadValue("a FileRef needs a url (a public file for Webflow to fetch) or a file_id")
    wire = {"fileId": value.file_id, "url": value.url, "alt": value.alt}
    return {key: text for key, text in wire.items() if text is not None}


def _write_list(write: Convert) -> Convert:
    def write_all(value: Any) -> list[Any]:
        if isinstance(value, str | bytes) or not isinstance(value, list | tuple):
            raise BadValue(f"must be a list, got {type(value).__name__}")
        out = []
        for position, one in enumerate(value):
            try:
                out.append(write(one))
            except BadValue as exc:
                raise BadValue(f"[{position}] {exc}") from None
        return out

    return write_all


def _write_option(options: Mapping[str, str]) -> Convert:
    ids = frozenset(options.values())

    def write(value: Any) -> str:
        if isinstance(value, str):
            option_id = options.get(value)
            if option_id is not None:
                return option_id
            if value in ids:
                return value
        raise BadValue(f"must be one of {sorted(options)}, got {value!r:.80}")

    return write


def _write_ref(value: Any) -> str:
    if not is_webflow_id(value):
        raise BadValue(f"must be an item id (24 lowercase hex characters), got {value!r:.80}")
    return str(value)


def encoder(spec: FieldSpec) -> Convert:
    kind = spec.type
    writers: dict[str, Callable[[], Convert]] = {
        "Email": lambda: _write_text(_EMAIL, "an email address"),
        "Link": lambda: _write_text(_URL, "a URL"),
        "VideoLink": lambda: _write_text(_URL, "a URL"),
        "Color": lambda: _write_color,
        "Phone": lambda: _write_phone,
        "Number": lambda: _write_number(spec.validations),
        "Switch": lambda: _write_switch,
        "DateTime": lambda: _write_time,
        "MultiImage": lambda: _write_list(_write_file),
        "Option": lambda: _write_option(spec.options) if spec.options else _write_text(None, ""),
        "Reference": lambda: _write_ref,
        "MultiReference": lambda: _write_list(_write_ref),
    }
    if kind in TEXT_TYPES:
        return _write_text(None, "")
    if kind in FILE_TYPES:
        return _write_file
    make = writers.get(kind)
    return make() if make is not None else (lambda value: value)
