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


@app.command("timeml")
def timeml_cmd(
    directory: Annotated[Path, typer.Argument(help="Folder of TimeML .tml files (sub-folders are scored separately too).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print figures as JSON.")] = False,
    details: Annotated[bool, typer.Option("--details", help="List misses, false alarms and wrong values.")] = False,
) -> None:
    """Score the timexes stage on TimeML files (TempEval-3 Task A: span P/R/F1, value accuracy and F1).

    Example: newsledger eval timeml ../shared/data/timebank
    """
    from newsledger.evaluate.timeml import evaluate_dir, print_report

    results = evaluate_dir(directory)
    if as_json:
        typer.echo(json.dumps([r.to_dict(details=details) for r in results], indent=2, ensure_ascii=False))
    else:
        print_report(results, Console(), details=details)


@app.command("brat")
def brat_cmd(
    directory: Annotated[Path, typer.Argument(help="A brat folder with text/ and attributions/ (e.g. polnear/data/dev).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print figures as JSON.")] = False,
    details: Annotated[bool, typer.Option("--details", help="With --json: misses, false alarms, wrong speakers.")] = False,
    limit: Annotated[int | None, typer.Option("--limit", help="Score only the first N articles.")] = None,
) -> None:
    """Score quotes against brat attribution standoff (PolNeAR): content P/R/F1, speaker and cue accuracy.

    Example: newsledger eval brat ../shared/data/polnear/data/dev
    """
    from newsledger.evaluate.brat import evaluate_dir, print_brat_report

    report = evaluate_dir(directory, limit=limit, details=details)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print_brat_report(report, Console())
