"""Date values as intervals: compatibility within precision and ordering."""

from __future__ import annotations

import pytest

from newsledger.ledger import when as W


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2025-04", "2025-04-26", True),
        ("2025", "2025-12-31", True),
        ("2025-04-25", "2025-04-26", False),
        ("2025-W17", "2025-04-26", True),  # ISO week 17 of 2025 = 21..27 April
        ("2025-W18", "2025-04-26", False),
        ("2025-Q2", "2025-05", True),
        ("2025-SU", "2025-04", False),
        ("202", "2025-04-26", True),  # the 2020s
        ("2025-04-26T14:30", "2025-04-26", True),
        ("PRESENT_REF", "2025-04-26", None),
        (None, "2025", None),
    ],
)
def test_compatible(a: str | None, b: str | None, expected: bool | None) -> None:
    assert W.compatible(a, b) is expected


@pytest.mark.parametrize(
    ("value", "precision", "days"),
    [("2025-04-26", "day", 1), ("2025-02", "month", 28), ("2024-02", "month", 29), ("2025", "year", 365), ("2025-H2", "half", 184)],
)
def test_interval(value: str, precision: str, days: int) -> None:
    iv = W.interval(value)
    assert iv is not None and iv.precision == precision and iv.days == days


def test_sort_key_orders_by_start_then_finer_first_and_unknown_last() -> None:
    values = ["2025-04-26", None, "2025", "2025-04", "2024-12-31"]
    assert sorted(values, key=W.sort_key) == ["2024-12-31", "2025", "2025-04", "2025-04-26", None]


def test_finer_and_gap() -> None:
    assert W.finer("2025-04", "2025-04-26") == "2025-04-26"
    a, b = W.interval("2025-04-20"), W.interval("2025-04-26")
    assert a is not None and b is not None and a.gap_days(b) == 6


@pytest.mark.parametrize(
    ("value", "start", "end"),
    [("9999-W52", None, None), ("9999-12", "9999-12-01", "9999-12-31"), ("0001-W01", "0001-01-01", "0001-01-07"),
     ("0000", None, None), ("10000", None, None), ("999", "9990-01-01", "9999-12-31")],
)
def test_calendar_edges_never_raise(value: str, start: str | None, end: str | None) -> None:
    iv = W.interval(value)
    assert (iv.start.isoformat(), iv.end.isoformat()) == (start, end) if iv else start is None
