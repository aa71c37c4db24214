"""The CLI end to end: analyze into a ledger, then search and show."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.document import validate

runner = CliRunner()
ARTICLE = 'date 2024-06-01 Mayor Anne Morel of Lyon said on Friday that the old bridge would reopen. "We kept our promise," Morel said.'


def test_analyze_search_show(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bridge.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    db = tmp_path / "ledger.sqlite"
    out = tmp_path / "out.jsonl"
    r = runner.invoke(app, ["analyze", str(tmp_path / "in"), "--db", str(db), "--output", str(out), "--outlet", "Lyon Daily"])
    assert r.exit_code == 0, r.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [rec["id"] for rec in records] == ["bridge"]
    assert records[0]["outlet"] == "Lyon Daily" and records[0]["published"] == "2024-06-01"
    validate(records[0])
    r = runner.invoke(app, ["search", "bridge", "--db", str(db)])
    assert r.exit_code == 0 and "bridge" in r.output
    r = runner.invoke(app, ["show", "bridge", "--db", str(db), "--json"])
    assert r.exit_code == 0 and json.loads(r.output)["id"] == "bridge"
    r = runner.invoke(app, ["show", "nope", "--db", str(db)])
    assert r.exit_code == 1


def test_analyze_fails_only_when_nothing_succeeds(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    r = runner.invoke(app, ["analyze", str(tmp_path / "empty.txt"), "--db", str(tmp_path / "l.sqlite")])
    assert r.exit_code == 1


def test_every_command_has_help() -> None:
    for args in (["--help"], ["analyze", "--help"], ["search", "--help"], ["show", "--help"], ["eval", "gold", "--help"]):
        r = runner.invoke(app, args)
        assert r.exit_code == 0 and "Example" in r.output, args
