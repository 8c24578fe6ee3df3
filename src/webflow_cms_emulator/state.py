"""The per-app state every handler and the gate share."""

from __future__ import annotations

from dataclasses import dataclass

from .catalog import Catalog
from .cdn import ResponseCache
from .chaos import Chaos
from .db import Database
from .items import Items
from .options import Options
from .ratelimit import RateLimiter
from .stats import Stats


@dataclass
class EmulatorState:
    """Storage, limits and counters of one emulator; `app.state.emulator` in the Starlette app."""

    options: Options
    db: Database
    catalog: Catalog
    items: Items
    limiter: RateLimiter
    stats: Stats
    chaos: Chaos
    #: The Content Delivery answers; replace it (or its `clock`) to move its time in tests.
    cdn: ResponseCache

    @property
    def site_id(self) -> str:
        return self.db.site_id

    @property
    def token(self) -> str:
        return self.options.default_token

    @property
    def tokens(self) -> dict[str, frozenset[str]]:
        return dict(self.options.tokens)

    @classmethod
    def open(cls, options: Options) -> EmulatorState:
        db = Database(options.db)
        return cls(
            options,
            db,
            Catalog(db, not_found_code=options.not_found_code),
            Items(db, not_found_code=options.not_found_code, duplicate_slug=options.duplicate_slug),
            RateLimiter(options.rate_limit),
            Stats(),
            Chaos(options.fault_rate, options.reset_rate, options.seed, options.faults),
            ResponseCache(options.cdn_cache_seconds),
        )
