"""Write one round folder that holds the train splits of several rounds and the dev split of the first.

Usage: python training/annotation/union.py --out /tmp/rounds data/annotations/news-2026-12 \\
           data/annotations/news-2026-12b data/annotations/news-2026-12c

The trainers that take one ``--round`` (training/nominals.py, speakers.py, quote_filter.py) then train on every
round's train split and print figures on the first round's dev split. Test splits are never copied.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

FIELDS = ["id", "split", "stratum", "outlet", "date"]


def union(rounds: list[Path], out: Path) -> dict[str, int]:
    """Write ``out``/split.tsv, train.jsonl and dev.jsonl; returns the documents per split."""
    out.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, str]] = []
    for k, rnd in enumerate(rounds):
        with (rnd / "split.tsv").open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh, delimiter="\t"):
                if r["split"] == "train" or (k == 0 and r["split"] == "dev"):
                    rows.append({f: r.get(f, "") for f in FIELDS})
    with (out / "split.tsv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=FIELDS, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with (out / "train.jsonl").open("w", encoding="utf-8") as fh:
        for rnd in rounds:
            path = rnd / "train.jsonl"
            if path.exists():
                fh.write(path.read_text(encoding="utf-8"))
    (out / "dev.jsonl").write_text((rounds[0] / "dev.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    return {s: sum(1 for r in rows if r["split"] == s) for s in ("train", "dev")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("rounds", type=Path, nargs="+", help="round folders; the first one's dev split is kept")
    ns = ap.parse_args()
    print(f"{union(ns.rounds, ns.out)} -> {ns.out}")


if __name__ == "__main__":
    main()
