"""The SDK's typed errors as MCP tool errors: what went wrong and what the agent (or its user) can do.

The SDK's messages never contain the token, and neither do these.
"""

from __future__ import annotations

from webflow_cms import (
    APIConnectionError,
    AuthenticationError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    WebflowError,
)

__all__ = ["explain"]


def explain(error: WebflowError) -> str:
    """One message for the agent: the cause, then the fix."""
    if isinstance(error, PermissionDeniedError):
        scopes = error.missing_scopes
        needed = f"the scope {', '.join(scopes)}" if scopes else "a scope this call needs"
        return (
            f"the API token lacks {needed} (403: {error.message}). Nothing was changed. Ask the user for a token"
            " with that scope (a site token from the site's settings, Apps & Integrations) and restart the server"
            " with it in WEBFLOW_TOKEN"
        )
    if isinstance(error, AuthenticationError):
        return (
            f"Webflow refused the API token (401: {error.message}). Nothing was changed. The token in WEBFLOW_TOKEN"
            " is wrong, revoked or expired: ask the user for a valid one"
        )
    if isinstance(error, NotFoundError):
        return (
            f"not found (404: {error.message}). Check the id: list_sites, list_collections and list_items"
            " show the ids this token reaches"
        )
    if isinstance(error, RateLimitError):
        wait = f"{error.retry_after:.0f} seconds" if error.retry_after is not None else "a minute"
        return f"Webflow kept refusing requests (429) after the server waited; try again in {wait}"
    if isinstance(error, APIConnectionError):
        return (
            f"no answer from Webflow ({error}). A read can simply be tried again; after a write, read the items"
            " (list_items, get_item) before sending it again"
        )
    return str(error)
