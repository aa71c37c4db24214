"""``newsledger eval``: score the pipeline against annotated data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from newsledger.cli.options import needs_ml
from newsledger.sanitize import dumps

app = typer.Typer(help="Score the pipeline against annotated data.\n\nExample: newsledger eval gold ../shared/examples", no_args_is_help=True)


@app.command("gold")
def gold_cmd(
    directory: Annotated[Path | None, typer.Argument(help="Folder of NAME.txt + NAME.gold.json files.")] = None,
    round_dir: Annotated[list[Path] | None, typer.Option("--round", help="An annotation round (data/annotations/<round>) instead of a folder; repeat it to score several rounds' splits together.")] = None,
    split: Annotated[str, typer.Option(help="The round's splits to score, comma-separated (train, dev, test).")] = "dev",
    strata: Annotated[str, typer.Option(help="Only these sampling strata of the round's split file, comma-separated.")] = "",
    shared: Annotated[Path, typer.Option(help="The shared data folder the round's texts are read from.")] = Path("../shared"),
    blind: Annotated[bool, typer.Option("--blind", help="Confirm scoring the blind test split (once, at the end of a round).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print figures as JSON.")] = False,
    details: Annotated[bool, typer.Option("--details", help="List misses and false alarms.")] = False,
    accurate: Annotated[bool, typer.Option("--accurate", callback=needs_ml, help="Run the opt-in MiniLM stage modes (needs the ml extra).")] = False,
) -> None:
    """Score against gold files in the newsledger gold format, or an annotation round's split (P/R/F1 per field).

    Examples: newsledger eval gold ../shared/examples --details
              newsledger eval gold --round data/annotations/news-2026-12 --split dev --json
              newsledger eval gold --round data/annotations/news-2026-12b --round data/annotations/news-2026-12c --split test --blind
    """
    from newsledger.evaluate.gold import evaluate_dir
    from newsledger.evaluate.gold_report import print_report
    from newsledger.evaluate.round_gold import BLIND_SPLIT, evaluate_round
    from newsledger.pipeline import Pipeline

    if (directory is None) == (not round_dir):
        raise typer.BadParameter("give either a gold folder or --round DIR")
    if round_dir:
        splits = [s.strip() for s in split.split(",") if s.strip()]
        if BLIND_SPLIT in splits and not blind:
            raise typer.BadParameter(f"the {BLIND_SPLIT!r} split is the round's blind test: score it once, with --blind")
        report = evaluate_round(round_dir, splits, shared, Pipeline(accurate=accurate),
                                [s for s in strata.split(",") if s] or None)
    else:
        assert directory is not None
        report = evaluate_dir(directory, Pipeline(accurate=accurate))
    if as_json:
        typer.echo(dumps(report.to_dict(details=details), indent=2, ensure_ascii=False))
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
    accurate: Annotated[bool, typer.Option("--accurate", callback=needs_ml, help="Score the accurate (MiniLM) off-topic mode; needs the ml extra.")] = False,
) -> None:
    """Score boilerplate and off-topic removal on a generated splice set.

    Example: newsledger eval removal --n 300 --seed 13 [--accurate]
    """
    from newsledger.evaluate.removal import evaluate_cases
    from newsledger.evaluate.splice import generate

    if not source.exists():
        raise typer.BadParameter(f"{source} not found; pass --source PATH to a JSONL of articles")
    cases = list(generate(source, n=n, seed=seed))
    if write:
        with write.open("w", encoding="utf-8") as fh:
            for c in cases:
                fh.write(dumps(c.to_dict(), ensure_ascii=False) + "\n")
    score = evaluate_cases(cases, accurate=accurate)
    figures = score.figures()
    if details:
        figures["misses"] = score.misses
        figures["false_alarms"] = score.false_alarms
    _print_figures(figures, as_json)


@app.command("cleaning")
def cleaning_cmd(
    which: Annotated[str, typer.Option("--set", help="test, calibration or train (splice sets), or real / real-calibration "
                                                      "(unspliced real news of data/cleaning/splits/realnews-*.txt).")] = "test",
    data: Annotated[Path, typer.Option(help="The cleaning data folder (families, donors, splits).")] = Path("data/cleaning"),
    shared: Annotated[Path, typer.Option(help="The shared data folder the texts are read from.")] = Path("../shared"),
    n: Annotated[int | None, typer.Option("--n", help="Only this many articles (train: sampled; default 1,000).")] = None,
    seed: Annotated[int, typer.Option(help="Random seed (train set only; the others are fixed).")] = 0,
    report: Annotated[Path | None, typer.Option(help="Real news: write every removal here (.md with the "
                                                      "text, keep it out of the repository; .tsv: offsets only).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print figures as JSON.")] = False,
    details: Annotated[bool, typer.Option("--details", help="List misses and false alarms.")] = False,
    accurate: Annotated[bool, typer.Option("--accurate", help="Score the accurate (MiniLM) mode; needs the ml extra.")] = False,
    cache: Annotated[Path | None, typer.Option(help="Keep the spaCy parses here (scoring another model then needs no parse).")] = None,
) -> None:
    """Score the clean stage on the cleaning splice sets or on unspliced real news (docs/clean.md).

    Examples: newsledger eval cleaning --set test --json
              newsledger eval cleaning --set real --report /tmp/realnews-removals.md
    """
    from newsledger.evaluate.cleaning import evaluate_cases, real_documents, real_news, write_report
    from newsledger.evaluate.splice_sets import SETS, generate_set
    from newsledger.evaluate.splice_sources import read_split_file

    figures: dict[str, object]
    if which in ("real", "real-calibration"):
        name = "realnews-eval" if which == "real" else "realnews-calibration"
        ids = [i for _, i in read_split_file(data / "splits" / f"{name}.txt")][:n]
        figures, removals = real_news(real_documents(ids, shared), accurate=accurate, cache=cache)
        if report:
            write_report(report, figures, removals)
        if details:
            figures["removed_spans"] = [f"{r['kind']} {r['doc']} {r['score']}: {r['text'][:160]}" for r in removals]
    elif which in SETS:
        score = evaluate_cases(generate_set(which, data, shared, n=n, seed=seed), accurate=accurate, cache=cache)
        figures = score.figures()
        if details:
            figures["misses"] = score.misses
            figures["false_alarms"] = score.false_alarms
    else:
        raise typer.BadParameter(f"unknown set {which!r}; use test, calibration, train, real or real-calibration")
    _print_figures(figures, as_json)


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
        typer.echo(dumps(report, indent=2, ensure_ascii=True))
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
        typer.echo(dumps([r.to_dict(details=details) for r in results], indent=2, ensure_ascii=False))
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
        typer.echo(dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print_brat_report(report, Console(width=150))  # wide enough for the figures without wrapping


@app.command("meantime")
def meantime_cmd(
    directory: Annotated[Path, typer.Argument(help="MEANTIME folder of CAT XML files (searched recursively).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print figures as JSON.")] = False,
) -> None:
    """Score events against MEANTIME: trigger P/R, actor vs Arg0, target vs Arg1, date vs TLINK anchor.

    Example: newsledger eval meantime ../shared/data/meantime
    """
    from newsledger.evaluate.meantime import evaluate_dir as meantime_dir

    figures = meantime_dir(directory).to_dict()
    if as_json:
        typer.echo(dumps(figures, indent=2, ensure_ascii=True))
        return
    table = Table("measure", "value", "n")
    for name, value in figures.items():
        if isinstance(value, dict):
            shown = value.get("accuracy", value.get("f1"))
            detail = f"P {value['precision']:.3f} R {value['recall']:.3f} F1 {value['f1']:.3f}" if "f1" in value else f"{shown:.3f}"
            table.add_row(name, detail, str(value.get("n", value.get("n_gold", ""))))
        else:
            table.add_row(name, str(value), "")
    Console().print(table)


@app.command("ptc")
def ptc_cmd(
    directory: Annotated[Path, typer.Argument(help="The PTC folder (train-articles/ + train-labels-task2-technique-classification/).")],
    part: Annotated[str, typer.Option(help="heldout (never trained on), train, or all.")] = "heldout",
    limit: Annotated[int | None, typer.Option(help="Score only the first N articles.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print figures as JSON.")] = False,
    accurate: Annotated[bool, typer.Option("--accurate", callback=needs_ml, help="Use the opt-in MiniLM framing tagger (needs the ml extra).")] = False,
) -> None:
    """Score the framing stage on PTC (SemEval-2020 Task 11) with partial-overlap span scoring.

    Example: newsledger eval ptc ../shared/data/ptc
    """
    from newsledger.evaluate.ptc import evaluate_ptc, print_report

    if part not in ("heldout", "train", "all"):
        raise typer.BadParameter("part must be heldout, train or all")
    report = evaluate_ptc(directory, part=part, limit=limit, accurate=accurate)
    if as_json:
        typer.echo(dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print_report(report, Console())


def _print_figures(figures: dict[str, Any], as_json: bool) -> None:
    """Figures as JSON, or one line per figure with lists indented below their key (text never read as markup)."""
    if as_json:
        typer.echo(dumps(figures, indent=2, ensure_ascii=False))
        return
    console = Console()
    for key, value in figures.items():
        if isinstance(value, list):
            console.print(f"[bold]{key}[/bold] ({len(value)})")
            for line in value:
                console.print(f"  {line}", markup=False, highlight=False)
        else:
            console.print(f"{key}: {value}", highlight=False, markup=False)
