"""The ``newsledger`` command line: thin typer commands over importable functions."""

from __future__ import annotations

import typer

from newsledger.cli import analyze as _analyze
from newsledger.cli import dedup as _dedup
from newsledger.cli import evaluate as _evaluate
from newsledger.cli import export as _export
from newsledger.cli import ledger as _ledger
from newsledger.cli import partitions as _partitions
from newsledger.cli import web as _web

app = typer.Typer(
    name="newsledger",
    help="Turn news articles into a ledger of what happened and who says so.\n\n"
    "Example: newsledger analyze examples/ --format table",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_analyze.register(app)
_ledger.register(app)
_partitions.register(app)
_dedup.register(app)
_web.register(app)
_export.register(app)
app.add_typer(_evaluate.app, name="eval")
_web.register_eval(_evaluate.app)
_web.register_eval_more(_evaluate.app)


def main() -> None:
    """Console-script entry point."""
    app()
