"""CLI: link, export (all formats and layouts), and the serve/eval commands' registration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.ledger import Ledger
from tests.ledger.corpus import corpus

runner = CliRunner()


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "l.sqlite"
    with Ledger(path) as ledger:
        ledger.store_many(corpus())
    return path


def test_link_then_export_jsonl(db: Path, tmp_path: Path) -> None:
    ids = tmp_path / "ids.json"
    ids.write_text(json.dumps({"Kim Jong Un": "Q56226"}), encoding="utf-8")
    r = runner.invoke(app, ["link", "--db", str(db), "--ids", str(ids)])
    assert r.exit_code == 0 and "linked 5 new document(s)" in r.stdout
    out = tmp_path / "e.jsonl"
    r = runner.invoke(app, ["export", "--db", str(db), "--what", "entities", "--out", str(out)])
    assert r.exit_code == 0
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert {"name": "Kim Jong Un", "external_id": "Q56226"}.items() <= next(x for x in rows if x["name"] == "Kim Jong Un").items()


@pytest.mark.parametrize(("args", "code"), [
    (["--format", "csv", "--layout", "acled"], 0), (["--format", "csv", "--layout", "gdelt"], 0),
    (["--what", "clusters", "--format", "csv", "--layout", "polecat"], 0),
    (["--format", "parquet"], 2), (["--format", "xml"], 2), (["--what", "quotes", "--layout", "gdelt"], 2)])
def test_export_options(db: Path, args: list[str], code: int) -> None:
    r = runner.invoke(app, ["export", "--db", str(db), *args])
    assert r.exit_code == code
    if code == 0:
        assert r.stdout.splitlines()[0].startswith(("event_id_cnty", "GLOBALEVENTID", "event_id,"))


def test_commands_are_registered() -> None:
    r = runner.invoke(app, ["--help"])
    for name in ("serve", "link", "export"):
        assert name in r.stdout
    assert "ecb" in runner.invoke(app, ["eval", "--help"]).stdout
