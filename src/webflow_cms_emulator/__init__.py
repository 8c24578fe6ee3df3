"""A stateful local emulator of the Webflow CMS API: Starlette app, uvicorn server, SQLite state."""

from .app import create_app
from .server import RunningEmulator, serve, serving

__all__ = ["RunningEmulator", "create_app", "serve", "serving"]
