"""`GET /v2/_emulator/stats`: counts overall and per token label, never raw tokens."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import httpx
import pytest

from webflow_cms_emulator import serve
from webflow_cms_emulator.options import token_label

pytestmark = pytest.mark.anyio


def test_token_label() -> None:
    assert token_label("secret") == "tok_" + hashlib.sha256(b"secret").hexdigest()[:8]


async def test_stats_count_requests_and_statuses_per_token(make_client: Callable[..., httpx.AsyncClient]) -> None:
    async with serve(tokens=["alpha-secret", "beta-secret:cms:read"], rate_limit="4/60") as emu:
        alpha, beta, nobody = (make_client(emu.url, t) for t in ("alpha-secret", "beta-secret", "wrong-secret"))
        for _ in range(5):
            await alpha.get("/sites")
        await beta.get("/sites")
        await nobody.get("/sites")
        response = await nobody.get("/_emulator/stats")
        stats = response.json()
    assert "secret" not in response.text
    assert stats["requests"] == 7
    assert stats["responses"] == {"200": 4, "401": 1, "403": 1, "429": 1}
    assert stats["rateLimited"] == 1
    assert stats["faults"] == {"total": 0, "beforeApply": 0, "afterApply": 0}
    assert stats["resets"] == {"total": 0, "beforeApply": 0, "afterApply": 0}
    per = stats["tokens"]
    assert set(per) == {token_label("alpha-secret"), token_label("beta-secret"), "anonymous"}
    assert per[token_label("alpha-secret")]["responses"] == {"200": 4, "429": 1}
    assert per[token_label("beta-secret")]["responses"] == {"403": 1}
    assert per["anonymous"]["requests"] == 1
