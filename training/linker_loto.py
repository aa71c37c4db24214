"""Leave-one-topic-out ECB+ scores of the whole linking, per dev topic, and where the gold pairs are lost.

    python training/linker_loto.py [--ecb ../shared/data/ecbplus] [--cache DIR] [--thresholds 0.2 0.1]
        [--roles system] [--l2 1.0] [--json OUT]

For each dev topic T the learned pass is fitted on the pairs of the *other* dev topics (``training/linker.py``'s
own ``pairs`` and ``fit``), the whole dev split is clustered with it (the rule passes and the learned pass, as a
ledger of several stories would see it) and only T's climax mentions are scored: the honest estimate of
held-out, which is never read here. Beside each topic, the same-lemma baseline. B-cubed is computed per mention
on the full clusters (a merge with another topic's climax mention counts against precision); CoNLL per topic on
the topic's mentions. The pooled row joins the folds' clusters of their own topics.

Losses: every same-topic climax pair in two documents that the fold did not put in one cluster is counted once,
at the first gate that keeps it apart (``loss``).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import numpy as np

from common import ROOT  # noqa: F401  (puts this checkout's src/ first)
from linker import fit, pairs
from newsledger.evaluate.clustering import conll
from newsledger.evaluate.ecb import load_split
from newsledger.ledger import Ledger
from newsledger.ledger.cluster import Clusterer, update
from newsledger.ledger.context import DocIndex
from newsledger.ledger.event_features import EventFeatures, event_features, lemma
from newsledger.ledger.linker import LinkModel, pair_features
from newsledger.ledger.match import figures_clash, participants_clash, same_place, types_compatible
from newsledger.ledger.rejoin import (
    MAX_REPORTS,
    _countries_clash,
    _killed_once,
    _one_victim,
    dates_fit,
    roles_clash,
)

Key = tuple[str, str]


def bcubed_by_mention(system: dict[Key, Hashable], gold: dict[Key, Hashable]) -> dict[Key, tuple[float, float]]:
    """B-cubed precision and recall of each gold mention, over the gold mentions of its system cluster."""
    by_sys: dict[Hashable, set[Key]] = {}
    by_gold: dict[Hashable, set[Key]] = {}
    for k in gold:
        by_sys.setdefault(system[k], set()).add(k)
        by_gold.setdefault(gold[k], set()).add(k)
    out = {}
    for k in gold:
        s, g = by_sys[system[k]], by_gold[gold[k]]
        both = len(s & g)
        out[k] = (both / len(s), both / len(g))
    return out


def summary(per: dict[Key, tuple[float, float]], keys: list[Key], system: dict[Key, Hashable],
            gold: dict[Key, Hashable]) -> dict[str, float]:
    """Mean B-cubed P / R / F1 over ``keys`` and the CoNLL F1 of their clusters."""
    p = float(np.mean([per[k][0] for k in keys]))
    r = float(np.mean([per[k][1] for k in keys]))
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    c = conll({k: system[k] for k in keys}, {k: gold[k] for k in keys})["conll_f1"]
    return {"b3_p": round(p, 3), "b3_r": round(r, 3), "b3_f1": round(f1, 3), "conll": round(float(c), 3), "mentions": len(keys)}


def conflict_reason(a: list[EventFeatures], b: list[EventFeatures]) -> str | None:
    """Which check of ``rejoin.conflict`` keeps two clusters apart (None when none does)."""
    for x in a[-MAX_REPORTS:]:
        for y in b[-MAX_REPORTS:]:
            victim = _one_victim(x, y)
            checks = (("type", not types_compatible(x.type, y.type)), ("figures", figures_clash(x, y)),
                      ("country", _countries_clash(x, y)),
                      ("date", not dates_fit(x, y) and not (victim and _killed_once(x, y))),
                      ("roles", roles_clash(x, y) and not victim),
                      ("place", same_place(x, y) is False and not (x.place_inferred or y.place_inferred)))
            for name, fired in checks:
                if fired:
                    return name
    return None


def loss(x: EventFeatures | None, y: EventFeatures | None, clusters: dict[int, list[EventFeatures]],
         cluster_of: dict[Key, int], index: DocIndex, clusterer: Clusterer, model: LinkModel) -> str:
    """The first gate that keeps two same-topic climax reports of two documents out of one cluster."""
    if x is None or y is None:
        return "never clustered"
    if not index.same_story(x.doc_id, y.doc_id):
        return "blocking: not one story"
    a, b = clusters[cluster_of[(x.doc_id, x.event_id)]], clusters[cluster_of[(y.doc_id, y.event_id)]]
    reason = conflict_reason(a, b)
    if reason:
        return f"conflict: {reason}"
    if participants_clash(x, y):
        return "participant clash"
    prob = model.probability(pair_features(x, y, index.cosine(x.doc_id, y.doc_id), clusterer.said))
    if prob < model.threshold:
        return "under the threshold"
    return "blocking: not a candidate"


def fold_run(docs: list[Any], work: Path, model: LinkModel, topic: str, gold: dict[Key, str]) -> tuple[dict[Key, Hashable], Counter[str]]:
    """Cluster the dev split with one fold's model; the topic's clusters and the losses of its gold pairs."""
    db = work / f"loto-{topic}.sqlite"
    db.unlink(missing_ok=True)
    with Ledger(db) as ledger:
        ledger.store_many([a for a, _ in docs])
        update(ledger.conn, model=model)
        members: dict[int, list[EventFeatures]] = {}
        cluster_of: dict[Key, int] = {}
        for cid, features in ledger.conn.execute("SELECT cluster_id, features FROM cluster_members ORDER BY rowid"):
            ev = EventFeatures(**json.loads(features))
            members.setdefault(int(cid), []).append(ev)
            cluster_of[(ev.doc_id, ev.event_id)] = int(cid)
        system: dict[Key, Hashable] = {k: cluster_of.get(k, f"solo:{k[0]}:{k[1]}") for k in gold}
        index = DocIndex(ledger.conn)
        index.build(sorted({a.document.id for a, _ in docs}))
        clusterer = Clusterer(ledger.conn, model)
        feats = {k: ev for d in {k[0] for k, t in gold.items() if t == topic}
                 for ev in event_features(ledger.conn, d) if ev.clusterable for k in [(ev.doc_id, ev.event_id)]}
        keys = sorted(k for k, t in gold.items() if t == topic)
        losses: Counter[str] = Counter()
        for i, k in enumerate(keys):
            for m in keys[i + 1:]:
                if k[0] == m[0]:
                    continue
                if system[k] == system[m]:
                    losses["joined"] += 1
                else:
                    losses[loss(feats.get(k), feats.get(m), members, cluster_of, index, clusterer, model)] += 1
    return system, losses


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ecb", type=Path, default=Path("../shared/data/ecbplus"))
    ap.add_argument("--cache", type=Path, required=True, help="the pipeline's analyses of the ECB+ dev texts")
    ap.add_argument("--roles", default="system")
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--thresholds", type=float, nargs="+", default=[0.2])
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    docs = load_split(args.ecb, "dev", args.roles, args.cache)
    gold: dict[Key, str] = {}
    trig: dict[Key, Hashable] = {}
    for a, climax in docs:
        for e in a.events:
            if e.id in climax:
                gold[(a.document.id, e.id)] = str(a.document.meta["topic"])
                trig[(a.document.id, e.id)] = lemma(e.trigger.text)
    topics = sorted(set(gold.values()), key=int)
    base = bcubed_by_mention(trig, gold)  # type: ignore[arg-type]
    report: dict[str, Any] = {"baseline": {t: summary(base, [k for k in gold if gold[k] == t], trig, gold) for t in topics}}
    report["baseline"]["pooled"] = summary(base, list(gold), trig, gold)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        x, y, groups, _ = pairs(args.ecb, "dev", work, args.roles, args.cache)
        folds = {t: fit(x[np.array([t not in g for g in groups])], y[np.array([t not in g for g in groups])], args.l2)
                 for t in topics}
        for th in args.thresholds:
            pooled: dict[Key, Hashable] = {}
            per: dict[Key, tuple[float, float]] = {}
            rows: dict[str, Any] = {}
            total: Counter[str] = Counter()
            for t in topics:
                system, losses = fold_run(docs, work, LinkModel(folds[t].weights, folds[t].bias, th), t, gold)
                keys = [k for k in gold if gold[k] == t]
                scores = bcubed_by_mention(system, gold)
                per.update({k: scores[k] for k in keys})
                pooled.update({k: (t, system[k]) for k in keys})
                rows[t] = {**summary(scores, keys, system, gold), "losses": dict(losses)}
                total.update(losses)
                print(json.dumps({"threshold": th, "topic": t, **rows[t]}), flush=True)
            rows["pooled"] = {**summary(per, list(gold), pooled, gold), "losses": dict(total)}
            print(json.dumps({"threshold": th, "topic": "pooled", **rows["pooled"]}), flush=True)
            report[str(th)] = rows
    print(json.dumps({"baseline": report["baseline"]}))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
