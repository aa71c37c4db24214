"""Learn cue frames from PolNeAR train: how often a lemma with a given complement frame is an attribution cue.

Reproduces src/newsledger/stages/quotes/lexicons/cue_frames.tsv:

    python training/cue_frames.py ../shared/data/polnear/data/train

For every token of the parsed training texts (one spaCy pass, the model the pipeline uses) and every
complement frame it has (ccomp, dobj, xcomp, prep:<word>, parataxis), the script counts how often the
token heads a gold Cue whose Content is that complement. The table keeps (lemma, frame) pairs seen as a
cue at least MIN_GOLD times; the quotes stage uses those whose precision reaches its threshold.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from common import PACKAGE
from newsledger.evaluate.brat import load_corpus
from newsledger.runtime.model import load_model
from newsledger.stages.quotes.frames import frames_of

# A (lemma, frame) pair must be a gold cue this often in train to be kept (fewer is noise).
MIN_GOLD = 3
OUT = PACKAGE / "stages" / "quotes" / "lexicons" / "cue_frames.tsv"


def main(train_dir: str) -> None:
    docs = load_corpus(Path(train_dir))
    nlp = load_model()
    total: Counter[tuple[str, str]] = Counter()
    gold: Counter[tuple[str, str]] = Counter()
    for bd, doc in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        cue_heads: dict[int, list[tuple[int, int]]] = {}
        for att in bd.gold:
            for a, b in att.cue:
                span = doc.char_span(a, b, alignment_mode="expand")
                if span is not None and len(span):
                    cue_heads.setdefault(span.root.i, []).extend(att.content)
        for tok in doc:
            for frame, (start, end) in frames_of(tok):
                key = (tok.lemma_.lower(), frame)
                total[key] += 1
                contents = cue_heads.get(tok.i, [])
                if any(a < end and start < b for a, b in contents):
                    gold[key] += 1
    rows = [(k, g, total[k]) for k, g in gold.items() if g >= MIN_GOLD]
    rows.sort(key=lambda r: (-r[1] / r[2], -r[1]))
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write("# Learned by training/cue_frames.py from PolNeAR train (do not edit by hand; re-run it).\n")
        fh.write("# lemma <TAB> frame <TAB> gold cue count <TAB> occurrences <TAB> precision\n")
        for (lemma, frame), g, n in rows:
            fh.write(f"{lemma}\t{frame}\t{g}\t{n}\t{g / n:.3f}\n")
    print(f"{len(rows)} frames written to {OUT}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("train_dir", help="PolNeAR train folder (text/ and attributions/), e.g. ../shared/data/polnear/data/train")
    main(ap.parse_args().train_dir)
