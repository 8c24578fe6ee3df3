"""Async Python SDK for the Webflow CMS Items API.

Start with ``AsyncWebflowCMS``; everything else here is what its methods
return or raise.
"""

from ._version import __version__
from .bulk import BulkError, BulkJob, BulkResult, Failed, Succeeded
from .client import DEFAULT_BASE_URL, AsyncWebflowCMS
from .collections import Collection, Field
from .errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    ConflictError,
    InsecureURLError,
    ModelMismatchError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
    ValidationError,
    WebflowError,
)
from .items import Items
from .model_items import CollectionMismatchError, CollectionMismatchWarning, ModelItems
from .models import Item, ItemStatus
from .pagination import ItemPager, Page
from .ratelimit import Limiter, RateLimit, SharedLimiter, TokenBucket
from .redis_limiter import RedisLimiter
from .retry import RetryPolicy
from .sites import CustomDomain, Site, SitePublish
from .typed import CMSItem, FileRef, Ref
from .webhook_registry import Webhook

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
    "CMSItem",
    "Collection",
    "CollectionMismatchError",
    "CollectionMismatchWarning",
    "ConflictError",
    "CustomDomain",
    "Failed",
    "Field",
    "FileRef",
    "InsecureURLError",
    "Item",
    "ItemPager",
    "ItemStatus",
    "Items",
    "Limiter",
    "ModelItems",
    "ModelMismatchError",
    "NotFoundError",
    "Page",
    "PermissionDeniedError",
    "RateLimit",
    "RateLimitError",
    "RedisLimiter",
    "Ref",
    "RetryPolicy",
    "ServerError",
    "SharedLimiter",
    "Site",
    "SitePublish",
    "Succeeded",
    "TokenBucket",
    "UnexpectedResponseError",
    "ValidationError",
    "WebflowError",
    "Webhook",
    "__version__",
]
