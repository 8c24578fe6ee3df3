"""Small request/response helpers shared by the route modules."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .errors import ApiError, bad_request, issue, validation_error
from .state import EmulatorState


def state_of(request: Request) -> EmulatorState:
    state: EmulatorState = request.app.state.emulator
    return state


def json_response(payload: Any, status: int = 200) -> Response:
    """A JSON response from a Python value."""
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return Response(body, status, media_type="application/json")


def raw_json_response(text: str, status: int = 200) -> Response:
    """A JSON response from already-serialized text."""
    return Response(text.encode(), status, media_type="application/json")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


async def read_json(request: Request) -> Any:
    """The request body as JSON; 400 for a wrong content type, an empty body or malformed JSON."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json" and not content_type.endswith("+json"):
        raise bad_request("Content-Type must be application/json")
    raw = await request.body()
    if not raw.strip():
        raise bad_request("A JSON request body is required")
    try:
        return json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise bad_request(f"Malformed JSON body: {str(exc)[:200]}") from None


def int_param(request: Request, name: str, default: int, low: int, high: int | None = None) -> int:
    """An integer query parameter within [low, high]; 400 otherwise."""
    raw = request.query_params.get(name)
    if not raw:  # absent, or empty (upstream declares `allowEmptyValue` on its integer parameters)
        return default
    try:
        value = int(raw)
    except ValueError:
        raise validation_error([issue(name, "must be an integer")]) from None
    if value < low or (high is not None and value > high):
        limit = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise validation_error([issue(name, f"must be {limit}")])
    return value


Handler = Callable[[Request], Awaitable[Response]]
_EVERY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"]


def route(path: str, **handlers: Handler) -> Route:
    """One path with a handler per method (``GET=...``); any other method is answered 405.

    A single route per path keeps a literal path (``/items/bulk``) from falling through to a
    parameter route (``/items/{item_id}``) for the methods it lacks, and lets the 405 name
    every method the path accepts in ``Allow`` (RFC 9110, 15.5.6).
    """
    by_method = {method.upper(): handler for method, handler in handlers.items()}
    if "GET" in by_method:
        by_method.setdefault("HEAD", by_method["GET"])
    allow = ", ".join(sorted(by_method))

    async def endpoint(request: Request) -> Response:
        handler = by_method.get(request.method)
        if handler is None:
            message = f"{request.method} is not allowed here; this path accepts {allow}"
            raise ApiError(405, "bad_request", message, headers={"Allow": allow})
        return await handler(request)

    return Route(path, endpoint, methods=_EVERY_METHOD, name=path)
