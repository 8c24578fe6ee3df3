"""`POST /v2/_emulator/sites/{site_id}/collections`: a stand-in for the Webflow Designer.

Not a Webflow operation. Some schemas only the Designer makes: upstream's create-collection and
create-field bodies (`openapi/upstream/older/webflow-collections-openapi.upstream.yml`) cannot give a
Number field its validations, and their type enums leave out `ExtFileRef`, which the Field schema of
the answers lists. Yet upstream's collection-details example shows such a schema (a Number field
with `format`, `allowNegative`, `allowZero`, `minValue`, `maxValue`). This route builds one, so
clients can be tested against the schemas Webflow serves back.

The body is a create-collection body whose fields may also carry `validations` the way Webflow
shows them back (Number rules, Option `options` with optional ids, a reference's `collectionId`),
be of type `ExtFileRef`, or rename the built-in `name` / `slug` fields. Or it is
`{"example": "guide-entries"}`: the collection of upstream's collection-details example. The answer
is create-collection's: 200 and the collection with its fields.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .drafts import CollectionDraft, parse_collection
from .errors import Detail, issue, validation_error
from .fields import Field
from .ids import is_object_id, new_id
from .web import json_response, read_json, route, state_of

#: Upstream's collection-details 200 example (MIT-licensed spec, see `openapi/upstream/README.md`):
#: its id, names, and per field (id, type, slug, displayName, helpText, isRequired, validations).
#: The example gives `first-mentioned` the type `Date`, which the Field schema's type enum lacks;
#: the emulator makes it `DateTime`, the enum's one date type.
_GUIDE_ID = "7f15043107e2fc95644e93807ee25dd6"
_GUIDE_NAMES = ("Guide Entries", "Guide Entry", "guide-entry")
_GUIDE_FIELDS: tuple[tuple[str, str, str, str, str | None, bool, dict[str, Any] | None], ...] = (
    ("5e2a1b3c4d5e6f7890a1b2c3", "PlainText", "name", "Entry Title", "Name of the entry.", True, None),
    ("5e2a1b3c4d5e6f7890a1b2c4", "PlainText", "slug", "Slug", "Slug of the entry.", True, None),
    ("6f7e8d9c0b1a2e3d4c5b6a7f", "PlainText", "summary", "Summary", "A short summary of the entry.", False, None),
    ("1a2b3c4d5e6f7a8b9c0d1e2f", "RichText", "entry-html", "Entry HTML", "The HTML content of the entry.", False, None),
    (
        "7e8d9c0b1a2e3d4c5b6a7f8e",
        "Image",
        "illustration-image",
        "Illustration Image",
        "An image of the entry.",
        False,
        None,
    ),
    (
        "2f3e4d5c6b7a8e9d0c1b2a3f",
        "VideoLink",
        "demonstration-video",
        "Demonstration Video",
        "A video of the entry.",
        False,
        None,
    ),
    (
        "8e9d0c1b2a3f4e5d6c7b8a9e",
        "Link",
        "more-info-link",
        "More Info Link",
        "A link to more information about the entry.",
        False,
        None,
    ),
    (
        "3f4e5d6c7b8a9e0d1c2b3a4f",
        "Number",
        "importance-level",
        "Importance Level",
        "The importance level of the entry.",
        False,
        {"format": "integer", "allowNegative": False, "allowZero": False, "minValue": 1, "maxValue": 5},
    ),
    ("9e0d1c2b3a4f5e6d7c8b9a0e", "Switch", "is-essential", "Is Essential", "Is this entry essential?", False, None),
    (
        "4f5e6d7c8b9a0e1d2c3b4a5f",
        "DateTime",  # `Date` in the example: see above
        "first-mentioned",
        "First Mentioned",
        "Date of the first mention of the subject.",
        False,
        None,
    ),
    ("0e1d2c3b4a5f6e7d8c9b0a1e", "Color", "towel-color", "Towel Color", "The color of the towel.", False, None),
    (
        "5f6e7d8c9b0a1e2d3c4b5a6f",
        "Reference",
        "related-entry",
        "Related Entry",
        "A related entry.",
        False,
        {"collectionId": _GUIDE_ID},
    ),
    (
        "1e2d3c4b5a6f7e8d9c0b1a2f",
        "MultiReference",
        "mentioned-in-entries",
        "Mentioned In Entries",
        "Entries that mention this subject.",
        False,
        {"collectionId": _GUIDE_ID},
    ),
    (
        "6f7e8d9c0b1a2e3d4c5b6a8f",
        "Option",
        "item-type",
        "Item Type",
        "The type of item.",
        False,
        {
            "options": [
                {"name": "Survival Gear", "id": "66f6e966c9e1dc700a857ca3"},
                {"name": "Gadget", "id": "66f6e966c9e1dc700a857ca4"},
                {"name": "Other", "id": "66f6e966c9e1dc700a857ca5"},
            ]
        },
    ),
    ("2e3d4c5b6a7f8e9d0c1b2a4f", "File", "guide-file", "Guide File", None, False, None),
    ("7f8e9d0c1b2a3f4e5d6c8b9e", "Email", "contributor-email", "Contributor Email", None, False, None),
    ("3a4f5e6d7c8b9a0e1d2c4b5f", "Phone", "emergency-contact", "Emergency Contact", None, False, None),
)
EXAMPLES = ("guide-entries",)


def guide_entries() -> CollectionDraft:
    """The collection of upstream's collection-details example.

    Its id (32 hex digits) is no object id, so the collection gets a fresh one and its reference
    fields, which point at the example's own id, point at the new collection. Field ids are kept
    unless already taken (then `insert_collection` gives fresh ones). The example's null `helpText`s
    are left out of the answers, as for every field without help text (`Field.to_json`)."""
    collection_id = _GUIDE_ID if is_object_id(_GUIDE_ID) else new_id()
    fields = []
    for field_id, kind, slug, display, help_text, required, rules in _GUIDE_FIELDS:
        if rules is not None and rules.get("collectionId") == _GUIDE_ID:
            rules = {"collectionId": collection_id}
        fields.append(Field(field_id, slug, display, kind, required, True, help_text, rules))
    display_name, singular, slug = _GUIDE_NAMES
    return CollectionDraft(display_name, singular, slug, tuple(fields), collection_id)


def designer_draft(body: object) -> CollectionDraft:
    """The collection a Designer body describes, or 400 `validation_error`."""
    if not isinstance(body, dict):
        raise validation_error([issue("body", "must be an object")])
    if "example" not in body:
        return parse_collection(body, designer=True)
    extra: list[Detail] = [issue(key, "is not allowed with `example`") for key in body if key != "example"]
    if body["example"] not in EXAMPLES:
        extra.append(issue("example", "must be one of " + ", ".join(EXAMPLES)))
    if extra:
        raise validation_error(extra)
    return guide_entries()


async def create_designed_collection(request: Request) -> Response:
    state = state_of(request)
    draft = designer_draft(await read_json(request))
    with state.db.transaction() as conn:
        created = state.catalog.insert_collection(conn, request.path_params["site_id"], draft)
    return json_response(created.to_json(), 200)


ROUTES = [route("/v2/_emulator/sites/{site_id}/collections", POST=create_designed_collection)]
