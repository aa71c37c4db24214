"""``newsledger export``: events, clusters, quotes and entities as JSON lines, CSV or Parquet (plain, ACLED, GDELT, POLECAT)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from newsledger.cli.ledger import DbOption, existing_ledger
from newsledger.ledger import Ledger


def register(app: typer.Typer) -> None:
    """Add the export command to the app."""

    @app.command("export")
    def export_cmd(
        what: Annotated[str, typer.Option("--what", help="events (one row per event) | clusters (one row per event cluster) | quotes | entities")] = "events",
        fmt: Annotated[str, typer.Option("--format", help="jsonl | csv | parquet")] = "jsonl",
        layout: Annotated[str, typer.Option("--layout", help="plain | acled | gdelt | polecat (events and clusters; see docs/ledgerweb.md)")] = "plain",
        out: Annotated[Path | None, typer.Option("--out", help="Output file (default: standard output; required for parquet).")] = None,
        db: DbOption = None,
        no_link: Annotated[bool, typer.Option("--no-link", help="Do not link new documents first.")] = False,
        no_csv_escape: Annotated[bool, typer.Option("--no-csv-escape", help="Write CSV cells exactly as stored; by default a cell starting with = + - @ tab or CR gets a leading ' so spreadsheets do not run it as a formula.")] = False,
    ) -> None:
        """Export the ledger for other tools.

        Example: newsledger export --what events --format csv --layout acled --out events.csv
        Example: newsledger export --what clusters --format parquet --layout gdelt --out clusters.parquet
        """
        from newsledger.ledger.export import FORMATS, LAYOUTS, WHATS, rows, write

        err = Console(stderr=True)
        for value, allowed, name in ((what, WHATS, "--what"), (fmt, FORMATS, "--format"), (layout, LAYOUTS, "--layout")):
            if value not in allowed:
                err.print(f"{name} must be one of {', '.join(allowed)}")
                raise typer.Exit(2)
        if fmt == "parquet" and out is None:
            err.print("parquet is binary: give --out FILE.parquet")
            raise typer.Exit(2)
        if fmt == "parquet":
            from newsledger.extras import install_command, missing

            if missing("parquet"):
                err.print(f"error: --format parquet needs the parquet extra: {install_command('parquet')}", soft_wrap=True,
                          highlight=False, markup=False)
                raise typer.Exit(2)
        if layout != "plain" and what not in ("events", "clusters"):
            err.print(f"the {layout} layout is for events and clusters; use --layout plain for {what}")
            raise typer.Exit(2)
        path = existing_ledger(db)
        if not no_link:
            from newsledger.cli.web import link_ledger

            err.print(link_ledger(path))
        with Ledger(path) as ledger:
            n = write(rows(ledger.conn, what, layout), fmt, out if out is not None else sys.stdout, layout, csv_escape=not no_csv_escape)
        err.print(f"exported {n} {what} row(s)" + (f" to {out}" if out else ""))
