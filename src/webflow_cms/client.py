"""``AsyncWebflowCMS``: one client per token, options given once.

The client owns an ``httpx.AsyncClient`` whose transport throttles and retries
(see ``_http.transport``); resources such as ``wf.items(collection_id)`` hang off
it and share its limiter. The token is sent as a bearer header by an
``httpx.Auth`` that never shows it in a repr.
"""

from __future__ import annotations

import functools
import ipaddress
import os
import ssl
from collections.abc import Generator, Mapping
from types import TracebackType
from typing import Any, Literal, Self, TypeVar, overload

import httpx

from ._http.cdn import CDN_URL_ENV, DEFAULT_CDN_URL, RoutedTransport, content_delivery_transport
from ._http.session import Session
from ._http.transport import ClientTransport, ThrottledTransport
from ._version import __version__
from .errors import ConfigurationError, InsecureURLError
from .ratelimit import Limiter, RateLimit, SharedLimiter, TokenBucket
from .resources.collections import Collections
from .resources.items import Items
from .resources.model_items import ModelItems
from .resources.sites import Sites
from .resources.webhooks import Webhooks
from .retry import RetryPolicy
from .typed import CMSItem

__all__ = ["BASE_URL_ENV", "CDN_URL_ENV", "DEFAULT_BASE_URL", "TOKEN_ENV", "AsyncWebflowCMS"]

DEFAULT_BASE_URL = "https://api.webflow.com/v2"
#: A generated model class (see ``webflow_cms.typed``).
M = TypeVar("M", bound=CMSItem)
#: The environment variable read for the API token when ``token`` is not given.
TOKEN_ENV = "WEBFLOW_TOKEN"  # noqa: S105 (the name of a variable, not a token)
#: The environment variable read when ``base_url`` is not given (the emulator prints its URL for it).
BASE_URL_ENV = "WEBFLOW_BASE_URL"


class _BearerAuth(httpx.Auth):
    """Adds ``Authorization: Bearer ...``; its repr does not include the token."""

    __slots__ = ("_header",)

    def __init__(self, token: str) -> None:
        self._header = f"Bearer {token}"

    def __repr__(self) -> str:
        return "_BearerAuth(token=<hidden>)"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """One verifying TLS context per process: building one costs tens of milliseconds."""
    return httpx.create_ssl_context()


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _check_base_url(base_url: str) -> httpx.URL:
    url = httpx.URL(base_url)
    if url.scheme == "https":
        return url
    if url.scheme == "http" and _is_loopback(url.host):
        return url
    if url.scheme == "http":
        raise InsecureURLError(
            f"refusing plain http:// to {url.host!r}: the token would cross the network unencrypted; "
            "use https:// (http:// is allowed only for loopback hosts such as the local emulator)"
        )
    raise InsecureURLError(f"base_url must be an https:// URL, got scheme {url.scheme!r}")


class AsyncWebflowCMS:
    """Async client for the Webflow CMS Items API.

    ``token`` defaults to ``$WEBFLOW_TOKEN`` and ``base_url`` to ``$WEBFLOW_BASE_URL``, then
    Webflow's own URL. ``rate_limit`` is a ``RateLimit``,
    any ``Limiter`` (to share one across processes), or ``None`` to learn the
    limit from ``X-RateLimit-Limit``. ``http_client`` lets you bring your own
    ``httpx.AsyncClient`` (proxies, TLS settings); you keep ownership of it.
    ``max_concurrency`` bounds the requests one bulk call or pager has in flight.
    ``create_via`` picks how staged items are created: ``"insert"`` (Webflow's Create Items,
    ``/items/insert``, the default; a server without it is detected and the older endpoints used)
    or ``"items"`` (``/items`` and ``/items/bulk``). Live creates always use ``/items/live``.
    ``content_delivery=True`` sends live reads to Webflow's Content Delivery host (``$WEBFLOW_CDN_URL``,
    then ``https://api-cdn.webflow.com/v2``; or give its URL): a cached answer costs no rate budget.
    """

    def __init__(
        self,
        token: str | None = None,
        *,
        base_url: str | None = None,
        max_retries: int = 4,
        timeout: float | httpx.Timeout = 30.0,
        rate_limit: RateLimit | Limiter | SharedLimiter | None = None,
        http_client: httpx.AsyncClient | None = None,
        max_concurrency: int = 8,
        create_via: Literal["insert", "items"] = "insert",
        content_delivery: bool | str = False,
    ) -> None:
        token = token if token is not None else os.environ.get(TOKEN_ENV)
        if not token:
            raise ConfigurationError(f"no API token: pass token=... or set {TOKEN_ENV}")
        if rate_limit is not None and not isinstance(rate_limit, (RateLimit, Limiter, SharedLimiter)):
            raise TypeError(
                f"rate_limit must be a RateLimit (e.g. RateLimit(120, 60)), a Limiter such as RedisLimiter, or None"
                f" to learn the limit from the server; got {type(rate_limit).__name__}"
            )
        if create_via not in ("insert", "items"):
            raise ValueError(f"create_via must be 'insert' or 'items', got {create_via!r}")
        if max_concurrency < 1:
            raise ValueError(f"max_concurrency must be at least 1, got {max_concurrency}")
        self.base_url = _check_base_url(base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL)
        #: Where live reads go when ``content_delivery`` is on (None: to ``base_url`` like the rest).
        self.content_delivery_url: httpx.URL | None = None
        if content_delivery:
            given = content_delivery if isinstance(content_delivery, str) else os.environ.get(CDN_URL_ENV)
            if not given and str(self.base_url) != DEFAULT_BASE_URL:
                # Webflow's Content Delivery host would get the token of another server, and read other data.
                raise ValueError(
                    f"content_delivery=True with base_url {str(self.base_url)!r}: say where that server's Content "
                    f"Delivery is (content_delivery='https://...' or ${CDN_URL_ENV}); Webflow's own "
                    f"({DEFAULT_CDN_URL}) is used only with Webflow's API"
                )
            self.content_delivery_url = _check_base_url(given or DEFAULT_CDN_URL)
        self.max_concurrency = max_concurrency
        self.retry_policy = RetryPolicy(max_retries=max_retries)
        self.limiter: Limiter
        if isinstance(rate_limit, SharedLimiter):
            self.limiter = rate_limit.for_token(token)
        elif isinstance(rate_limit, Limiter):
            self.limiter = rate_limit
        else:
            self.limiter = TokenBucket(rate_limit)
        inner: httpx.AsyncBaseTransport = (
            ClientTransport(http_client)
            if http_client is not None
            else httpx.AsyncHTTPTransport(
                verify=_ssl_context(),
                limits=httpx.Limits(max_connections=max(32, 4 * max_concurrency), max_keepalive_connections=32),
            )
        )
        self.transport = ThrottledTransport(inner, self.limiter, self.retry_policy)
        routes: httpx.AsyncBaseTransport = self.transport
        if self.content_delivery_url is not None:
            #: Live reads to the Content Delivery host: its ``hits`` and ``misses`` count cached answers.
            self.content_delivery = content_delivery_transport(inner, self.limiter, self.retry_policy)
            routes = RoutedTransport(self.transport, str(self.content_delivery_url), self.content_delivery)
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            transport=routes,
            auth=_BearerAuth(token),
            timeout=timeout,
            headers={"Accept": "application/json", "User-Agent": f"webflow-cms/{__version__}"},
        )
        self._session = Session(
            self._http,
            base_url=str(self.base_url),
            limiter=self.limiter,
            retry_policy=self.retry_policy,
            max_concurrency=max_concurrency,
            create_via=create_via,
            content_delivery_url=None if self.content_delivery_url is None else str(self.content_delivery_url),
        )
        #: Sites the token reaches: read them, list their custom domains, publish them.
        self.sites = Sites(self._session)
        #: Collections of a site, and their fields.
        self.collections = Collections(self._session)
        #: Webhooks registered on a site (``verify_and_parse`` in ``webflow_cms.webhooks`` reads what they send).
        self.webhooks = Webhooks(self._session)

    @property
    def requests_sent(self) -> int:
        """Requests this client has sent to the API so far, each retry counted (Content Delivery reads apart).

        What a job cost: read it before and after (``webflow-cms sync`` reports it this way).
        """
        return self.transport.sent

    def __repr__(self) -> str:
        return f"AsyncWebflowCMS(base_url={str(self.base_url)!r}, limiter={self.limiter!r})"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close connections (not those of a caller-supplied ``http_client``)."""
        # With a caller's client, this closes only our wrapper around it.
        await self._http.aclose()

    @overload
    def items(self, collection_id: str) -> Items: ...
    @overload
    def items(self, collection_id: str, *, model: type[M], strict: bool = False) -> ModelItems[M]: ...
    def items(self, collection_id: str, *, model: type[M] | None = None, strict: bool = False) -> Items | ModelItems[M]:
        """The items of one collection; with ``model`` (a class ``webflow-cms codegen`` wrote), as its instances.

        A model generated from another collection warns once (``CollectionMismatchWarning``) and is
        used, for collections that share a schema; ``strict=True`` raises ``CollectionMismatchError``.
        """
        if model is None:
            if strict:
                raise TypeError("strict=True checks a model's collection: pass model= too")
            return Items(self._session, collection_id)
        return ModelItems(self._session, collection_id, model, strict=strict)

    async def send(self, request: Mapping[str, Any]) -> httpx.Response:
        """Send one request (``httpx`` keyword arguments); return the 2xx response or raise a typed error."""
        return await self._session.send(request)

    async def send_json(self, request: Mapping[str, Any]) -> Any:
        """``send`` and decode the JSON body (None for an empty one)."""
        return await self._session.send_json(request)
