"""``newsledger ingest``: load Parquet partitions of a distributed run into the ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from newsledger.errors import NewsledgerError
from newsledger.ledger import default_db_path
from newsledger.render import escape


def register(app: typer.Typer) -> None:
    """Add the ingest command to the app."""

    @app.command("ingest")
    def ingest_cmd(
        paths: Annotated[list[str], typer.Argument(help="Partition folders or .parquet files (local or fsspec URLs) written by analyze --dask.")],
        db: Annotated[Path | None, typer.Option("--db", help="Ledger database (default: $NEWSLEDGER_DB or ./newsledger.sqlite).")] = None,
    ) -> None:
        """Load a distributed run's partitions into the ledger (idempotent).

        Example: newsledger ingest runs/partitions --db newsledger.sqlite
        """
        from newsledger.distributed.partitions import ingest_partitions
        from newsledger.extras import require

        err = Console(stderr=True)
        target = db or default_db_path()
        try:
            require("parquet", "ingest (Parquet partitions)")
            stored, failed = ingest_partitions(paths, target)
        except (NewsledgerError, OSError) as exc:
            err.print(f"[red]error[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
        err.print(f"{stored} document(s) stored, {failed} failure record(s); ledger: {target}", highlight=False)
        if stored == 0:
            raise typer.Exit(1)
