"""Webflow's object ids: the one rule, in one place.

Every Webflow object (site, collection, field, item, option, file) is named by
a 24-character lowercase hex id, MongoDB's ObjectId written out.
"""

from __future__ import annotations

import re
from typing import TypeGuard

__all__ = ["ID_PATTERN", "is_webflow_id"]

#: A Webflow id, as a regular expression (match the whole string with ``fullmatch``).
ID_PATTERN = re.compile(r"[0-9a-f]{24}")


def is_webflow_id(value: object) -> TypeGuard[str]:
    """True for a Webflow object id: 24 lowercase hex characters."""
    return isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None
