"""scripts/events_errors.py: the error counts read a round's test split only when its blind test is spent."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "training"))
sys.path.insert(0, str(ROOT / "scripts"))
import events_errors as ee  # noqa: E402


@pytest.mark.parametrize(("round_name", "split", "allowed"), [
    ("news-2026-12e", "test", True),   # spent at round fourteen, a second dev set
    ("news-2026-12", "test", True),    # retired to training
    ("news-2026-12d", "test", True),   # retired to training
    ("news-2026-12f", "test", True),   # retired to training at round sixteen
    ("news-2026-12g", "test", True),   # retired to training at round seventeen
    ("news-2026-12h", "test", False),  # the blind test of the current round
    ("news-2027-01", "test", False),   # a round nobody has listed
    ("news-2026-12f", "dev", True),
])
def test_test_split_only_when_spent(monkeypatch: pytest.MonkeyPatch, round_name: str, split: str, allowed: bool) -> None:
    monkeypatch.setattr(sys, "argv", ["events_errors.py", "--round", f"data/annotations/{round_name}", "--split", split])
    ap = ee.split_parser(ee.__doc__)
    if allowed:
        assert ee.parse_split_args(ap).split == split
    else:
        with pytest.raises(SystemExit):
            ee.parse_split_args(ap)
