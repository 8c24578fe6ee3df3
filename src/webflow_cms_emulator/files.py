"""Image and File values stored as Webflow stores them: re-hosted, with a file id of their own.

A client sets an Image, File or MultiImage field with the URL of a public file (a string, or an
object with `url` and optionally `alt`), or with the `fileId` of a file Webflow already hosts.
Webflow fetches a URL and keeps its own copy: the item then answers `{"fileId": ..., "url": ...}`,
the URL being Webflow's, not the one sent. Source: the Image, MultiImage and File values of the item
examples in `openapi/upstream/webflow-v2.yml` (grep `fileId`: `main-image`, `image-gallery`,
`downloadable-asset`), where each value is an object of a 24-hex `fileId` and a `url` of the form
`/files/<fileId>_<file name>`; the emulator stores that same form. Webflow fetches the file anew on
each write, so a URL sent twice gets two file ids. `alt`, the image's alternative text, is kept as
sent (Webflow's field-types page lists it with the image value).

A value naming a `fileId` is a file already hosted: it is kept as sent (with its `url`, or
`/files/<fileId>` when it has none). ExtFileRef values are left as they are: nothing documents them.

This matters to clients that compare what they sent with what Webflow holds: an image never reads
back as it was written (the sync ledger compares with what was sent for that reason).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .ids import is_object_id, new_id

__all__ = ["FILES_PREFIX", "rehost"]

#: Where a re-hosted file lives: upstream's examples give `url: /files/<fileId>_<name>`.
FILES_PREFIX = "/files/"
_SINGLE = frozenset({"Image", "File"})
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _file_name(url: str) -> str:
    """The last path segment of a URL (query and fragment left out), made safe for a path; `file` if none."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    if "://" in path:
        path = path.split("://", 1)[1].partition("/")[2]  # the host is no file name
    name = _UNSAFE.sub("-", path.rstrip("/").rsplit("/", 1)[-1]).strip("-")
    return name[:100] or "file"


def _hosted(value: Any, make_id: Callable[[], str]) -> Any:
    """One file value as Webflow stores it (a value the field check refused never gets here)."""
    if isinstance(value, str):
        file_id = make_id()
        return {"fileId": file_id, "url": f"{FILES_PREFIX}{file_id}_{_file_name(value)}"}
    if not isinstance(value, dict):
        return value
    extra = {"alt": value["alt"]} if "alt" in value else {}
    url = value.get("url")
    if is_object_id(value.get("fileId")):
        file_id = value["fileId"]
        return {"fileId": file_id, "url": url if isinstance(url, str) else FILES_PREFIX + file_id, **extra}
    if not isinstance(url, str):
        return value
    file_id = make_id()
    return {"fileId": file_id, "url": f"{FILES_PREFIX}{file_id}_{_file_name(url)}", **extra}


def rehost(field_type: str, value: Any, make_id: Callable[[], str] = new_id) -> Any:
    """The value a field of `field_type` stores for `value`: re-hosted files, anything else as sent."""
    if value is None:
        return None
    if field_type in _SINGLE:
        return _hosted(value, make_id)
    if field_type == "MultiImage" and isinstance(value, list):
        return [_hosted(one, make_id) for one in value]
    return value
