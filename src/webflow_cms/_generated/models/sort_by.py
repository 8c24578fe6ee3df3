from typing import Literal

SortBy = Literal["createdOn", "lastPublished", "lastUpdated", "name", "slug"]

SORT_BY_VALUES: set[SortBy] = {
    "createdOn",
    "lastPublished",
    "lastUpdated",
    "name",
    "slug",
}


def check_sort_by(value: str) -> SortBy:
    if value in SORT_BY_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SORT_BY_VALUES!r}")
