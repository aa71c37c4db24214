"""Ledger commands: ``search`` and ``show``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from newsledger.errors import LedgerError
from newsledger.ledger import Ledger, default_db_path
from newsledger.ledger.access import require_ledger
from newsledger.render import escape, print_document
from newsledger.sanitize import dumps

DbOption = Annotated[Path | None, typer.Option("--db", help="Ledger database (default: $NEWSLEDGER_DB or ./newsledger.sqlite).")]


def existing_ledger(db: Path | None) -> Path:
    """The --db of a read command, which must be an existing ledger: else a one-line error and exit status 2."""
    try:
        return require_ledger(db or default_db_path())
    except LedgerError as exc:
        Console(stderr=True).print(f"[red]error[/red] {escape(exc)}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None


def register(app: typer.Typer) -> None:
    """Add the search and show commands to the app."""

    @app.command("search")
    def search_cmd(
        query: Annotated[str, typer.Argument(help="Words to find in article text, titles and quotes.")],
        db: DbOption = None,
        limit: Annotated[int, typer.Option(help="Maximum hits per kind.")] = 20,
    ) -> None:
        """Full-text search of the ledger.

        Example: newsledger search "Kursk region" --db newsledger.sqlite
        """
        console = Console()
        with Ledger(existing_ledger(db)) as ledger:
            hits = ledger.search(query, limit=limit)
        if not hits:
            console.print("no matches")
            raise typer.Exit(1)
        for h in hits:
            who = f" {escape(h.speaker or '?')} ({h.quote_id})" if h.kind == "quote" else ""
            console.print(f"[bold]{escape(h.doc_id)}[/bold] [{h.kind}]{who} {escape(h.outlet or '')} {h.published or ''}")
            console.print("   " + escape(" ".join(h.snippet.split())))

    @app.command("show")
    def show_cmd(
        doc_id: Annotated[str, typer.Argument(help="Document id (as printed by analyze or search).")],
        db: DbOption = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the stored contract record as JSON.")] = False,
    ) -> None:
        """Show one stored document with its records.

        Example: newsledger show pravda-2025-04-28-kursk
        """
        with Ledger(existing_ledger(db)) as ledger:
            record = ledger.get(doc_id)
        if record is None:
            Console(stderr=True).print(f"no document {escape(doc_id)!r} in the ledger; try newsledger search")
            raise typer.Exit(1)
        if as_json:
            typer.echo(dumps(record, indent=2))
        else:
            print_document(record, Console())
