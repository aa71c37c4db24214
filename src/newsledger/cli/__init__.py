"""The ``newsledger`` command line: thin typer commands over importable functions."""

from __future__ import annotations

from typing import Annotated

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
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help (click's formatter): it wraps every line at the terminal width, where rich's help panels
    # cut long option texts off at 80 columns.
    rich_markup_mode=None,
)


def version_text() -> str:
    """newsledger's version and the spaCy model's (read from package metadata: nothing is loaded)."""
    from importlib import metadata

    from newsledger.runtime.minilm import available
    from newsledger.runtime.model import MODEL_NAMES
    from newsledger.version import __version__

    def version(dist: str) -> str | None:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return None

    model = next((f"{name} {v}" for name in MODEL_NAMES if (v := version(name))), "none installed")
    accurate = f"available (torch {version('torch')})" if available() else "not installed (the ml extra)"
    return (f"newsledger {__version__}\nspaCy {version('spacy') or '?'}, model {model}\n"
            f"accurate mode (MiniLM): {accurate}")


def _print_version(value: bool) -> None:
    if value:
        typer.echo(version_text())
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                          help="Print the versions of newsledger and its spaCy model, then exit.")] = False,
) -> None:
    """Turn news articles into a ledger of what happened and who says so.

    Example: newsledger analyze examples/ --format table
    """


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
