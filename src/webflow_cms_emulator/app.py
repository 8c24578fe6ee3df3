"""`create_app`: the Starlette application of the emulator."""

from __future__ import annotations

import sqlite3
from typing import Unpack

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response

from . import catalog_routes, designer, item_routes, site_routes, webhook_routes
from .errors import ApiError, error_body, issue
from .gate import Gate
from .options import OptionArgs, build_options
from .state import EmulatorState

_HTTP_CODES = {404: "resource_not_found", 405: "bad_request"}


def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return Response(exc.body(), exc.status, headers=exc.headers, media_type="application/json")


def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = _HTTP_CODES.get(exc.status_code, "bad_request")
    message = "No such endpoint" if exc.status_code == 404 else str(exc.detail)
    return Response(error_body(code, message), exc.status_code, headers=exc.headers, media_type="application/json")


def _integrity_error(request: Request, exc: Exception) -> Response:
    body = error_body("conflict", "The change clashes with existing data", [issue("fieldData.slug", "in use")])
    return Response(body, 409, media_type="application/json")


def _unexpected(request: Request, exc: Exception) -> Response:
    return Response(error_body("internal_error", "Unexpected emulator error"), 500, media_type="application/json")


def create_app(**options: Unpack[OptionArgs]) -> Starlette:
    """The emulator as an ASGI app; `app.state.emulator` has `.site_id`, `.token` and `.tokens`."""
    options_ = build_options(**options)
    state = EmulatorState.open(options_)
    app = Starlette(
        routes=[
            *item_routes.ROUTES,
            *catalog_routes.ROUTES,
            *site_routes.ROUTES,
            *webhook_routes.ROUTES,
            *designer.ROUTES,
        ],
        middleware=[Middleware(Gate, state=state)],
        exception_handlers={
            ApiError: _api_error,
            HTTPException: _http_error,
            sqlite3.IntegrityError: _integrity_error,
            Exception: _unexpected,
        },
    )
    app.state.emulator = state
    return app
