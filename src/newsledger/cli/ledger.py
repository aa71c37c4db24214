"""Ledger commands: ``search`` and ``show``."""

from __future__ import annotations

import re
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
        query: Annotated[str, typer.Argument(help='Words to find (stemmed: "sanction" finds "sanctions"); "a phrase", prefix*, OR, -exclude.')],
        db: DbOption = None,
        limit: Annotated[int, typer.Option(min=1, max=500, help="Results per kind.")] = 10,
        offset: Annotated[int, typer.Option(min=0, help="Results to skip per kind (paging).")] = 0,
        kind: Annotated[str | None, typer.Option(help="Only one kind: documents, quotes, events, entities or clusters.")] = None,
        outlet: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
        date_from: Annotated[str | None, typer.Option("--from", help="Earliest date: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
        date_to: Annotated[str | None, typer.Option("--to", help="Latest date: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
        event_type: Annotated[str | None, typer.Option("--type", help="Event type (ASSAULT, PROTEST, ...).")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON (the /api/search shape, facets included).")] = False,
    ) -> None:
        """Search articles, quotes, events, entities and clusters.

        Example: newsledger search "grain corridor" --from 2025-03 --db newsledger.sqlite
        """
        from newsledger.cli.searchview import SECTIONS, print_results
        from newsledger.ledger.filters import Filters
        from newsledger.ledger.search import search

        kinds = tuple(k for k, *_ in SECTIONS)
        if kind is not None and kind.lower() not in kinds:
            raise typer.BadParameter(f"use one of {', '.join(kinds)}", param_hint="--kind")
        for name, value in (("--from", date_from), ("--to", date_to)):
            if value is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
                raise typer.BadParameter("use YYYY, YYYY-MM or YYYY-MM-DD", param_hint=name)
        f = Filters(q=query, outlet=outlet, date_from=date_from, date_to=date_to,
                    type=event_type.upper() if event_type else None, limit=limit, offset=offset)
        asked = (kind.lower(),) if kind else kinds
        with Ledger(existing_ledger(db)) as ledger:
            out = search(ledger.conn, f, asked, with_facets=as_json)
        if as_json:
            typer.echo(dumps(out, indent=2))
        else:
            print_results(out, Console(highlight=False), asked)
        if not any(out[k]["total"] for k in asked):
            raise typer.Exit(1)

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
