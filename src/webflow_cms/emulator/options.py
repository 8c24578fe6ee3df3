"""Emulator options and the parsing of their command-line spellings."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

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

    @property
    def default_token(self) -> str:
        return next(iter(self.tokens))


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


def build_options(
    *,
    db: str = ":memory:",
    tokens: TokenSpec = None,
    rate_limit: str | RateLimit = "120/60",
    latency_ms: float = 0,
    fault_rate: float = 0.0,
    reset_rate: float = 0.0,
    seed: int | None = None,
) -> Options:
    """Validate and normalize user-facing options."""
    parsed: dict[str, frozenset[str]] = {}
    if isinstance(tokens, Mapping):
        parsed = {str(t): frozenset(s) for t, s in tokens.items()}
    elif tokens is not None:
        parsed = dict(parse_token(t) for t in tokens)
    if not parsed:
        parsed = {"wf_emu_" + secrets.token_hex(16): DEFAULT_SCOPES}
    for name, rate in (("fault_rate", fault_rate), ("reset_rate", reset_rate)):
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"{name} must be between 0 and 1, got {rate}")
    if latency_ms < 0:
        raise ValueError("latency_ms must not be negative")
    limit = rate_limit if isinstance(rate_limit, RateLimit) else parse_rate_limit(rate_limit)
    return Options(db, parsed, limit, float(latency_ms), fault_rate, reset_rate, seed)
