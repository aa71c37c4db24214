"""Readable terminal summaries of analyses (rich tables)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.markup import escape as _markup_escape
from rich.table import Table

from newsledger.document import Analysis, analysis_from_dict
from newsledger.sanitize import terminal_safe


def escape(value: object) -> str:
    """Text from articles, file names or messages made safe for a rich terminal: no markup, no escape sequences."""
    return _markup_escape(terminal_safe(value))


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def print_table(analyses: Iterable[Analysis], console: Console) -> None:
    """Print one summary table over documents, then each document's quotes and events."""
    analyses = list(analyses)
    table = Table(title="newsledger: documents analysed", show_lines=False)
    table.add_column("id", overflow="fold", ratio=3)
    table.add_column("outlet", overflow="fold", ratio=2)
    table.add_column("published", no_wrap=True)
    for col in ("words", "removed", "ents", "dates", "quotes", "events", "framing"):
        table.add_column(col, justify="right", no_wrap=True)
    for a in analyses:
        d = a.document
        table.add_row(
            escape(d.id), escape(d.outlet or ""), d.published.isoformat() if d.published else "",
            str(len(d.text.split())), str(len(a.removed)), str(len(a.entities)), str(len(a.timexes)),
            str(len(a.quotes)), str(len(a.events)), str(len(a.framing)),
        )
    console.print(table)
    for a in analyses:
        print_document(a, console, brief=True)


def print_document(a: Analysis | dict[str, Any], console: Console, brief: bool = False) -> None:
    """Print the records of one document."""
    if isinstance(a, dict):
        a = analysis_from_dict(a)
    d = a.document
    console.rule(f"[bold]{escape(d.id)}[/bold] {escape(d.outlet or '')} {d.published or ''}")
    if d.title:
        console.print(f"[bold]{escape(d.title)}[/bold]")
    if a.entities:
        ents = sorted(a.entities, key=lambda e: -len(e.mentions))
        shown = ents[:12] if brief else ents
        console.print("[cyan]entities:[/cyan] " + "; ".join(f"{escape(e.name)} ({e.type}, {len(e.mentions)})" for e in shown))
    if a.timexes:
        console.print("[cyan]dates:[/cyan] " + "; ".join(f"{escape(t.text)} → {t.value}" for t in a.timexes))
    for r in a.removed:
        console.print(f"[dim]removed {r.kind}: {escape(_short(d.text[r.start:r.end], 70))} ({escape(r.reason)})[/dim]")
    for q in a.quotes:
        who = q.speaker.name if q.speaker else "?"
        kind = q.kind if q.mode == "speech" else f"{q.kind}/{q.mode}"
        console.print(f"[green]quote[/green] {kind:8} {escape(who)}: “{escape(_short(q.content.text))}”")
    for e in a.events:
        claim = f" (claimed by {escape(e.claimed_by.name)})" if e.claimed_by else ""
        console.print(f"[magenta]event[/magenta] {escape(e.summary or e.type)} {escape('[' + e.modality + ']')}{claim}")
    if not brief:
        for f in a.framing:
            console.print(f"[yellow]framing[/yellow] {escape(f.text)} — {f.technique} ({escape(f.voice)})")
    for err in a.errors:
        console.print(f"[red]stage {err.stage} failed:[/red] {escape(err.message)}")
