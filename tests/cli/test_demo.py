"""``make demo`` end to end (the module it runs), and its data generator."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from webflow_cms.cli.demo_data import blog_posts


@pytest.mark.slow
def test_demo_runs_the_whole_job_and_its_numbers_add_up() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "webflow_cms.cli.demo", "--json"],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )

    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "120 requests per 6 s" in done.stdout  # it says the limit is time-lapsed
    assert "wf_emu_" not in done.stdout + done.stderr  # the emulator's token is never shown
    summary = json.loads(done.stdout.splitlines()[-1])
    assert summary["checksFailed"] == []
    assert summary["posts"] == summary["exported"] == 5000
    # 50 creates + 50 publishes + 2x50 list pages at the least, all counted on both sides.
    assert summary["requestsSent"] == summary["serverRequests"] >= 200
    assert summary["rateLimitedSeenByClient"] == summary["rateLimitedAnsweredByServer"]
    assert sum(summary["serverResponses"].values()) == summary["serverRequests"]
    assert summary["wallSeconds"] < 60
    # The throttle really worked: requests waited for the bucket, and past its 120-request burst they
    # left no faster than the limit refills (20 a second), so the server never had to answer 429.
    assert summary["throttleHeldBack"] > 0
    assert 0 < summary["sustainedRequestsPerSecond"] <= 20 * 1.05
    assert "the client's throttle has work to do" in done.stdout
    for line in ("Published             4,950", "Draft changes            50", "all checks passed"):
        assert line in done.stdout


def test_generated_posts_are_deterministic_and_unique() -> None:
    first = list(blog_posts(300, seed=3))
    assert first == list(blog_posts(300, seed=3))
    assert first != list(blog_posts(300, seed=4))
    assert len({p["slug"] for p in first}) == 300
    assert all(isinstance(p["reading-time"], int) and isinstance(p["featured"], bool) for p in first)
