"""The typed error hierarchy built from Webflow's error answers."""

from __future__ import annotations

import json
import pickle
from datetime import UTC, datetime
from typing import Any

import pytest

from webflow_cms import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    ValidationError,
    WebflowError,
)
from webflow_cms._engine.inputs import reference_payload, update_payload
from webflow_cms.errors import error_from_response, first_error


def body(**fields: Any) -> bytes:
    return json.dumps(fields).encode()


WEBFLOW_400 = body(
    message="Validation Error",
    code="validation_error",
    externalReference="ref-123",
    details=[
        {"param": "fieldData.slug", "description": "Field is required"},
        {"param": "fieldData.price", "description": "Expected a number"},
    ],
)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, ValidationError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, ValidationError),
        (429, RateLimitError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
    ],
)
def test_status_maps_to_class(status: int, cls: type[APIError]) -> None:
    err = error_from_response(status, body(message="boom", code="some_code", externalReference="ext-1"))
    assert type(err) is cls
    assert isinstance(err, APIError)
    assert isinstance(err, WebflowError)
    assert err.status == status
    assert err.code == "some_code"
    assert err.message == "boom"
    assert err.request_id == "ext-1"


def test_unmapped_4xx_is_plain_api_error() -> None:
    err = error_from_response(418, body(message="I'm a teapot", code="teapot"))
    assert type(err) is APIError
    assert err.status == 418
    assert "I'm a teapot" in str(err)


def test_fields_from_webflow_body() -> None:
    err = error_from_response(400, WEBFLOW_400)
    assert isinstance(err, ValidationError)
    assert err.code == "validation_error"
    assert err.message == "Validation Error"
    assert err.request_id == "ref-123"
    assert err.details == [
        {"param": "fieldData.slug", "description": "Field is required"},
        {"param": "fieldData.price", "description": "Expected a number"},
    ]


def test_request_id_header_wins_over_external_reference() -> None:
    err = error_from_response(404, body(message="x", externalReference="from-body"), request_id="from-header")
    assert err.request_id == "from-header"


def test_str_includes_details_hint_and_request_id() -> None:
    text = str(error_from_response(400, WEBFLOW_400))
    assert text.startswith("400 validation_error: Validation Error")
    assert "fieldData.slug: Field is required" in text
    assert "fieldData.price: Expected a number" in text
    assert ValidationError.hint in text
    assert "ref-123" in text


def test_details_that_are_strings_or_unknown_mappings_are_shown() -> None:
    err = error_from_response(400, body(message="bad", code="c", details=["plain note", {"weird": 1}]))
    text = str(err)
    assert "plain note" in text
    assert '"weird": 1' in text


def test_msg_field_is_accepted_as_message() -> None:
    err = error_from_response(409, body(msg="Slug already in use", code="duplicate_value"))
    assert isinstance(err, ConflictError)
    assert err.message == "Slug already in use"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"<html>502 Bad Gateway</html>", "<html>502 Bad Gateway</html>"),
        (b"upstream connect error", "upstream connect error"),
        (b'["not", "an", "object"]', '["not", "an", "object"]'),
        (b"\xff\xfe garbage", "garbage"),
    ],
)
def test_non_json_body_gives_message_from_body(raw: bytes, expected: str) -> None:
    err = error_from_response(502, raw)
    assert isinstance(err, ServerError)
    assert expected in err.message
    assert expected in str(err)
    assert err.code is None
    assert err.details == []


def test_long_non_json_body_is_truncated() -> None:
    err = error_from_response(500, b"x" * 10_000)
    assert len(err.message) <= 200


def test_empty_body_gives_clear_message() -> None:
    err = error_from_response(503, b"")
    assert isinstance(err, ServerError)
    assert err.message == "no error body"
    assert str(err).startswith("503")
    assert "no error body" in str(err)


@pytest.mark.parametrize("raw", [b"", b"<html>oops</html>", body(message="no code here")])
def test_str_without_code_does_not_print_none(raw: bytes) -> None:
    """A body without a ``code`` must not render as "503 None: ..."."""
    assert "None" not in str(error_from_response(503, raw))


def test_hints_say_what_to_fix() -> None:
    assert "WEBFLOW_TOKEN" in str(error_from_response(401, body(message="bad token", code="not_authorized")))
    assert "scope" in str(error_from_response(403, body(message="no", code="missing_scopes")))
    assert "rate" in str(error_from_response(429, body(message="slow down", code="too_many_requests"))).lower()


def test_rate_limit_error_carries_retry_after() -> None:
    err = error_from_response(429, body(message="slow down"), retry_after=12.5)
    assert isinstance(err, RateLimitError)
    assert err.retry_after == 12.5
    assert error_from_response(429, b"").retry_after is None  # type: ignore[attr-defined]


def test_validation_error_before_sending_has_no_status() -> None:
    err = ValidationError("slug is required", status=None, code="invalid_input")
    assert err.status is None
    assert str(err).startswith("invalid_input: slug is required")
    assert str(ValidationError("x", status=None)).startswith("invalid input: x")


# ------------------------------------------------------------------ missing scopes


def test_missing_scopes_from_details_mapping() -> None:
    err = error_from_response(
        403, body(message="Forbidden", code="missing_scopes", details=[{"missingScopes": ["cms:write", "sites:read"]}])
    )
    assert isinstance(err, PermissionDeniedError)
    assert err.missing_scopes == ["cms:write", "sites:read"]


def test_missing_scopes_from_detail_strings() -> None:
    err = error_from_response(403, body(message="This request needs the cms:write scope", details=["cms:write"]))
    assert isinstance(err, PermissionDeniedError)
    assert err.missing_scopes == ["cms:write"]


def test_missing_scopes_from_message() -> None:
    err = error_from_response(403, body(message="This request needs the cms:write scope, which the token lacks"))
    assert isinstance(err, PermissionDeniedError)
    assert err.missing_scopes == ["cms:write"]


@pytest.mark.parametrize(
    "message",
    ["Missing scopes: cms:write", "OAuthForbidden: You are missing the following scopes - cms:write"],
)
def test_missing_scopes_from_message_ignores_labels(message: str) -> None:
    """A word ending in a colon ("scopes:", "OAuthForbidden:") is a label, not a scope."""
    err = error_from_response(403, body(message=message, code="missing_scopes"))
    assert isinstance(err, PermissionDeniedError)
    assert err.missing_scopes == ["cms:write"]


# ------------------------------------------------------------------ connection errors


def test_connection_error_hierarchy() -> None:
    assert issubclass(APITimeoutError, APIConnectionError)
    assert issubclass(APIConnectionError, WebflowError)
    assert not issubclass(APIConnectionError, APIError)
    assert APIConnectionError("x").request_sent is True
    assert APITimeoutError("x", request_sent=False).request_sent is False


# ------------------------------------------------------------------ pickling


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 429, 500, 418])
def test_api_errors_pickle_round_trip(status: int) -> None:
    err = error_from_response(status, WEBFLOW_400, retry_after=3.0)
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is type(err)
    assert (copy.status, copy.code, copy.message, copy.details, copy.request_id) == (
        err.status,
        err.code,
        err.message,
        err.details,
        err.request_id,
    )
    if isinstance(err, RateLimitError):
        assert copy.retry_after == 3.0


@pytest.mark.parametrize("status", [400, 403, 429, 503])
def test_api_error_str_survives_pickling(status: int) -> None:
    """A pickled error (e.g. sent back from a worker process) must read the same."""
    err = error_from_response(status, WEBFLOW_400)
    copy = pickle.loads(pickle.dumps(err))
    assert str(copy) == str(err)


def test_connection_errors_pickle_round_trip() -> None:
    err = APITimeoutError("GET /x timed out", request_sent=False)
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is APITimeoutError
    assert str(copy) == str(err)
    assert copy.request_sent is False


# ------------------------------------------------------------------ exact texts


def test_full_text_of_an_error_with_details_hint_and_request_id() -> None:
    err = error_from_response(400, WEBFLOW_400)
    assert str(err) == (
        "400 validation_error: Validation Error "
        "(fieldData.slug: Field is required; fieldData.price: Expected a number). "
        f"{ValidationError.hint} [request id ref-123]"
    )


@pytest.mark.parametrize(
    ("detail", "text"),
    [
        ({"field": "slug", "message": "already in use"}, "slug: already in use"),  # the other key names
        ({"param": "fieldData.sku", "description": "must match [A-Z]+X"}, "fieldData.sku: must match [A-Z]+X"),
        ({"param": "fieldData.name"}, "fieldData.name"),  # no description: the field alone
        ({"param": "fieldData.name", "description": ""}, "fieldData.name"),
        ({"zeta": 1, "alpha": [2]}, '{"alpha": [2], "zeta": 1}'),  # unknown shapes: stable JSON
        ("plain words", "plain words"),
    ],
)
def test_each_detail_is_rendered_on_its_own(detail: Any, text: str) -> None:
    err = APIError("bad", status=400, details=[detail])
    assert str(err) == f"400: bad ({text})"


def test_details_built_by_the_sdk_may_hold_any_value() -> None:
    when = datetime(2024, 5, 1, tzinfo=UTC)
    err = ValidationError("bad input", status=None, details=[{"value": when}])
    assert str(err).startswith(f'invalid input: bad input ({{"value": "{when}"}})')


def test_a_code_that_is_not_a_string_is_dropped() -> None:
    err = error_from_response(400, body(message="bad", code=123))
    assert err.code is None
    assert str(err).startswith("400: bad")


def test_rate_limit_error_keeps_the_details() -> None:
    err = error_from_response(429, body(message="slow down", details=[{"param": "rate", "description": "5/1"}]))
    assert isinstance(err, RateLimitError)
    assert err.details == [{"param": "rate", "description": "5/1"}]
    assert "(rate: 5/1)" in str(err)


def test_an_error_counts_one_attempt_until_told_otherwise() -> None:
    assert error_from_response(500, b"").attempts == 1
    assert ValidationError("x", status=None).attempts == 1


# ------------------------------------------------------------------ first_error


def test_first_error_unwraps_nested_groups() -> None:
    inner = ValueError("the real one")
    group = BaseExceptionGroup("outer", [BaseExceptionGroup("inner", [inner, KeyError("k")]), TypeError("t")])
    assert first_error(group) is inner
    flat = ExceptionGroup("flat", [KeyError("first"), ValueError("second")])
    assert isinstance(first_error(flat), KeyError)


@pytest.mark.parametrize(
    ("base_url", "code", "hint"),
    [
        ("http://127.0.0.1:8787", "resource_not_found", "The base URL http://127.0.0.1:8787 does not end in /v2"),
        ("https://api.webflow.com/", None, "does not end in /v2"),
        ("https://proxy.test/v2", None, "This 404 is not a Webflow error; is https://proxy.test/v2 the API's"),
        ("https://api.webflow.com/v2", "resource_not_found", None),
        ("https://api.webflow.com/v2/", "resource_not_found", None),
    ],
)
def test_a_404_hints_at_the_base_url_only_when_it_is_to_blame(
    base_url: str, code: str | None, hint: str | None
) -> None:
    from webflow_cms.errors import not_found_hint

    error = error_from_response(404, body(message="Item not found", code=code) if code else b"Not Found")
    before = str(error)
    not_found_hint(error, base_url)
    if hint is None:
        assert str(error) == before
    else:
        assert str(error).startswith(before.split(" [")[0])
        assert hint in str(error)
        assert pickle.loads(pickle.dumps(error)).args == error.args  # the hint survives a pickle


# ------------------------------------------------------------------ checks made before sending: their own text only


def test_a_check_before_sending_says_only_its_own_message() -> None:
    """The schema hint is for Webflow's 400 answers; an error found before sending already says what to fix."""
    before = ValidationError("sort_by must be one of ('createdOn',), got 'x'", status=None, code="invalid_input")
    assert str(before) == "invalid_input: sort_by must be one of ('createdOn',), got 'x'"
    assert pickle.loads(pickle.dumps(before)).args == before.args
    answered = ValidationError("Validation Error", status=400, code="validation_error")
    assert str(answered) == f"400 validation_error: Validation Error. {ValidationError.hint}"
    assert ValidationError.hint.startswith("Fix the named fields")  # the class keeps it for the answers


_ACCEPTED = "is not a Webflow id; ids are 24 lowercase hex characters"


@pytest.mark.parametrize(
    ("check", "text"),
    [
        (lambda: reference_payload("post-1", 3), f"input 3: item id 'post-1' {_ACCEPTED}"),
        (lambda: reference_payload({"id": None}, 0), f"input 0: item id None {_ACCEPTED}"),
        (
            lambda: update_payload({"id": "post-1", "fieldData": {}}, 2),
            f"input 2: item id 'post-1' {_ACCEPTED}; every change needs the 'id' of the item to update",
        ),
    ],
    ids=["delete-id", "delete-mapping", "update"],
)
def test_an_id_in_a_bulk_input_says_what_it_accepts_and_nothing_else(check: Any, text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check()
    assert str(caught.value) == f"invalid_input: {text}"


@pytest.mark.parametrize(
    ("base_url", "to_blame"),
    [
        ("http://api-v2", True),  # a host that ends in v2, with no path
        ("http://api.test/v2X", True),
        ("127.0.0.1:8787", True),  # no scheme (not_found_hint is public: callers may pass any string)
        ("127.0.0.1:8787/v2", False),
        ("http://api.test/v2//", False),
    ],
)
def test_the_404_hint_reads_the_path_of_the_base_url(base_url: str, to_blame: bool) -> None:
    from webflow_cms.errors import not_found_hint

    error = error_from_response(404, body(message="Item not found", code="resource_not_found"))
    not_found_hint(error, base_url)
    assert (base_url in error.hint) is to_blame


def test_a_check_before_sending_has_an_empty_hint_not_none() -> None:
    assert ValidationError("input 0: bad", status=None).hint == ""
    assert ValidationError("bad", status=400).hint == ValidationError.hint


def test_a_429_carries_its_attempts_and_retry_after() -> None:
    error = error_from_response(429, body(message="Too many requests"), retry_after=2.5, attempts=3)
    assert isinstance(error, RateLimitError)
    assert (error.attempts, error.retry_after) == (3, 2.5)
