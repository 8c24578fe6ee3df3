"""A minimal Webflow webhook receiver (ASGI, starlette).

Run:  WEBFLOW_CLIENT_SECRET=... uvicorn examples.webhook_receiver:app --port 8000

Every delivery is verified (signature and timestamp) on the raw body before it
is parsed; a forged, tampered or replayed one gets 401 and is never acted on.
The app keeps the last events in memory; a real receiver would enqueue them.
"""

from __future__ import annotations

import logging
import os

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from webflow_cms.webhooks import (
    ItemEvent,
    WebhookPayloadError,
    WebhookReplayError,
    WebhookSignatureError,
    verify_and_parse,
)

log = logging.getLogger("webhook_receiver")

#: Bodies above this are refused before verifying (Webflow's item payloads are far smaller).
MAX_BODY = 1_000_000


def create_app(secret: str | None = None) -> Starlette:
    """The receiver; ``secret`` defaults to ``$WEBFLOW_CLIENT_SECRET``."""
    client_secret = secret if secret is not None else os.environ.get("WEBFLOW_CLIENT_SECRET", "")
    events: list[ItemEvent] = []

    async def receive(request: Request) -> JSONResponse:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            return JSONResponse({"error": "body too large"}, 413)
        raw = await request.body()
        if len(raw) > MAX_BODY:
            return JSONResponse({"error": "body too large"}, 413)
        try:
            event = verify_and_parse(client_secret, request.headers, raw)
        except (WebhookSignatureError, WebhookReplayError) as exc:
            log.warning("refused webhook delivery: %s", type(exc).__name__)
            return JSONResponse({"error": type(exc).__name__}, 401)
        except WebhookPayloadError as exc:
            return JSONResponse({"error": str(exc)}, 400)
        events.append(event)
        del events[:-100]
        return JSONResponse({"received": event.trigger_type, "itemId": event.item_id})

    app = Starlette(routes=[Route("/webflow/webhooks", receive, methods=["POST"])])
    app.state.events = events
    return app


app = create_app()
