"""Webflow-shaped API errors: `{code, message, externalReference, details}`."""

from __future__ import annotations

import json
from typing import Any

from .ids import new_id

Detail = str | dict[str, Any]


class ApiError(Exception):
    """An error the emulator answers with; raised from handlers, rendered by the app."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: list[Detail] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details: list[Detail] = details or []
        self.headers = headers or {}

    def body(self) -> bytes:
        """The JSON body of the error response."""
        return error_body(self.code, self.message, self.details)


def error_body(code: str, message: str, details: list[Detail] | None = None) -> bytes:
    """Serialize an error; `externalReference` names this occurrence so logs can be matched."""
    payload = {
        "code": code,
        "message": message,
        "externalReference": f"emulator:{new_id()}",
        "details": details or [],
    }
    return json.dumps(payload, separators=(",", ":")).encode()


def issue(param: str, description: str) -> dict[str, str]:
    """One validation detail naming the offending place."""
    return {"param": param, "description": description}


def validation_error(details: list[Detail], message: str = "Validation failure") -> ApiError:
    """400 `validation_error`."""
    return ApiError(400, "validation_error", message, details)


def bad_request(message: str, details: list[Detail] | None = None) -> ApiError:
    """400 `bad_request`, for bodies that cannot be read at all."""
    return ApiError(400, "bad_request", message, details)


#: Upstream's 409 example on PATCH /items/live and /items/{item_id}/live, word for word.
NEVER_PUBLISHED = (
    "Conflict: Conflict with server data: Live PATCH updates can't be applied to items that have never been published"
)


def conflict(details: list[Detail], message: str = "Slug already in use") -> ApiError:
    """409 `conflict`."""
    return ApiError(409, "conflict", message, details)


def collection_not_found(collection_id: str, code: str = "resource_not_found") -> ApiError:
    """404 for a missing collection: `resource_not_found`, as every upstream 404 example, or the
    enum's specific `collection_not_found` when the emulator runs with specific codes."""
    if code == "resource_not_found":
        return ApiError(404, code, f"Requested resource not found: Collection {collection_id} not found")
    return ApiError(404, "collection_not_found", f"Collection {collection_id} not found")


def item_not_found(item_id: str, param: str | None = None, code: str = "resource_not_found") -> ApiError:
    """404 for a missing item, in one of the two shapes Webflow documents.

    `resource_not_found` is what upstream's 404 examples and Webflow's error table show: the
    message says what was not found and `details` is empty. `item_not_found` is also in
    upstream's error-code enum; in that shape `details` names where the id came from.
    """
    if code == "resource_not_found":
        return ApiError(404, code, f"Requested resource not found: Item {item_id} not found")
    details: list[Detail] = [issue(param, f"No item with id {item_id}")] if param else []
    return ApiError(404, code, f"Item {item_id} not found", details)


def resource_not_found(message: str = "Resource not found") -> ApiError:
    """404 `resource_not_found`, for unknown routes and sites."""
    return ApiError(404, "resource_not_found", message)
