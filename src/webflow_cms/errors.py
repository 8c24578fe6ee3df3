"""The typed errors the SDK raises (and reports per item in bulk results).

``WebflowError`` is the root. ``APIError`` and its subclasses come from an
answer of the API (or, for ``ValidationError`` with ``status=None``, from a
check made before sending); ``APIConnectionError`` means no answer arrived.
No message ever contains the token.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from typing import Any, Self

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "ConfigurationError",
    "ConflictError",
    "InsecureURLError",
    "ModelMismatchError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "UnexpectedResponseError",
    "ValidationError",
    "WebflowError",
    "error_from_response",
    "first_error",
    "not_found_hint",
]


class WebflowError(Exception):
    """Base class of every error this SDK raises."""

    #: On an error that stopped a bulk call: the ``BulkResult`` of what the call did before it stopped.
    partial_result: Any = None

    def with_partial_result(self, result: Any) -> Self:
        """A copy of this error that carries the result of the bulk call it stopped."""
        stopped = copy.copy(self)
        stopped.partial_result = result
        return stopped


class ConfigurationError(WebflowError):
    """The client was set up in a way that cannot work (no token, say); the message says what to set."""


class InsecureURLError(WebflowError, ValueError):
    """A base URL that would send the token in clear text over a network."""


class APIConnectionError(WebflowError):
    """The request got no answer: connection refused, reset or broken."""

    def __init__(self, message: str, *, request_sent: bool = True) -> None:
        super().__init__(message)
        #: False when it failed before any byte reached the server.
        self.request_sent = request_sent


class APITimeoutError(APIConnectionError):
    """The request timed out before an answer arrived."""


class APIError(WebflowError):
    """Webflow answered with an error status; the fields come from its error body."""

    #: What the user should do about this kind of error, appended to the message.
    hint = ""

    def __init__(
        self,
        message: str,
        *,
        status: int | None,
        code: str | None = None,
        details: Sequence[Any] = (),
        request_id: str | None = None,
        attempts: int = 1,
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.details = list(details)
        self.request_id = request_id
        #: How many times the request was sent; above 1, an earlier attempt may have been applied.
        self.attempts = attempts
        super().__init__(self._render())

    def _render(self) -> str:
        head = " ".join(str(part) for part in (self.status, self.code) if part is not None) or "invalid input"
        text = f"{head}: {self.message}"
        notes = [_detail_text(d) for d in self.details]
        if notes:
            text += " (" + "; ".join(notes) + ")"
        if self.hint:
            text += f". {self.hint}"
        if self.request_id:
            text += f" [request id {self.request_id}]"
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), str(self), self.__dict__.copy()))


def _rebuild(cls: type[APIError], text: str, state: dict[str, Any]) -> APIError:
    err = cls.__new__(cls)
    Exception.__init__(err, text)
    err.__dict__.update(state)
    return err


class ValidationError(APIError, ValueError):
    """The request or one item in it is invalid (400, or caught before sending).

    The hint is for Webflow's answers: a check made before sending (``status=None``) already says
    in its message what it accepts, and an unrelated hint after it (a malformed id) only misleads.
    """

    hint = "Fix the named fields; field slugs and types must match the collection's schema"

    def __init__(self, message: str, *, status: int | None, **kwargs: Any) -> None:
        if status is None:
            self.hint = ""
        super().__init__(message, status=status, **kwargs)


class AuthenticationError(APIError):
    """401: the token is missing, wrong or revoked."""

    hint = "Check the token (WEBFLOW_TOKEN or token=); site tokens are made in the site's settings"


class PermissionDeniedError(APIError):
    """403: the token lacks a scope the call needs; ``missing_scopes`` names them."""

    hint = "Create a token with the missing scopes"

    @property
    def missing_scopes(self) -> list[str]:
        scopes: list[str] = []
        for detail in self.details:
            if isinstance(detail, Mapping):
                value = detail.get("missingScopes") or detail.get("scopes") or detail.get("scope")
                if isinstance(value, str):
                    scopes.append(value)
                elif isinstance(value, list):
                    scopes.extend(str(v) for v in value)
            elif isinstance(detail, str) and ":" in detail and " " not in detail:
                scopes.append(detail)
        if not scopes:
            words = (w.strip(".,'\"`") for w in self.message.split())
            scopes = [w for w in words if w.count(":") == 1 and w[0].isalpha() and not w.endswith(":")]
        return scopes


class NotFoundError(APIError):
    """404: the collection or item does not exist (or the token cannot see it)."""


class ConflictError(APIError):
    """409: the change clashes with existing data, such as a slug already in use."""


class RateLimitError(APIError):
    """429 that the SDK did not wait out; ``retry_after`` says how long (seconds) to wait."""

    hint = "Lower the request rate or share one client (and its limiter) between tasks"

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        super().__init__(message, **kwargs)


class ServerError(APIError):
    """5xx: Webflow failed. A write may or may not have been applied."""


class UnexpectedResponseError(APIError):
    """A success answer the SDK cannot read (an item without ``id``, a list where an object belongs).

    The request was applied; what is missing is only its description, so the SDK looks the
    result up where it can instead of raising this.
    """

    hint = "The API's answer differs from its published spec; please report it with the request id"


class ModelMismatchError(UnexpectedResponseError):
    """An item does not fit its generated model: the collection changed after ``webflow-cms codegen`` ran."""

    hint = "Regenerate the models (webflow-cms codegen --site SITE_ID -o FILE); --check shows what changed"


_BY_STATUS: dict[int, type[APIError]] = {
    400: ValidationError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: ValidationError,
    429: RateLimitError,
}


def _detail_text(detail: Any) -> str:
    if isinstance(detail, Mapping):
        param = detail.get("param") or detail.get("field")
        desc = detail.get("description") or detail.get("message") or ""
        if param:
            return f"{param}: {desc}".rstrip(": ")
        return json.dumps(detail, sort_keys=True, default=str)
    return str(detail)


def error_from_response(
    status: int,
    body: bytes,
    *,
    request_id: str | None = None,
    retry_after: float | None = None,
    attempts: int = 1,
) -> APIError:
    """Build the typed error for an error answer from its status and body."""
    code: str | None = None
    message = ""
    details: list[Any] = []
    try:
        data = json.loads(body) if body else {}
    except ValueError:
        data = {}
    if isinstance(data, Mapping):
        code = data.get("code") if isinstance(data.get("code"), str) else None
        message = str(data.get("message") or data.get("msg") or "")
        raw = data.get("details")
        details = list(raw) if isinstance(raw, list) else []
        ref = data.get("externalReference")
        if request_id is None and isinstance(ref, str):
            request_id = ref
    if not message:
        snippet = body[:200].decode("utf-8", "replace").strip()
        message = snippet or "no error body"
    cls: type[APIError] = _BY_STATUS.get(status, ServerError if status >= 500 else APIError)
    if cls is RateLimitError:
        return RateLimitError(
            message,
            retry_after=retry_after,
            status=status,
            code=code,
            details=details,
            request_id=request_id,
            attempts=attempts,
        )
    return cls(message, status=status, code=code, details=details, request_id=request_id, attempts=attempts)


def not_found_hint(error: APIError, base_url: str) -> None:
    """Add a hint to a 404 that points at the base URL rather than at a missing item.

    Webflow's Data API lives under ``/v2``; a base URL without it (or a server that is not
    Webflow) answers 404 for every path, with no Webflow error body. Such an error says so.
    """
    path = base_url.split("://", 1)[-1].partition("/")[2].rstrip("/")
    if not path.endswith("v2"):
        hint = f"The base URL {base_url} does not end in /v2: Webflow's API (and the emulator) answer under /v2"
    elif error.code is None:
        hint = f"This 404 is not a Webflow error; is {base_url} the API's base URL (it ends in /v2)?"
    else:
        return
    error.hint = hint
    error.args = (error._render(),)


def first_error(group: BaseExceptionGroup[BaseException]) -> BaseException:
    """The first error inside a task group's exception group, to raise on its own."""
    first: BaseException = group.exceptions[0] if group.exceptions else group
    return first_error(first) if isinstance(first, BaseExceptionGroup) else first
