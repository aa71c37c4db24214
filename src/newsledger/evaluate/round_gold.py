"""Gold of an annotation round (ids and offsets in the repo) as the gold dicts that ``evaluate.gold`` scores."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from newsledger.document import Document
from newsledger.evaluate.gold import score_document
from newsledger.evaluate.gold_report import Report
from newsledger.evaluate.rounds import load_documents, read_split
from newsledger.pipeline import Failure, Pipeline


def _slice(text: str, span: list[int] | None) -> str | None:
    return text[span[0]:span[1]] if span else None


def gold_from_record(rec: dict[str, Any], doc: Document) -> dict[str, Any]:
    """One stored record as a gold dict: strings sliced from the text, plus their exact ``spans``."""
    text = doc.text
    entities = [
        {"name": e["name"], "type": e["type"], "mentions": [_slice(text, m) for m in e["mentions"]],
         "mention_spans": [tuple(m) for m in e["mentions"]]}
        for e in rec.get("entities", [])
    ]
    quotes = [
        {"kind": q["kind"], "speaker": q["speaker"], "cue": _slice(text, q.get("cue")) or "",
         "content": _slice(text, q["content"]), "spans": [tuple(q["content"])], "optional": q.get("optional", False)}
        for q in rec.get("quotes", [])
    ]
    events = []
    for ev in rec.get("events", []):
        events.append({
            "type": ev["type"], "trigger": _slice(text, ev["trigger"]), "spans": [tuple(ev["trigger"])],
            "mention_spans": [tuple(m) for m in ev.get("mentions", [])],
            "actor": ev.get("actor"), "target": ev.get("target"), "where": ev.get("where"), "when": ev.get("when"),
            "modality": ev.get("modality", "asserted"), "claimed_by": ev.get("claimed_by"),
            "optional": ev.get("optional", False),
        })
    removed = [{"kind": r["kind"], "span": (r["start"], r["end"])} for r in rec.get("removed", [])]
    return {"file": doc.id, "published": str(doc.published) if doc.published else None, "outlet": doc.outlet,
            "entities": entities, "quotes": quotes, "events": events, "removed": removed}


def read_round(round_dir: Path, splits: Iterable[str]) -> Iterator[dict[str, Any]]:
    """The stored records of the given splits of a round (``<round>/<split>.jsonl``)."""
    for split in splits:
        path = round_dir / f"{split}.jsonl"
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)


def round_gold(round_dir: Path, splits: Iterable[str], shared: Path, strata: Iterable[str] | None = None) -> list[tuple[Document, dict[str, Any]]]:
    """(document, gold dict) pairs of a round's splits, optionally restricted to sampling strata."""
    wanted = set(strata) if strata else None
    keep = {r.id for r in read_split(round_dir / "split.tsv") if wanted is None or r.stratum in wanted}
    records = [r for r in read_round(round_dir, splits) if r["doc"] in keep]
    docs = load_documents(shared, [r["doc"] for r in records])
    return [(docs[r["doc"]], gold_from_record(r, docs[r["doc"]])) for r in records]


BLIND_SPLIT = "test"


def evaluate_round(round_dir: Path | Sequence[Path], splits: Iterable[str], shared: Path, pipeline: Pipeline | None = None,
                   strata: Iterable[str] | None = None) -> Report:
    """Analyse the documents of a round's splits (or of several rounds' splits together) and score them against the
    rounds' gold."""
    pipeline = pipeline or Pipeline()
    report = Report()
    dirs = [round_dir] if isinstance(round_dir, Path) else list(round_dir)
    splits, strata = list(splits), list(strata) if strata else None
    pairs = [pair for d in dirs for pair in round_gold(d, splits, shared, strata)]
    results = pipeline.analyze_many(doc for doc, _ in pairs)
    for (doc, gold), result in zip(pairs, results, strict=True):
        if isinstance(result, Failure):
            report.errors.append(f"{doc.id}: {result.message}")
            continue
        report.documents[doc.id] = score_document(result, gold)
    return report
