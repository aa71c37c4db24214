"""``newsledger eval``: score the pipeline against annotated data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

app = typer.Typer(help="Score the pipeline against annotated data.\n\nExample: newsledger eval gold ../shared/examples", no_args_is_help=True)


@app.command("gold")
def gold_cmd(
    directory: Annotated[Path, typer.Argument(help="Folder of NAME.txt + NAME.gold.json files.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print figures as JSON.")] = False,
    details: Annotated[bool, typer.Option("--details", help="List misses and false alarms.")] = False,
) -> None:
    """Score against gold files in the newsledger gold format (P/R/F1 per field).

    Example: newsledger eval gold ../shared/examples --details
    """
    from newsledger.evaluate.gold import evaluate_dir, print_report

    report = evaluate_dir(directory)
    if as_json:
        typer.echo(json.dumps(report.to_dict(details=details), indent=2, ensure_ascii=False))
    else:
        print_report(report, Console(), details=details)


DEFAULT_NEWS = Path("../shared/data/news/allsides-articles.jsonl")


@app.command("removal")
def removal_cmd(
    source: Annotated[Path, typer.Option(help="JSONL of articles (date, source, title, text, topic).")] = DEFAULT_NEWS,
    n: Annotated[int, typer.Option("--n", help="Number of spliced articles.")] = 300,
    seed: Annotated[int, typer.Option(help="Random seed of the splice set.")] = 13,
    write: Annotated[Path | None, typer.Option(help="Also write the splice set (JSONL) here.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print figures as JSON.")] = False,
    details: Annotated[bool, typer.Option("--details", help="List misses and false alarms.")] = False,
) -> None:
    """Score boilerplate and off-topic removal on a generated splice set.

    Example: newsledger eval removal --n 300 --seed 13
    """
    from newsledger.evaluate.removal import evaluate_cases
    from newsledger.evaluate.splice import generate

    if not source.exists():
        raise typer.BadParameter(f"{source} not found; pass --source PATH to a JSONL of articles")
    cases = list(generate(source, n=n, seed=seed))
    if write:
        with write.open("w", encoding="utf-8") as fh:
            for c in cases:
                fh.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
    score = evaluate_cases(cases)
    figures = score.figures()
    if details:
        figures["misses"] = score.misses
        figures["false_alarms"] = score.false_alarms
    if as_json:
        typer.echo(json.dumps(figures, indent=2, ensure_ascii=False))
        return
    console = Console()
    for key, value in figures.items():
        if isinstance(value, list):
            console.print(f"[bold]{key}[/bold] ({len(value)})")
            for line in value:
                console.print(f"  {line}", markup=False, highlight=False)
        else:
            console.print(f"{key}: {value}", highlight=False)


@app.command("html")
def html_cmd(
    directory: Annotated[Path, typer.Argument(help="Folder with */input/*.html and */GoldStandard/*.txt.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print figures as JSON.")] = False,
) -> None:
    """Score article-body extraction (newsledger vs plain trafilatura): token and 4-gram P/R/F1.

    Example: newsledger eval html ../shared/data/html
    """
    from rich.table import Table

    from newsledger.evaluate.html import evaluate_html

    if not directory.is_dir():
        raise typer.BadParameter(f"{directory} is not a folder")
    report = evaluate_html(directory)
    if as_json:
        typer.echo(json.dumps(report, indent=2))
        return
    table = Table(title=f"Body extraction ({sum(report['pages'].values())} pages)")
    for col in ("unit", "system", "dataset", "precision", "recall", "F1 (micro)", "F1 (macro)"):
        table.add_column(col)
    for unit in ("tokens", "shingles"):
        for system, by_ds in report[unit].items():
            for ds, f in by_ds.items():
                table.add_row(unit, system, ds, f"{f['precision']:.3f}", f"{f['recall']:.3f}", f"{f['f1']:.3f}",
                              f"{f['macro_f1']:.3f}")
    Console().print(table)
