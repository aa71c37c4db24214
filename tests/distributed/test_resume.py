"""Checkpoints: a torn output file is repaired; a killed run resumes and stores each document once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsledger.distributed.resume import count_inputs, done_in_output
from tests.articles import write_jsonl

SRC = str(Path(__file__).resolve().parents[2] / "src")  # this checkout, not the installed copy
N_DOCS = 5000


def _line(i: int) -> str:
    return json.dumps({"id": f"d{i}", "text": f"text {i}"}) + "\n"


@pytest.mark.parametrize(
    ("content", "stored", "expected_ids", "kept_lines"),
    [
        ("".join(_line(i) for i in range(3)), None, {"d0", "d1", "d2"}, 3),
        ("".join(_line(i) for i in range(3)) + '{"id": "d3", "te', None, {"d0", "d1", "d2"}, 3),
        ("".join(_line(i) for i in range(3)), {"d0", "d1"}, {"d0", "d1"}, 2),
        ("", None, set(), 0),
    ],
)
def test_done_in_output(tmp_path: Path, content: str, stored: set[str] | None, expected_ids: set[str],
                        kept_lines: int) -> None:
    import hashlib

    path = tmp_path / "out.jsonl"
    path.write_text(content, encoding="utf-8")
    keys = None if stored is None else {(i, hashlib.sha1(f"text {i[1:]}".encode()).hexdigest()) for i in stored}
    done = done_in_output(path, keys)
    assert {d[0] for d in done} == expected_ids
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(lines) == kept_lines and all(line.endswith("\n") for line in lines)


def test_count_inputs(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "a.jsonl", 0, 7)
    (tmp_path / "b.txt").write_text("One article.", encoding="utf-8")
    assert count_inputs([str(tmp_path)]) == 8
    assert count_inputs(["-"]) is None


def _analyze(args: list[str], **kw: object) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.Popen([sys.executable, "-m", "newsledger", "analyze", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True, **kw)  # type: ignore[call-overload]


def _count(db: Path) -> tuple[int, int]:
    if not db.exists():
        return 0, 0
    try:
        with sqlite3.connect(db, timeout=30) as conn:
            return conn.execute("SELECT count(*), count(DISTINCT id) FROM documents").fetchone()
    except sqlite3.OperationalError:  # schema not created yet
        return 0, 0


def _with_bad_records(corpus: Path, every: int = 400) -> int:
    """Put a bad record (a number as its text) after every ``every``-th line; returns how many."""
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    bad = [json.dumps({"id": f"bad-{i}", "text": i}) + "\n" for i in range(0, len(lines), every)]
    mixed = [x for i, line in enumerate(lines) for x in ([line, bad[i // every]] if i % every == 0 else [line])]
    corpus.write_text("".join(mixed), encoding="utf-8")
    return len(bad)


def test_killed_run_resumes_without_duplicates(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", 0, N_DOCS)
    n_bad = _with_bad_records(corpus)  # bad records on the way neither stop the run nor the resumed one
    db, out = tmp_path / "ledger.sqlite", tmp_path / "out.jsonl"
    args = [str(corpus), "--model", "blank:en", "--stages", "none", "--workers", "2", "--batch-size", "50",
            "--db", str(db), "-o", str(out), "--resume", "--no-progress"]
    first = _analyze(args)
    deadline = time.monotonic() + 120
    while _count(db)[0] < 500 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(first.pid, signal.SIGKILL)  # the run and its worker processes, mid-way
    first.wait()
    partial = _count(db)[0]
    assert 0 < partial < N_DOCS, "the run was not killed part-way; make the corpus larger"
    with out.open("ab") as fh:  # a torn line as left by a write cut short
        fh.write(b'{"schema": "newsledger/1", "id": "art-0')
    second = _analyze(args)
    _, err = second.communicate(timeout=300)
    assert second.returncode == 0, err.decode()
    assert f"{partial} document(s) already done, skipped" in err.decode()
    assert _count(db) == (N_DOCS, N_DOCS)
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(ids) == N_DOCS and len(set(ids)) == N_DOCS
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM failures WHERE message LIKE '%text: expected%'").fetchone()[0] == n_bad
