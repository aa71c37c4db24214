"""``newsledger analyze``: read inputs, run the pipeline, store in the ledger, print or write records."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated

import typer
from rich.console import Console

from newsledger.document import Analysis, Document
from newsledger.errors import InputError, NewsledgerError
from newsledger.ingest import ReadFailure, read_paths
from newsledger.ingest.text import parse_date
from newsledger.ledger import Ledger, default_db_path
from newsledger.pipeline import Failure, Pipeline
from newsledger.render import print_table

err = Console(stderr=True)


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


def _override(items: Iterator[Document | ReadFailure], published: str | None, outlet: str | None,
              url: str | None, title: str | None) -> Iterator[Document | ReadFailure]:
    pub = parse_date(published, "--published") if published else None
    for item in items:
        if isinstance(item, Document):
            item.published = pub or item.published
            item.outlet = outlet or item.outlet
            item.url = url or item.url
            item.title = title or item.title
        yield item


def run_analyze(
    paths: list[str],
    db: Path | None,
    out: IO[str] | None,
    fmt: OutputFormat,
    published: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    title: str | None = None,
    store: bool = True,
    console: Console | None = None,
) -> tuple[int, int]:
    """Analyse every input; return (documents analysed, failures)."""
    console = console or Console()
    pipeline = Pipeline()
    ledger = Ledger(db) if store else None
    ok = failed = 0
    collected: list[Analysis] = []
    pending: list[Document] = []
    items = _override(read_paths(paths), published, outlet, url, title)

    def documents() -> Iterator[Document]:
        nonlocal failed
        for item in items:
            if isinstance(item, ReadFailure):
                failed += 1
                err.print(f"[red]error[/red] {item.source}: {item.message}", highlight=False, markup=True)
                if ledger:
                    ledger.record_failure(item.source, item.message)
                continue
            pending.append(item)
            yield item

    for result in pipeline.analyze_many(documents()):
        if isinstance(result, Failure):
            failed += 1
            err.print(f"[red]error[/red] {result.source}: {result.message}", highlight=False)
            if ledger:
                ledger.record_failure(result.source, result.message)
            continue
        ok += 1
        for e in result.errors:
            err.print(f"[yellow]warning[/yellow] {result.document.id}: stage {e.stage} failed: {e.message}", highlight=False)
        if ledger:
            ledger.store(result)
        if fmt is OutputFormat.jsonl and out is not None:
            out.write(result.to_json() + "\n")
        elif fmt in (OutputFormat.json, OutputFormat.table):
            collected.append(result)
    if fmt is OutputFormat.json and out is not None:
        json.dump([a.to_dict() for a in collected], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt is OutputFormat.table:
        print_table(collected, console)
    if ledger:
        ledger.close()
    return ok, failed


def register(app: typer.Typer) -> None:
    """Add the analyze command to the app."""

    @app.command("analyze")
    def analyze_cmd(
        paths: Annotated[list[str], typer.Argument(help="Files (.txt, .json, .jsonl, ...), directories (recursive) or - for stdin.")],
        fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.jsonl,
        output: Annotated[Path | None, typer.Option("--output", "-o", help="Write records to this file instead of stdout.")] = None,
        db: Annotated[Path | None, typer.Option("--db", help="Ledger database (default: $NEWSLEDGER_DB or ./newsledger.sqlite).")] = None,
        no_store: Annotated[bool, typer.Option("--no-store", help="Do not write to the ledger.")] = False,
        published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD for every input.")] = None,
        outlet: Annotated[str | None, typer.Option(help="Outlet name for every input.")] = None,
        url: Annotated[str | None, typer.Option(help="URL for every input.")] = None,
        title: Annotated[str | None, typer.Option(help="Title for every input.")] = None,
    ) -> None:
        """Analyse articles and store them in the ledger.

        Example: newsledger analyze examples/ --format table --db newsledger.sqlite
        """
        try:
            with (output.open("w", encoding="utf-8") if output else _stdout()) as out:
                ok, failed = run_analyze(paths, db or default_db_path(), out, fmt, published, outlet, url, title, not no_store)
        except (NewsledgerError, InputError) as exc:
            err.print(f"[red]error[/red] {exc}", highlight=False)
            raise typer.Exit(2) from None
        err.print(f"{ok} document(s) analysed, {failed} failed" + ("" if no_store else f"; ledger: {db or default_db_path()}"), highlight=False)
        if ok == 0:
            raise typer.Exit(1)


class _stdout:
    def __enter__(self) -> IO[str]:
        return sys.stdout

    def __exit__(self, *exc: object) -> None:
        sys.stdout.flush()
