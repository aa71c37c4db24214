"""``newsledger search`` output: tables with titles, outlets and dates per kind of result, totals and paging."""

from __future__ import annotations

import re
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from newsledger.ledger.datelabel import date_label
from newsledger.render import escape
from newsledger.sanitize import terminal_safe

# (section, heading, singular, plural)
SECTIONS = (("documents", "Articles", "article", "articles"), ("quotes", "Quotes", "quote", "quotes"),
            ("events", "Events", "event", "events"), ("entities", "Entities", "entity", "entities"),
            ("clusters", "Event clusters", "cluster", "clusters"))


def _marked(parts: list[dict[str, Any]]) -> Text:
    """A snippet with its matching words in bold (built from the text parts: no markup from the article)."""
    text = Text()
    for k, p in enumerate(parts):
        piece = re.sub(r"\s+", " ", terminal_safe(p["text"]))
        text.append(piece.lstrip() if k == 0 else piece, style="bold yellow" if p["match"] else "")
    return text


def _row(t: Table, *cells: str | Text) -> None:
    """A table row whose text cells are shown as text: article strings are never read as rich markup."""
    t.add_row(*(c if isinstance(c, Text) else Text("\n".join(terminal_safe(x) for x in c.split("\n"))) for c in cells))


def _table(kind: str, items: list[dict[str, Any]]) -> Table:
    """One kind of result as a table whose text column takes the room the others leave."""
    t = Table(box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False, expand=True, show_lines=kind in ("documents", "quotes"))
    where = {"no_wrap": True, "overflow": "ellipsis", "max_width": 18}
    if kind == "documents":
        t.add_column("title and matching passage", ratio=1)
        t.add_column("outlet, date", **where)  # type: ignore[arg-type]
        t.add_column("id", overflow="fold", max_width=22)
        for h in items:
            cell = Text(terminal_safe(h["title"] or "(no title)"), style="bold") + Text("\n") + _marked(h["snippet_parts"])
            _row(t, cell, f"{h['outlet_name']}\n{h['published'] or 'undated'}", h["doc_id"])
    elif kind == "quotes":
        t.add_column("speaker", max_width=18, overflow="fold")
        t.add_column("quote", ratio=1)
        t.add_column("outlet, date", **where)  # type: ignore[arg-type]
        t.add_column("id", overflow="fold", max_width=22)
        for h in items:
            _row(t, h["speaker"] or "unattributed", _marked(h["snippet_parts"]),
                      f"{h['outlet_name']}\n{h['published'] or 'undated'}", f"{h['doc_id']} {h['quote_id']}")
    elif kind == "events":
        t.add_column("type", no_wrap=True)
        t.add_column("event", ratio=1)
        t.add_column("date", max_width=16)
        t.add_column("outlet", **where)  # type: ignore[arg-type]
        t.add_column("id", overflow="fold", max_width=22)
        for h in items:
            _row(t, h["type"] + ("" if h["modality"] == "asserted" else f"\n{h['modality']}"), _marked(h["summary_parts"]),
                      date_label(h["when"]) if h["when"] else "undated", h["outlet_name"], f"{h['doc_id']} {h['event_id']}")
    elif kind == "entities":
        t.add_column("name", ratio=1)
        for name in ("type", "documents", "id"):
            t.add_column(name, justify="left" if name == "type" else "right", no_wrap=True)
        for h in items:
            _row(t, h["name"], h["type"], str(h["n_docs"]), str(h["id"]))
    else:
        t.add_column("event", ratio=1)
        t.add_column("type", no_wrap=True)
        t.add_column("date", max_width=16)
        for name in ("sources", "reports", "id"):
            t.add_column(name, justify="right", no_wrap=True)
        for h in items:
            _row(t, h["label"], h["type"] or "", date_label(h["date_value"]) if h["date_value"] else "undated",
                      str(h["corroboration"]), str(h["n_events"]), str(h["id"]))
    return t


def print_results(out: dict[str, Any], console: Console, kinds: tuple[str, ...]) -> None:
    """Each kind of result with its total and the --offset of the next page."""
    for kind, heading, one, many in SECTIONS:
        section = out[kind]
        if kind not in kinds or (not section["total"] and len(kinds) > 1):
            continue
        shown = len(section["items"])
        first = section["offset"] + 1 if shown else 0
        console.print(f"[bold]{heading}[/bold] {first}–{section['offset'] + shown} of {section['total']:,} "
                      f"{one if section['total'] == 1 else many}", highlight=False)
        if shown:
            console.print(_table(kind, section["items"]))
        if section["offset"] + shown < section["total"]:
            console.print(f"[dim]more: --kind {kind} --offset {section['offset'] + section['limit']}[/dim]", highlight=False)
    if not any(out[k]["total"] for k in kinds):
        console.print(f"no matches for {escape(out['query'])!r}", highlight=False)
