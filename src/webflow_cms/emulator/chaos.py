"""Seeded decisions for injected faults (500/503) and connection resets."""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class Mishap:
    """What to do to one request: `kind` is "fault" or "reset"; `after` means apply the change first."""

    kind: str
    after: bool
    status: int = 0


class Chaos:
    """Draws mishaps from one seeded generator, so a sequential run is reproducible."""

    def __init__(self, fault_rate: float, reset_rate: float, seed: int | None) -> None:
        self.fault_rate = fault_rate
        self.reset_rate = reset_rate
        self._rng = random.Random(seed)  # noqa: S311 - fault injection, not cryptography
        self._lock = threading.Lock()

    def draw(self, *, write: bool) -> Mishap | None:
        """A mishap for this request, or None; faults hit only writes, resets any request."""
        if not self.fault_rate and not self.reset_rate:
            return None
        with self._lock:
            if self.reset_rate and self._rng.random() < self.reset_rate:
                return Mishap("reset", write and self._rng.random() < 0.5)
            if write and self.fault_rate and self._rng.random() < self.fault_rate:
                return Mishap("fault", self._rng.random() < 0.5, self._rng.choice((500, 503)))
        return None
