"""Kept for ``commands/mcp.py``, which imports ``close_shared_budget`` from here: it lives in ``session`` now.

The ``limiter status`` command is ``commands/limiter.py``. Once ``commands/mcp.py`` imports
``close_shared_budget`` from ``..session``, this module goes.
"""

from __future__ import annotations

from .session import close_shared_budget

__all__ = ["close_shared_budget"]
