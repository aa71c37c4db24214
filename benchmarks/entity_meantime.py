"""Entity mentions against NewsReader MEANTIME (CAT XML): named-mention recall, pronoun links, alias grouping.

Usage: PYTHONPATH=src python benchmarks/entity_meantime.py /path/to/meantime [--types PER,ORG,LOC]
Text is rebuilt from the corpus tokens (one space between tokens, a newline between sentences), so the
pipeline sees pre-tokenised text. A gold mention (ENTITY_MENTION with a REFERS_TO target ENTITY of the
chosen types) is found when a predicted mention shares half of the joint characters (the rule of
`newsledger eval gold`). Grouping: per gold entity instance, the share of its found mentions in the
predicted record holding most of them.
"""

from __future__ import annotations

import argparse
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

from newsledger.ingest.text import make_document
from newsledger.pipeline import Pipeline


def jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def read(path: Path, types: set[str]) -> tuple[str, list[tuple[tuple[int, int], str, str]]]:
    """Text and gold mentions (span, syntactic type, entity instance) of one CAT file."""
    root = ET.parse(path).getroot()
    parts: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    pos, sent = 0, None
    for tok in root.iter("token"):
        if sent is not None and tok.get("sentence") != sent:
            parts.append("\n")
            pos += 1
        elif parts:
            parts.append(" ")
            pos += 1
        sent = tok.get("sentence")
        text = tok.text or ""
        spans[tok.get("t_id", "")] = (pos, pos + len(text))
        parts.append(text)
        pos += len(text)
    markables = root.find("Markables")
    entities = {e.get("m_id"): e for e in markables.iter("ENTITY")} if markables is not None else {}
    mentions = {m.get("m_id"): m for m in markables.iter("ENTITY_MENTION")} if markables is not None else {}
    gold = []
    for rel in root.iter("REFERS_TO"):
        target = rel.find("target")
        ent = entities.get(target.get("m_id") if target is not None else None)
        if ent is None or ent.get("ent_type") not in types:
            continue
        for src in rel.findall("source"):
            m = mentions.get(src.get("m_id"))
            if m is None:
                continue
            toks = [spans[a.get("t_id", "")] for a in m.findall("token_anchor") if a.get("t_id") in spans]
            if toks:
                gold.append(((toks[0][0], toks[-1][1]), m.get("syntactic_type") or "", ent.get("m_id") or ""))
    return "".join(parts), gold


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("root", type=Path)
    ap.add_argument("--types", default="PER,ORG,LOC")
    args = ap.parse_args()
    types = set(args.types.split(","))
    pipe = Pipeline(stages=["entities"])
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # syntactic type -> [found, total]
    grp_ok = grp_n = 0
    chars, secs = 0, 0.0
    files = sorted(p for p in args.root.rglob("*.xml"))
    for path in files:
        text, gold = read(path, types)
        if not gold:
            continue
        doc = make_document(text, id=path.stem)
        parsed = pipe.nlp(doc.text)
        t0 = time.perf_counter()
        a = pipe.run_stages(doc, parsed)
        secs += time.perf_counter() - t0
        chars += len(text)
        preds = [((m.start, m.end), e.id) for e in a.entities for m in e.mentions]
        owners: dict[str, list[str]] = defaultdict(list)
        for span, syn, inst in gold:
            hits = sorted((p for p in preds if jaccard(p[0], span) >= 0.5), key=lambda p: -jaccard(p[0], span))
            found[syn][1] += 1
            if hits:
                found[syn][0] += 1
                if syn in ("NAM", "PRO"):
                    owners[inst].append(hits[0][1])
        for ids in owners.values():
            if len(ids) >= 2:
                grp_ok += max(ids.count(x) for x in set(ids))
                grp_n += len(ids)
    for syn in ("NAM", "PRO", "NOM", "APP"):
        f, n = found[syn]
        print(f"{syn:4} mention recall {f}/{n} = {f / max(n, 1):.3f}")
    print(f"alias grouping (NAM+PRO) {grp_ok}/{grp_n} = {grp_ok / max(grp_n, 1):.3f}")
    print(f"{len(files)} files; entities stage {chars / secs:,.0f} chars/s")


if __name__ == "__main__":
    main()
