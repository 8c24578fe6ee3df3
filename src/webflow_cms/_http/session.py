"""The client's sending half: one request in, a 2xx response or a typed error out.

Every resource sends through a ``Session``, never through ``httpx`` directly,
so all requests share the throttled transport and turn failures into the same
typed errors. It also carries the client-wide settings the resources need
(how many requests a bulk call may have in flight, the retry policy, the
limiter), so that resources do not depend on the client class.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import httpx

from ..errors import APIConnectionError, APITimeoutError, error_from_response, not_found_hint
from ..ratelimit import Limiter
from ..retry import RetryPolicy
from .headers import parse_retry_after
from .transport import ATTEMPTS

__all__ = ["Session"]


class Session:
    """Sends requests built by ``endpoints`` through the client's ``httpx.AsyncClient``."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        base_url: str,
        limiter: Limiter,
        retry_policy: RetryPolicy,
        max_concurrency: int,
        create_via: str = "insert",
        content_delivery_url: str | None = None,
    ) -> None:
        self.http = http
        #: How staged items are created: ``"insert"`` (Create Items, ``/items/insert``) or ``"items"``
        #: (``/items`` and ``/items/bulk``); set to ``"items"`` when a server answers that it has no insert.
        self.create_via = create_via
        #: The Content Delivery base URL live reads go to, or None (see ``live_read``).
        self.content_delivery_url = content_delivery_url
        #: The base URL as the user gave it, for messages.
        self.base_url = base_url
        self.limiter = limiter
        self.retry_policy = retry_policy
        self.max_concurrency = max_concurrency

    def live_read(self, request: dict[str, Any]) -> dict[str, Any]:
        """A live GET, sent to the Content Delivery host when the client uses it."""
        if self.content_delivery_url is not None:
            request["url"] = self.content_delivery_url.rstrip("/") + str(request["url"])
        return request

    async def send(self, request: Mapping[str, Any]) -> httpx.Response:
        """Send one request; return the 2xx response with its body read, or raise a typed error.

        Anything but 2xx becomes an ``APIError`` subclass that knows how many
        attempts the transport made; no answer becomes ``APIConnectionError``.
        """
        with self._no_answer(request):
            response = await self.http.request(**request)
        return self._checked(response)

    async def read(self, request: Mapping[str, Any]) -> bytes:
        """``send``, for the body only: bytes that no ``httpx.Response`` keeps alive.

        httpx ties each response to its stream in a reference cycle, so a body
        read into the response is freed only when the cycle collector runs. For
        a page that waited in a read-ahead window that can be many pages later,
        and listing a large collection would hold far more than one window.
        Streamed out of the response, the body goes as soon as the caller drops it.
        """
        with self._no_answer(request):
            async with self.http.stream(**request) as response:
                if not response.is_success:
                    await response.aread()
                    self._checked(response)
                return b"".join([chunk async for chunk in response.aiter_bytes()])

    async def send_json(self, request: Mapping[str, Any]) -> Any:
        """``read`` and decode the JSON body (None for an empty one)."""
        body = await self.read(request)
        return json.loads(body) if body else None

    @contextmanager
    def _no_answer(self, request: Mapping[str, Any]) -> Iterator[None]:
        """Turn httpx's timeouts and transport errors (sending, or reading the body) into typed errors."""
        target = f"{request['method'].upper()} {self._full_url(request['url'])}"
        try:
            yield
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

    def _checked(self, response: httpx.Response) -> httpx.Response:
        """The response if it is a 2xx (its body read), else its typed error raised."""
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

    def _full_url(self, url: object) -> str:
        """The absolute URL of a request path, without its query (which may hold filters, never the token)."""
        return str(self.http.base_url.join(str(url).lstrip("/")).copy_with(query=None))
