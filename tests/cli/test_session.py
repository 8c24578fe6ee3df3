"""Global options: token, base URL and rate limit, and that the token is never shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.runner import FAST, cli
from support import emulated
from webflow_cms import RateLimit
from webflow_cms.cli.errors import InputError
from webflow_cms.cli.session import check_site_id, connect, parse_rate_limit


def test_rate_limit_option_becomes_the_client_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WEBFLOW_TOKEN", raising=False)
    assert parse_rate_limit("120/6") == RateLimit(120, 6)
    assert parse_rate_limit("60") == RateLimit(60, 60)
    for bad in ("abc", "0/5", "10/0", "10/x"):
        with pytest.raises(InputError, match="--rate-limit"):
            parse_rate_limit(bad)
    wf = connect("tok", "http://127.0.0.1:1/v2", "120/6")
    assert wf.limiter.rate == RateLimit(120, 6)  # type: ignore[attr-defined]
    with pytest.raises(InputError, match="no API token"):
        connect(None, None, None)
    with pytest.raises(InputError, match="refusing plain http"):
        connect("tok", "http://example.com/v2", None)


def test_a_site_id_is_checked_before_anything_is_sent() -> None:
    assert check_site_id("0123456789abcdef01234567") == "0123456789abcdef01234567"
    for bad in ("zz", "0123456789ABCDEF01234567", "0123456789abcdef0123456"):
        with pytest.raises(InputError, match=f"--site '{bad}' is not a site id"):
            check_site_id(bad)


@pytest.mark.anyio
async def test_a_refused_token_is_exit_1_and_never_printed(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        secret = "not-the-token-0f7c2a"
        run = await cli(emu, "--token", secret, "status", emu.collection_id, cwd=tmp_path)
        assert run.code == 1
        assert "401" in run.stderr
        assert secret not in run.stdout + run.stderr

        env_run = await cli(emu, "status", emu.collection_id, "--json", cwd=tmp_path, env={"WEBFLOW_TOKEN": secret})
        assert env_run.code == 1
        assert secret not in env_run.stdout + env_run.stderr
