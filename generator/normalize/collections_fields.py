"""The collections part: collections, their fields, and the three forms a new field takes.

Webflow's collections file describes a field once as the collection answers it (any kind, as a
plain string, with open ``validations``) and three times as a create body, told apart by ``type``:
static, option (with its choices) and reference (with the referenced collection). Each form becomes
a named schema, with a ``New...`` request view beside it, so the client can send and read all three.
"""

from __future__ import annotations

import copy

from .cleanup import array_of, expect_props, list_of, ref, request_view
from .common import Schema, SpecDriftError
from .part import Part

COLLECTIONS = "/sites/{site_id}/collections"
COLLECTION = "/collections/{collection_id}"
FIELDS = COLLECTION + "/fields"
FIELD = FIELDS + "/{field_id}"

_COLLECTION_PROPS = {"id", "displayName", "singularName", "slug", "createdOn", "lastUpdated"}
_FIELD_PROPS = {"id", "isRequired", "isEditable", "type", "slug", "displayName", "helpText", "validations"}
_FIELD_FORM_PROPS = {"id", "isEditable", "isRequired", "type", "displayName", "helpText"}


class CollectionsPart(Part):
    """Every operation of the collections file.

    Today: collections listed, read, created and deleted; fields created, updated and deleted.
    """

    key = "collections"

    def build_schemas(self) -> None:
        s = self.schemas
        where = f"paths.{COLLECTIONS}.get.responses.200"
        listing = self.response(COLLECTIONS, "get", "200")
        expect_props(where, listing, {"collections"})
        summary = listing["properties"]["collections"]["items"]
        expect_props(f"{where}.collections[]", summary, _COLLECTION_PROPS)
        s["CollectionSummary"] = summary
        s["CollectionList"] = list_of("collections", "CollectionSummary")

        where = f"paths.{COLLECTION}.get.responses.200"
        detail = self.response(COLLECTION, "get", "200")
        expect_props(where, detail, _COLLECTION_PROPS | {"fields"})
        field = detail["properties"]["fields"]["items"]
        expect_props(f"{where}.fields[]", field, _FIELD_PROPS)
        all_types = set(field["properties"]["type"].get("enum", []))
        # Read back as a plain string: upstream's own examples show a kind outside its enum
        # ("Date"), and one new kind must not make a whole collection unreadable.
        field["properties"]["type"] = {"type": "string"}
        validations = field["properties"]["validations"]
        if validations.get("additionalProperties") is not True or "properties" in validations:
            raise SpecDriftError(f"{where}.fields[].validations: no longer an open map")
        s["FieldValidations"] = {"type": "object", "additionalProperties": True}
        field["properties"]["validations"] = {"oneOf": [ref("FieldValidations"), {"type": "null"}]}
        # Upstream's collection examples answer ``helpText: null`` for a field without help text.
        field["properties"]["helpText"]["type"] = ["string", "null"]
        s["Field"] = field
        detail["properties"]["fields"] = array_of("Field")
        s["Collection"] = detail

        # A new field takes one of three forms, told apart by ``type``.
        where = f"paths.{FIELDS}.post.requestBody"
        forms = self.body(FIELDS, "post").get("oneOf", [])
        if len(forms) != 3:
            raise SpecDriftError(f"{where}: {len(forms)} forms, expected 3 (static, option, reference)")
        static, option, reference = (copy.deepcopy(f) for f in forms)
        expect_props(f"{where}.oneOf[0]", static, _FIELD_FORM_PROPS)
        expect_props(f"{where}.oneOf[1]", option, _FIELD_FORM_PROPS | {"metadata"})
        expect_props(f"{where}.oneOf[2]", reference, _FIELD_FORM_PROPS | {"metadata"})
        for n, (form, name) in enumerate(
            [(static, "StaticFieldType"), (option, "OptionFieldType"), (reference, "ReferenceFieldType")]
        ):
            if not set(form["properties"]["type"].get("enum", [])) <= all_types:
                raise SpecDriftError(f"{where}.oneOf[{n}].type: a kind the collection's field list lacks")
            s[name] = form["properties"]["type"]
            form["properties"]["type"] = ref(name)
        options = option["properties"]["metadata"]
        expect_props(f"{where}.oneOf[1].metadata", options, {"options"})
        choice = options["properties"]["options"]["items"]
        expect_props(f"{where}.oneOf[1].metadata.options[]", choice, {"name", "id"})
        for bound in ("minItems", "maxItems"):  # upstream puts the list's bounds on its element
            if bound in choice:
                options["properties"]["options"][bound] = choice.pop(bound)
        s["FieldOption"] = choice
        s["NewFieldOption"] = request_view(choice)
        s["OptionFieldMetadata"] = copy.deepcopy(options)
        s["OptionFieldMetadata"]["properties"]["options"]["items"] = ref("FieldOption")
        s["NewOptionFieldMetadata"] = copy.deepcopy(options)
        s["NewOptionFieldMetadata"]["properties"]["options"]["items"] = ref("NewFieldOption")
        expect_props(f"{where}.oneOf[2].metadata", reference["properties"]["metadata"], {"collectionId"})
        s["ReferenceFieldMetadata"] = reference["properties"]["metadata"]
        reference["properties"]["metadata"] = ref("ReferenceFieldMetadata")
        for name, form in (("StaticField", static), ("OptionField", option), ("ReferenceField", reference)):
            new = request_view(form)
            if name == "OptionField":
                form["properties"]["metadata"] = ref("OptionFieldMetadata")
                new["properties"]["metadata"] = ref("NewOptionFieldMetadata")
            s[name] = form
            s[f"New{name}"] = new

        where = f"paths.{COLLECTIONS}.post.requestBody"
        new_collection = request_view(self.body(COLLECTIONS, "post"))
        expect_props(where, new_collection, {"displayName", "singularName", "slug", "fields"})
        new_collection["properties"]["fields"] = {"type": "array", "items": self._new_field()}
        s["NewCollection"] = new_collection

        update = request_view(self.body(FIELD, "patch"))
        expect_props(f"paths.{FIELD}.patch.requestBody", update, {"isRequired", "displayName", "helpText"})
        s["FieldUpdate"] = update

    @staticmethod
    def _new_field() -> Schema:
        return {"oneOf": [ref("NewStaticField"), ref("NewOptionField"), ref("NewReferenceField")]}

    def successes(self) -> dict[tuple[str, str], Schema]:
        return {
            (COLLECTIONS, "get"): ref("CollectionList"),
            (COLLECTIONS, "post"): ref("Collection"),
            (COLLECTION, "get"): ref("Collection"),
            (FIELDS, "post"): {"oneOf": [ref("StaticField"), ref("OptionField"), ref("ReferenceField")]},
            (FIELD, "patch"): ref("Field"),
        }

    def bodies(self) -> dict[tuple[str, str], Schema]:
        return {
            (COLLECTIONS, "post"): ref("NewCollection"),
            (FIELDS, "post"): self._new_field(),
            (FIELD, "patch"): ref("FieldUpdate"),
        }
