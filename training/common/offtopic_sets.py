"""Feature rows of the cleaning sets (evaluate/splice_sets.py) and of unspliced real news for training/offtopic.py."""

from __future__ import annotations

import json
import sys
import time
import zlib
from pathlib import Path
from typing import Any

from common import PACKAGE
from newsledger.document import Document
from newsledger.evaluate.splice import SpliceCase
from newsledger.stages.clean.blocks import Block, split_blocks
from newsledger.stages.clean.boilerplate import find_boilerplate
from newsledger.stages.clean.offtopic import MIN_TERMS, model_features
from newsledger.stages.clean.offtopic_context import context_rows
from newsledger.stages.clean.offtopic_features import DEFAULT_IDF, IDF, block_features, block_terms
from newsledger.stages.clean.offtopic_protect import protect_rows
from newsledger.stages.clean.offtopic_style import style_features
from newsledger.stages.clean.offtopic_vectors import vector_rows


def _rest(text: str, doc: Any) -> list[Block]:
    """The blocks the off-topic step judges: all but the boilerplate the stage removes first."""
    blocks = split_blocks(text)
    taken = [(r.start, r.end) for r in find_boilerplate(text, blocks, [(s.start_char, s.end_char) for s in doc.sents])]
    return [b for b in blocks if not any(s < b.end and b.start < e for s, e in taken)]


def rows_of(doc: Any, blocks: list[Block], title: str | None, chars: int, passages: list[tuple[int, int, str]],
            clean: bool) -> dict[str, Any]:
    """One article's judged blocks: feature rows (the default model's columns), labels, spans, judged and protected."""
    items = block_terms(doc, blocks)
    art: dict[str, Any] = {"chars": chars, "passages": passages, "clean": clean, "rows": [], "y": [], "spans": [],
                           "judged": [], "protected": []}
    if len(items) < 3:
        return art
    lead_end, rows = block_features(items, title)
    style = style_features([it.block.text for it in items], lead_end)
    protect = protect_rows(doc, items, lead_end, title)
    vec = vector_rows(doc, items, lead_end, title)
    ctx = context_rows(doc, items, lead_end)
    for k, (row, st, pr, wv, cx) in enumerate(zip(rows, style, protect, vec, ctx, strict=True)):
        b = items[lead_end + k]
        art["rows"].append(row + st + pr + wv + cx)
        art["spans"].append((b.block.start, b.block.end))
        art["y"].append(float(any(s <= b.block.start and b.block.end <= e for s, e, _ in passages)))
        art["judged"].append(b.size >= MIN_TERMS)
        art["protected"].append(bool(pr[5]))
    return art


def case_rows(case: SpliceCase, doc: Any) -> list[dict[str, Any]]:
    """A spliced article and its copy without the off-topic passages (same parse)."""
    rest = _rest(case.text, doc)
    offs = [(i.start, i.end, i.note) for i in case.inserts if i.kind == "off_topic"]
    chars = len(case.text) - sum(i.end - i.start for i in case.inserts)
    kept = [b for b in rest if not any(s < b.end and b.start < e for s, e, _ in offs)]
    return [rows_of(doc, rest, case.title, chars, offs, False), rows_of(doc, kept, case.title, chars, [], True)]


def document_rows(document: Document, doc: Any) -> list[dict[str, Any]]:
    """An unspliced real article (every removal is wrong), paired with an empty copy (training folds take pairs)."""
    art = rows_of(doc, _rest(document.text, doc), document.title, len(document.text), [], True)
    return [art, {**art, "rows": [], "y": [], "spans": [], "judged": [], "protected": [], "chars": 0}]


def _parse(texts: list[str], cache: Path, label: str) -> list[Any]:
    """The parses of the texts (the clean stage's spaCy components), cached as a DocBin keyed by the texts, so that
    new features or a new boilerplate model need no new parse."""
    from spacy.tokens import DocBin

    from newsledger.pipeline import Pipeline

    pipe = Pipeline(stages=["clean"])
    path = cache / f"docs-{label}-{zlib.crc32(chr(0).join(texts).encode('utf-8'))}.spacy"
    if path.exists():
        return list(DocBin().from_disk(path).get_docs(pipe.nlp.vocab))
    t0 = time.time()
    with pipe.nlp.select_pipes(enable=pipe.components):
        docs = list(pipe.nlp.pipe(texts, batch_size=16))
    DocBin(docs=docs).to_disk(path)
    print(f"{path.name}: parsed {len(docs)} texts in {time.time() - t0:.0f}s", file=sys.stderr)
    return docs


def _tag() -> str:
    """Cache key part: the row width, the feature code and the boilerplate model (its removals decide which blocks
    are judged)."""
    clean = PACKAGE / "stages" / "clean"
    files = [clean / "models" / "boilerplate_model.npz", clean / "models" / "offtopic_idf.tsv",
             *(clean / f"offtopic_{m}.py" for m in ("features", "protect", "style", "vectors", "context")),
             clean / "boilerplate.py", clean / "boilerplate_model.py"]
    crc = 0
    for f in files:
        crc = zlib.crc32(f.read_bytes() if f.exists() else b"", crc)
    if not IDF:
        raise RuntimeError("rows need the term weights: call offtopic_features.set_idf first")
    crc = zlib.crc32(repr(sorted(IDF.items())[:50] + [len(IDF), DEFAULT_IDF[0]]).encode("utf-8"), crc)  # the installed weights
    return f"{len(model_features())}-{crc}"


def _cached(path: Path, make: Any) -> list[dict[str, Any]]:
    if path.exists():
        return list(json.loads(path.read_text()))
    t0 = time.time()
    arts = make()
    path.write_text(json.dumps(arts))
    print(f"{path.name}: {len(arts)} articles in {time.time() - t0:.0f}s", file=sys.stderr)
    return arts


def set_rows(name: str, n: int | None, seed: int, data: Path, shared: Path, cache: Path) -> list[dict[str, Any]]:
    """Rows of a cleaning splice set (pairs: spliced, unspliced copy), cached in ``cache``."""
    from newsledger.evaluate.splice_sets import generate_set

    def make() -> list[dict[str, Any]]:
        cases = generate_set(name, data, shared, n=n, seed=seed)
        docs = _parse([c.text for c in cases], cache, f"{name}-{n}-{seed}")
        return [a for c, d in zip(cases, docs, strict=True) for a in case_rows(c, d)]

    return _cached(cache / f"offtopic-set-{name}-{n}-{seed}-{_tag()}.json", make)


def real_rows(label: str, documents: list[Document], cache: Path) -> list[dict[str, Any]]:
    """Rows of unspliced real articles (pairs with an empty copy), cached in ``cache`` under ``label``."""
    def make() -> list[dict[str, Any]]:
        docs = _parse([d.text for d in documents], cache, f"real-{label}")
        return [a for d, doc in zip(documents, docs, strict=True) for a in document_rows(d, doc)]

    return _cached(cache / f"offtopic-real-{label}-{len(documents)}-{_tag()}.json", make)
