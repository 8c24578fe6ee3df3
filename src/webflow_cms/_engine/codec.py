"""Between generated models and the wire: items into model instances, instances into request payloads.

A ``ModelCodec`` is built once per model class from its ``__collection__``
spec: one reader and one writer per field. Readers turn what Webflow sends
into the attribute's type (an option id into its name, a date string into a
``datetime``) and raise ``ModelMismatchError`` when an item no longer fits
the model. Writers (``_encoders``) check a value before it is sent and turn
it into what Webflow wants (an option name into its id); a bad one becomes a
``ValidationError`` naming the input, the attribute and the field.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from ..errors import ModelMismatchError
from ..models import Item
from ..typed import CMSItem, CollectionSpec, FieldSpec, FileRef
from .encoders import FILE_TYPES, TEXT_TYPES, BadValue, Convert, encoder
from .inputs import invalid, is_webflow_id

__all__ = ["ModelCodec", "codec_for"]

M = TypeVar("M", bound=CMSItem)

_LISTS = frozenset({"MultiImage", "MultiReference"})
_UTC = datetime.UTC
_JUST_STR = frozenset({str})


# ----------------------------------------------------------------- reading


def _read_time(value: Any) -> datetime.datetime:
    """Webflow's dates are UTC; one sent without an offset is read as UTC, so models only hold aware ones."""
    try:
        moment = datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise BadValue(f"expected an ISO 8601 date-time, got {value!r:.80}") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=_UTC)


def _read_file(value: Any) -> FileRef:
    if value.__class__ is dict or isinstance(value, Mapping):
        url, file_id, alt = value.get("url"), value.get("fileId"), value.get("alt")
        texts = (url is None or url.__class__ is str) and (file_id is None or file_id.__class__ is str)
        if texts and (alt is None or alt.__class__ is str) and (url or file_id):
            return FileRef(url=url, file_id=file_id, alt=alt)
    elif isinstance(value, str):
        return FileRef(url=value)
    raise BadValue(f"expected a file ({{fileId, url, alt}}), got {value!r:.80}")


def _read_refs(value: Any) -> list[str]:
    if value.__class__ is list and {v.__class__ for v in value} <= _JUST_STR:
        return value
    raise BadValue(f"expected a list of item ids, got {value!r:.80}")


def _read_list(read: Convert) -> Convert:
    def read_all(value: Any) -> list[Any]:
        if not isinstance(value, list):
            raise BadValue(f"expected a list, got {value!r:.80}")
        return [read(v) for v in value]

    return read_all


def _read_option(options: Mapping[str, str]) -> Convert:
    names = {option_id: name for name, option_id in options.items()}

    def read(value: Any) -> str:
        name = names.get(value) if value.__class__ is str else None
        if name is None:
            raise BadValue(f"option id {value!r:.80} is not one of the model's options {sorted(options)}")
        return name

    return read


#: Readers of fields whose value is kept as Webflow sends it: the classes it may have (checked inline).
_STRINGS = frozenset({str})
_NUMBERS = frozenset({int, float})
_BOOLS = frozenset({bool})
_EXPECTED = {_STRINGS: "a string", _NUMBERS: "a number", _BOOLS: "true or false"}
_Reader = Convert | frozenset[type] | None


def _reader(spec: FieldSpec) -> _Reader:
    """The reader of one field's values: a set of classes kept as they are, a function, or None (passed through)."""
    kind = spec.type
    if kind == "Number":
        return _NUMBERS
    if kind == "Switch":
        return _BOOLS
    if kind == "DateTime":
        return _read_time
    if kind in FILE_TYPES:
        return _read_file
    if kind == "MultiImage":
        return _read_list(_read_file)
    if kind == "Option":
        return _read_option(spec.options) if spec.options else _STRINGS
    if kind == "MultiReference":
        return _read_refs
    if kind in TEXT_TYPES or kind in {"Reference", "Link", "Email", "Phone", "Color", "VideoLink"}:
        return _STRINGS
    return None  # a type this SDK does not know: passed through


# ------------------------------------------------------------------ codec


class ModelCodec(Generic[M]):
    """Reads items into one model class and writes its instances as payloads."""

    def __init__(self, model: type[M]) -> None:
        spec = getattr(model, "__collection__", None)
        if not isinstance(model, type) or not issubclass(model, CMSItem) or not isinstance(spec, CollectionSpec):
            raise TypeError(
                f"{model!r} is not a generated model; pass a class from the module `webflow-cms codegen` wrote"
            )
        self.model = model
        self.spec = spec
        self._reads = [(attr, f.slug, _reader(f), f.required, f.type in _LISTS) for attr, f in spec.fields.items()]
        self._writes = [
            (attr, f.slug, encoder(f), f.required, f.type in _LISTS, f.type) for attr, f in spec.fields.items()
        ]
        self._name = model.__name__
        self._decode = self._compile()

    # ------------------------------------------------------------- reading

    def decode(self, data: Any) -> M:
        """A model instance from one item as Webflow sends it (decoded JSON).

        Listing runs this for every item: it is a function written for this
        model (see ``_compile``) that handles the common case in straight-line
        code and hands anything unusual to ``decode_checked``, which says what is wrong.
        """
        return self._decode(data)

    def decode_checked(self, data: Any) -> M:
        """``decode``, one field at a time, raising ``ModelMismatchError`` for what does not fit."""
        fields = data.get("fieldData") if isinstance(data, Mapping) else None
        if not isinstance(fields, Mapping):
            raise ModelMismatchError(
                f"an item in the answer has no fieldData: {data!r:.120}", status=None, code="unexpected_response"
            )
        item_id = data.get("id")
        values = self._values(fields, item_id)
        try:
            published, updated, created = data.get("lastPublished"), data.get("lastUpdated"), data.get("createdOn")
            values["last_published"] = None if published is None else _read_time(published)
            values["last_updated"] = None if updated is None else _read_time(updated)
            values["created_on"] = None if created is None else _read_time(created)
        except BadValue as exc:
            raise self._mismatch(item_id, "dates", str(exc)) from None
        values["id"] = item_id
        values["cms_locale_id"] = data.get("cmsLocaleId")
        values["is_draft"] = data.get("isDraft")
        values["is_archived"] = data.get("isArchived")
        return self.model(**values)

    def _compile(self) -> Callable[[Any], M]:
        """``decode`` for this model as one function: a line or two per field, no loop, no dict of values.

        The same idea as the ``__init__`` attrs writes: the per-field decisions are
        made once, here. Slugs enter the source only as ``repr`` literals, attribute
        names only after ``isidentifier``; anything the fast path does not expect
        goes to ``decode_checked``.
        """
        env: dict[str, Any] = {"Model": self.model, "fallback": self.decode_checked, "time": _read_time}
        env["Expected"] = (BadValue, KeyError, AttributeError, TypeError, ValueError)
        lines = ["def decode(data):", "    try:", "        f = data['fieldData']"]
        keywords = []
        for i, (attr, slug, read, required, many) in enumerate(self._reads):
            if not attr.isidentifier():
                raise TypeError(f"{self._name}: {attr!r} is not an attribute name")
            value = f"v{i}"
            lines.append(f"        {value} = f.get({slug!r})")
            if isinstance(read, frozenset):
                odd = " and ".join(f"{value}.__class__ is not {kind.__name__}" for kind in sorted(read, key=str))
                lines.append(f"        if {odd}{'' if required else f' and {value} is not None'}:")
                lines.append("            return fallback(data)")
            elif read is not None:
                env[f"read{i}"] = read
                lines.append(f"        if {value} is not None:")
                lines.append(f"            {value} = read{i}({value})")
                if required:
                    lines.append("        else:")
                    lines.append("            return fallback(data)")
                elif many:
                    lines.append("        else:")
                    lines.append(f"            {value} = []")
            elif required:
                lines.append(f"        if {value} is None:")
                lines.append("            return fallback(data)")
            keywords.append(f"{attr}={value}")
        lines += [
            "        p, u, c = data.get('lastPublished'), data.get('lastUpdated'), data.get('createdOn')",
            "        return Model(",
            "            id=data.get('id'), cms_locale_id=data.get('cmsLocaleId'),",
            "            is_draft=data.get('isDraft'), is_archived=data.get('isArchived'),",
            "            last_published=None if p is None else time(p), last_updated=None if u is None else time(u),",
            "            created_on=None if c is None else time(c),",
            *(f"            {keyword}," for keyword in keywords),
            "        )",
            "    except Expected:",
            "        return fallback(data)",
        ]
        exec(compile("\n".join(lines), f"<webflow_cms decode {self._name}>", "exec"), env)  # noqa: S102
        decode: Callable[[Any], M] = env["decode"]
        return decode

    def from_item(self, item: Item) -> M:
        """A model instance from an ``Item`` (as bulk results hold them)."""
        values = self._values(item.fields, item.id)
        values["id"] = item.id
        for attr in ("cms_locale_id", "is_draft", "is_archived", "last_published"):
            value = getattr(item, attr)
            values[attr] = value if value is None or isinstance(value, str | bool | datetime.datetime) else None
        values["last_updated"] = item.last_updated
        values["created_on"] = item.created_on
        return self.model(**values)

    def _values(self, fields: Mapping[str, Any], item_id: object) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for attr, slug, read, required, many in self._reads:
            value = fields.get(slug)
            if value is None:
                if required:
                    where = f"{attr} (field {slug!r})"
                    raise self._mismatch(item_id, where, "has no value, but the model requires one")
                values[attr] = [] if many else None
            elif read is None:
                values[attr] = value
            elif isinstance(read, frozenset):
                if value.__class__ not in read:
                    problem = f"expected {_EXPECTED[read]}, got {value!r:.80}"
                    raise self._mismatch(item_id, f"{attr} (field {slug!r})", problem)
                values[attr] = value
            else:
                try:
                    values[attr] = read(value)
                except BadValue as exc:
                    raise self._mismatch(item_id, f"{attr} (field {slug!r})", str(exc)) from None
        return values

    def _mismatch(self, item_id: object, where: str, problem: str) -> ModelMismatchError:
        return ModelMismatchError(f"item {item_id}: {self._name}.{where} {problem}", status=None, code="model_mismatch")

    # ------------------------------------------------------------- writing

    def payload(self, model: object, index: int, *, new: bool) -> dict[str, Any]:
        """The request payload for one instance: checked, with option names sent as ids.

        ``new`` (a create) leaves out fields without a value; otherwise they are
        sent as null, so a model is the whole item and a field set to None is cleared.
        """
        if not isinstance(model, self.model):
            raise invalid(index, f"expected a {self._name}, got {type(model).__name__}")
        field_data: dict[str, Any] = {}
        for attr, slug, write, required, many, kind in self._writes:
            value = getattr(model, attr)
            if value is None or (many and not value):
                if required:
                    raise invalid(index, f"{self._name}.{attr} (field {slug!r}) is required")
                if not new:
                    field_data[slug] = None
                continue
            try:
                field_data[slug] = write(value)
            except BadValue as exc:
                raise invalid(index, f"{self._name}.{attr} (field {slug!r}, {kind}) {exc}") from None
            except (TypeError, ValueError, OverflowError) as exc:  # a value no check foresaw: still this input's
                raise invalid(index, f"{self._name}.{attr} (field {slug!r}, {kind}) cannot be sent: {exc}") from None
        payload: dict[str, Any] = {"fieldData": field_data}
        for flag, attr in (("isDraft", "is_draft"), ("isArchived", "is_archived"), ("cmsLocaleId", "cms_locale_id")):
            value = getattr(model, attr)
            if value is not None:
                payload[flag] = value
        return payload

    def change(self, model: object, index: int) -> dict[str, Any]:
        """The payload of an update: the whole model, with the item's ``id``."""
        payload = self.payload(model, index, new=False)
        item_id = getattr(model, "id", None)
        if not is_webflow_id(item_id):
            raise invalid(index, f"{self._name} has no id ({item_id!r}); updates need the item's id")
        payload["id"] = item_id
        return payload

    def slug_of(self, key: str) -> str:
        """The field slug named by ``key``: a slug, or an attribute name of the model."""
        spec = self.spec.fields.get(key)
        return spec.slug if spec is not None else key


_CODECS: dict[type[Any], ModelCodec[Any]] = {}


def codec_for(model: type[M]) -> ModelCodec[M]:
    """The codec of a model class, built on first use."""
    codec = _CODECS.get(model)
    if codec is None:
        codec = _CODECS[model] = ModelCodec(model)
    return codec
