"""A Number field's validations: reading them from a Designer body, and checking item values by them.

The keys and their meaning come from the Number field of upstream's collection-details example
(`openapi/upstream/older/webflow-collections-openapi.upstream.yml`, operation `collection-details`):
`format: integer`, `allowNegative: false`, `allowZero: false`, `minValue: 1`, `maxValue: 5`. The
"Field Types & Item Values" page says a Number is "an integer or decimal", hence the other `format`,
`decimal`. No upstream example shows `precision`; reading it as the most decimal places a value may
have is an assumption.

Whether Webflow applies these rules to values written through the API is not documented: the
`--number-validations` fidelity variant decides (`enforce`, the default, or `ignore`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .errors import issue

FORMATS = ("integer", "decimal")
_FLAGS = ("allowNegative", "allowZero")
_BOUNDS = ("minValue", "maxValue")
KEYS = frozenset({"format", "precision", *_FLAGS, *_BOUNDS})


def _is_number(value: object) -> bool:
    return _as_number(value) is not None


def _as_number(value: object) -> int | float | None:
    """The value when it is a JSON number (not a boolean), else None."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return None


def _places(value: object) -> int | None:
    """A `precision` rule's number of decimal places, or None when it is not a whole number >= 0."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def parse_number_validations(raw: object, where: str) -> tuple[dict[str, Any] | None, list[dict[str, str]]]:
    """The validations of a Number field as the Designer stand-in receives them (at path `where`).

    Unknown keys are refused, so that a misspelt rule cannot pass unnoticed in a test's schema."""
    if raw is None:
        return None, []
    if not isinstance(raw, dict):
        return None, [issue(where, "must be an object")]
    problems = [issue(f"{where}.{key}", "is not a Number validation") for key in raw if key not in KEYS]
    if "format" in raw and raw["format"] not in FORMATS:
        problems.append(issue(f"{where}.format", "must be integer or decimal"))
    if "precision" in raw and _places(raw["precision"]) is None:
        problems.append(issue(f"{where}.precision", "must be a whole number of decimal places"))
    for key in _FLAGS:
        if key in raw and not isinstance(raw[key], bool):
            problems.append(issue(f"{where}.{key}", "must be true or false"))
    for key in _BOUNDS:
        if key in raw and not _is_number(raw[key]):
            problems.append(issue(f"{where}.{key}", "must be a number"))
    low, high = _as_number(raw.get("minValue")), _as_number(raw.get("maxValue"))
    if low is not None and high is not None and low > high:
        problems.append(issue(f"{where}.minValue", "must not be above maxValue"))
    if problems:
        return None, problems
    return dict(raw), []


def decimal_places(value: int | float) -> int:
    """How many digits a number has after the point, written the shortest way (2.50 has 1)."""
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # JSON numbers are finite
    return max(0, -exponent)


def number_problem(rules: dict[str, Any] | None, value: int | float) -> str | None:
    """Which of the field's rules `value` breaks, or None.

    A rule whose own value is malformed is skipped: the public create operations store a field's
    `validations` as given, so they may hold anything. A whole float such as `3.0` counts as an
    integer, since JSON (and JavaScript, which Webflow's API answers in) does not tell them apart.
    """
    if not rules:
        return None
    if rules.get("format") == "integer" and not (isinstance(value, int) or value.is_integer()):
        return "must be an integer"
    if rules.get("allowNegative") is False and value < 0:
        return "must not be negative"
    if rules.get("allowZero") is False and value == 0:
        return "must not be zero"
    low, high = _as_number(rules.get("minValue")), _as_number(rules.get("maxValue"))
    if low is not None and value < low:
        return f"must be at least {low}"
    if high is not None and value > high:
        return f"must be at most {high}"
    precision = _places(rules.get("precision"))
    if precision is not None and decimal_places(value) > precision:
        return f"must have at most {precision} decimal places"
    return None
