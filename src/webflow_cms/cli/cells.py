"""CSV cells to field values and back, by the field's type.

Number cells become int or float, Switch cells true or false, DateTime cells an
ISO 8601 time (Webflow's export writes ``Thu Oct 19 2023 18:21:26 GMT+0000
(Coordinated Universal Time)``; ISO 8601 and plain dates are read too). Cells of
list fields (MultiReference, MultiImage) hold their values separated by ``;``,
or a JSON list; an Image or File cell holds a URL or a JSON object. Every other
type stays text; an empty cell means "no value" and is left out of the row.
Exporting writes the reverse, so an exported CSV imports unchanged.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from typing import Any

from webflow_cms.checks import TIME_FORMS, parse_iso

__all__ = ["LIST_TYPES", "CellError", "from_cell", "iso_time", "parse_time", "to_cell", "webflow_time"]

_INT = re.compile(r"^[+-]?\d+$")
_TRUE = frozenset({"true", "yes", "y", "1", "on"})
_FALSE = frozenset({"false", "no", "n", "0", "off"})
#: JavaScript's ``Date.toString()``, which Webflow's CSV export uses: weekday, month, day, year, time, offset.
_WEBFLOW_TIME = re.compile(
    r"^(?:[A-Z][a-z]{2} )?([A-Z][a-z]{2}) (\d{1,2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT([+-])(\d{2}):?(\d{2})"
    r"(?: \([^)]*\))?$"
)
_MONTHS = {
    name: n
    for n, name in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)
}
#: List fields: several values in one cell.
LIST_TYPES = frozenset({"MultiReference", "MultiImage"})
#: Fields whose value may be a JSON object.
_OBJECT_TYPES = frozenset({"Image", "File"})


class CellError(ValueError):
    """A cell that cannot hold a value of its field's type; the text says what would."""


def parse_time(text: str) -> datetime.datetime | None:
    """A time written as Webflow's export writes it, as ISO 8601 or as a plain date (UTC); None if neither."""
    text = text.strip()
    match = _WEBFLOW_TIME.match(text)
    if match:
        month = _MONTHS.get(match.group(1))
        if month is None:
            return None
        sign = 1 if match.group(7) == "+" else -1
        offset = datetime.timedelta(hours=int(match.group(8)), minutes=int(match.group(9))) * sign
        try:
            return datetime.datetime(
                int(match.group(3)),
                month,
                int(match.group(2)),
                int(match.group(4)),
                int(match.group(5)),
                int(match.group(6)),
                tzinfo=datetime.timezone(offset),
            )
        except ValueError:
            return None
    return parse_iso(text)


def iso_time(moment: datetime.datetime) -> str:
    """A time as the API writes it: UTC, milliseconds, ``Z``."""
    utc = moment.astimezone(datetime.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def webflow_time(moment: datetime.datetime) -> str:
    """A time as Webflow's CSV export writes it (``Thu Oct 19 2023 18:21:26 GMT+0000 (Coordinated Universal Time)``)."""
    utc = moment.astimezone(datetime.UTC)
    return utc.strftime("%a %b %d %Y %H:%M:%S") + " GMT+0000 (Coordinated Universal Time)"


def _time_cell(text: str) -> str:
    """ISO 8601 cells are kept as written (the API stores what it is sent); other spellings become ISO 8601."""
    moment = parse_time(text)
    if moment is None:
        raise CellError(f"write {TIME_FORMS}")
    stripped = text.strip()
    if parse_iso(stripped) is not None and ("T" in stripped or " " in stripped):
        return stripped
    return iso_time(moment)


def _list_cell(text: str) -> list[Any]:
    stripped = text.strip()
    if stripped.startswith("["):
        try:
            value = json.loads(stripped)
        except json.JSONDecodeError:
            raise CellError("write values separated by ';' or a JSON list") from None
        if isinstance(value, list):
            return value
    return [part.strip() for part in stripped.split(";") if part.strip()]


def from_cell(text: str, field_type: str) -> Any:
    """The value of a non-empty cell for a field of ``field_type``."""
    if field_type == "Number":
        cleaned = text.strip()
        if _INT.match(cleaned):
            return int(cleaned)
        try:
            number = float(cleaned)
        except ValueError:
            raise CellError("write a number such as 42 or 3.5") from None
        if not math.isfinite(number):
            raise CellError("write a finite number")
        return number
    if field_type == "Switch":
        word = text.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise CellError("write true or false")
    if field_type == "DateTime":
        return _time_cell(text)
    if field_type in LIST_TYPES:
        return _list_cell(text)
    if field_type in _OBJECT_TYPES and text.strip().startswith("{"):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            raise CellError('write a URL or a JSON object such as {"url": ...}') from None
    return text


def to_cell(value: Any) -> str:
    """How a field value is written in a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, sort_keys=True)
