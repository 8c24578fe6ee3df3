"""The one rule for Webflow ids: 24 lowercase hex characters, the whole string."""

from __future__ import annotations

import pytest

from webflow_cms.ids import ID_PATTERN, is_webflow_id

GOOD = "65a1b2c3d4e5f60718293a4b"


def test_an_id_is_24_lowercase_hex_characters() -> None:
    assert is_webflow_id(GOOD)
    assert ID_PATTERN.fullmatch(GOOD)


@pytest.mark.parametrize(
    "value",
    [GOOD.upper(), GOOD[:-1], GOOD + "0", f" {GOOD}", f"{GOOD}\n", GOOD[:-1] + "g", "", None, 123, GOOD.encode()],
)
def test_anything_else_is_not_an_id(value: object) -> None:
    assert not is_webflow_id(value)
