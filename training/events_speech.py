"""Fit the speech-act model of the events stage (stages/events/speech.py) on the training union.

Usage (round seventeen's union; ``--confirm`` a second dev set that is never trained on):
    python training/events_speech.py --round /tmp/r17-speech-union --cache /tmp/r17-speech-cache \\
        --confirm data/annotations/news-2026-12e:test --out /tmp/r17-speech-model.json
One row per verb of speech (``speech_act_verbs``) that the shipped tagger (with the type model) scores and the
decoding rejects, labelled DISAPPROVE, DEMAND or THREATEN when a required gold event of that type has its trigger
head there, else O. A multinomial logistic regression (scikit-learn, L2, ``C``) is fitted; the threshold is chosen
by five-fold cross-validation over documents of the train split (the lowest threshold whose added triggers are
right at least ``--min-precision`` of the time). Reported: cross-validated hits and false triggers per threshold
on train, and the same counts on dev and each confirm set with the model fitted on all of train. ``--ship`` writes
the model to stages/events/models/speech.json. Blind test splits are never read.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from common import PACKAGE
from common.events_docs import RoundDoc, round_docs, train_docs
from common.events_rows import gold_heads, view_of
from newsledger.stages.events.detect import NONE, decode, keep_limit, score_tokens
from newsledger.stages.events.model import load_model, load_optional
from newsledger.stages.events.retype import retype
from newsledger.stages.events.speech import OTHER, SPEECH_CUE, speech_features

MODELS_DIR = PACKAGE / "stages" / "events" / "models"
# The types a verb of speech is read as (codebook section 4).
SPEECH_TYPES = ("DISAPPROVE", "DEMAND", "THREATEN")
# L2 strength (scikit-learn's C), chosen by cross-validated precision on train (0.1, 0.3, 1.0 tried).
C = 0.3
# A feature must occur in this many rows to be kept in the model file.
MIN_COUNT = 2
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.6)
FOLDS = 5


def speech_rows(docs: list[RoundDoc]) -> tuple[list[dict[str, float]], list[str], list[int], list[str]]:
    """Features, labels, document numbers and gold readings ("-" none, "opt" optional, else a type) of the rejected
    verbs of speech of the documents, with the stage's tagger and type model."""
    tagger, typer = load_model("trigger"), load_optional("typer")
    feats, labels, groups, golds = [], [], [], []
    for n, rd in enumerate(docs):
        v = view_of(rd)
        heads, _ = gold_heads(v, {"events": [e for e in rd.gold.get("events", []) if not e.get("optional")]})
        optional, _ = gold_heads(v, {"events": [e for e in rd.gold.get("events", []) if e.get("optional")]})
        cands, probs = score_tokens(v, tagger)
        if typer is not None:
            probs = retype(v, cands, probs, tagger, typer, keep_limit(tagger))
        taken = {k for t in decode(v, cands, probs, tagger) for k in range(t.first, t.last + 1)}
        none = tagger.class_index[NONE]
        for k, i in enumerate(cands):
            if i in taken or v.pos[i] != "VERB" or v.lemma[i] not in v.lex.cue(SPEECH_CUE):
                continue
            q = probs[k].copy()
            q[none] = -1.0
            feats.append(speech_features(v, i, float(probs[k][none]), tagger.classes[int(q.argmax())]))
            gold = heads.get(i, "opt" if i in optional else "-")
            labels.append(gold if gold in SPEECH_TYPES else OTHER)
            groups.append(n)
            golds.append(gold)
    return feats, labels, groups, golds


def counts(p: np.ndarray, classes: list[str], golds: list[str], threshold: float) -> Counter[str]:
    """Added triggers at a threshold: right type (hit), on another gold event (other), optional, or none."""
    out: Counter[str] = Counter()
    other = classes.index(OTHER)
    for row, gold in zip(p, golds, strict=True):
        q = row.copy()
        q[other] = -1.0
        j = int(q.argmax())
        if row[j] < threshold:
            continue
        out["hit" if gold == classes[j] else gold if gold in ("-", "opt") else "other"] += 1
    return out


def fit(feats: list[dict[str, float]], labels: list[str]) -> Any:
    """The vectoriser and the logistic regression over the rows."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    dv = DictVectorizer()
    x = dv.fit_transform(feats)
    return dv, LogisticRegression(C=C, max_iter=3000).fit(x, labels), x


def to_json(dv: Any, lr: Any, x: Any, threshold: float) -> dict[str, Any]:
    """The model file: classes, bias, the weight row of every feature seen at least ``MIN_COUNT`` times."""
    seen = np.asarray((x != 0).sum(axis=0)).ravel()
    coef = lr.coef_.T
    weights = {f: [round(float(w), 5) for w in coef[j]] for f, j in dv.vocabulary_.items() if seen[j] >= MIN_COUNT}
    return {"classes": list(lr.classes_), "bias": [round(float(b), 5) for b in lr.intercept_],
            "threshold": threshold, "weights": dict(sorted(weights.items())),
            "meta": {"C": C, "min_count": MIN_COUNT, "cue": SPEECH_CUE}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--round", type=Path, action="append", required=True, help="round(s) whose train split is fitted")
    ap.add_argument("--dev", default="dev", help="split of the first round scored as dev")
    ap.add_argument("--confirm", action="append", default=[], help="ROUND:SPLIT scored too (never fitted)")
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--shared", type=Path, default=Path("/work/shared"))
    ap.add_argument("--min-precision", type=float, default=0.4)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--ship", action="store_true")
    args = ap.parse_args()
    feats, labels, groups, golds = speech_rows(train_docs(args.round, args.shared, args.cache))
    print(f"train rows {len(labels)}: {dict(Counter(labels))}")
    rng = np.random.default_rng(0)
    fold = rng.integers(FOLDS, size=max(groups) + 1)[np.array(groups)]
    oof: np.ndarray | None = None
    for k in range(FOLDS):
        tr = fold != k
        dv, lr, _ = fit([f for f, t in zip(feats, tr, strict=True) if t], [y for y, t in zip(labels, tr, strict=True) if t])
        p = lr.predict_proba(dv.transform([f for f, t in zip(feats, tr, strict=True) if not t]))
        oof = np.zeros((len(labels), p.shape[1])) if oof is None else oof
        oof[~tr] = p
    classes = list(lr.classes_)
    chosen = THRESHOLDS[-1]
    for th in THRESHOLDS:
        c = counts(oof, classes, golds, th)  # type: ignore[arg-type]
        prec = c["hit"] / max(sum(c.values()), 1)
        print(f"train cv threshold {th}: {dict(c)} precision {prec:.3f}")
        if prec >= args.min_precision and chosen == THRESHOLDS[-1] and th < chosen:
            chosen = th
    dv, lr, x = fit(feats, labels)
    print(f"threshold {chosen}")
    for spec in [f"{args.round[0]}:{args.dev}", *args.confirm]:
        rdir, split = spec.rsplit(":", 1)
        f2, _, _, g2 = speech_rows(round_docs(Path(rdir), split, args.shared, args.cache))
        for th in THRESHOLDS:
            print(f"{spec} threshold {th}: {dict(counts(lr.predict_proba(dv.transform(f2)), classes, g2, th))}")
    model = to_json(dv, lr, x, chosen)
    text = json.dumps(model, separators=(",", ":")) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    if args.ship:
        (MODELS_DIR / "speech.json").write_text(text, encoding="utf-8")
    print(f"{len(model['weights'])} features")


if __name__ == "__main__":
    main()
