"""The analyse summary at 80 columns: every column readable, ids cut in the middle, totals; undated warning."""

from __future__ import annotations

from datetime import date

import pytest
from rich.console import Console

from newsledger.cli.summary import Summary, middle, print_summary, undated_warning
from newsledger.document import Analysis, Document


def _summary(n: int) -> Summary:
    s = Summary()
    for i in range(n):
        text = "word " * (100 + i)
        s.add(Analysis(Document(f"allsides-corpus-{i:03d}", text, date(2017, 4, 9) if i % 4 else None,
                                "Washington Post" if i % 2 else "NPR Online News", None, None)))
    return s


@pytest.mark.parametrize(("text", "width", "cut"), [
    ("allsides-corpus-017", 12, "allsi…us-017"),
    ("short", 12, "short"),
    ("harbor-wire-2025-03-14-grain-talks", 16, "harbor-…in-talks"),
])
def test_middle(text: str, width: int, cut: str) -> None:
    assert middle(text, width) == cut and len(middle(text, width)) == min(len(text), width)


@pytest.mark.parametrize("width", [80, 100, 140])
def test_summary_fits_the_terminal_and_keeps_ids_and_outlets_readable(width: int) -> None:
    console = Console(width=width, record=True, color_system=None)
    print_summary(_summary(40), console)
    lines = console.export_text().splitlines()
    assert max(len(line) for line in lines) <= width
    row = next(line for line in lines if "-017" in line)
    assert "Washington" in row or "Washin" in row and "2017-04-09" in row
    assert any(line.strip().startswith("total") for line in lines)
    assert ("frm" in lines[2]) == (width < 110)


def test_undated_documents_are_counted_and_named() -> None:
    warning = undated_warning(_summary(9))
    assert warning is not None and warning.startswith("3 document(s) without a publication date")
    assert "allsides-corpus-000" in warning and "--published" in warning
    assert undated_warning(Summary()) is None
