"""How the CLI behaves: output format by destination, --version, the progress bar's steps and ETA, --accurate
without the ml extra, narrow help."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsledger.cli import app, version_text
from newsledger.cli.analyze import OutputFormat, output_format
from newsledger.cli.progress import Rate

runner = CliRunner()
ARTICLE = 'date 2024-06-01 Mayor Anne Morel of Lyon said on Friday that the old bridge would reopen. "We kept our promise," Morel said.'
UNDATED = "Dock workers in Port Varna walked out on Tuesday over unpaid overtime, the union said."


@pytest.mark.parametrize(("asked", "output", "terminal", "used"), [
    (None, None, True, OutputFormat.table),
    (None, None, False, OutputFormat.jsonl),
    (None, Path("out.jsonl"), True, OutputFormat.jsonl),
    (OutputFormat.json, None, True, OutputFormat.json),
    (OutputFormat.table, None, False, OutputFormat.table),
])
def test_output_format_follows_the_destination(asked: OutputFormat | None, output: Path | None, terminal: bool,
                                               used: OutputFormat) -> None:
    assert output_format(asked, output, terminal) is used


def test_version_names_newsledger_and_the_model() -> None:
    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0 and r.output.startswith("newsledger ") and "spaCy 3.8" in r.output
    assert "model " in r.output and r.output.strip() == version_text()


def test_piped_output_is_jsonl_and_undated_documents_are_warned_about(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(UNDATED, encoding="utf-8")
    r = runner.invoke(app, ["analyze", str(tmp_path), "--no-store", "--progress"])
    assert r.exit_code == 0, r.output
    records = [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]
    assert sorted(rec["id"] for rec in records) == ["a", "b"]
    assert "analyse" in r.stderr and "2/2" in r.stderr
    assert "1 document(s) without a publication date (b)" in r.stderr


def test_table_on_request(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    r = runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), "--no-store", "--format", "table"])
    assert r.exit_code == 0 and "1 document(s) analysed" in r.stdout and "Anne Morel" in r.stdout and "{" not in r.stdout


def test_progress_bar_starts_with_the_model_load() -> None:
    from rich.console import Console

    from newsledger.cli.progress import RunProgress

    console = Console(record=True, width=80, color_system=None)
    bar = RunProgress(console, total=3)

    def frame() -> str:  # what the bar shows now (printed, so that no live terminal is needed)
        console.print(bar.bar.get_renderable())
        return console.export_text()

    first = frame()
    bar.model_loaded()
    bar.advance(3, words=300, analysed=3)
    last = frame()
    assert "loading model" in first and "analyse" not in first and "0/?" in first
    assert "analyse" in last and "3/3" in last


def test_eta_waits_for_results_and_leaves_the_model_load_out() -> None:
    rate = Rate(total=100)
    assert rate.eta(5.0) == "ETA after the first results"
    rate.begin(20.0)  # the model took 20 s to load
    rate.done = 10
    assert rate.eta(30.0) == "ETA 1:30"  # 10 documents in 10 s: 90 left at 1 a second, not 90 * 3 s
    rate.done = 100
    assert rate.eta(40.0) == "ETA 0:00"


def test_accurate_without_the_ml_extra_names_the_install_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsledger.runtime import minilm

    monkeypatch.setattr(minilm, "available", lambda: False)
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    r = runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), "--no-store", "--accurate"])
    assert r.exit_code == 2
    assert "pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu" in r.output
    assert "newsledger[ml]" in r.output


@pytest.mark.parametrize("args", [["--help"], ["analyze", "--help"], ["search", "--help"], ["serve", "--help"]])
def test_help_fits_80_columns_without_cutting_text(args: list[str]) -> None:
    r = runner.invoke(app, args, terminal_width=80, env={"COLUMNS": "80"})
    assert r.exit_code == 0
    lines = r.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    cut = [line for line in lines if line.rstrip().endswith(("…", "...")) and not line.startswith("Usage:")]
    assert cut == [], cut  # click marks a shortened help text with a trailing "..."
