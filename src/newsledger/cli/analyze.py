"""``newsledger analyze``: read inputs, run the pipeline, store in the ledger, print or write records."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated

import typer
from rich.console import Console

from newsledger.cli.options import needs_ml
from newsledger.cli.progress import RunProgress
from newsledger.cli.summary import Summary, print_summary, undated_warning
from newsledger.distributed.batch import PipelineSpec, Runner
from newsledger.distributed.encoded import Encoded, Want
from newsledger.distributed.resume import Checkpoint, count_inputs, done_in_ledger, done_in_output
from newsledger.document import Analysis, Document
from newsledger.errors import InputError, NewsledgerError
from newsledger.ingest import ReadFailure, read_paths
from newsledger.ingest.ids import IdRegistry
from newsledger.ingest.netguard import set_policy
from newsledger.ingest.text import parse_date
from newsledger.ledger import Ledger, default_db_path
from newsledger.pipeline import BATCH_SIZE, Failure
from newsledger.render import escape
from newsledger.sanitize import dumps

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


def output_format(fmt: OutputFormat | None, output: Path | None, stdout_is_terminal: bool) -> OutputFormat:
    """The format asked for; else JSONL into a file or a pipe and the summary table on a terminal."""
    if fmt is not None:
        return fmt
    return OutputFormat.table if output is None and stdout_is_terminal else OutputFormat.jsonl


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
    workers: int = 1,
    spec: PipelineSpec | None = None,
    checkpoint: Checkpoint | None = None,
    errors_out: IO[str] | None = None,
    progress: bool = False,
    batch_size: int = BATCH_SIZE,
) -> tuple[int, int]:
    """Analyse every input; return (documents analysed, failures).

    ``checkpoint`` holds the (id, content hash) pairs to skip (a resumed run) and counts the skips; ``errors_out`` receives one JSON error
    record per failed document or stage.
    """
    console = console or Console(highlight=False)
    runner = Runner(spec, workers=workers, batch_size=batch_size)
    ledger = Ledger(db) if store else None
    failed = 0
    summary = Summary(keep=fmt in (OutputFormat.json, OutputFormat.table))
    collected: list[Analysis] = []
    checkpoint = checkpoint or Checkpoint(set())
    ids = IdRegistry(stored=ledger.stored_source if ledger else None)
    items = checkpoint.pending(_override(read_paths(paths, ids), published, outlet, url, title), on_skip=lambda: tick(1))
    bar = RunProgress(err, count_inputs(paths), workers) if progress else None

    def error(source: str, message: str, doc_id: str | None = None, stage: str | None = None) -> None:
        nonlocal failed
        if stage is None:
            failed += 1
            if ledger:
                ledger.record_failure(source, message)
        if errors_out is not None:
            rec = {"source": source, "id": doc_id, "stage": stage, "message": message}
            errors_out.write(dumps(rec) + "\n")
            errors_out.flush()

    def documents() -> Iterator[Document]:
        for item in items:
            if isinstance(item, ReadFailure):
                err.print(f"[red]error[/red] {escape(item.source)}: {escape(item.message)}", highlight=False, soft_wrap=True)
                error(item.source, item.message)
                continue
            yield item

    def tick(n: int) -> None:
        if bar is not None:
            bar.advance(n, runner.stats.words, runner.stats.analysed)

    if workers > 1:
        runner.start()  # workers start (fork) before the progress bar's thread does
    want = Want(json=fmt is OutputFormat.jsonl and out is not None, rows=ledger is not None,
                analysis=fmt in (OutputFormat.json, OutputFormat.table))
    if bar:
        bar.start()
        if workers == 1:  # load the model now, under its own step of the bar (forked workers share the parent's)
            runner.start()
            bar.model_loaded()
    try:
        pending: list[Encoded] = []
        for result in runner.run_encoded(documents(), want):
            if isinstance(result, Failure):
                err.print(f"[red]error[/red] {escape(result.source)}: {escape(result.message)}", highlight=False, soft_wrap=True)
                error(result.source, result.message, doc_id=result.source)
                tick(1)
                continue
            for e in result.errors:
                err.print(f"[yellow]warning[/yellow] {escape(result.document.id)}: stage {e.stage} failed: {escape(e.message)}", highlight=False, soft_wrap=True)
                error(str(result.document.meta.get("source", result.document.id)), e.message, result.document.id, e.stage)
            if result.json is not None and out is not None:
                out.write(result.json + "\n")
            if result.analysis is not None and fmt is OutputFormat.json:
                collected.append(result.analysis)
            if result.analysis is not None:
                summary.add(result.analysis)
            elif result.document.published is None:
                summary.undated.append(result.document.id)
            pending.append(result)
            if len(pending) >= batch_size:
                _commit(pending, ledger, out)
            tick(1)
        _commit(pending, ledger, out)
    finally:
        runner.close()
        if bar:
            bar.stop()
    if checkpoint.skipped:
        err.print(f"{checkpoint.skipped} document(s) already done, skipped", highlight=False)
    if ids.renamed:
        err.print(f"{ids.renamed} document id(s) taken by another input got a suffix (see meta.original_id)", highlight=False)
    if fmt is OutputFormat.json and out is not None:
        out.write(dumps([a.to_dict() for a in collected], indent=2))
        out.write("\n")
    elif fmt is OutputFormat.table:
        print_summary(summary, console)
    if warning := undated_warning(summary):
        err.print(f"[yellow]warning[/yellow] {escape(warning)}", highlight=False)
    if ledger:
        ledger.close()
    return runner.stats.analysed, failed


def _commit(pending: list[Encoded], ledger: Ledger | None, out: IO[str] | None) -> None:
    """Store a batch in one transaction after its output lines are flushed (the order resume relies on)."""
    if out is not None:
        out.flush()
    if ledger and pending:
        ledger.store_rows([r.rows for r in pending if r.rows is not None])
    pending.clear()


def register(app: typer.Typer) -> None:
    """Add the analyze command to the app."""

    @app.command("analyze")
    def analyze_cmd(
        paths: Annotated[list[str], typer.Argument(help="Files (.txt, .json, .jsonl, ...), directories (recursive) or - for stdin; with --dask: shards (local paths, globs or fsspec URLs).")],
        fmt: Annotated[OutputFormat | None, typer.Option("--format", "-f", help="Output format (default: a summary table on a terminal, JSONL into a pipe or --output).")] = None,
        output: Annotated[Path | None, typer.Option("--output", "-o", help="Write records to this file instead of stdout (with --dask: the Parquet partition folder).")] = None,
        db: Annotated[Path | None, typer.Option("--db", help="Ledger database (default: $NEWSLEDGER_DB or ./newsledger.sqlite).")] = None,
        no_store: Annotated[bool, typer.Option("--no-store", help="Do not write to the ledger.")] = False,
        published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD for every input.")] = None,
        outlet: Annotated[str | None, typer.Option(help="Outlet name for every input.")] = None,
        url: Annotated[str | None, typer.Option(help="URL for every input.")] = None,
        title: Annotated[str | None, typer.Option(help="Title for every input.")] = None,
        workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Worker processes (each loads the model once).")] = 1,
        resume: Annotated[bool, typer.Option("--resume", help="Skip documents already done (same id and text) in the ledger / --output file, and append.")] = False,
        errors: Annotated[Path | None, typer.Option("--errors", help="Append one JSON error record per failed document or stage to this file.")] = None,
        progress: Annotated[bool | None, typer.Option("--progress/--no-progress", help="Progress bar with rate and ETA (default: when stderr is a terminal).")] = None,
        batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Documents per batch (per worker task and ledger transaction).")] = BATCH_SIZE,
        model: Annotated[str | None, typer.Option("--model", help="spaCy model package, or blank:en for a tokenizer-only dry run.")] = None,
        stages: Annotated[str | None, typer.Option("--stages", help="Comma-separated stages to run (plus what they require), or 'none'.")] = None,
        dask: Annotated[str | None, typer.Option("--dask", help="Run on a Dask cluster: scheduler address (tcp://host:8786) or 'local'.")] = None,
        dask_workers: Annotated[int, typer.Option("--dask-workers", min=1, help="Worker processes of --dask local.")] = 2,
        accurate: Annotated[bool, typer.Option("--accurate", callback=needs_ml, help="Opt-in MiniLM modes of the stages that have one (slower; needs the ml extra).")] = False,
        no_fetch: Annotated[bool, typer.Option("--no-fetch", help="Never use the network: URL inputs fail, feed items keep their own text.")] = False,
        allow_private: Annotated[bool, typer.Option("--allow-private", help="Let fetching reach loopback, private and link-local addresses (refused by default).")] = False,
    ) -> None:
        """Analyse articles and store them in the ledger.

        Example: newsledger analyze examples/ --format table --db newsledger.sqlite
        Large corpora: newsledger analyze corpus.jsonl -w 2 --resume -o out.jsonl --errors errors.jsonl
        """
        fmt = output_format(fmt, output, sys.stdout.isatty())
        spec = PipelineSpec(model=model, stages=_parse_stages(stages), accurate=accurate)
        set_policy(fetch=not no_fetch, allow_private=allow_private)
        db_path = db or default_db_path()
        if dask:
            # the ledger is loaded only when asked for (--db or $NEWSLEDGER_DB): the partitions are the output,
            # and the documented `newsledger ingest` would otherwise load everything a second time
            explicit = db if db is not None else (default_db_path() if os.environ.get("NEWSLEDGER_DB") else None)
            _run_dask(paths, dask, dask_workers, output, spec, None if no_store else explicit, resume, progress,
                      no_fetch, allow_private)
            return
        show = progress if progress is not None else err.is_terminal
        mode = "a" if resume and fmt is OutputFormat.jsonl else "w"
        try:
            checkpoint = _checkpoint(resume, no_store, db_path, output, fmt)
            with (output.open(mode, encoding="utf-8") if output else _stdout()) as out, (
                errors.open("a", encoding="utf-8") if errors else _null()
            ) as errors_out:
                ok, failed = run_analyze(
                    paths, db_path, out, fmt, published, outlet, url, title, not no_store,
                    workers=workers, spec=spec, checkpoint=checkpoint, errors_out=errors_out, progress=show, batch_size=batch_size,
                )
        except (NewsledgerError, InputError) as exc:
            err.print(f"[red]error[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
        err.print(f"{ok} document(s) analysed, {failed} failed" + ("" if no_store else f"; ledger: {escape(db_path)}"), highlight=False)
        if ok == 0 and checkpoint.skipped == 0:
            raise typer.Exit(1)


def _checkpoint(resume: bool, no_store: bool, db_path: Path, output: Path | None, fmt: OutputFormat) -> Checkpoint:
    """What a resumed run skips: the documents in the ledger (and the output file's complete records)."""
    if not resume:
        return Checkpoint(set())
    stored: set[tuple[str, str]] | None = None
    if not no_store:
        with Ledger(db_path) as ledger:
            stored = done_in_ledger(ledger)
    written = done_in_output(output, stored) if output and fmt is OutputFormat.jsonl else set()
    return Checkpoint((stored if stored is not None else written) or set())


def _parse_stages(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    if value.strip().lower() == "none":
        return ()
    return tuple(s.strip() for s in value.split(",") if s.strip())


def _run_dask(paths: list[str], address: str, n_workers: int, output: Path | None, spec: PipelineSpec,
              db: Path | None, resume: bool, progress: bool | None, no_fetch: bool = False, allow_private: bool = False) -> None:
    from newsledger.extras import require

    try:
        require("dask", "--dask")
    except NewsledgerError as exc:
        err.print(f"[red]error[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    from newsledger.distributed.dask_runner import ingest_partitions, run_on_dask

    if output is None:
        err.print("[red]error[/red] --dask needs --output DIR for the Parquet partitions", highlight=False)
        raise typer.Exit(2)
    try:
        summary = run_on_dask(paths, str(output), address=address, spec=spec, n_workers=n_workers, resume=resume,
                              progress=progress if progress is not None else err.is_terminal,
                              network=(not no_fetch, allow_private))
    except (NewsledgerError, InputError) as exc:
        err.print(f"[red]error[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    err.print(f"{summary.analysed} document(s) analysed, {summary.failed} failed, {summary.shards} shard(s) "
              f"({summary.skipped} already done); partitions: {output}", highlight=False)
    if db is not None:
        stored, failed = ingest_partitions([str(output)], db)
        err.print(f"ledger: {escape(db)} ({stored} document(s) stored, {failed} failure record(s))", highlight=False)
    else:
        err.print(f"no ledger written (no --db); load the partitions with: newsledger ingest {escape(output)} --db FILE",
                  highlight=False)
    if summary.analysed == 0 and summary.skipped == 0:
        raise typer.Exit(1)


class _stdout:
    def __enter__(self) -> IO[str]:
        return sys.stdout

    def __exit__(self, *exc: object) -> None:
        sys.stdout.flush()


class _null:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None
