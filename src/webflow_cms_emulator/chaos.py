"""Injected faults (500/503) and connection resets: drawn at random from a seeded generator, or
scripted for the Nth write so one recovery path can be tested on purpose."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from .options import FaultKind, ScriptedFault


@dataclass(frozen=True)
class Mishap:
    """What to do to one request: `kind` is "fault" or "reset"; `after` means apply the change first."""

    kind: str
    after: bool
    status: int = 0


def _mishap(fault: ScriptedFault) -> Mishap:
    if fault.kind == "reset":
        return Mishap("reset", fault.after)
    return Mishap("fault", fault.after, int(fault.kind))


class Chaos:
    """Decides each request's mishap: a scripted one for its write number, else a seeded random draw."""

    def __init__(
        self, fault_rate: float, reset_rate: float, seed: int | None, scripted: Iterable[ScriptedFault] = ()
    ) -> None:
        self.fault_rate = fault_rate
        self.reset_rate = reset_rate
        self._rng = random.Random(seed)  # noqa: S311 - fault injection, not cryptography
        self._lock = threading.Lock()
        self._scripted = {fault.nth: fault for fault in scripted}
        #: Writes seen so far (those that passed auth, the rate limit and scopes).
        self.writes = 0

    def fail_write(self, *, kind: FaultKind = "503", after: bool = False, later: int = 1) -> int:
        """Script a fault for the `later`-th write from now (1 = the next one); returns its write number."""
        with self._lock:
            nth = self.writes + later
            self._scripted[nth] = ScriptedFault(nth, kind, after)
            return nth

    def draw(self, *, write: bool) -> Mishap | None:
        """A mishap for this request, or None; faults hit only writes, resets any request."""
        with self._lock:
            if write:
                self.writes += 1
                scripted = self._scripted.pop(self.writes, None)
                if scripted is not None:
                    return _mishap(scripted)
            if not self.fault_rate and not self.reset_rate:
                return None
            if self.reset_rate and self._rng.random() < self.reset_rate:
                return Mishap("reset", write and self._rng.random() < 0.5)
            if write and self.fault_rate and self._rng.random() < self.fault_rate:
                return Mishap("fault", self._rng.random() < 0.5, self._rng.choice((500, 503)))
        return None
