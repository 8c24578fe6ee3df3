"""Async Python SDK for the Webflow CMS Items API.

Start with ``AsyncWebflowCMS``; everything else here is what its methods
return or raise.
"""

from ._version import __version__
from .bulk import BulkJob
from .client import BASE_URL_ENV, CDN_URL_ENV, DEFAULT_BASE_URL, TOKEN_ENV, AsyncWebflowCMS
from .errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    ConfigurationError,
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
from .models import Item, ItemStatus
from .pagination import ItemPager, Page
from .ratelimit import Limiter, RateLimit, SharedLimiter, TokenBucket
from .redis_limiter import RedisLimiter
from .resources.collections import Collection, Field
from .resources.items import Items
from .resources.model_items import CollectionMismatchError, CollectionMismatchWarning, ModelItems
from .resources.sites import CustomDomain, Site, SitePublish
from .resources.webhooks import Webhook
from .results import BulkError, BulkResult, Failed, Succeeded
from .retry import RetryPolicy
from .typed import CMSItem, FileRef, Ref

__all__ = [
    "BASE_URL_ENV",
    "CDN_URL_ENV",
    "DEFAULT_BASE_URL",
    "TOKEN_ENV",
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
    "ConfigurationError",
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
