"""``wf.collections``: a site's collections and their fields (the schema items are checked against)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from .._engine.inputs import check_id
from .._http import endpoints
from .._http.session import Session
from ..errors import ValidationError

__all__ = ["Collection", "Collections", "Field", "Fields"]


@attrs.frozen
class Field:
    """One field of a collection's schema."""

    id: str
    slug: str
    display_name: str
    type: str
    is_required: bool = False
    #: The field's rules as Webflow gives them: ``options`` (Option), ``collectionId`` (references), ...
    validations: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Field:
        validations = data.get("validations")
        return cls(
            id=str(data.get("id", "")),
            slug=str(data["slug"]),
            display_name=str(data.get("displayName", data["slug"])),
            type=str(data.get("type", "")),
            is_required=bool(data.get("isRequired", False)),
            validations=dict(validations) if isinstance(validations, Mapping) else {},
        )

    @property
    def options(self) -> dict[str, str]:
        """An Option field's choices, name to id (empty for other types)."""
        raw = self.validations.get("options")
        return {
            str(o["name"]): str(o["id"])
            for o in (raw if isinstance(raw, list) else [])
            if isinstance(o, Mapping) and "name" in o and "id" in o
        }


@attrs.frozen
class Collection:
    """A CMS collection; ``fields`` is empty when it came from a site listing."""

    id: str
    display_name: str
    singular_name: str
    slug: str
    fields: tuple[Field, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Collection:
        return cls(
            id=str(data["id"]),
            display_name=str(data.get("displayName", "")),
            singular_name=str(data.get("singularName", "")),
            slug=str(data.get("slug", "")),
            fields=tuple(Field.from_dict(f) for f in data.get("fields") or ()),
        )

    def field(self, slug: str) -> Field | None:
        return next((f for f in self.fields if f.slug == slug), None)


#: The field types a collection can be given (the collections spec's create-field body).
_FIELD_TYPES = (
    *("PlainText", "RichText", "Image", "MultiImage", "VideoLink", "Link", "Email", "Phone", "Number"),
    *("DateTime", "Switch", "Color", "File", "Option", "Reference", "MultiReference"),
)
#: Field types whose ``metadata`` is required when the field is created, and the key it must hold.
_METADATA = {"Option": "options", "Reference": "collectionId", "MultiReference": "collectionId"}


def _check_field(field: object, where: str) -> Mapping[str, Any]:
    """A field to create, shaped as Webflow's create-field body wants it (checked before sending)."""
    if not isinstance(field, Mapping):
        raise ValidationError(f"{where}: a field is a mapping, got {type(field).__name__}", status=None)
    kind, name = field.get("type"), field.get("displayName")
    if not isinstance(kind, str) or not isinstance(name, str) or not name:
        raise ValidationError(f"{where}: a field needs a 'type' and a 'displayName', got {dict(field)!r}", status=None)
    if kind not in _FIELD_TYPES:
        raise ValidationError(f"{where}: type {kind!r} is not one of {', '.join(_FIELD_TYPES)}", status=None)
    needed = _METADATA.get(kind)
    metadata = field.get("metadata")
    if needed and not (isinstance(metadata, Mapping) and metadata.get(needed)):
        example = '{"options": [{"name": ...}]}' if needed == "options" else '{"collectionId": ...}'
        article = "an" if kind[0] in "AEIOU" else "a"
        raise ValidationError(
            f'{where}: {article} {kind} field needs "metadata": {example} '
            "(not 'validations', which is how Webflow shows it back)",
            status=None,
        )
    return field


class Fields:
    """``wf.collections.fields(collection_id)``: add, change and remove one collection's fields."""

    def __init__(self, session: Session, collection_id: str) -> None:
        self._session = session
        self.collection_id = check_id(collection_id, "collection id")

    async def create(self, field: Mapping[str, Any]) -> Field:
        """Add a field, like ``{"type": "PlainText", "displayName": "Summary", "isRequired": False}``.

        An Option field names its choices in ``"metadata": {"options": [{"name": ...}]}``; a
        Reference or MultiReference field its target in ``"metadata": {"collectionId": ...}``.
        """
        checked = _check_field(field, "field")
        data = await self._session.send_json(endpoints.create_field(self.collection_id, checked))
        return Field.from_dict(data)

    async def update(
        self,
        field_id: str,
        *,
        display_name: str | None = None,
        is_required: bool | None = None,
        help_text: str | None = None,
    ) -> Field:
        """Change a field's name, whether it is required, or its help text (its type cannot change)."""
        changes = {
            key: value
            for key, value in (("displayName", display_name), ("isRequired", is_required), ("helpText", help_text))
            if value is not None
        }
        if not changes:
            raise ValidationError("nothing to change: pass display_name, is_required or help_text", status=None)
        request = endpoints.update_field(self.collection_id, check_id(field_id, "field id"), changes)
        return Field.from_dict(await self._session.send_json(request))

    async def delete(self, field_id: str) -> None:
        await self._session.send(endpoints.delete_field(self.collection_id, check_id(field_id, "field id")))


class Collections:
    """``wf.collections``: list, read, create and delete a site's collections; ``fields(id)`` for their fields."""

    def __init__(self, session: Session) -> None:
        self._session = session

    async def list(self, site_id: str) -> list[Collection]:
        data = await self._session.send_json(endpoints.list_collections(check_id(site_id, "site id")))
        return [Collection.from_dict(c) for c in (data or {}).get("collections", [])]

    async def get(self, collection_id: str) -> Collection:
        request = endpoints.get_collection(check_id(collection_id, "collection id"))
        return Collection.from_dict(await self._session.send_json(request))

    async def create(
        self,
        site_id: str,
        *,
        display_name: str,
        singular_name: str,
        slug: str | None = None,
        fields: Sequence[Mapping[str, Any]] = (),
    ) -> Collection:
        """Create a collection on a site, with its own fields; ``name`` and ``slug`` come with every collection.

        ``fields`` are shaped as for ``fields(id).create``. Returns the collection with all its fields.
        """
        checked = [_check_field(f, f"fields[{i}]") for i, f in enumerate(fields)]
        body: dict[str, Any] = {"displayName": display_name, "singularName": singular_name, "fields": checked}
        if slug:
            body["slug"] = slug
        request = endpoints.create_collection(check_id(site_id, "site id"), body)
        return Collection.from_dict(await self._session.send_json(request))

    async def delete(self, collection_id: str) -> None:
        """Delete a collection and all its items."""
        await self._session.send(endpoints.delete_collection(check_id(collection_id, "collection id")))

    def fields(self, collection_id: str) -> Fields:
        """The fields of one collection."""
        return Fields(self._session, collection_id)

    async def create_field(self, collection_id: str, field: Mapping[str, Any]) -> Field:
        """Same as ``fields(collection_id).create(field)``."""
        return await self.fields(collection_id).create(field)
