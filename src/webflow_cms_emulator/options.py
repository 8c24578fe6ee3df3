"""Emulator options and the parsing of their command-line spellings."""

from __future__ import annotations

import hashlib
import math
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal, TypedDict, Unpack

DEFAULT_SCOPES: frozenset[str] = frozenset({"cms:read", "cms:write", "sites:read", "sites:write"})

TokenSpec = Iterable[str] | Mapping[str, Iterable[str]] | None


@dataclass(frozen=True)
class RateLimit:
    """A token bucket of `capacity` requests refilled over `seconds`."""

    capacity: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.capacity / self.seconds


#: The 404 code for a missing item or collection. Webflow's published 404 examples and its error
#: table use `resource_not_found` (details empty); its error-code enum also lists the specific
#: `item_not_found` and `collection_not_found`, which `item_not_found` selects.
NotFoundCode = Literal["resource_not_found", "item_not_found"]
#: A create whose slug is taken: `conflict` answers 409; `suffix` gives the new item the slug plus
#: `-` and 5 hex characters and answers 202, as third-party reports say the real API does. Upstream
#: documents no 409 on any create operation; the truth is unknown, so the emulator can do both.
DuplicateSlug = Literal["conflict", "suffix"]
#: The answer to a create of several items: `items` is `{"items": [item, ...]}` with ids (upstream's
#: /items/bulk examples); `echo` is upstream's `MultipleItems` example of POST /items: the request's
#: items sent back, without ids or timestamps. Upstream types both as a single item.
CreateAnswer = Literal["items", "echo"]
#: The answer of POST /items/bulk: `items` lists every locale variant apart (upstream's 202
#: examples); `object` is one object per item with its `cmsLocaleIds` (upstream's 202 schema,
#: the type both official SDKs parse). Several items in `object` form come as `{"items": [...]}`:
#: an assumption, as neither source shows that case.
BulkAnswer = Literal["items", "object"]
#: A Number field's validations (`format`, `allowNegative`, `allowZero`, `minValue`, `maxValue`,
#: `precision`) on API item writes: `enforce` refuses a value that breaks one with 400
#: `validation_error`; `ignore` stores it. Upstream shows the validations on the field (its
#: collection-details example) but never says whether writes are checked against them. `enforce` is
#: the default as the likelier reading (a field's rules would mean little if writes could break them).
NumberValidations = Literal["enforce", "ignore"]
#: Whether the list filters' date bounds (`createdOn`, `lastUpdated`, `lastPublished`, each `[gte]` and
#: `[lte]`) keep an item stamped exactly on the bound. Upstream's list operations
#: (`openapi/upstream/webflow-v2.yml`, list-collection-items) name them `gte` / `lte` and describe them
#: as "created before" / "created after" this date: the names say inclusive, the words exclusive.
#: `inclusive` is the default, as the names read.
DateBounds = Literal["inclusive", "exclusive"]
#: The status of a Create Items answer (`POST /items/insert`): Webflow's page
#: (https://developers.webflow.com/data/reference/cms/collection-items/staged-items/create-items)
#: does not say; 202 is the default, as every other item create answers (upstream's create-item,
#: create-item-live and create-items).
InsertStatus = Literal["202", "200"]
#: What a scripted fault does: answer 500 or 503, or drop the connection without an answer.
FaultKind = Literal["500", "503", "reset"]


@dataclass(frozen=True)
class ScriptedFault:
    """Fail the `nth` write (1-based, counted from the emulator's start) as `kind`.

    `after` applies the write before failing, so the client cannot tell whether it happened.
    """

    nth: int
    kind: FaultKind = "503"
    after: bool = False


@dataclass(frozen=True)
class Options:
    """Everything that shapes an emulator's behaviour (not where it listens)."""

    db: str = ":memory:"
    tokens: dict[str, frozenset[str]] = field(default_factory=dict)
    rate_limit: RateLimit = RateLimit(120, 60.0)
    latency_ms: float = 0.0
    fault_rate: float = 0.0
    reset_rate: float = 0.0
    seed: int | None = None
    not_found_code: NotFoundCode = "resource_not_found"
    duplicate_slug: DuplicateSlug = "conflict"
    create_answer: CreateAnswer = "items"
    bulk_answer: BulkAnswer = "items"
    number_validations: NumberValidations = "enforce"
    date_bounds: DateBounds = "inclusive"
    insert_status: InsertStatus = "202"
    faults: tuple[ScriptedFault, ...] = ()
    #: Seconds a site must wait between two successful publishes: Webflow's site-publish operation
    #: allows "one successful publish queue per minute" (upstream sites spec), hence 60.
    site_publish_interval: float = 60.0
    #: How long the Content Delivery prefix (`/cdn/v2`) keeps an answer: 300 s, the cache lifetime on
    #: non-Enterprise plans (Enterprise: 120 s), per
    #: https://developers.webflow.com/data/docs/working-with-the-cms/content-delivery. 0 caches nothing.
    cdn_cache_seconds: float = 300.0

    @property
    def default_token(self) -> str:
        return next(iter(self.tokens))


class OptionArgs(TypedDict, total=False):
    """The emulator's options as keyword arguments of `create_app`, `serve` and `serving`."""

    db: str
    tokens: TokenSpec
    rate_limit: str | RateLimit
    latency_ms: float
    fault_rate: float
    reset_rate: float
    seed: int | None
    not_found_code: NotFoundCode
    duplicate_slug: DuplicateSlug
    create_answer: CreateAnswer
    bulk_answer: BulkAnswer
    number_validations: NumberValidations
    date_bounds: DateBounds
    insert_status: InsertStatus
    faults: Iterable[ScriptedFault | str]
    site_publish_interval: float
    cdn_cache_seconds: float


def parse_token(spec: str) -> tuple[str, frozenset[str]]:
    """`TOKEN` or `TOKEN:SCOPE,SCOPE` (split at the first colon; scopes contain colons)."""
    token, sep, scopes = spec.partition(":")
    if not token:
        raise ValueError("a token must not be empty")
    if not sep:
        return token, DEFAULT_SCOPES
    return token, frozenset(s.strip() for s in scopes.split(",") if s.strip())


def parse_rate_limit(spec: str) -> RateLimit:
    """`N/SECONDS`, e.g. `120/60`."""
    count, sep, seconds = spec.partition("/")
    try:
        limit = RateLimit(int(count), float(seconds) if sep else 60.0)
    except ValueError:
        raise ValueError(f"rate limit must look like N/SECONDS, got {spec!r}") from None
    if limit.capacity < 1 or limit.seconds <= 0:
        raise ValueError(f"rate limit must be positive, got {spec!r}")
    return limit


def token_label(token: str) -> str:
    """A stable, non-secret name for a token: `tok_` and 8 hex of its sha256."""
    return "tok_" + hashlib.sha256(token.encode()).hexdigest()[:8]


def parse_fault(spec: str) -> ScriptedFault:
    """`N[:before|after][:500|503|reset]`, e.g. `3:after:reset` (defaults: before, 503)."""
    head, *rest = spec.split(":")
    try:
        fault = ScriptedFault(int(head))
    except ValueError:
        raise ValueError(f"a scripted fault looks like N[:before|after][:500|503|reset], got {spec!r}") from None
    for part in rest:
        if part in ("before", "after"):
            fault = ScriptedFault(fault.nth, fault.kind, part == "after")
        elif part in ("500", "503", "reset"):
            fault = ScriptedFault(fault.nth, part, fault.after)  # type: ignore[arg-type]
        else:
            raise ValueError(f"unknown part {part!r} in scripted fault {spec!r}; use before, after, 500, 503 or reset")
    if fault.nth < 1:
        raise ValueError(f"scripted faults count writes from 1, got {spec!r}")
    return fault


def _choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, got {value!r}")


def build_options(**args: Unpack[OptionArgs]) -> Options:
    """Validate and normalize user-facing options; anything left out takes `Options`' default."""
    defaults = Options()
    tokens = args.get("tokens")
    parsed: dict[str, frozenset[str]] = {}
    if isinstance(tokens, Mapping):
        parsed = {str(t): frozenset(s) for t, s in tokens.items()}
    elif tokens is not None:
        parsed = dict(parse_token(t) for t in tokens)
    if not parsed:
        parsed = {"wf_emu_" + secrets.token_hex(16): DEFAULT_SCOPES}
    fault_rate = args.get("fault_rate", defaults.fault_rate)
    reset_rate = args.get("reset_rate", defaults.reset_rate)
    for name, rate in (("fault_rate", fault_rate), ("reset_rate", reset_rate)):
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"{name} must be between 0 and 1, got {rate}")
    latency_ms = args.get("latency_ms", defaults.latency_ms)
    if latency_ms < 0:
        raise ValueError("latency_ms must not be negative")
    rate_limit = args.get("rate_limit", defaults.rate_limit)
    limit = rate_limit if isinstance(rate_limit, RateLimit) else parse_rate_limit(rate_limit)
    not_found_code = args.get("not_found_code", defaults.not_found_code)
    _choice("not_found_code", not_found_code, ("resource_not_found", "item_not_found"))
    duplicate_slug = args.get("duplicate_slug", defaults.duplicate_slug)
    _choice("duplicate_slug", duplicate_slug, ("conflict", "suffix"))
    create_answer = args.get("create_answer", defaults.create_answer)
    _choice("create_answer", create_answer, ("items", "echo"))
    bulk_answer = args.get("bulk_answer", defaults.bulk_answer)
    _choice("bulk_answer", bulk_answer, ("items", "object"))
    number_validations = args.get("number_validations", defaults.number_validations)
    _choice("number_validations", number_validations, ("enforce", "ignore"))
    date_bounds = args.get("date_bounds", defaults.date_bounds)
    _choice("date_bounds", date_bounds, ("inclusive", "exclusive"))
    insert_status = args.get("insert_status", defaults.insert_status)
    _choice("insert_status", insert_status, ("202", "200"))
    faults = tuple(f if isinstance(f, ScriptedFault) else parse_fault(f) for f in args.get("faults", ()))
    publish_interval = args.get("site_publish_interval", defaults.site_publish_interval)
    if not 0.0 <= publish_interval < math.inf:
        raise ValueError(f"site_publish_interval must be a non-negative number of seconds, got {publish_interval}")
    cdn_seconds = args.get("cdn_cache_seconds", defaults.cdn_cache_seconds)
    if not 0.0 <= cdn_seconds < math.inf:
        raise ValueError(f"cdn_cache_seconds must be a non-negative number of seconds, got {cdn_seconds}")
    return Options(
        db=args.get("db", defaults.db),
        tokens=parsed,
        rate_limit=limit,
        latency_ms=float(latency_ms),
        fault_rate=fault_rate,
        reset_rate=reset_rate,
        seed=args.get("seed", defaults.seed),
        not_found_code=not_found_code,
        duplicate_slug=duplicate_slug,
        create_answer=create_answer,
        bulk_answer=bulk_answer,
        number_validations=number_validations,
        date_bounds=date_bounds,
        insert_status=insert_status,
        faults=faults,
        site_publish_interval=float(publish_interval),
        cdn_cache_seconds=float(cdn_seconds),
    )
