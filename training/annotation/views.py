"""Annotator views: each round document as numbered paragraphs and sentences ([P3.S2] ...), plus their offsets.

Usage: python training/annotation/views.py --shared ../shared --split data/annotations/news-2026-12/split.tsv --out DIR

Writes DIR/<name>.txt (what an annotator reads; outside the repo: it holds article text) and DIR/<name>.seg.json
(the character span of every numbered unit, used by convert.py to turn located strings into offsets).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from newsledger.document import Document
from newsledger.evaluate.rounds import load_documents, read_split

PARAGRAPH_RE = re.compile(r"[^\n]+")


def file_name(doc_id: str) -> str:
    """A file-system-safe name for a round id (``allsides:AbC`` -> ``allsides__AbC``)."""
    return doc_id.replace(":", "__").replace("/", "_")


def segment(text: str, sentence_starts: list[int]) -> dict[str, tuple[int, int]]:
    """Paragraphs (non-empty lines) cut into sentences at the given starts: {"P1": span, "P1.S1": span, ...}."""
    units: dict[str, tuple[int, int]] = {}
    starts = sorted(set(sentence_starts))
    p = 0
    for m in PARAGRAPH_RE.finditer(text):
        if not m.group().strip():
            continue
        p += 1
        ps, pe = m.start() + (len(m.group()) - len(m.group().lstrip())), m.end() - (len(m.group()) - len(m.group().rstrip()))
        units[f"P{p}"] = (ps, pe)
        cuts = [ps] + [s for s in starts if ps < s < pe]
        for k, (a, b) in enumerate(zip(cuts, cuts[1:] + [pe], strict=True), 1):
            seg = text[a:b]
            a2 = a + (len(seg) - len(seg.lstrip()))
            b2 = b - (len(seg) - len(seg.rstrip()))
            if b2 > a2:
                units[f"P{p}.S{k}"] = (a2, b2)
    return units


def render(doc: Document, units: dict[str, tuple[int, int]]) -> str:
    """The numbered view of one document."""
    head = [f"# doc: {doc.id}", f"# published: {doc.published or 'unknown'} | outlet: {doc.outlet or 'unknown'}"]
    if doc.title:
        head.append(f"# title (not part of the text; do not annotate it): {doc.title}")
    lines = [f"[{k}] {doc.text[a:b]}" for k, (a, b) in units.items() if ".S" in k]
    return "\n".join(head + [""] + lines) + "\n"


def main() -> None:
    import spacy

    from newsledger.runtime.model import load_model

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--split", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ns = ap.parse_args()
    rows = read_split(ns.split)
    docs = load_documents(ns.shared, [r.id for r in rows])
    nlp: spacy.language.Language = load_model()
    ns.out.mkdir(parents=True, exist_ok=True)
    for r in rows:
        doc = docs[r.id]
        parsed = nlp(doc.text)
        units = segment(doc.text, [s.start_char for s in parsed.sents])
        name = file_name(doc.id)
        (ns.out / f"{name}.txt").write_text(render(doc, units), encoding="utf-8")
        (ns.out / f"{name}.seg.json").write_text(json.dumps({"id": doc.id, "units": units}), encoding="utf-8")
    print(f"{len(rows)} views -> {ns.out}")


if __name__ == "__main__":
    main()
