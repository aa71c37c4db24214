"""Second-pass audit of an annotation round: sample items per label, have them re-checked, report error rates.

Usage:
  python training/annotation/audit.py sample --round data/annotations/news-2026-12 --out DIR [--per-label 30] [--docs 0.10]
  python training/annotation/audit.py score --round data/annotations/news-2026-12 --verdicts DIR --out audit.json

``sample`` writes auditor packets (outside the repo: they quote the article) with every sampled item in its
sentence, plus the full label set of the sampled documents for a recall check. ``score`` reads the auditors'
verdicts and writes per-label error rates with their sample sizes (ids and verdicts only, no text).
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from newsledger.evaluate.round_gold import read_round
from newsledger.evaluate.rounds import load_documents

SEED = 20261207
SPLITS = ("train", "dev", "test")
CONTEXT = 220  # characters of context on each side of an item


def _context(text: str, span: list[int]) -> str:
    a, b = span
    return f"{text[max(0, a - CONTEXT):a]}[[{text[a:b]}]]{text[b:b + CONTEXT]}"


def items(rec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(label, item key, item) for every auditable item of one record."""
    out: list[tuple[str, str, dict[str, Any]]] = []
    for i, ev in enumerate(rec["events"]):
        out.append((f"event:{ev['type']}", f"{rec['doc']}#event{i}", ev))
        out.append((f"modality:{ev['modality']}", f"{rec['doc']}#event{i}", ev))
    for i, q in enumerate(rec["quotes"]):
        out.append((f"quote:{q['kind']}", f"{rec['doc']}#quote{i}", q))
    for i, e in enumerate(rec["entities"]):
        out.append((f"entity:{e['type']}", f"{rec['doc']}#entity{i}", e))
    for i, r in enumerate(rec["removed"]):
        out.append((f"removed:{r['kind']}", f"{rec['doc']}#removed{i}", r))
    return out


def describe(kind: str, item: dict[str, Any], text: str) -> dict[str, Any]:
    """What the auditor sees of one item: its fields and its evidence in context."""
    if kind.startswith(("event", "modality")):
        return {"fields": {k: item.get(k) for k in ("type", "actor", "target", "where", "when", "modality", "claimed_by", "optional")},
                "evidence": _context(text, item["trigger"])}
    if kind.startswith("quote"):
        src = text[item["source"][0]:item["source"][1]] if item.get("source") else None
        cue = text[item["cue"][0]:item["cue"][1]] if item.get("cue") else None
        return {"fields": {"kind": item["kind"], "speaker": item["speaker"], "source": src, "cue": cue, "optional": item.get("optional")},
                "evidence": _context(text, item["content"])}
    if kind.startswith("entity"):
        return {"fields": {"name": item["name"], "type": item["type"]},
                "mentions_in_context": [_context(text, m) for m in item["mentions"][:6]]}
    return {"fields": {"kind": item["kind"]}, "evidence": text[item["start"]:item["end"]][:600]}


def sample(round_dir: Path, shared: Path, out: Path, per_label: int, doc_share: float) -> None:
    """Write auditor packets: per-label item samples, and whole documents for the recall check."""
    rng = random.Random(SEED)
    records = list(read_round(round_dir, [s for s in SPLITS if (round_dir / f"{s}.jsonl").exists()]))  # a round may be test only
    docs = load_documents(shared, [r["doc"] for r in records])
    by_label: dict[str, list[tuple[str, dict[str, Any], str]]] = defaultdict(list)
    for rec in records:
        for label, key, item in items(rec):
            by_label[label].append((key, item, rec["doc"]))
    packet = []
    for label in sorted(by_label):
        pool = by_label[label]
        for key, item, doc_id in rng.sample(pool, min(per_label, len(pool))):
            packet.append({"label": label, "key": key, **describe(label, item, docs[doc_id].text)})
    rng.shuffle(packet)
    news = [r for r in records if not r["doc"].startswith("case:")]
    whole = rng.sample(news, max(1, round(doc_share * len(news))))
    out.mkdir(parents=True, exist_ok=True)
    chunk = 120
    for n, k in enumerate(range(0, len(packet), chunk), 1):
        (out / f"items_{n:02d}.json").write_text(json.dumps(packet[k:k + chunk], ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "recall_docs.json").write_text(json.dumps([r["doc"] for r in whole]), encoding="utf-8")
    print(f"{len(packet)} items in {len(by_label)} labels, {len(whole)} documents for the recall check -> {out}")


def score(verdicts_dir: Path, out: Path) -> dict[str, Any]:
    """Per-label error rates from the auditors' verdict files (``verdicts_*.json``: key, label, ok, problem)."""
    n: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    problems: dict[str, Counter[str]] = defaultdict(Counter)
    sub_n: Counter[str] = Counter()
    sub_wrong: Counter[str] = Counter()
    keep = []
    for path in sorted(verdicts_dir.glob("verdicts_*.json")):
        for v in json.loads(path.read_text(encoding="utf-8")):
            n[v["label"]] += 1
            if not v["ok"]:
                wrong[v["label"]] += 1
                problems[v["label"]][v.get("problem") or "other"] += 1
            for flag in ("actor_ok", "target_ok", "speaker_ok"):
                if isinstance(v.get(flag), bool) and not v["label"].startswith("modality"):
                    sub_n[flag] += 1
                    sub_wrong[flag] += not v[flag]
            keep.append({"key": v["key"], "label": v["label"], "ok": bool(v["ok"]), "problem": v.get("problem"),
                         **{f: v[f] for f in ("actor_ok", "target_ok", "speaker_ok") if isinstance(v.get(f), bool)}})
    missed: Counter[str] = Counter()
    annotated: Counter[str] = Counter()
    false_pos = 0
    checked_docs = 0
    for path in sorted(verdicts_dir.glob("recall_verdicts_*.json")):
        for d in json.loads(path.read_text(encoding="utf-8")):
            checked_docs += 1
            for m in d.get("missing", []):
                missed[m.get("what", "other")] += 1
            annotated["event"] += int(d.get("events_annotated") or 0)
            annotated["quote"] += int(d.get("quotes_annotated") or 0)
            false_pos += int(d.get("false_positive_events") or 0)
    report = {
        "labels": {lab: {"n": n[lab], "errors": wrong[lab], "error_rate": round(wrong[lab] / n[lab], 3),
                         "problems": dict(problems[lab])} for lab in sorted(n)},
        "overall": {"n": sum(n.values()), "errors": sum(wrong.values()),
                    "error_rate": round(sum(wrong.values()) / max(1, sum(n.values())), 3)},
        "roles": {f: {"n": sub_n[f], "errors": sub_wrong[f], "error_rate": round(sub_wrong[f] / max(1, sub_n[f]), 3)}
                  for f in sorted(sub_n)},
        "recall_check": {"documents": checked_docs, "missing_items": dict(missed), "annotated": dict(annotated),
                         "false_positive_events": false_pos},
        "verdicts": keep,
    }
    out.write_text(json.dumps(report, indent=1, sort_keys=True), encoding="utf-8")
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--round", type=Path, required=True)
    s.add_argument("--shared", type=Path, default=Path("../shared"))
    s.add_argument("--out", type=Path, required=True)
    s.add_argument("--per-label", type=int, default=30)
    s.add_argument("--docs", type=float, default=0.10)
    c = sub.add_parser("score")
    c.add_argument("--round", type=Path, required=True)
    c.add_argument("--verdicts", type=Path, required=True)
    c.add_argument("--out", type=Path, required=True)
    ns = ap.parse_args()
    if ns.cmd == "sample":
        sample(ns.round, ns.shared, ns.out, ns.per_label, ns.docs)
    else:
        rep = score(ns.verdicts, ns.out)
        print(json.dumps({k: v for k, v in rep.items() if k != "verdicts"}, indent=1))


if __name__ == "__main__":
    main()
