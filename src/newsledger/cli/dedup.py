"""``newsledger dedup``: link near-duplicate articles in the ledger to their earliest copy."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the ``dedup`` command to the app."""

    @app.command("dedup")
    def dedup_cmd(
        db: Annotated[Path | None, typer.Option(help="Ledger file (default $NEWSLEDGER_DB or newsledger.sqlite).")] = None,
    ) -> None:
        """Link wire copies and republications to their earliest copy.

        MinHash-LSH near-duplicates, so that corroboration counts see one source.

        Example: newsledger dedup --db newsledger.sqlite
        """
        from newsledger.ledger import Ledger
        from newsledger.stages.clean.dedup import link_duplicates

        with Ledger(db) as ledger:
            n = link_duplicates(ledger)
            total = ledger.count()
        typer.echo(f"{n} of {total} documents linked to an earlier copy")
