"""Gold entity mention recall on an annotation round: newsledger's entities stage against plain spaCy NER.

Usage: PYTHONPATH=src python benchmarks/entity_round_baseline.py [--round data/annotations/news-2026-12]
       [--shared ../shared] [--split dev] [--json]

Each document is parsed once; the baseline takes plain ``en_core_web_sm`` NER spans (``doc.ents``, every
label) as one-mention entities, newsledger runs the pipeline's entities stage on the same parse, and both are
scored by ``evaluate.gold.score_entities`` (exact gold mention offsets, the rule of ``newsledger eval gold``).
The round's test split is scored by the lead only, once.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from newsledger.document import Analysis, Document, Entity, Mention
from newsledger.evaluate.gold import score_entities
from newsledger.evaluate.gold_report import FieldScore
from newsledger.evaluate.round_gold import round_gold
from newsledger.pipeline import Pipeline


def plain_spacy(document: Document, doc: Doc) -> Analysis:
    """An analysis whose entities are spaCy's NER spans, one mention each."""
    ents = [Entity(id=f"E{k}", name=e.text, type=e.label_, mentions=[Mention(e.start_char, e.end_char, e.text, "name")],
                   aliases=[], country=None) for k, e in enumerate(doc.ents)]
    return Analysis(document=document, entities=ents)


def compare(pairs: list[tuple[Document, dict[str, Any]]], pipeline: Pipeline) -> dict[str, dict[str, Any]]:
    """Entity scores of plain spaCy and of newsledger over the (document, gold) pairs."""
    base, ours = FieldScore(), FieldScore()
    for document, gold in pairs:
        doc = pipeline.nlp(document.text)
        base.add(score_entities(plain_spacy(document, doc), gold))
        ours.add(score_entities(pipeline.run_stages(document, doc), gold))
    return {"plain_spacy": base.to_dict(), "newsledger": ours.to_dict()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--round", type=Path, default=Path("data/annotations/news-2026-12"))
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--split", default="dev")
    ap.add_argument("--json", action="store_true")
    ns = ap.parse_args()
    result = compare(round_gold(ns.round, [ns.split], ns.shared), Pipeline(stages=["entities"]))
    if ns.json:
        print(json.dumps(result, indent=2))
        return
    for name, scores in result.items():
        print(f"{name:12} mention recall {scores['recall']:.3f} precision {scores['precision']:.3f} "
              f"(gold {scores['n_gold']}, predicted {scores['n_pred']})")


if __name__ == "__main__":
    main()
