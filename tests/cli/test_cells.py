"""CSV cells to field values by type, and back."""

from __future__ import annotations

import pytest

from webflow_cms.checks import TIME_FORMS
from webflow_cms.cli.cells import CellError, from_cell, to_cell


@pytest.mark.parametrize(
    ("text", "field_type", "value"),
    [
        ("42", "Number", 42),
        (" -7 ", "Number", -7),
        ("2.5", "Number", 2.5),
        ("1e3", "Number", 1000.0),
        ("TRUE", "Switch", True),
        ("no", "Switch", False),
        ("0", "Switch", False),
        ("42", "PlainText", "42"),
        (" keep spaces ", "PlainText", " keep spaces "),
        ("true", "Option", "true"),
    ],
)
def test_cells_convert_by_field_type(text: str, field_type: str, value: object) -> None:
    converted = from_cell(text, field_type)
    assert converted == value
    assert type(converted) is type(value)


@pytest.mark.parametrize(
    ("text", "field_type"),
    [("ten", "Number"), ("nan", "Number"), ("inf", "Number"), ("maybe", "Switch"), ("yesterday", "DateTime")],
)
def test_cells_that_do_not_fit_their_type_say_what_would(text: str, field_type: str) -> None:
    with pytest.raises(CellError, match="write"):
        from_cell(text, field_type)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2023-10-19", "2023-10-19T00:00:00.000Z"),
        ("2023-10-19T18:21:26+02:00", "2023-10-19T18:21:26+02:00"),
        ("Thu Oct 19 2023 18:21:26 GMT+0000 (Coordinated Universal Time)", "2023-10-19T18:21:26.000Z"),
    ],
)
def test_time_cells_in_each_form_the_messages_name(text: str, value: str) -> None:
    assert from_cell(text, "DateTime") == value
    with pytest.raises(CellError) as raised:
        from_cell("19/10/2023", "DateTime")
    assert str(raised.value) == f"write {TIME_FORMS}"
    assert all(
        form in TIME_FORMS for form in ("2023-10-19T18:21:26Z", "2023-10-19", "Thu Oct 19 2023 18:21:26 GMT+0000")
    )


@pytest.mark.parametrize("value", [3, 2.5, True, False, "text, with comma"])
def test_written_cells_read_back_as_the_same_value(value: object) -> None:
    field_type = {bool: "Switch", int: "Number", float: "Number"}.get(type(value), "PlainText")
    assert from_cell(to_cell(value), field_type) == value


def test_empty_and_structured_values() -> None:
    assert to_cell(None) == ""
    assert to_cell({"url": "https://x.test/a.png"}) == '{"url": "https://x.test/a.png"}'
