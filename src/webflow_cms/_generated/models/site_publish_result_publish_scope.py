from typing import Literal

SitePublishResultPublishScope = Literal["page", "site"]

SITE_PUBLISH_RESULT_PUBLISH_SCOPE_VALUES: set[SitePublishResultPublishScope] = {
    "page",
    "site",
}


def check_site_publish_result_publish_scope(value: str) -> SitePublishResultPublishScope:
    if value in SITE_PUBLISH_RESULT_PUBLISH_SCOPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SITE_PUBLISH_RESULT_PUBLISH_SCOPE_VALUES!r}")
