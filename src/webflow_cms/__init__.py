"""Async Python SDK for the Webflow CMS Items API.

Start with ``AsyncWebflowCMS``; everything else here is what its methods
return or raise.
"""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version

try:
    #: The installed version of the ``webflow-cms`` distribution.
    __version__ = _version("webflow-cms")
except PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "0+unknown"

from .bulk import BulkError, BulkJob, BulkResult, Failed, Succeeded
from .client import DEFAULT_BASE_URL, AsyncWebflowCMS
from .collections import Collection, Field, Site
from .errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    ConflictError,
    InsecureURLError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
    ValidationError,
    WebflowError,
)
from .items import Items
from .models import Item, ItemStatus
from .pagination import ItemPager, Page
from .ratelimit import Limiter, RateLimit, SharedLimiter, TokenBucket
from .redis_limiter import RedisLimiter
from .retry import RetryPolicy

__all__ = [
    "DEFAULT_BASE_URL",
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AsyncWebflowCMS",
    "AuthenticationError",
    "BulkError",
    "BulkJob",
    "BulkResult",
    "Collection",
    "ConflictError",
    "Failed",
    "Field",
    "InsecureURLError",
    "Item",
    "ItemPager",
    "ItemStatus",
    "Items",
    "Limiter",
    "NotFoundError",
    "Page",
    "PermissionDeniedError",
    "RateLimit",
    "RateLimitError",
    "RedisLimiter",
    "RetryPolicy",
    "ServerError",
    "SharedLimiter",
    "Site",
    "Succeeded",
    "TokenBucket",
    "UnexpectedResponseError",
    "ValidationError",
    "WebflowError",
    "__version__",
]
