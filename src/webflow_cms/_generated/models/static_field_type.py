from typing import Literal

StaticFieldType = Literal[
    "Color",
    "DateTime",
    "Email",
    "File",
    "Image",
    "Link",
    "MultiImage",
    "Number",
    "Phone",
    "PlainText",
    "RichText",
    "Switch",
    "VideoLink",
]

STATIC_FIELD_TYPE_VALUES: set[StaticFieldType] = {
    "Color",
    "DateTime",
    "Email",
    "File",
    "Image",
    "Link",
    "MultiImage",
    "Number",
    "Phone",
    "PlainText",
    "RichText",
    "Switch",
    "VideoLink",
}


def check_static_field_type(value: str) -> StaticFieldType:
    if value in STATIC_FIELD_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {STATIC_FIELD_TYPE_VALUES!r}")
