"""Write one round folder that holds the train splits of several rounds and the dev split of the first.

Usage: python training/annotation/union.py --out /tmp/rounds data/annotations/news-2026-12 \\
           data/annotations/news-2026-12b data/annotations/news-2026-12c

The trainers that take one ``--round`` (training/nominals.py, speakers.py, quote_filter.py) then train on every
round's train split and print figures on the first round's dev split. A test split is copied (as train) only with
``--retired ROUND`` and only when data/annotations/retired.tsv lists that round: its blind test was scored once and
reported, so it is no longer blind and a fresh blind round replaces it.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

FIELDS = ["id", "split", "stratum", "outlet", "date"]
RETIRED = Path(__file__).resolve().parents[2] / "data" / "annotations" / "retired.tsv"  # rounds whose test was spent


class NotRetiredError(ValueError):
    """A round's test split was asked for as training data, but retired.tsv does not list the round."""


def retired_rounds(path: Path = RETIRED) -> set[str]:
    """The names of the rounds whose blind test was scored once and may now be trained on."""
    if not path.exists():
        return set()
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["round"] for r in csv.DictReader(fh, delimiter="\t")}


def union(rounds: list[Path], out: Path, retired: list[Path] | None = None, registry: Path = RETIRED) -> dict[str, int]:
    """Write ``out``/split.tsv, train.jsonl and dev.jsonl; returns the documents per split."""
    retired = list(retired or [])
    allowed = retired_rounds(registry)
    for rnd in retired:
        if rnd.name not in allowed:
            raise NotRetiredError(f"{rnd.name}: its test split is still blind; add the round to {registry} only after "
                                  "its one scoring has been reported")
    out.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, str]] = []
    for k, rnd in enumerate(rounds + retired):
        wanted = {"test"} if k >= len(rounds) else {"train", "dev"} if k == 0 else {"train"}
        with (rnd / "split.tsv").open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh, delimiter="\t"):
                if r["split"] in wanted:
                    row = {f: r.get(f, "") for f in FIELDS}
                    row["split"] = "train" if r["split"] == "test" else r["split"]
                    rows.append(row)
    with (out / "split.tsv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=FIELDS, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with (out / "train.jsonl").open("w", encoding="utf-8") as fh:
        for rnd in rounds:
            path = rnd / "train.jsonl"
            if path.exists():
                fh.write(path.read_text(encoding="utf-8"))
        for rnd in retired:
            fh.write((rnd / "test.jsonl").read_text(encoding="utf-8"))
    (out / "dev.jsonl").write_text((rounds[0] / "dev.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    return {s: sum(1 for r in rows if r["split"] == s) for s in ("train", "dev")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("rounds", type=Path, nargs="+", help="round folders; the first one's dev split is kept")
    ap.add_argument("--retired", type=Path, action="append", default=[],
                    help="a round listed in data/annotations/retired.tsv whose spent test split is added as train")
    ns = ap.parse_args()
    try:
        print(f"{union(ns.rounds, ns.out, ns.retired)} -> {ns.out}")
    except NotRetiredError as err:
        raise SystemExit(f"union.py: {err}") from None


if __name__ == "__main__":
    main()
