"""One batch holding every hostile input of the audit: every good record is stored, every bad one is named
in one line and recorded in the failures table, and the run exits 0."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsledger.ingest.ids import suffixed
from tests.hostile_inputs import build

SRC = str(Path(__file__).resolve().parents[2] / "src")
FAST = ["--model", "blank:en", "--stages", "none", "--no-progress"]

STORED = {
    "good-harbour", "newsapi-shape", "broken-\ufffd-id", "nan-meta", "year-one", "year-max", "slash/in/id",
    "good-market", "csv-first", "csv-after", "csv-formula", "report", "utf16_bom", "alert_[31mred_]0;owned_",
}
# (file name, words of the one-line message) of every input that must be reported
FAILED = [
    ("records.jsonl:8", "text"), ("records.jsonl:9", "id"), ("records.jsonl:10", "invalid JSON"),
    ("records.jsonl:11", "not a real date"), ("unclosed_quote.csv", "unclosed quote"), ("empty_feed.xml", "empty"),
    ("no_items.rss", "no items"), ("teaser_private.rss#1", "refused"), ("teaser_private.rss#2", "refused"),
    ("holds_no_warc.warc.gz", "holds no WARC"), ("cut_short.warc.gz", "cut short"), ("bomb.warc.gz", "no WARC"),
]


def _analyze(args: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": SRC, "COLUMNS": "80"}
    env.pop("NEWSLEDGER_ALLOW_PRIVATE", None)
    return subprocess.run([sys.executable, "-m", "newsledger", "analyze", *args], env=env, capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=600)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    folder = build(tmp_path_factory.mktemp("hostile") / "in")
    db = folder.parent / "ledger.sqlite"
    run = _analyze([str(folder), "--db", str(db), "-o", str(folder.parent / "out.jsonl"), *FAST])
    return folder, db, run


def test_every_good_record_is_stored_and_the_run_exits_0(batch: tuple[Path, Path, subprocess.CompletedProcess[str]]) -> None:
    folder, db, run = batch
    assert run.returncode == 0, run.stderr
    with sqlite3.connect(db) as conn:
        ids = {r[0] for r in conn.execute("SELECT id FROM documents")}
        outlets = dict(conn.execute("SELECT id, outlet FROM documents").fetchall())
        titles = dict(conn.execute("SELECT id, title FROM documents").fetchall())
        metas = {r[0]: r[1] for r in conn.execute("SELECT id, meta FROM documents")}
    south = suffixed("report", str(folder / "same_name" / "south" / "report.txt"))
    warc_docs = {i for i in ids if i.startswith("urn:uuid:")}
    assert STORED | {south} <= ids
    assert len(warc_docs) == 3  # the complete records before the cut
    assert outlets["newsapi-shape"] == "Riverside Herald" and titles["newsapi-shape"] == "1024"
    assert json.loads(metas["nan-meta"])["score"] is None  # strict JSON: NaN became null
    assert json.loads(metas[south])["original_id"] == "report"


def test_every_bad_input_is_named_in_one_line_and_recorded(batch: tuple[Path, Path, subprocess.CompletedProcess[str]]) -> None:
    folder, db, run = batch
    lines = run.stderr.splitlines()
    with sqlite3.connect(db) as conn:
        failures = dict(conn.execute("SELECT source, message FROM failures").fetchall())
    for name, words in FAILED:
        named = [line for line in lines if line.startswith("error ") and name in line]
        assert len(named) == 1 and words in named[0], (name, named)
        recorded = [m for s, m in failures.items() if s.endswith(name) or name in s]
        assert recorded and words in recorded[0], (name, failures)
    assert "\x1b" not in run.stderr  # the escape sequences of a file name never reach the terminal
    assert all(len(line) < 600 for line in lines)


def test_resume_moves_past_the_bad_records(batch: tuple[Path, Path, subprocess.CompletedProcess[str]]) -> None:
    folder, db, _ = batch
    again = _analyze([str(folder), "--db", str(db), "--resume", "-o", str(folder.parent / "out.jsonl"), *FAST])
    assert again.returncode == 0, again.stderr
    assert "already done, skipped" in again.stderr
    with sqlite3.connect(db) as conn:
        total, distinct = conn.execute("SELECT count(*), count(DISTINCT id) FROM documents").fetchone()
    assert total == distinct == len(STORED) + 1 + 3


def test_offline_feed_items_keep_their_text(tmp_path: Path) -> None:
    folder = build(tmp_path / "in", bomb=False)
    db = tmp_path / "ledger.sqlite"
    run = _analyze([str(folder / "teaser_private.rss"), "--db", str(db), "--no-fetch", *FAST])
    assert run.returncode == 0, run.stderr
    with sqlite3.connect(db) as conn:
        texts = {r[0]: r[1] for r in conn.execute("SELECT id, text FROM documents")}
    assert texts == {"teaser-loopback": "The port authority approved a second ferry line on Monday.",
                     "teaser-metadata": "Farmers near the delta reported an early harvest this year."}


def test_nothing_succeeding_exits_non_zero(tmp_path: Path) -> None:
    folder = build(tmp_path / "in", bomb=False)
    run = _analyze([str(folder / "empty_feed.xml"), str(folder / "holds_no_warc.warc.gz"), "--no-store", *FAST])
    assert run.returncode == 1
    assert sum(line.startswith("error ") for line in run.stderr.splitlines()) == 2
