"""Off-topic removal on unspliced real news, and the CPU cost of the off-topic step (default or accurate mode).

Usage (needs ../shared):
    PYTHONPATH=src python benchmarks/offtopic_real.py [--accurate] [--afp 300]
        share of characters removed as off_topic in TimeBank+AQUAINT and the first AFP/Xinhua silver articles
    PYTHONPATH=src python benchmarks/offtopic_real.py --cost 200 [--accurate] [--seed 14]
        CPU seconds (time.process_time, one thread) of the off-topic step per article of a splice set
    PYTHONPATH=src python benchmarks/offtopic_real.py --glosses
        paragraphs of the AllSides, AFP/Xinhua and TimeBank+AQUAINT texts with an encyclopedia gloss
        (stages/clean/offtopic_style.py GLOSS_RE), which the off-topic step removes whatever the model says
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from newsledger.document import Document
from newsledger.evaluate.splice import generate
from newsledger.evaluate.timeml import _documents, read_dir
from newsledger.pipeline import Failure, Pipeline
from newsledger.stages.clean.blocks import split_blocks
from newsledger.stages.clean.boilerplate import find_boilerplate
from newsledger.stages.clean.offtopic import find_off_topic
from newsledger.stages.clean.offtopic_style import has_encyclopedia_gloss


def real_news(shared: Path, afp: int, accurate: bool) -> dict[str, object]:
    """Characters removed as off_topic per corpus (no passage was spliced into these texts)."""
    corpora = {"timebank+aquaint": list(_documents(read_dir(shared / "data/timebank"))), "afp_xinhua": []}
    with (shared / "data/news/te3_silver_afp_xin.jsonl").open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= afp:
                break
            rec = json.loads(line)
            corpora["afp_xinhua"].append(Document(id=f"afp{i}", text=rec.get("text") or ""))
    pipe = Pipeline(stages=["clean"], accurate=accurate)
    out: dict[str, object] = {"accurate": accurate}
    for name, docs in corpora.items():
        chars = removed = with_removal = 0
        for a in pipe.analyze_many(docs):
            if isinstance(a, Failure):
                continue
            chars += len(a.document.text)
            r = sum(x.end - x.start for x in a.removed if x.kind == "off_topic")
            removed += r
            with_removal += r > 0
        out[name] = {"documents": len(docs), "with_off_topic_removal": with_removal,
                     "chars_removed_off_topic": round(removed / max(1, chars), 4)}
    return out


def cost(source: Path, n: int, seed: int, accurate: bool) -> dict[str, object]:
    """Mean CPU seconds of the off-topic step (find_off_topic; for accurate, MiniLM and the story and link scorers included) per article."""
    pipe = Pipeline(stages=["clean"])
    cases = list(generate(source, n=n, seed=seed))
    if accurate:
        from newsledger.runtime.minilm import load_minilm
        from newsledger.stages.clean.offtopic_story import shipped_link_scorer, shipped_story_scorer

        load_minilm()  # loading the models once per process is not counted
        shipped_story_scorer()
        shipped_link_scorer()
    spent = 0.0
    words = 0
    with pipe.nlp.select_pipes(enable=pipe.components):
        for case, doc in zip(cases, pipe.nlp.pipe(c.text for c in cases), strict=True):
            blocks = split_blocks(case.text)
            taken = [(r.start, r.end) for r in
                     find_boilerplate(case.text, blocks, [(s.start_char, s.end_char) for s in doc.sents])]
            rest = [b for b in blocks if not any(s < b.end and b.start < e for s, e in taken)]
            t0 = time.process_time()
            find_off_topic(doc, rest, case.title, accurate=accurate)
            spent += time.process_time() - t0
            words += len(doc)
    return {"accurate": accurate, "articles": len(cases), "tokens_per_article": round(words / max(1, len(cases))),
            "cpu_ms_per_article": round(1000 * spent / max(1, len(cases)), 1)}


def glosses(shared: Path) -> dict[str, object]:
    """Per corpus: paragraphs (non-empty lines) and those with an encyclopedia gloss, with the first few."""
    texts: dict[str, list[str]] = {"allsides": [], "afp_xinhua": [],
                                   "timebank+aquaint": [d.text for d in _documents(read_dir(shared / "data/timebank"))]}
    for name, file in (("allsides", "allsides-articles.jsonl"), ("afp_xinhua", "te3_silver_afp_xin.jsonl")):
        with (shared / "data/news" / file).open(encoding="utf-8") as fh:
            texts[name] = [json.loads(line).get("text") or "" for line in fh if line.strip()]
    out: dict[str, object] = {}
    for name, docs in texts.items():
        paragraphs = [p for t in docs for p in t.splitlines() if p.strip()]
        hits = [p[:120] for p in paragraphs if has_encyclopedia_gloss(p)]
        out[name] = {"paragraphs": len(paragraphs), "with_gloss": len(hits), "examples": hits[:5]}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--accurate", action="store_true")
    ap.add_argument("--afp", type=int, default=300, help="AFP/Xinhua silver articles to read")
    ap.add_argument("--cost", type=int, default=0, help="measure CPU cost on this many spliced articles instead")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--glosses", action="store_true", help="count paragraphs with an encyclopedia gloss instead")
    args = ap.parse_args()
    if args.glosses:
        result = glosses(args.shared)
    elif args.cost:
        result = cost(args.shared / "data/news/allsides-articles.jsonl", args.cost, args.seed, args.accurate)
    else:
        result = real_news(args.shared, args.afp, args.accurate)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
