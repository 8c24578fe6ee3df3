from typing import Literal

SiteDataCollectionType = Literal["always", "disabled", "optOut"]

SITE_DATA_COLLECTION_TYPE_VALUES: set[SiteDataCollectionType] = {
    "always",
    "disabled",
    "optOut",
}


def check_site_data_collection_type(value: str) -> SiteDataCollectionType:
    if value in SITE_DATA_COLLECTION_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SITE_DATA_COLLECTION_TYPE_VALUES!r}")
