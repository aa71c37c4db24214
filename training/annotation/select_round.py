"""Choose the documents of an annotation round and fix their train / dev / test split before anyone reads them.

Usage: python training/annotation/select_round.py --shared ../shared --out data/annotations/news-2026-12/split.tsv
       python training/annotation/select_round.py --plan news-2026-12b --exclude data/annotations/news-2026-12/split.tsv \
           --out data/annotations/news-2026-12b/split.tsv
       (news-2026-12c: --plan news-2026-12c and both earlier split files as --exclude; news-2026-12d: all three;
        news-2026-12e: all four; news-2026-12f: all five; news-2026-12g: all six; news-2026-12h: all seven)

The split is by document and is decided here, from metadata and length only (no label was seen):
  * AllSides articles of 200-1,200 words; four outlets are held out entirely for the blind test
    (HELDOUT_OUTLETS), so the test also measures other sources and house styles;
  * AFP/Xinhua wires of 120-900 words that mention a political actor or action (POLITICAL_WORDS); the 1997
    AFP wires go to the blind test only (another year and agency style);
  * CASE 2021 task-2 snippets (short ACLED-style event descriptions), a small share in every split.
Re-running with the same seed gives the same file.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from collections import Counter
from pathlib import Path

from newsledger.evaluate.rounds import read_split

SEED = 20261206  # news-2026-12's seed (SEEDS below)
HELDOUT_OUTLETS = ("Christian Science Monitor", "Breitbart News", "The Guardian", "Associated Press")
ALLSIDES_WORDS = (200, 1200)
WIRE_WORDS = (120, 900)
# Documents per split and stratum, per round (news-2026-12: the issue asks for >= 400 articles and a blind test
# of >= 100; news-2026-12b: a fresh blind test after news-2026-12's test was used twice, plus more training data,
# drawn from documents of no earlier round).
PLANS: dict[str, dict[str, dict[str, int]]] = {
    "news-2026-12": {
        "train": {"allsides": 200, "wire": 50, "case": 40},
        "dev": {"allsides": 40, "wire": 10, "case": 10},
        "test": {"allsides": 50, "allsides_heldout": 40, "wire_1997": 20, "case": 10},
    },
    "news-2026-12b": {
        "test": {"allsides": 24, "allsides_heldout": 8, "allsides_rare": 8, "wire_1997": 8},
        "train": {"allsides": 24, "wire": 8},
    },
    # news-2026-12c: annotation went faster than planned, so more training data and a larger blind test
    # (scored together with news-2026-12b's).
    "news-2026-12c": {
        "test": {"allsides": 16, "allsides_heldout": 4, "allsides_rare": 4, "wire_1997": 4, "case": 4},
        "train": {"allsides": 96, "wire": 24, "case": 8},
    },
    # news-2026-12d: a fresh blind test only (b and c's were scored once at the end of their round).
    "news-2026-12d": {
        "test": {"allsides": 24, "allsides_heldout": 8, "allsides_rare": 8, "wire_1997": 4, "case": 4},
    },
    # news-2026-12e: a fresh blind test only (d's was scored once at the end of round thirteen).
    "news-2026-12e": {
        "test": {"allsides": 24, "allsides_heldout": 8, "allsides_rare": 8, "wire_1997": 4, "case": 4},
    },
    # news-2026-12f: a fresh blind test only (e's was scored once at the end of round fourteen; 12-12d's tests retired).
    "news-2026-12f": {
        "test": {"allsides": 24, "allsides_heldout": 8, "allsides_rare": 8, "wire_1997": 4, "case": 4},
    },
    # news-2026-12g: a fresh blind test of 100 documents, the size issue 19 asks for (f's was scored once at the end
    # of round fifteen and is retired to training).
    "news-2026-12g": {
        "test": {"allsides": 50, "allsides_heldout": 16, "allsides_rare": 16, "wire_1997": 10, "case": 8},
    },
    # news-2026-12h: round seventeen's blind test, same plan as g (g's was scored once at the end of round sixteen
    # and is retired to training).
    "news-2026-12h": {
        "test": {"allsides": 50, "allsides_heldout": 16, "allsides_rare": 16, "wire_1997": 10, "case": 8},
    },
}
SEEDS = {"news-2026-12": 20261206, "news-2026-12b": 20261207, "news-2026-12c": 20261208, "news-2026-12d": 20261209,
         "news-2026-12e": 20261210, "news-2026-12f": 20261211,
         "news-2026-12g": 20261212, "news-2026-12h": 20261213}
# Outlets with fewer than this many candidate AllSides articles form the "rare" stratum (house styles seldom seen).
RARE_OUTLET_MAX = 60
# Share of AllSides documents drawn from the geopolitics subset (the rest from its random other topics).
GEOPOLITICS_SHARE = 0.8
POLITICAL_WORDS = re.compile(
    r"\b(minister|president|government|police|army|troops|military|rebels?|parliament|party|election|court|"
    r"sanctions?|attack(ed|s)?|killed|talks|protest(ers|s)?|officials?|treaty|ceasefire|arrest(ed)?)\b",
    re.IGNORECASE,
)


def _words(text: str) -> int:
    return len(text.split())


def allsides_pool(path: Path) -> dict[str, list[dict[str, str]]]:
    """AllSides candidates by stratum: geopolitics / other topics, held-out outlets apart."""
    pools: dict[str, list[dict[str, str]]] = {"geo": [], "other": [], "heldout": []}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if not ALLSIDES_WORDS[0] <= _words(rec["text"]) <= ALLSIDES_WORDS[1]:
                continue
            row = {"id": f"allsides:{rec['ID']}", "outlet": rec["source"], "date": rec["date"]}
            if rec["source"] in HELDOUT_OUTLETS:
                pools["heldout"].append(row)
            else:
                pools["geo" if rec.get("subset") == "geopolitics" else "other"].append(row)
    return pools


def wire_pool(path: Path) -> dict[str, list[dict[str, str]]]:
    """AFP/Xinhua candidates: 2005-2006 wires for train/dev, 1997 AFP wires for the test."""
    pools: dict[str, list[dict[str, str]]] = {"wire": [], "wire_1997": []}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if not WIRE_WORDS[0] <= _words(rec["text"]) <= WIRE_WORDS[1] or not POLITICAL_WORDS.search(rec["text"]):
                continue
            row = {"id": f"wire:{rec['docid']}", "outlet": rec["outlet"], "date": rec["dct"]}
            pools["wire_1997" if rec["dct"].startswith("1997") else "wire"].append(row)
    return pools


def case_pool(path: Path) -> list[dict[str, str]]:
    """CASE 2021 task-2 snippets (no publication date)."""
    with path.open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [{"id": f"case:{r['id']}", "outlet": "", "date": ""} for r in reader if r.get("EventSnippet")]


def select(shared: Path, seed: int = SEED, plan: str = "news-2026-12", exclude: frozenset[str] = frozenset()) -> list[dict[str, str]]:
    """The round's documents with their split and stratum, none of them in ``exclude`` (earlier rounds' ids)."""
    rng = random.Random(seed)
    news = shared / "data" / "news"
    allsides = allsides_pool(news / "allsides-articles.jsonl")
    wires = wire_pool(news / "te3_silver_afp_xin.jsonl")
    cases = case_pool(shared / "data" / "case2021" / "task2" / "test_dataset" / "test_set_final_release_with_labels.tsv")
    if exclude:
        allsides = {k: [r for r in v if r["id"] not in exclude] for k, v in allsides.items()}
        wires = {k: [r for r in v if r["id"] not in exclude] for k, v in wires.items()}
        cases = [r for r in cases if r["id"] not in exclude]
    if any("allsides_rare" in wants for wants in PLANS[plan].values()):
        counts = Counter(r["outlet"] for k in ("geo", "other") for r in allsides[k])
        allsides["rare"] = [r for k in ("geo", "other") for r in allsides[k] if counts[r["outlet"]] < RARE_OUTLET_MAX]
        rare = {r["id"] for r in allsides["rare"]}
        allsides["geo"] = [r for r in allsides["geo"] if r["id"] not in rare]
        allsides["other"] = [r for r in allsides["other"] if r["id"] not in rare]
    for pool in (*allsides.values(), *wires.values(), cases):
        rng.shuffle(pool)
    rows: list[dict[str, str]] = []
    for split, wants in PLANS[plan].items():
        for stratum, n in wants.items():
            if stratum == "allsides":
                n_geo = round(n * GEOPOLITICS_SHARE)
                picked = [allsides["geo"].pop() for _ in range(n_geo)] + [allsides["other"].pop() for _ in range(n - n_geo)]
            elif stratum == "allsides_heldout":
                picked = [allsides["heldout"].pop() for _ in range(n)]
            elif stratum == "allsides_rare":
                picked = [allsides["rare"].pop() for _ in range(n)]
            elif stratum in ("wire", "wire_1997"):
                picked = [wires[stratum].pop() for _ in range(n)]
            else:
                picked = [cases.pop() for _ in range(n)]
            rows += [{**r, "split": split, "stratum": stratum} for r in picked]
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--plan", choices=sorted(PLANS), default="news-2026-12")
    ap.add_argument("--seed", type=int, help="default: the plan's own seed (SEEDS)")
    ap.add_argument("--exclude", type=Path, action="append", default=[], help="split.tsv of an earlier round")
    ns = ap.parse_args()
    exclude = frozenset(r.id for path in ns.exclude for r in read_split(path))
    rows = select(ns.shared, ns.seed if ns.seed is not None else SEEDS[ns.plan], ns.plan, exclude)
    ns.out.parent.mkdir(parents=True, exist_ok=True)
    with ns.out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "split", "stratum", "outlet", "date"], delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["split"]] = counts.get(r["split"], 0) + 1
    print(f"{len(rows)} documents: {counts} -> {ns.out}")


if __name__ == "__main__":
    main()
