"""Write the id lists of the cleaning sets (data/cleaning/splits/*.txt) from ../shared and data/cleaning.

Usage (from the repository root; the committed lists were written with the defaults):
    python training/cleaning_splits.py [--shared ../shared] [--seed 2112]
Four disjoint lists (``role<TAB>id``; ids as in newsledger.evaluate.splice_sources):
  * realnews-eval.txt: unspliced real news that no model is fitted or calibrated on: every TimeBank + AQUAINT
    document, 300 AllSides articles and 300 AFP/Xinhua wires;
  * realnews-calibration.txt: 300 AllSides articles and 200 wires on which the off-topic threshold keeps its
    false-removal budget;
  * test.txt: the test splice set's 300 AllSides and 60 wire hosts, its AllSides and wire donors, and its
    test-only donor sources (MEANTIME, PTC, the Readability pages, the helper-written test donors); the frozen
    test families and hard negatives are used by this set only;
  * calibration.txt: the calibration splice set's hosts and donors, a third of the CleanEval pages, 250 CASE
    snippets, a third of the helper-written training donors (by genre), a fifth of the training boilerplate
    families (by category) and a quarter of the training article lines.
Training sets use every other text. Documents of the annotation round's dev and test splits are in none of them.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path

from common import ROOT
from newsledger.evaluate.splice_sources import Text, is_prose, read_source, round_ids, usable_host

ROUND = ROOT / "data/annotations/news-2026-12/split.tsv"

def usable_donor(t: Text) -> bool:
    """At least one prose paragraph after the headline and lead."""
    return any(is_prose(p) for p in t.paragraphs[2:])


def take(rng: random.Random, pool: list[str], k: int, used: set[str]) -> list[str]:
    """``k`` ids of ``pool`` not used yet, marked used."""
    free = [i for i in pool if i not in used]
    out = rng.sample(free, k=min(k, len(free)))
    used.update(out)
    return out


def every_nth(items: list[str], n: int, offset: int = 0) -> list[str]:
    """Every ``n``-th item of a sorted list."""
    return sorted(items)[offset::n]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--data", type=Path, default=ROOT / "data/cleaning")
    ap.add_argument("--seed", type=int, default=2112)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    used = set(round_ids(ROUND, ["dev", "test"]))
    texts = {name: read_source(name, args.shared, args.data) for name in ("allsides", "wire", "case", "cleaneval",
                                                                        "timeml", "train-donors")}
    ids = {name: sorted(t.id for t in ts) for name, ts in texts.items()}
    hosts = {name: sorted(t.id for t in texts[name] if usable_host(t)) for name in ("allsides", "wire")}
    donors = {name: sorted(t.id for t in texts[name] if usable_donor(t)) for name in ("allsides", "wire")}
    lists: dict[str, list[tuple[str, str]]] = defaultdict(list)
    lists["realnews-eval"] += [("realnews", i) for i in ids["timeml"]]
    lists["realnews-eval"] += [("realnews", i) for i in take(rng, ids["allsides"], 300, used)]
    lists["realnews-eval"] += [("realnews", i) for i in take(rng, ids["wire"], 300, used)]
    lists["realnews-calibration"] += [("realnews", i) for i in take(rng, ids["allsides"], 300, used)]
    lists["realnews-calibration"] += [("realnews", i) for i in take(rng, ids["wire"], 200, used)]
    for name, n_hosts, n_donors in (("test", (300, 60), (400, 100)), ("calibration", (250, 50), (350, 100))):
        for source, k in zip(("allsides", "wire"), n_hosts, strict=True):
            lists[name] += [("host", i) for i in take(rng, hosts[source], k, used)]
        for source, k in zip(("allsides", "wire"), n_donors, strict=True):
            lists[name] += [("donor", i) for i in take(rng, donors[source], k, used)]
    lists["test"] += [("source", s) for s in ("meantime", "ptc", "readability", "test-donors")]
    lists["calibration"] += [("donor", i) for i in every_nth(ids["cleaneval"], 3)]
    lists["calibration"] += [("donor", i) for i in take(rng, [i for i in ids["case"] if i not in used], 250, used)]
    by_genre: dict[str, list[str]] = defaultdict(list)
    for t in texts["train-donors"]:
        by_genre[t.genre].append(t.id)
    lists["calibration"] += [("donor", i) for g in sorted(by_genre) for i in every_nth(by_genre[g], 3, 1)]
    families = json.loads((args.data / "train-families/boilerplate_families.json").read_text(encoding="utf-8"))
    by_category: dict[str, list[str]] = defaultdict(list)
    for f in families:
        by_category[f["category"]].append(f["family"])
    lists["calibration"] += [("family", f) for c in sorted(by_category) for f in every_nth(by_category[c], 5, 2)]
    lines = json.loads((args.data / "train-families/article_lines.json").read_text(encoding="utf-8"))
    lists["calibration"] += [("negative", f"article_lines:{i}") for i in range(1, len(lines), 4)]
    out = args.data / "splits"
    out.mkdir(exist_ok=True)
    for name, rows in lists.items():
        head = f"# {name}: written by training/cleaning_splits.py --seed {args.seed}; role<TAB>id\n"
        (out / f"{name}.txt").write_text(head + "".join(f"{r}\t{i}\n" for r, i in rows), encoding="utf-8")
        print(name, len(rows))


if __name__ == "__main__":
    main()
