"""Parsed documents of the annotation round for the training commands (train and dev only, never test)."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from newsledger.document import Document, TextSpan
from newsledger.evaluate.matching import overlaps, token_jaccard
from newsledger.evaluate.round_gold import read_round
from newsledger.evaluate.rounds import load_documents
from newsledger.pipeline import Pipeline
from newsledger.registry import Context
from newsledger.runtime.doctext import DOC_TEXT_KEY
from newsledger.runtime.model import load_model

Item = tuple[Document, Any, dict[str, Any]]  # (document, spaCy Doc, the round's record)


def parsed(round_dir: Path, shared: Path, split: str, cache: Path | None = None) -> list[Item]:
    """(document, spaCy doc, round record) of a split, parsed once (cached next to ``cache`` when given)."""
    if split not in ("train", "dev"):
        raise ValueError("the training commands read the train and dev splits only; the blind test is never read")
    from spacy.tokens import DocBin

    nlp = load_model()
    records = list(read_round(round_dir, [split]))
    docs = load_documents(shared, [r["doc"] for r in records])
    key = cache.with_suffix(f".{split}.pkl") if cache else None
    if key is not None and key.exists():
        parses = list(DocBin().from_bytes(pickle.loads(key.read_bytes())).get_docs(nlp.vocab))
    else:
        parses = list(nlp.pipe((docs[r["doc"]].text for r in records), batch_size=8))
        if key is not None:
            key.write_bytes(pickle.dumps(DocBin(docs=parses).to_bytes()))
    return [(docs[r["doc"]], p, r) for r, p in zip(records, parses, strict=True)]


def context(document: Document, doc: Any, pipeline: Pipeline) -> Context:
    """The stage context after the pipeline's stages (e.g. clean, or everything the quotes stage requires)."""
    doc.user_data[DOC_TEXT_KEY] = document.text
    analysis = pipeline.run_stages(document, doc)
    return Context(document=document, doc=doc, analysis=analysis)


def match_gold(contents: list[TextSpan], spans: list[tuple[int, int]], text: str) -> list[int | None]:
    """For each gold content span, the index of the content it matches by the gold scorer's rule (best token
    Jaccard >= 0.5 among the overlapping ones, one-to-one, in gold order), else None."""
    used: set[int] = set()
    out: list[int | None] = []
    for span in spans:
        best, best_j = None, 0.0
        for i, c in enumerate(contents):
            if i in used or not overlaps((c.start, c.end), span):
                continue
            j = token_jaccard(c.text, text[span[0]:span[1]])
            if j > best_j:
                best, best_j = i, j
        hit = best if best is not None and best_j >= 0.5 else None
        if hit is not None:
            used.add(hit)
        out.append(hit)
    return out
