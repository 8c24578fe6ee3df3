"""CSV cells to field values and back, by the field's type.

Number cells become int or float, Switch cells true or false, every other
type stays text; an empty cell means "no value" and is left out of the row.
Exporting writes the reverse, so an exported CSV imports unchanged.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

__all__ = ["CellError", "from_cell", "to_cell"]

_INT = re.compile(r"^[+-]?\d+$")
_TRUE = frozenset({"true", "yes", "y", "1", "on"})
_FALSE = frozenset({"false", "no", "n", "0", "off"})


class CellError(ValueError):
    """A cell that cannot hold a value of its field's type; the text says what would."""


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
