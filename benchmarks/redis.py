"""The real redis-server of scenario 6: the test suite's launcher (tests/support/redis.py), reused."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from support.redis import RedisServer, redis_server

__all__ = ["RedisServer", "redis_server"]
