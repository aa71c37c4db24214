"""The terminal summary of an analyse run: one row per document, fitted to the terminal's width."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich import box
from rich.console import Console
from rich.table import Table

from newsledger.document import Analysis
from newsledger.render import escape, print_document

# Up to this many documents, the records of each are printed under the table (a demo); beyond, only the table.
DETAILS_MAX = 5
# Below this width the count columns get short headers (explained under the table).
WIDE = 110
# (full header, short header, what it counts)
COUNTS = (("words", "words", "words"), ("removed", "rm", "removed passages"), ("entities", "ent", "entities"),
          ("dates", "tmx", "dates"), ("quotes", "quo", "quotes"), ("events", "evt", "events"),
          ("framing", "frm", "framing spans"))
# Documents without a publication date named in the warning.
UNDATED_NAMED = 5


@dataclass
class Row:
    id: str
    outlet: str
    published: str
    counts: tuple[int, ...]


@dataclass
class Summary:
    """What the table needs of each analysed document (a few fields, so a long run holds little memory)."""

    keep: bool = True  # False: only count the undated documents (the records go to a file or a pipe)
    rows: list[Row] = field(default_factory=list)
    details: list[Analysis] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)

    def add(self, a: Analysis) -> None:
        d = a.document
        if d.published is None:
            self.undated.append(d.id)
        if not self.keep:
            return
        counts = (len(d.text.split()), len(a.removed), len(a.entities), len(a.timexes), len(a.quotes), len(a.events),
                  len(a.framing))
        self.rows.append(Row(d.id, d.outlet or "", d.published.isoformat() if d.published else "", counts))
        if len(self.details) <= DETAILS_MAX:
            self.details.append(a)


def middle(text: str, width: int) -> str:
    """Cut in the middle, keeping both ends: ids often differ only at the end ("feed-2017-04-09-17")."""
    if len(text) <= width or width < 5:
        return text
    head = (width - 1) // 2
    return text[:head] + "…" + text[len(text) - (width - 1 - head):]


def table(summary: Summary, width: int) -> Table:
    """The summary table: the counts keep their width, id and outlet share the rest (cut with an ellipsis);
    narrow terminals get short count headers."""
    wide = width >= WIDE
    heads = [full if wide else short for full, short, _ in COUNTS]
    totals = [sum(r.counts[k] for r in summary.rows) for k in range(len(COUNTS))]
    count_widths = [max(len(h), len(f"{n:,}")) for h, n in zip(heads, totals, strict=True)]
    fixed = sum(count_widths) + 10 + 2 * (len(COUNTS) + 2)  # the counts, the date, one space each side of columns
    room = max(width - fixed - 4, 20)  # the box edges
    longest_id = max([len(r.id) for r in summary.rows] + [2])
    longest_outlet = max([len(r.outlet) for r in summary.rows] + [6])
    outlet_w = min(longest_outlet, max(8, room * 2 // 5))
    id_w = min(longest_id, room - outlet_w)
    outlet_w = min(longest_outlet, room - id_w)
    t = Table(title=f"newsledger: {len(summary.rows)} document(s) analysed", box=box.SIMPLE_HEAD, padding=(0, 1),
              pad_edge=False, collapse_padding=True)
    t.add_column("id", overflow="crop", no_wrap=True, width=id_w)
    t.add_column("outlet", overflow="ellipsis", no_wrap=True, width=outlet_w)
    t.add_column("published", no_wrap=True, width=10)
    for head, w in zip(heads, count_widths, strict=True):
        t.add_column(head, justify="right", no_wrap=True, width=w)
    for r in summary.rows:
        t.add_row(escape(middle(r.id, id_w)), escape(r.outlet), r.published, *(f"{n:,}" for n in r.counts))
    if len(summary.rows) > 1:
        t.add_section()
        t.add_row("total", "", "", *(f"{n:,}" for n in totals))
    return t


def print_summary(summary: Summary, console: Console) -> None:
    """The table, a legend of short headers on narrow terminals, and each document's records for small runs."""
    console.print(table(summary, console.width))
    if console.width < WIDE:
        console.print("[dim]" + ", ".join(f"{short} = {what}" for full, short, what in COUNTS if short != full) + "[/dim]")
    if len(summary.rows) <= DETAILS_MAX:
        for a in summary.details:
            print_document(a, console, brief=True)
    elif summary.rows:
        console.print(f"[dim]records of one document: newsledger show {escape(summary.rows[0].id)}[/dim]")


def undated_warning(summary: Summary) -> str | None:
    """One line about documents without a publication date (their relative dates could not be anchored)."""
    if not summary.undated:
        return None
    named = ", ".join(summary.undated[:UNDATED_NAMED]) + (", …" if len(summary.undated) > UNDATED_NAMED else "")
    return (f"{len(summary.undated)} document(s) without a publication date ({named}): relative dates such as"
            " 'yesterday' stay unresolved; give one with --published or a published/date field")
