"""The client's sending half: one request in, a 2xx response or a typed error out.

Every resource sends through a ``Session``, never through ``httpx`` directly,
so all requests share the throttled transport and turn failures into the same
typed errors. It also carries the client-wide settings the resources need
(how many requests a bulk call may have in flight, the retry policy, the
limiter), so that resources do not depend on the client class.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import httpx

from ._transport import ATTEMPTS
from .errors import APIConnectionError, APITimeoutError, error_from_response, not_found_hint
from .ratelimit import Limiter
from .retry import RetryPolicy, parse_retry_after

__all__ = ["Session"]


class Session:
    """Sends requests built by ``_endpoints`` through the client's ``httpx.AsyncClient``."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        base_url: str,
        limiter: Limiter,
        retry_policy: RetryPolicy,
        max_concurrency: int,
    ) -> None:
        self.http = http
        #: The base URL as the user gave it, for messages.
        self.base_url = base_url
        self.limiter = limiter
        self.retry_policy = retry_policy
        self.max_concurrency = max_concurrency

    async def send(self, request: Mapping[str, Any]) -> httpx.Response:
        """Send one request; return the 2xx response with its body read, or raise a typed error.

        Anything but 2xx becomes an ``APIError`` subclass that knows how many
        attempts the transport made; no answer becomes ``APIConnectionError``.
        """
        target = f"{request['method'].upper()} {self._full_url(request['url'])}"
        try:
            response = await self.http.request(**request)
        except httpx.TimeoutException as exc:
            raise APITimeoutError(
                f"{target} timed out ({type(exc).__name__}); raise timeout= or retry later",
                request_sent=not isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout),
            ) from None
        except httpx.TransportError as exc:
            if isinstance(exc, httpx.ConnectError):
                reason = f"could not connect ({type(exc).__name__}: {exc}); is a server listening at {self.base_url}?"
            else:
                reason = f"got no answer ({type(exc).__name__}: {exc})"
            sent = not isinstance(exc, httpx.ConnectError)
            raise APIConnectionError(f"{target} {reason}", request_sent=sent) from None
        if response.is_success:
            return response
        error = error_from_response(
            response.status_code,
            response.content,
            request_id=response.headers.get("x-request-id"),
            retry_after=parse_retry_after(response.headers.get("retry-after")),
            attempts=int(response.extensions.get(ATTEMPTS, 1)),
        )
        if response.status_code == 404:
            not_found_hint(error, self.base_url)
        raise error

    async def send_json(self, request: Mapping[str, Any]) -> Any:
        """``send`` and decode the JSON body (None for an empty one)."""
        response = await self.send(request)
        return json.loads(response.content) if response.content else None

    def _full_url(self, url: object) -> str:
        """The absolute URL of a request path, without its query (which may hold filters, never the token)."""
        return str(self.http.base_url.join(str(url).lstrip("/")).copy_with(query=None))
