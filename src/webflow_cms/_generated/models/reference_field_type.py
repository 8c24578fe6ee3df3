from typing import Literal

ReferenceFieldType = Literal["MultiReference", "Reference"]

REFERENCE_FIELD_TYPE_VALUES: set[ReferenceFieldType] = {
    "MultiReference",
    "Reference",
}


def check_reference_field_type(value: str) -> ReferenceFieldType:
    if value in REFERENCE_FIELD_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {REFERENCE_FIELD_TYPE_VALUES!r}")
