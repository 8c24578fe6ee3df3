"""Reading Webflow's answer headers: ``Retry-After`` and ``X-RateLimit-*``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from webflow_cms._http.headers import parse_limit_header, parse_retry_after

NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)


def http_date(when: datetime) -> str:
    return format_datetime(when, usegmt=True)


# ------------------------------------------------------------------ Retry-After


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2", 2.0), ("1.5", 1.5), ("0", 0.0), (" 3 ", 3.0), ("120", 120.0), ("-1", 0.0), ("-0.5", 0.0)],
)
def test_retry_after_seconds(value: str, expected: float) -> None:
    assert parse_retry_after(value, now=NOW) == expected


@pytest.mark.parametrize("value", [None, "", "   ", "soon", "2 seconds", "nan", "Wed, 99 Foo 2024"])
def test_retry_after_garbage_is_none(value: str | None) -> None:
    assert parse_retry_after(value, now=NOW) is None


def test_retry_after_http_date_in_future_is_the_difference() -> None:
    assert parse_retry_after(http_date(NOW + timedelta(seconds=30)), now=NOW) == pytest.approx(30.0)
    assert parse_retry_after(http_date(NOW + timedelta(minutes=5)), now=NOW) == pytest.approx(300.0)


def test_retry_after_http_date_in_past_is_zero() -> None:
    assert parse_retry_after(http_date(NOW - timedelta(seconds=30)), now=NOW) == 0.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=NOW) == 0.0


def test_retry_after_http_date_literal() -> None:
    assert parse_retry_after("Wed, 01 May 2024 12:00:10 GMT", now=NOW) == pytest.approx(10.0)


def test_retry_after_date_without_zone_is_utc() -> None:
    # "-0000" gives a naive datetime in the email module; it must be read as UTC.
    assert parse_retry_after("Wed, 01 May 2024 12:00:20 -0000", now=NOW) == pytest.approx(20.0)


def test_retry_after_date_with_offset() -> None:
    assert parse_retry_after("Wed, 01 May 2024 14:00:05 +0200", now=NOW) == pytest.approx(5.0)


def test_retry_after_date_uses_current_time_by_default() -> None:
    future = datetime.now(UTC) + timedelta(hours=1)
    delay = parse_retry_after(http_date(future))
    assert delay is not None
    assert 3500 < delay <= 3600


# ------------------------------------------------------------------ X-RateLimit-*


@pytest.mark.parametrize(
    ("value", "expected"),
    [("120", 120), ("59", 59), ("0", 0), ("60.0", 60), (" 7 ", 7), ("1e3", 1000), ("-3", -3)],
)
def test_parse_limit_header_good(value: str, expected: int) -> None:
    assert parse_limit_header(value) == expected


@pytest.mark.parametrize("value", [None, "", "abc", "12abc", "inf", "-inf", "nan", "1,000"])
def test_parse_limit_header_bad(value: str | None) -> None:
    assert parse_limit_header(value) is None
