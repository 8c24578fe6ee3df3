"""AsyncWebflowCMS: URL safety, the token, error mapping and ownership of the HTTP client."""

from __future__ import annotations

import logging
from collections.abc import Callable

import httpx
import pytest

import webflow_cms
from webflow_cms import (
    APIConnectionError,
    APITimeoutError,
    AsyncWebflowCMS,
    AuthenticationError,
    ConfigurationError,
    InsecureURLError,
    NotFoundError,
    RateLimit,
    ValidationError,
    WebflowError,
)

TOKEN = "wf-token-9f8e7d6c5b4a"  # fake, must never be shown
CID = "6500000000000000000000aa"
REQUEST = {"method": "get", "url": f"/collections/{CID}/items"}
FAST = RateLimit(10_000, 1)


def mock_client(handler: Callable[[httpx.Request], httpx.Response]) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.MockTransport(handler))


class Capture:
    def __init__(self, response: httpx.Response | None = None, error: Exception | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.response = response or httpx.Response(200, json={"ok": True})
        self.error = error

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.error is not None:
            raise self.error
        return self.response


# ------------------------------------------------------------------ base URL


@pytest.mark.parametrize(
    "url",
    [
        "http://api.webflow.com/v2",
        "http://example.com",
        "http://10.0.0.5:8000",
        "http://192.168.1.10/v2",
        "http://localhost.evil.com",
        "http://127.0.0.1.nip.io",
        "http://[2001:db8::1]:8080",
        "ftp://api.webflow.com",
    ],
)
def test_refuses_insecure_urls(url: str) -> None:
    with pytest.raises(InsecureURLError, match="https://"):
        AsyncWebflowCMS(TOKEN, base_url=url)


def test_insecure_url_error_is_a_value_error_without_token() -> None:
    with pytest.raises(ValueError, match=r"example\.com") as info:
        AsyncWebflowCMS(TOKEN, base_url="http://example.com")
    assert TOKEN not in str(info.value)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/v2",
        "http://127.0.0.1",
        "http://127.5.5.5:9000",
        "http://localhost:8000",
        "http://LOCALHOST:8000/v2",
        "http://emulator.localhost:8000",
        "http://[::1]:8000",
        "https://api.webflow.com/v2",
        "https://example.com",
        "https://10.0.0.5:8443",
    ],
)
def test_accepts_https_and_loopback_http(url: str) -> None:
    wf = AsyncWebflowCMS(TOKEN, base_url=url)
    assert wf.base_url.scheme in {"http", "https"}


@pytest.mark.anyio
async def test_requests_go_to_base_url() -> None:
    capture = Capture()
    inner = mock_client(capture)
    async with AsyncWebflowCMS(TOKEN, base_url="http://127.0.0.1:8765/v2", http_client=inner) as wf:
        await wf.send(REQUEST)
    assert str(capture.requests[0].url) == f"http://127.0.0.1:8765/v2/collections/{CID}/items"


# ------------------------------------------------------------------ token


@pytest.mark.anyio
async def test_token_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBFLOW_TOKEN", "env-token-123")
    capture = Capture()
    inner = mock_client(capture)
    async with AsyncWebflowCMS(http_client=inner, rate_limit=FAST) as wf:
        await wf.send(REQUEST)
    assert capture.requests[0].headers["authorization"] == "Bearer env-token-123"


@pytest.mark.anyio
async def test_explicit_token_beats_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBFLOW_TOKEN", "env-token-123")
    capture = Capture()
    inner = mock_client(capture)
    async with AsyncWebflowCMS(TOKEN, http_client=inner, rate_limit=FAST) as wf:
        await wf.send(REQUEST)
    assert capture.requests[0].headers["authorization"] == f"Bearer {TOKEN}"


@pytest.mark.parametrize("env", [None, ""])
def test_missing_token_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch, env: str | None) -> None:
    if env is None:
        monkeypatch.delenv("WEBFLOW_TOKEN", raising=False)
    else:
        monkeypatch.setenv("WEBFLOW_TOKEN", env)
    with pytest.raises(ConfigurationError) as info:
        AsyncWebflowCMS()
    message = str(info.value)
    assert "WEBFLOW_TOKEN" in message
    assert "token=" in message
    assert isinstance(info.value, WebflowError)
    assert not isinstance(info.value, AuthenticationError)


@pytest.mark.parametrize("wrong", ["120/60", 120, (120, 60), {"requests": 120}])
def test_a_rate_limit_of_the_wrong_type_is_a_type_error_at_construction(wrong: object) -> None:
    with pytest.raises(TypeError, match=r"rate_limit must be a RateLimit.*got "):
        AsyncWebflowCMS(TOKEN, rate_limit=wrong)  # type: ignore[arg-type]


def test_the_environment_variables_are_named_by_constants(monkeypatch: pytest.MonkeyPatch) -> None:
    assert (webflow_cms.TOKEN_ENV, webflow_cms.BASE_URL_ENV, webflow_cms.CDN_URL_ENV) == (
        "WEBFLOW_TOKEN",
        "WEBFLOW_BASE_URL",
        "WEBFLOW_CDN_URL",
    )
    monkeypatch.setenv(webflow_cms.BASE_URL_ENV, "http://127.0.0.1:9/v2")
    assert str(AsyncWebflowCMS(TOKEN).base_url) == "http://127.0.0.1:9/v2"


def test_max_concurrency_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_concurrency"):
        AsyncWebflowCMS(TOKEN, max_concurrency=0)


def test_token_not_in_reprs() -> None:
    wf = AsyncWebflowCMS(TOKEN)
    auth = wf._http.auth
    assert auth is not None
    for text in (repr(wf), str(wf), repr(auth), str(auth), repr(wf.limiter), repr(wf.transport)):
        assert TOKEN not in text
    assert "hidden" in repr(auth)


@pytest.mark.anyio
async def test_authorization_header_sent_on_every_request() -> None:
    capture = Capture()
    inner = mock_client(capture)
    async with AsyncWebflowCMS(TOKEN, http_client=inner, rate_limit=FAST) as wf:
        await wf.send(REQUEST)
        await wf.send({"method": "post", "url": f"/collections/{CID}/items/publish", "json": {"itemIds": []}})
    assert [r.headers["authorization"] for r in capture.requests] == [f"Bearer {TOKEN}"] * 2
    assert capture.requests[0].headers["accept"] == "application/json"
    assert capture.requests[0].headers["user-agent"].startswith("webflow-cms/")


@pytest.mark.anyio
async def test_token_never_in_401_error_or_debug_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "webflow_cms"):
        caplog.set_level(logging.DEBUG, logger=name)
    capture = Capture(httpx.Response(401, json={"message": "Request not authorized", "code": "not_authorized"}))
    inner = mock_client(capture)
    async with AsyncWebflowCMS(TOKEN, http_client=inner, rate_limit=FAST) as wf:
        with pytest.raises(AuthenticationError) as info:
            await wf.send(REQUEST)
    await inner.aclose()
    err = info.value
    assert err.status == 401
    assert err.code == "not_authorized"
    assert capture.requests[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert caplog.records  # httpx logged the request: the check below is not vacuous
    for text in (str(err), repr(err), repr(err.args), caplog.text):
        assert TOKEN not in text
    for record in caplog.records:
        assert TOKEN not in record.getMessage()


# ------------------------------------------------------------------ send(): no answer


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("error", "cls", "sent"),
    [
        (httpx.ReadTimeout("read timed out"), APITimeoutError, True),
        (httpx.WriteTimeout("write timed out"), APITimeoutError, True),
        (httpx.ConnectTimeout("connect timed out"), APITimeoutError, False),
        (httpx.PoolTimeout("pool timed out"), APITimeoutError, False),
        (httpx.ConnectError("connection refused"), APIConnectionError, False),
        (httpx.ReadError("connection reset"), APIConnectionError, True),
        (httpx.RemoteProtocolError("server disconnected"), APIConnectionError, True),
    ],
)
async def test_send_maps_transport_errors(error: Exception, cls: type[APIConnectionError], sent: bool) -> None:
    capture = Capture(error=error)
    inner = mock_client(capture)
    async with AsyncWebflowCMS(TOKEN, http_client=inner, max_retries=0, rate_limit=FAST) as wf:
        with pytest.raises(APIConnectionError) as info:
            await wf.send(REQUEST)
    await inner.aclose()
    assert type(info.value) is cls
    assert info.value.request_sent is sent
    assert f"/collections/{CID}/items" in str(info.value)
    assert type(error).__name__ in str(info.value)
    assert TOKEN not in str(info.value)
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__


@pytest.mark.anyio
async def test_send_maps_error_status_with_request_id_header() -> None:
    response = httpx.Response(404, json={"message": "Item not found", "code": "resource_not_found"})
    response.headers["x-request-id"] = "req-77"
    inner = mock_client(Capture(response))
    async with AsyncWebflowCMS(TOKEN, http_client=inner, rate_limit=FAST) as wf:
        with pytest.raises(NotFoundError) as info:
            await wf.send(REQUEST)
    await inner.aclose()
    assert info.value.request_id == "req-77"
    assert info.value.message == "Item not found"


@pytest.mark.anyio
async def test_send_json_decodes_body_and_empty_is_none() -> None:
    answers = [httpx.Response(200, json={"items": [1, 2]}), httpx.Response(204)]
    inner = mock_client(lambda request: answers.pop(0))
    async with AsyncWebflowCMS(TOKEN, http_client=inner, rate_limit=FAST) as wf:
        assert await wf.send_json(REQUEST) == {"items": [1, 2]}
        assert await wf.send_json(REQUEST) is None
    await inner.aclose()


# ------------------------------------------------------------------ ownership


@pytest.mark.anyio
async def test_caller_http_client_is_not_closed() -> None:
    capture = Capture()
    inner = mock_client(capture)
    async with AsyncWebflowCMS(TOKEN, http_client=inner, rate_limit=FAST) as wf:
        await wf.send(REQUEST)
    assert not inner.is_closed
    assert wf._http.is_closed
    # Still usable by its owner.
    response = await inner.get("https://example.com/ping")
    assert response.status_code == 200
    await inner.aclose()


@pytest.mark.anyio
async def test_aclose_closes_own_client() -> None:
    wf = AsyncWebflowCMS(TOKEN)
    await wf.aclose()
    assert wf._http.is_closed


def test_items_resource_checks_collection_id() -> None:
    wf = AsyncWebflowCMS(TOKEN)
    assert wf.items(CID).collection_id == CID
    with pytest.raises(ValidationError, match="collection id"):
        wf.items("not-an-id")


# ------------------------------------------------------------------ base URL, unreachable servers, wrong paths


@pytest.mark.anyio
async def test_base_url_from_environment_then_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBFLOW_BASE_URL", "http://127.0.0.1:8765/v2")
    capture = Capture()
    async with AsyncWebflowCMS(TOKEN, http_client=mock_client(capture), rate_limit=FAST) as wf:
        await wf.send(REQUEST)
    assert str(capture.requests[0].url) == f"http://127.0.0.1:8765/v2/collections/{CID}/items"
    assert str(AsyncWebflowCMS(TOKEN, base_url="https://example.test/v2").base_url) == "https://example.test/v2"
    monkeypatch.setenv("WEBFLOW_BASE_URL", "http://example.com/v2")  # checked like an explicit one
    with pytest.raises(InsecureURLError):
        AsyncWebflowCMS(TOKEN)
    monkeypatch.delenv("WEBFLOW_BASE_URL")
    assert str(AsyncWebflowCMS(TOKEN).base_url) == "https://api.webflow.com/v2"


def _closed_port() -> int:
    """A loopback port nobody listens on: bound, then released."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.mark.anyio
async def test_a_closed_port_names_the_url_it_tried() -> None:
    url = f"http://127.0.0.1:{_closed_port()}/v2"
    async with AsyncWebflowCMS(TOKEN, base_url=url, max_retries=0, rate_limit=FAST) as wf:
        with pytest.raises(APIConnectionError) as info:
            await wf.sites.list()
    message = str(info.value)
    assert f"GET {url}/sites could not connect (ConnectError" in message
    assert f"is a server listening at {url}?" in message
    assert info.value.request_sent is False
    assert TOKEN not in message


@pytest.mark.anyio
async def test_a_base_url_without_v2_gets_a_hint_on_404() -> None:
    from support import emulated

    async with emulated(rate_limit="10000/1") as emu:
        root = emu.url.removesuffix("/v2")
        async with AsyncWebflowCMS(emu.token, base_url=root, rate_limit=FAST) as wf:
            with pytest.raises(NotFoundError) as info:
                await wf.sites.list()
        assert info.value.status == 404
        assert f"The base URL {root} does not end in /v2" in str(info.value)
        async with AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=FAST) as wf:
            with pytest.raises(NotFoundError) as real:
                await wf.items(emu.collection_id).get("0" * 24)
        assert "/v2" not in str(real.value)  # a real missing item: no hint


@pytest.mark.anyio
async def test_a_404_that_is_not_webflows_gets_a_hint() -> None:
    capture = Capture(httpx.Response(404, text="<html>Not Found</html>"))
    async with AsyncWebflowCMS(TOKEN, base_url="https://proxy.test/api/v2", http_client=mock_client(capture)) as wf:
        with pytest.raises(NotFoundError) as info:
            await wf.send(REQUEST)
    assert "This 404 is not a Webflow error; is https://proxy.test/api/v2 the API's base URL" in str(info.value)


# ------------------------------------------------------------------ requests_sent


@pytest.mark.anyio
async def test_requests_sent_counts_every_attempt_retries_included() -> None:
    refused = httpx.Response(429, headers={"Retry-After": "0"}, json={"message": "slow down"})
    answers = iter([refused, httpx.Response(200, json={"ok": True})])
    capture = Capture()

    def handler(request: httpx.Request) -> httpx.Response:
        capture(request)
        return next(answers, httpx.Response(200, json={"ok": True}))

    async with AsyncWebflowCMS(TOKEN, http_client=mock_client(handler), rate_limit=FAST) as wf:
        assert wf.requests_sent == 0
        await wf.send(REQUEST)  # a 429, then the retry's 200
        assert wf.requests_sent == len(capture.requests) == 2
        await wf.send(REQUEST)
        assert wf.requests_sent == len(capture.requests) == 3
