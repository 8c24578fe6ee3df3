"""Item: the fast wire parser agrees with the generated one; status follows Webflow's table."""

from __future__ import annotations

from typing import Any

import pytest

from webflow_cms import Item, ItemStatus, UnexpectedResponseError

BASE: dict[str, Any] = {
    "id": "580e64008c9a982ac9b8b754",
    "cmsLocaleId": "653ad57de882f528b32e810e",
    "lastPublished": "2023-03-17T18:47:35.560Z",
    "lastUpdated": "2023-03-18T10:00:00.000Z",
    "createdOn": "2023-03-16T08:00:00.000Z",
    "isArchived": False,
    "isDraft": False,
    "fieldData": {"name": "Post", "slug": "post", "rank": 3, "tags": ["a", "b"], "body": "<p>x</p>"},
}


def variant(**changes: Any) -> dict[str, Any]:
    data = {**BASE, **changes}
    return {k: v for k, v in data.items() if v is not ...}


@pytest.mark.parametrize(
    "data",
    [
        BASE,
        variant(lastPublished=None),
        variant(isDraft=..., isArchived=..., cmsLocaleId=...),
        variant(somethingNew={"x": 1}),
        variant(fieldData={"name": "Only", "slug": "only"}),
        variant(lastUpdated="not a date"),  # the fast path gives up; from_dict decides
    ],
)
def test_from_wire_equals_from_dict(data: dict[str, Any]) -> None:
    try:
        expected = Item.from_dict(data)
    except ValueError:
        # Where the generated parser fails, the SDK raises its typed error, never a bare ValueError.
        with pytest.raises(UnexpectedResponseError, match="isoformat") as caught:
            Item.from_wire(data)
        assert caught.value.code == "unexpected_response"
        return
    parsed = Item.from_wire(data)
    assert parsed == expected
    assert parsed.to_dict() == expected.to_dict()
    assert parsed.fields == data["fieldData"]


def test_from_wire_leaves_its_input_alone() -> None:
    data = variant()
    snapshot = repr(data)
    Item.from_wire(data)
    assert repr(data) == snapshot


@pytest.mark.parametrize(
    ("last_published", "is_draft", "is_archived", "status"),
    [
        ("2023-03-17T18:47:35.560Z", False, False, ItemStatus.PUBLISHED),
        ("2023-03-17T18:47:35.560Z", True, False, ItemStatus.DRAFT_CHANGES),
        (None, True, False, ItemStatus.DRAFT),
        (None, False, False, ItemStatus.QUEUED_TO_PUBLISH),
        ("2023-03-17T18:47:35.560Z", False, True, ItemStatus.ARCHIVED),
        (None, True, True, ItemStatus.ARCHIVED),
    ],
)
def test_status_follows_webflows_table(
    last_published: str | None, is_draft: bool, is_archived: bool, status: ItemStatus
) -> None:
    item = Item.from_wire(variant(lastPublished=last_published, isDraft=is_draft, isArchived=is_archived))
    assert item.status is status


@pytest.mark.parametrize(
    "data",
    [
        {k: v for k, v in BASE.items() if k != "id"},  # upstream's echoed create example has no id
        {**BASE, "fieldData": None},
        [BASE],
        None,
    ],
)
def test_from_wire_raises_a_typed_error_for_an_unreadable_item(data: Any) -> None:
    with pytest.raises(UnexpectedResponseError):
        Item.from_wire(data)
