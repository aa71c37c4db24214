"""The search tables show article text as text: rich markup and terminal escapes in a title stay visible and inert."""

from __future__ import annotations

import pytest
from rich.console import Console

from newsledger.cli.searchview import print_results


def _results(title: str, speaker: str) -> dict[str, object]:
    empty = {"items": [], "total": 0, "limit": 10, "offset": 0}
    doc = {"doc_id": "d1", "title": title, "outlet_name": "[red]Gazette[/red]", "published": "2025-04-26",
           "snippet_parts": [{"text": "the [bold]dam[/bold] ", "match": False}, {"text": "broke", "match": True}]}
    quote = {"doc_id": "d1", "quote_id": "q1", "speaker": speaker, "outlet_name": "Gazette", "published": None,
             "snippet_parts": [{"text": "we hold", "match": False}]}
    return {"query": "broke", "documents": {**empty, "items": [doc], "total": 1}, "quotes": {**empty, "items": [quote], "total": 1},
            "events": empty, "entities": empty, "clusters": empty}


@pytest.mark.parametrize(("title", "speaker", "shown"), [
    ("[bold]Dam[/bold] breaks", "Ana", "[bold]Dam[/bold]"),
    ("Dam breaks", "[i]Ana[/i]", "[i]Ana[/i]"),
    ("Dam \x1b[31mbreaks", "Ana", "\\x1b[31mbreaks"),
])
def test_markup_and_escapes_in_results_are_text(title: str, speaker: str, shown: str) -> None:
    console = Console(width=200, record=True, color_system=None)
    print_results(_results(title, speaker), console, ("documents", "quotes"))
    out = console.export_text()
    assert shown in out and "[red]Gazette[/red]" in out and "[bold]dam[/bold]" in out
    assert "\x1b" not in out
