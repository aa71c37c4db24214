"""Parsed documents of an annotation round for the events models: one spaCy pass plus the stages before events.

The parse (with ``doc.tensor``) and the records of the earlier stages are cached per split in a pickle outside
the repository, so that fitting and tuning read them without parsing again.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsledger.document import Analysis, Document
from newsledger.evaluate.round_gold import read_round
from newsledger.evaluate.rounds import load_documents
from newsledger.pipeline import Pipeline
from newsledger.registry import Context

# The stages whose records the events stage reads.
BEFORE_EVENTS = ("clean", "entities", "timexes", "quotes")


@dataclass
class RoundDoc:
    """One annotated document: its context (document, parse, earlier records) and its stored gold record."""

    ctx: Context
    gold: dict[str, Any]


def parse_pairs(pairs: list[tuple[Document, dict[str, Any]]]) -> list[tuple[Document, Any, Analysis, dict[str, Any]]]:
    """Each document parsed once and run through the stages before events."""
    pipe = Pipeline(stages=BEFORE_EVENTS)
    nlp = pipe.nlp
    out = []
    with nlp.select_pipes(enable=pipe.components):
        docs = list(nlp.pipe(d.text for d, _ in pairs))
    for (document, rec), doc in zip(pairs, docs, strict=True):
        analysis = pipe.run_stages(document, doc)
        out.append((document, doc, analysis, rec))
    return out


def _plain(doc: Any) -> Any:
    """The doc without the per-document caches the stages keep in ``user_data`` (token columns and the like,
    which msgpack cannot store; they are rebuilt on use)."""
    for key in [k for k, value in doc.user_data.items() if not isinstance(value, (str, int, float, bool, bytes))]:
        del doc.user_data[key]
    return doc


def round_docs(round_dir: Path, split: str, shared: Path, cache: Path | None) -> list[RoundDoc]:
    """The documents of one split of a round, parsed once (cached in ``cache`` when given)."""
    from newsledger.runtime.model import load_model

    nlp = load_model()
    path = cache / f"events-{round_dir.name}-{split}.pkl" if cache else None
    if path is not None and path.exists():
        with path.open("rb") as fh:
            stored = pickle.load(fh)  # noqa: S301 - our own cache file
        from spacy.tokens import Doc

        rows = [(d, Doc(nlp.vocab).from_bytes(b), a, r) for d, b, a, r in stored]
    else:
        records = list(read_round(round_dir, [split]))
        docs = load_documents(shared, [r["doc"] for r in records])
        rows = parse_pairs([(docs[r["doc"]], r) for r in records])
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            part = path.with_suffix(".part")  # a failed dump leaves no truncated cache behind
            with part.open("wb") as fh:
                pickle.dump([(d, _plain(doc).to_bytes(), a, r) for d, doc, a, r in rows], fh)
            part.replace(path)
    from newsledger.runtime.doctext import DOC_TEXT_KEY

    out = []
    for document, doc, analysis, rec in rows:
        doc.user_data[DOC_TEXT_KEY] = document.text
        out.append(RoundDoc(Context(document=document, doc=doc, analysis=analysis), rec))
    return out


def train_docs(rounds: list[Path], shared: Path, cache: Path | None) -> list[RoundDoc]:
    """The union of the rounds' train splits (a document in several rounds counts once: its first round's gold)."""
    out: list[RoundDoc] = []
    seen: set[str] = set()
    for round_dir in rounds:
        for rd in round_docs(round_dir, "train", shared, cache):
            if rd.ctx.document.id not in seen:
                seen.add(rd.ctx.document.id)
                out.append(rd)
    print(f"train: {len(out)} documents from {', '.join(r.name for r in rounds)}")
    return out
