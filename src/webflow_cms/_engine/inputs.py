"""Checks on what callers pass in, made before anything is sent.

Each check returns the payload to send or raises a ``ValidationError`` that
names the input and says what to fix. ``CheckedInputs`` applies one check to
every input of a bulk call, lazily, so the first request of a big job leaves
before the last input is looked at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from ..errors import ConflictError, ValidationError
from ..ids import is_webflow_id
from .tracker import MAX_BATCH, Tracker

__all__ = [
    "Check",
    "CheckedInputs",
    "check_id",
    "invalid",
    "is_webflow_id",
    "locale_ids",
    "lookup_locale",
    "new_item_payload",
    "new_multi_locale_payload",
    "reference_payload",
    "update_payload",
    "weight",
]

_CREATE_KEYS = frozenset({"fieldData", "isDraft", "isArchived", "cmsLocaleId"})
_UPDATE_KEYS = _CREATE_KEYS | {"id"}

#: Turns one raw input (and its position) into the payload to send, or raises ``ValidationError``.
Check = Callable[[object, int], dict[str, Any]]


def check_id(value: object, what: str = "item id") -> str:
    """``value`` if it is a Webflow id; otherwise a ``ValidationError`` naming ``what``."""
    if not is_webflow_id(value):
        raise ValidationError(
            f"{what} {value!r} is not a Webflow id; ids are 24 lowercase hex characters",
            status=None,
            code="invalid_id",
        )
    return value


def invalid(index: int, message: str) -> ValidationError:
    """The error for input number ``index`` of a bulk call."""
    return ValidationError(f"input {index}: {message}", status=None, code="invalid_input")


def _as_dict(doc: object, index: int) -> dict[str, Any]:
    if isinstance(doc, Mapping):
        return dict(doc)
    to_dict = getattr(doc, "to_dict", None)
    if callable(to_dict):
        data = to_dict()
        if isinstance(data, dict):
            return data
    raise invalid(index, f"a {type(doc).__name__} is not an item; pass a mapping like {{'fieldData': {{...}}}}")


def _check_flags(data: Mapping[str, Any], index: int) -> None:
    for flag in ("isDraft", "isArchived"):
        if flag in data and not isinstance(data[flag], bool):
            raise invalid(index, f"{flag} must be true or false, got {data[flag]!r}")
    locale = data.get("cmsLocaleId")
    if locale is not None and not isinstance(locale, str):
        raise invalid(index, f"cmsLocaleId must be a string, got {locale!r}")


def _checked_id(value: object, index: int) -> str:
    try:
        return check_id(value)
    except ValidationError as exc:
        raise invalid(index, exc.message) from None


def new_item_payload(doc: object, index: int) -> dict[str, Any]:
    """An item to create: the fields Webflow always needs, with the right types."""
    data = _as_dict(doc, index)
    unknown = sorted(set(data) - _CREATE_KEYS)
    if unknown:
        raise invalid(index, f"unknown keys {unknown}; put field values under 'fieldData'")
    fields = data.get("fieldData")
    if not isinstance(fields, Mapping):
        raise invalid(index, "missing 'fieldData'; pass {'fieldData': {'name': ..., 'slug': ...}}")
    for required in ("name", "slug"):
        value = fields.get(required)
        if not isinstance(value, str) or not value.strip():
            raise invalid(index, f"fieldData.{required} is required and must be a non-empty string")
    _check_flags(data, index)
    data["fieldData"] = dict(fields)
    return data


def locale_ids(value: Sequence[str] | None) -> tuple[str, ...] | None:
    """The ``cms_locale_ids`` of a multi-locale create: distinct, non-empty strings."""
    if value is None:
        return None
    if isinstance(value, str) or not all(isinstance(v, str) and v for v in value) or not value:
        raise ValidationError(
            f"cms_locale_ids must be a non-empty list of locale ids, got {value!r}", status=None, code="invalid_input"
        )
    if len(set(value)) != len(value):
        raise ValidationError(f"cms_locale_ids names a locale twice: {value!r}", status=None, code="invalid_input")
    return tuple(value)


def new_multi_locale_payload(doc: object, index: int, *, locales: tuple[str, ...]) -> dict[str, Any]:
    """An item to create in several locales: checked as any new item, without a locale of its own."""
    data = new_item_payload(doc, index)
    if "cmsLocaleId" in data:
        raise invalid(index, "cmsLocaleId cannot be combined with cms_locale_ids; the item goes to all of them")
    data["cmsLocaleIds"] = list(locales)
    return data


def update_payload(change: object, index: int) -> dict[str, Any]:
    """A change to an existing item: its ``id``, and ``fieldData`` and flags of the right types."""
    data = _as_dict(change, index)
    unknown = sorted(set(data) - _UPDATE_KEYS)
    if unknown:
        raise invalid(index, f"unknown keys {unknown}; put field values under 'fieldData'")
    try:
        check_id(data.get("id"))
    except ValidationError as exc:
        raise invalid(index, exc.message + "; every change needs the 'id' of the item to update") from None
    if "fieldData" in data:
        if not isinstance(data["fieldData"], Mapping):
            raise invalid(index, "fieldData must be a mapping of field slug to value")
        data["fieldData"] = dict(data["fieldData"])
    _check_flags(data, index)
    return data


def reference_payload(ref: object, index: int) -> dict[str, Any]:
    """An id, or ``{"id": ..., "cmsLocaleIds": [...]}``, as sent to delete/publish/unpublish."""
    if isinstance(ref, str):
        return {"id": _checked_id(ref, index)}
    data = _as_dict(ref, index)
    out: dict[str, Any] = {"id": _checked_id(data.get("id"), index)}
    locales = data.get("cmsLocaleIds")
    if locales is not None:
        if not isinstance(locales, list) or not all(isinstance(x, str) for x in locales) or not locales:
            raise invalid(index, "cmsLocaleIds must be a non-empty list of locale ids")
        out["cmsLocaleIds"] = locales
    return out


def weight(payload: Mapping[str, Any]) -> int:
    """How many locale variants one input is; Webflow's 100-per-request limit counts these."""
    locales = payload.get("cmsLocaleIds")
    return len(locales) if isinstance(locales, list) else 1


def lookup_locale(payload: Mapping[str, Any]) -> str | None:
    """The locale to find a created item in: its own, or the first of a multi-locale create."""
    locales = payload.get("cmsLocaleIds")
    if isinstance(locales, list) and locales:
        return str(locales[0])
    locale = payload.get("cmsLocaleId")
    return locale if isinstance(locale, str) else None


class CheckedInputs(dict[int, dict[str, Any]]):
    """The inputs of a bulk call that passed their checks, by input index.

    It fills up as ``indices()`` is iterated: each input is checked just
    before its batch is formed, so the first request of a big job leaves at
    once instead of after every input was checked. A bad input still fails
    without being sent. With ``unique_slugs`` a later input that repeats a
    slug (in the same locale) fails too.
    """

    def __init__(self, tracker: Tracker, check: Check, *, unique_slugs: bool = False) -> None:
        super().__init__()
        self._tracker = tracker
        self._check = check
        self._unique_slugs = unique_slugs
        self._checked = False

    def check_all(self) -> CheckedInputs:
        """Check every input now (bad ones fail at once); return self."""
        for _ in self.indices():
            pass
        return self

    def indices(self) -> Iterator[int]:
        """Indices of the good inputs in order, checking each on the way (the first call only)."""
        if self._checked:
            yield from sorted(self)
            return
        self._checked = True
        tracker, seen = self._tracker, dict[tuple[str, Any], int]()
        for index, raw in enumerate(tracker.inputs):
            try:
                payload = self._check(raw, index)
            except ValidationError as err:
                tracker.fail(index, err)
                continue
            variants = weight(payload)
            if variants > MAX_BATCH:
                tracker.fail(index, invalid(index, f"{variants} locale variants; at most {MAX_BATCH} per request"))
                continue
            if self._unique_slugs:
                key = (payload["fieldData"]["slug"], payload.get("cmsLocaleId"))
                first = seen.setdefault(key, index)
                if first != index:
                    message = f"input {index}: slug {key[0]!r} is also used by input {first}; slugs are unique"
                    tracker.fail(index, ConflictError(message, status=None, code="duplicate_slug"))
                    continue
            self[index] = payload
            yield index
        tracker.report()
