from typing import Literal

OptionFieldType = Literal["Option"]

OPTION_FIELD_TYPE_VALUES: set[OptionFieldType] = {
    "Option",
}


def check_option_field_type(value: str) -> OptionFieldType:
    if value in OPTION_FIELD_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {OPTION_FIELD_TYPE_VALUES!r}")
