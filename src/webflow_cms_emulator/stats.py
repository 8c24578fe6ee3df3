"""Request counters for `GET /v2/_emulator/stats`, overall and per token label."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any


class _Counters:
    def __init__(self) -> None:
        self.requests = 0
        self.responses: Counter[int] = Counter()
        self.faults_before = 0
        self.faults_after = 0
        self.resets_before = 0
        self.resets_after = 0
        self.cdn_hits = 0
        self.cdn_misses = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "responses": {str(k): v for k, v in sorted(self.responses.items())},
            "rateLimited": self.responses.get(429, 0),
            "faults": {
                "total": self.faults_before + self.faults_after,
                "beforeApply": self.faults_before,
                "afterApply": self.faults_after,
            },
            "resets": {
                "total": self.resets_before + self.resets_after,
                "beforeApply": self.resets_before,
                "afterApply": self.resets_after,
            },
            "cdn": {"hits": self.cdn_hits, "misses": self.cdn_misses},
        }


class Stats:
    """Thread-safe counters; a label is `tok_<8 hex>` or `anonymous`, never a raw token."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._total = _Counters()
        self._by_label: dict[str, _Counters] = {}

    def _each(self, label: str) -> tuple[_Counters, _Counters]:
        per = self._by_label.get(label)
        if per is None:
            per = self._by_label[label] = _Counters()
        return self._total, per

    def request(self, label: str) -> None:
        with self._lock:
            for c in self._each(label):
                c.requests += 1

    def response(self, label: str, status: int) -> None:
        with self._lock:
            for c in self._each(label):
                c.responses[status] += 1

    def fault(self, label: str, *, applied: bool) -> None:
        with self._lock:
            for c in self._each(label):
                if applied:
                    c.faults_after += 1
                else:
                    c.faults_before += 1

    def reset(self, label: str, *, applied: bool) -> None:
        with self._lock:
            for c in self._each(label):
                if applied:
                    c.resets_after += 1
                else:
                    c.resets_before += 1

    def cdn(self, label: str, *, hit: bool) -> None:
        """A cacheable Content Delivery read, answered from the cache or not."""
        with self._lock:
            for c in self._each(label):
                if hit:
                    c.cdn_hits += 1
                else:
                    c.cdn_misses += 1

    def to_json(self) -> dict[str, Any]:
        with self._lock:
            return {**self._total.to_json(), "tokens": {k: v.to_json() for k, v in sorted(self._by_label.items())}}
