"""Read commands need an existing ledger; --dask writes a ledger only when asked; CSV exports are formula-safe."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsledger.cli import analyze as analyze_cli
from newsledger.cli import app
from newsledger.ledger import Ledger
from newsledger.ledger.export import escape_cell, write
from tests.ledger.corpus import corpus

runner = CliRunner()


def _bad_dbs(tmp: Path) -> dict[str, Path]:
    text = tmp / "notes.txt"
    text.write_text("not a database", encoding="utf-8")
    other = tmp / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    folder = tmp / "folder"
    folder.mkdir()
    return {"missing": tmp / "typo.sqlite", "text": text, "foreign": other, "folder": folder}


@pytest.mark.parametrize("kind", ["missing", "text", "foreign", "folder"])
@pytest.mark.parametrize("command", [["search", "bridge"], ["show", "x"], ["export", "--no-link"], ["serve", "--no-link"], ["link"]])
def test_read_commands_refuse_a_wrong_db(tmp_path: Path, kind: str, command: list[str]) -> None:
    db = _bad_dbs(tmp_path)[kind]
    before = sorted(p.name for p in tmp_path.iterdir())
    r = runner.invoke(app, [*command, "--db", str(db)])
    assert r.exit_code == 2, r.output
    assert "error" in r.output and len(r.output.strip().splitlines()) <= 2
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing created


def test_analyze_into_a_non_sqlite_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The canal lock reopened on Monday.", encoding="utf-8")
    db = _bad_dbs(tmp_path)["text"]
    r = runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), "--db", str(db), "--model", "blank:en", "--stages", "none"])
    assert r.exit_code == 2 and "cannot use" in r.output


@pytest.mark.parametrize(("env_db", "flag", "expected"), [(None, False, None), (None, True, "flag"), ("env", False, "env")])
def test_dask_writes_a_ledger_only_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env_db: str | None,
                                              flag: bool, expected: str | None) -> None:
    seen: dict[str, Any] = {}

    def fake_run(paths: list[str], address: str, n: int, output: Path | None, spec: object, db: Path | None, *rest: object) -> None:
        seen["db"] = db

    monkeypatch.setattr(analyze_cli, "_run_dask", fake_run)
    monkeypatch.chdir(tmp_path)
    paths = {"flag": tmp_path / "flag.sqlite", "env": tmp_path / "env.sqlite"}
    if env_db:
        monkeypatch.setenv("NEWSLEDGER_DB", str(paths["env"]))
    else:
        monkeypatch.delenv("NEWSLEDGER_DB", raising=False)
    args = ["analyze", "in.jsonl", "--dask", "local", "-o", str(tmp_path / "parts")] + (["--db", str(paths["flag"])] if flag else [])
    assert runner.invoke(app, args).exit_code == 0
    assert seen["db"] == (paths[expected] if expected else None)
    assert not (tmp_path / "newsledger.sqlite").exists()


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+2", "'=1+2"), ("+33 1 23", "'+33 1 23"), ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\tTAB", "'\tTAB"), ("\rCR", "'\rCR"), ("Plain text", "Plain text"), ("a=b", "a=b"), (-5, -5), (3.5, 3.5), (None, None)],
)
def test_escape_cell(value: Any, expected: Any) -> None:
    assert escape_cell(value) == expected


@pytest.mark.parametrize(("escape", "cell"), [(True, "'=HYPERLINK(\"http://evil.example\")"), (False, "=HYPERLINK(\"http://evil.example\")")])
def test_csv_export_escapes_by_default(escape: bool, cell: str) -> None:
    rows = iter([{"id": 1, "title": '=HYPERLINK("http://evil.example")', "n": -3}])
    out = io.StringIO()
    write(rows, "csv", out, csv_escape=escape)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row == {"id": "1", "title": cell, "n": "-3"}


def test_export_command_escapes_and_opts_out(tmp_path: Path) -> None:
    db = tmp_path / "ledger.sqlite"
    with Ledger(db) as ledger:
        analyses = corpus()
        analyses[0].events[0].summary = "=cmd() – formula-looking summary"
        ledger.store_many(analyses)
    for flag, start in (([], "'=cmd()"), (["--no-csv-escape"], "=cmd()")):
        out = tmp_path / "events.csv"
        r = runner.invoke(app, ["export", "--what", "events", "--format", "csv", "--db", str(db), "--out", str(out), *flag])
        assert r.exit_code == 0, r.output
        summaries = [row["summary"] for row in csv.DictReader(out.open(encoding="utf-8"))]
        assert any(s.startswith(start) for s in summaries)


def test_analyze_never_writes_into_another_database(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The canal lock reopened on Monday.", encoding="utf-8")
    db = _bad_dbs(tmp_path)["foreign"]
    r = runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), "--db", str(db), "--model", "blank:en", "--stages", "none"])
    assert r.exit_code == 2 and "something else" in r.output
    with sqlite3.connect(db) as conn:
        assert [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["t"]
