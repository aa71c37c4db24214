"""Silver trigger rows for distilling the MiniLM trigger tagger into the default sparse trigger model.

Usage (needs ../shared, the ml extra and the parsed train documents of training/events.py in ``--cache``):
    python training/events_silver.py --round /tmp/rounds16 --cache /tmp/ev16/cache --out /tmp/ev16/silver --n 1500
Unlabeled news in no annotation round (AllSides articles and the 2005-06 AFP/Xinhua wires of ../shared/data/news,
minus every id of every ``data/annotations/*/split.tsv``, of the cleaning splits and the AllSides articles of
2013-04..06, which a judged ledger uses) is sampled with a fixed seed, parsed once with the stages before events,
and every candidate trigger token of the sparse model (its gate: the gold trigger lemmas of the train union and the
lexicon's) gets its sparse features, its dense columns and the shipped MiniLM tagger's class probabilities (the
soft label). Shards of ``--shard`` documents are written to ``--out`` (outside the repository: they hold features
of article words) as they finish, so a stopped run keeps what it made. training/events_distill.py reads them.
"""

from __future__ import annotations

import argparse
import csv
import json
import pickle
import random
import time
from pathlib import Path

import numpy as np
import torch

from common import ROOT
from common.events_docs import RoundDoc, parse_pairs, train_docs
from common.events_rows import Rows, trigger_gate, view_of
from newsledger.evaluate.rounds import load_documents
from newsledger.registry import Context
from newsledger.runtime.doctext import DOC_TEXT_KEY
from newsledger.stages.events.features import trigger_rows
from newsledger.stages.events.minilm import shipped_trigger_tagger
from newsledger.stages.events.wordvecs import load_wordvecs

SEED = 16
# AllSides months whose articles a judged ledger (blind) is built from.
JUDGED_MONTHS = ("2013-04", "2013-05", "2013-06")
WIRE_YEARS = ("2005", "2006")


def excluded_ids(root: Path) -> set[str]:
    """Every document id of an annotation round's split file and of the cleaning splits."""
    out: set[str] = set()
    for split in sorted((root / "data" / "annotations").glob("*/split.tsv")):
        with split.open(encoding="utf-8", newline="") as fh:
            out.update(r["id"] for r in csv.DictReader(fh, delimiter="\t"))
    for listing in sorted((root / "data" / "cleaning" / "splits").glob("*.txt")):
        for line in listing.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                out.add(line.split("\t")[-1])
    return out


def pool(shared: Path, excluded: set[str]) -> list[str]:
    """Ids of the unlabeled news the silver rows may come from (AllSides outside the judged months, 2005-06 wires)."""
    ids = []
    with (shared / "data/news/allsides-articles.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if not str(rec.get("date") or "").startswith(JUDGED_MONTHS):
                ids.append(f"allsides:{rec['ID']}")
    with (shared / "data/news/te3_silver_afp_xin.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if str(rec.get("dct") or "").startswith(WIRE_YEARS):
                ids.append(f"wire:{rec['docid']}")
    return [i for i in ids if i not in excluded]


def silver_rows(docs: list[RoundDoc], gate: frozenset[str], first: int) -> tuple[Rows, list[np.ndarray]]:
    """The candidate trigger rows of the documents and the tagger's class probabilities of each (the soft labels)."""
    vectors = load_wordvecs()
    tagger = shipped_trigger_tagger()
    rows, soft = Rows(), []
    for k, rd in enumerate(docs):
        v = view_of(rd)
        cands, feats, dense = trigger_rows(v, gate, vectors)
        probs = tagger.probabilities(rd.ctx)
        for j, i in enumerate(cands):
            rows.feats.append(feats[j])
            rows.dense.append(dense[j].astype(np.float16))
            rows.labels.append("")
            rows.groups.append(first + k)
            soft.append(probs[i].astype(np.float16))
    return rows, soft


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--round", type=Path, action="append", required=True, help="the train rounds (for the gate)")
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--cache", type=Path, required=True, help="training/events.py's parsed-document cache")
    ap.add_argument("--out", type=Path, required=True, help="a folder outside the repository for the shards")
    ap.add_argument("--n", type=int, default=1500, help="documents to sample")
    ap.add_argument("--shard", type=int, default=50, help="documents per shard")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    ids = pool(args.shared, excluded_ids(ROOT))
    random.Random(SEED).shuffle(ids)
    ids = ids[: args.n]
    print(f"{len(ids)} documents sampled", flush=True)
    gate = trigger_gate(train_docs(args.round, args.shared, args.cache), load_wordvecs())
    classes = shipped_trigger_tagger().classes
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "meta.json").write_text(json.dumps({"classes": classes, "gate": sorted(gate), "ids": ids}), encoding="utf-8")
    start = time.process_time()
    for s in range(0, len(ids), args.shard):
        path = args.out / f"part-{s // args.shard:03d}.pkl"
        if path.exists():
            continue
        chunk = ids[s : s + args.shard]
        docs = load_documents(args.shared, chunk)
        parsed = parse_pairs([(docs[i], {}) for i in chunk])
        rds = []
        for document, doc, analysis, _ in parsed:
            doc.user_data[DOC_TEXT_KEY] = document.text
            rds.append(RoundDoc(Context(document=document, doc=doc, analysis=analysis), {}))
        rows, soft = silver_rows(rds, gate, s)
        with path.with_suffix(".part").open("wb") as fh:
            pickle.dump((rows, soft), fh)
        path.with_suffix(".part").replace(path)
        print(f"{s + len(chunk)} documents, {len(rows.feats)} rows in {path.name}; {time.process_time() - start:.0f}s CPU", flush=True)


if __name__ == "__main__":
    main()
