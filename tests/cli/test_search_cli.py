"""``newsledger search``: titles in a table, totals and paging hints, one kind, JSON with facets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsledger.cli import app
from tests.ledger.corpus import linked_ledger
from tests.web.workbench import workbench_corpus

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return linked_ledger(tmp_path_factory.mktemp("search") / "l.sqlite", workbench_corpus())


def test_table_shows_titles_totals_and_the_next_page(db: Path) -> None:
    r = runner.invoke(app, ["search", "sanctioned", "--db", str(db), "--limit", "4"], terminal_width=100)
    assert r.exit_code == 0, r.output
    assert "Articles 1–4 of 18 articles" in r.output and "Harbour report" in r.output
    assert "more: --kind documents --offset 4" in r.output and "Events 1–4 of 18 events" in r.output


def test_one_kind_and_paging(db: Path) -> None:
    r = runner.invoke(app, ["search", "harbour", "--db", str(db), "--kind", "documents", "--offset", "28"])
    assert r.exit_code == 0 and "Articles 29–30 of 30 articles" in r.output and "Events" not in r.output


def test_json_has_every_kind_totals_and_facets(db: Path) -> None:
    r = runner.invoke(app, ["search", "sanction", "--db", str(db), "--json", "--outlet", "North Gazette"])
    out = json.loads(r.output)
    assert out["documents"]["total"] == 6 and {h["outlet"] for h in out["documents"]["items"]} == {"North Gazette"}
    assert [v["value"] for v in out["facets"]["type"]] == ["SANCTION"] and out["match"] == '"sanction"'


@pytest.mark.parametrize(("args", "code"), [(["nothing-matches-this"], 1), (["x", "--kind", "tweets"], 2),
                                            (["x", "--from", "April"], 2)])
def test_no_match_and_bad_options(db: Path, args: list[str], code: int) -> None:
    assert runner.invoke(app, ["search", *args, "--db", str(db)]).exit_code == code
