"""Throughput of ``newsledger analyze`` on the user's path against a tuned plain-spaCy baseline.

Usage:
    PYTHONPATH=src python benchmarks/throughput.py [CORPUS] --n 300 [--n 2000] [--json out.json]
    PYTHONPATH=src python benchmarks/throughput.py CORPUS --choose-batch   # once; writes baseline_batch.json
    PYTHONPATH=src python benchmarks/throughput.py CORPUS --n 300 --accurate-n 100   # plus --accurate's cost

CORPUS defaults to ../shared/data/news/allsides-articles.jsonl (next to the checkout). The first N non-blank
lines of it (not a sample: the same articles every time, and the 300 are the first 300 of the 2,000) are
copied to a temporary JSONL file that both sides read. Each side runs as a fresh subprocess, so interpreter start, imports, model loading and
worker start-up count on both sides:

  * ``nlp.pipe``: ``baseline_pipe.py`` -- ``spacy.load(model)`` as shipped (every component) and
    ``nlp.pipe(texts, batch_size=B, n_process=W)``; B is the best of 32/64/128/256 chosen once on 300
    articles by ``--choose-batch`` and recorded in ``benchmarks/baseline_batch.json``;
  * ``newsledger``: ``python -m newsledger analyze FILE --workers W --no-store --output OUT.jsonl`` (every
    stage, the default configuration, the JSONL written);
  * ``ledger``: the same with ``--db FRESH.sqlite`` instead of ``--no-store`` (the cost of storing).

The sides alternate over ``--rounds`` rounds (A B C A B C) and the fastest run of each is reported: seconds,
articles/s, words/s (whitespace-separated words of the texts), CPU seconds of the process tree, peak RSS of
the parent and the max over worker processes, and the ratio ``nlp.pipe seconds / newsledger seconds``.
The load average is recorded before and after every run. ``--wait-load 1.0`` waits (up to ``--wait-max``
seconds) for a quiet machine before each size. ``--accurate-n N`` measures ``analyze --accurate`` against
the default mode on the first N articles (newsledger side only) and reports the cost per article.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from proctree import Measured, loadavg, run_measured, wait_for_quiet

HERE = Path(__file__).resolve().parent
BATCH_FILE = HERE / "baseline_batch.json"
BATCH_CHOICES = (32, 64, 128, 256)
# The corpus when none is given: ../shared next to the repository (or its worktree), else /work/shared.
DEFAULT_CORPUS = next((p for p in (HERE.parent.parent / "shared/data/news/allsides-articles.jsonl",
                                   Path("/work/shared/data/news/allsides-articles.jsonl")) if p.exists()),
                      HERE.parent.parent / "shared/data/news/allsides-articles.jsonl")
GIB = 1024**3


def write_corpus(corpus: str, n: int, folder: Path) -> tuple[Path, int, int]:
    """Copy the first ``n`` non-blank lines of ``corpus`` to ``folder``; return (path, articles, words)."""
    path = folder / f"corpus-{n}.jsonl"
    articles = words = 0
    with open(corpus, encoding="utf-8") as src, path.open("w", encoding="utf-8") as dst:
        for line in src:
            if not line.strip():
                continue
            dst.write(line if line.endswith("\n") else line + "\n")
            text = json.loads(line).get("text")
            if isinstance(text, str):
                articles += 1
                words += len(text.split())
            if articles >= n:
                break
    return path, articles, words


def default_model() -> str:
    from newsledger.runtime.model import available_model

    return available_model()


def baseline_cmd(path: Path, model: str, batch: int, workers: int) -> list[str]:
    return [sys.executable, str(HERE / "baseline_pipe.py"), str(path), "--model", model, "--batch-size", str(batch),
            "--workers", str(workers)]


def newsledger_cmd(path: Path, out: Path, workers: int, db: Path | None, accurate: bool = False) -> list[str]:
    cmd = [sys.executable, "-m", "newsledger", "analyze", str(path), "--workers", str(workers), "--output", str(out),
           "--no-progress"]
    cmd += ["--db", str(db)] if db is not None else ["--no-store"]
    return cmd + (["--accurate"] if accurate else [])


def _count_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for line in fh if line.strip())


def run_side(side: str, cmd: list[str], out: Path | None = None, db: Path | None = None) -> Measured:
    """Run one side once (fresh output and ledger files) and check that it did the work."""
    for stale in (out, db, *(Path(str(db) + s) for s in ("-wal", "-shm") if db is not None)):
        if stale is not None and stale.exists():
            stale.unlink()
    m = run_measured(cmd, env=dict(os.environ))
    if m.returncode != 0:
        raise SystemExit(f"{side} failed (exit {m.returncode}):\n{m.stderr_tail}")
    if out is not None:
        m.extra["records_written"] = _count_lines(out)
    return m


def best(runs: list[Measured]) -> Measured:
    """The fastest run (least wall time) of a side."""
    return min(runs, key=lambda m: m.seconds)


def rates(m: Measured, articles: int, words: int) -> dict[str, Any]:
    """The reported figures of one run."""
    return {
        "seconds": round(m.seconds, 2), "articles_per_s": round(articles / m.seconds, 3),
        "words_per_s": round(words / m.seconds, 1), "cpu_seconds": round(m.cpu_seconds, 2),
        "cpu_ms_per_article": round(1000 * m.cpu_seconds / articles, 1),
        "parent_cpu_seconds": round(m.parent_cpu_seconds, 2),
        "parent_peak_rss_gib": round(m.parent_peak_rss / GIB, 3), "worker_peak_rss_gib": round(m.worker_peak_rss / GIB, 3),
        "workers_seen": m.workers_seen, "loadavg_before": m.loadavg_before, "loadavg_after": m.loadavg_after,
        **m.extra,
    }


def read_batch_choice() -> int:
    if not BATCH_FILE.exists():
        raise SystemExit(f"{BATCH_FILE} is missing: run this benchmark once with --choose-batch (or give --batch-size)")
    return int(json.loads(BATCH_FILE.read_text(encoding="utf-8"))["chosen_batch_size"])


def choose_batch(args: argparse.Namespace, tmp: Path, model: str) -> dict[str, Any]:
    """Time the baseline with each batch size (alternating, ``--rounds`` rounds) and record the fastest."""
    wait = wait_for_quiet(args.wait_load, args.wait_max) if args.wait_load else None
    path, articles, words = write_corpus(args.corpus, args.choose_n, tmp)
    runs: dict[int, list[Measured]] = {b: [] for b in BATCH_CHOICES}
    for rnd in range(args.rounds):
        for b in BATCH_CHOICES:
            m = run_side(f"nlp.pipe batch {b}", baseline_cmd(path, model, b, args.workers))
            runs[b].append(m)
            print(f"round {rnd + 1} batch_size {b:4d}: {m.seconds:7.1f} s, CPU {m.cpu_seconds:7.1f} s, "
                  f"worker RSS {m.worker_peak_rss / GIB:.2f} GiB, load {m.loadavg_before[0]:.2f}", flush=True)
    table = [{"batch_size": b, "runs_seconds": [round(m.seconds, 2) for m in rs], **rates(best(rs), articles, words)}
             for b, rs in runs.items()]
    chosen = min(table, key=lambda row: row["seconds"])
    record = {
        "chosen_batch_size": chosen["batch_size"],
        "rule": f"fastest best-of-{args.rounds} wall time of nlp.pipe(n_process={args.workers}) over {BATCH_CHOICES}",
        "date": datetime.now(UTC).isoformat(timespec="seconds"), "corpus": args.corpus, "articles": articles,
        "words": words, "model": model, "workers": args.workers, "wait": wait, "table": table,
    }
    BATCH_FILE.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"chosen batch size {record['chosen_batch_size']} -> {BATCH_FILE}")
    return record


def measure_size(args: argparse.Namespace, tmp: Path, model: str, batch: int, n: int) -> dict[str, Any]:
    """Alternate the sides over the rounds on the first ``n`` articles; report the best run of each."""
    wait = wait_for_quiet(args.wait_load, args.wait_max) if args.wait_load else None
    path, articles, words = write_corpus(args.corpus, n, tmp)
    out, db = tmp / f"out-{n}.jsonl", tmp / f"ledger-{n}.sqlite"
    sides = {
        "nlp.pipe": lambda: run_side("nlp.pipe", baseline_cmd(path, model, batch, args.workers)),
        "newsledger": lambda: run_side("newsledger", newsledger_cmd(path, out, args.workers, None), out=out),
        "ledger": lambda: run_side("ledger", newsledger_cmd(path, out, args.workers, db), out=out, db=db),
    }
    chosen = [s for s in args.sides.split(",") if s]
    runs: dict[str, list[Measured]] = {s: [] for s in chosen}
    print(f"\n{n} articles requested: {articles} articles, {words:,} words; model {model}; "
          f"nlp.pipe batch_size {batch}; workers {args.workers}", flush=True)
    for rnd in range(args.rounds):
        for side in chosen:
            m = sides[side]()
            runs[side].append(m)
            print(f"  round {rnd + 1} {side:10s} {m.seconds:8.1f} s  CPU {m.cpu_seconds:8.1f} s  "
                  f"load {m.loadavg_before[0]:.2f} -> {m.loadavg_after[0]:.2f}", flush=True)
    row: dict[str, Any] = {
        "n": n, "articles": articles, "words": words, "batch_size": batch, "wait": wait,
        "runs": {s: [rates(m, articles, words) for m in rs] for s, rs in runs.items()},
        "best": {s: rates(best(rs), articles, words) for s, rs in runs.items()},
    }
    b = row["best"]
    if "nlp.pipe" in b and "newsledger" in b:
        row["ratio"] = round(b["nlp.pipe"]["seconds"] / b["newsledger"]["seconds"], 3)
        row["cpu_ratio"] = round(b["nlp.pipe"]["cpu_seconds"] / b["newsledger"]["cpu_seconds"], 3)
    if "ledger" in b and "newsledger" in b:
        row["ledger_overhead"] = round(b["ledger"]["seconds"] / b["newsledger"]["seconds"] - 1, 3)
        row["ledger_cpu_overhead"] = round(b["ledger"]["cpu_seconds"] / b["newsledger"]["cpu_seconds"] - 1, 3)
    print_size(row)
    return row


def measure_accurate(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    """``analyze --accurate`` against the default mode on the first ``--accurate-n`` articles."""
    path, articles, words = write_corpus(args.corpus, args.accurate_n, tmp)
    out = tmp / "out-accurate.jsonl"
    runs: dict[str, list[Measured]] = {"default": [], "accurate": []}
    for _ in range(args.rounds):
        for mode in runs:
            cmd = newsledger_cmd(path, out, args.workers, None, accurate=mode == "accurate")
            runs[mode].append(run_side(mode, cmd, out=out))
    b = {mode: rates(best(rs), articles, words) for mode, rs in runs.items()}
    extra_cpu = (b["accurate"]["cpu_seconds"] - b["default"]["cpu_seconds"]) / articles
    extra_wall = (b["accurate"]["seconds"] - b["default"]["seconds"]) / articles
    row = {"articles": articles, "words": words, "best": b, "extra_cpu_s_per_article": round(extra_cpu, 3),
           "extra_wall_s_per_article": round(extra_wall, 3)}
    print(f"\n--accurate on {articles} articles ({args.workers} workers): default {b['default']['seconds']:.1f} s "
          f"({b['default']['cpu_ms_per_article']:.0f} ms CPU/article), accurate {b['accurate']['seconds']:.1f} s "
          f"({b['accurate']['cpu_ms_per_article']:.0f} ms CPU/article): +{extra_cpu:.2f} s CPU and "
          f"+{extra_wall:.2f} s wall per article; accurate worker RSS {b['accurate']['worker_peak_rss_gib']:.2f} GiB")
    return row


def print_size(row: dict[str, Any]) -> None:
    """A Markdown table of one size."""
    print(f"\n| {row['articles']:,} articles, {row['words']:,} words | seconds | articles/s | words/s | CPU s | "
          "parent CPU s | parent RSS GiB | worker RSS GiB |\n|---|---|---|---|---|---|---|---|")
    for side, r in row["best"].items():
        print(f"| {side} | {r['seconds']:.1f} | {r['articles_per_s']:.2f} | {r['words_per_s']:,.0f} | "
              f"{r['cpu_seconds']:.1f} | {r['parent_cpu_seconds']:.1f} | {r['parent_peak_rss_gib']:.2f} | "
              f"{r['worker_peak_rss_gib']:.2f} |")
    if "ratio" in row:
        print(f"ratio newsledger / nlp.pipe: {row['ratio']:.2f}x wall, {row['cpu_ratio']:.2f}x CPU")
    if "ledger_overhead" in row:
        print(f"storing into the ledger: +{100 * row['ledger_overhead']:.1f} % wall, "
              f"+{100 * row['ledger_cpu_overhead']:.1f} % CPU")


def code_version() -> dict[str, Any]:
    """Which newsledger the ``newsledger`` side runs (its source folder and git commit)."""
    import newsledger

    src = Path(newsledger.__file__).resolve().parent
    try:
        commit = subprocess.run(["git", "-C", str(src), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "-C", str(src), "status", "--porcelain", "--untracked-files=no"],
                                    capture_output=True, text=True).stdout.strip())
    except OSError:
        commit, dirty = "", False
    return {"newsledger": str(src), "commit": commit, "dirty": dirty}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS),
                    help="JSONL corpus (default: ../shared/data/news/allsides-articles.jsonl)")
    ap.add_argument("--n", type=int, action="append", help="articles (first N lines); repeat for several sizes")
    ap.add_argument("--workers", type=int, default=2, help="worker processes on both sides (n_process for spaCy)")
    ap.add_argument("--rounds", type=int, default=2, help="alternating rounds; the best run of each side counts")
    ap.add_argument("--sides", default="nlp.pipe,newsledger,ledger", help="comma-separated: nlp.pipe,newsledger,ledger")
    ap.add_argument("--batch-size", type=int, default=None, help="baseline batch size (default: baseline_batch.json)")
    ap.add_argument("--choose-batch", action="store_true", help="choose the baseline batch size and record it")
    ap.add_argument("--choose-n", type=int, default=300, help="articles for --choose-batch")
    ap.add_argument("--accurate-n", type=int, default=0, help="also measure --accurate on this many articles")
    ap.add_argument("--model", default=None, help="spaCy model package (default: the installed small model)")
    ap.add_argument("--wait-load", type=float, default=0.0, help="wait for a 1-minute load average below this")
    ap.add_argument("--wait-max", type=float, default=1800.0, help="longest wait for --wait-load, seconds")
    ap.add_argument("--json", type=Path, default=None, help="also write every figure as JSON here")
    args = ap.parse_args(argv)
    model = args.model or default_model()
    report: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"), "corpus": args.corpus, "model": model,
        "workers": args.workers, "rounds": args.rounds, "cpus": os.cpu_count(), "loadavg_start": loadavg(),
        "code": code_version(), "sizes": [],
    }
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="nl-throughput-") as tmpdir:
        tmp = Path(tmpdir)
        if args.choose_batch:
            report["batch_choice"] = choose_batch(args, tmp, model)
        batch = args.batch_size or read_batch_choice()
        for n in args.n or ([] if args.choose_batch or args.accurate_n else [300]):
            report["sizes"].append(measure_size(args, tmp, model, batch, n))
        if args.accurate_n:
            report["accurate"] = measure_accurate(args, tmp)
    report["loadavg_end"] = loadavg()
    report["total_seconds"] = round(time.perf_counter() - t0, 1)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
