"""Throughput of the timexes stage alone (characters per second), on parses made beforehand.

Usage: PYTHONPATH=src python benchmarks/timexes_throughput.py [DIR_OF_TML_OR_TXT] [--repeat N]
The spaCy parse is done once up front and not timed: the figure is the stage's own cost, in CPU time
(time.process_time, so other processes on a shared machine do not count) and in wall time.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from newsledger.document import Analysis, Document
from newsledger.registry import Context
from newsledger.runtime.model import load_model
from newsledger.stages.timexes.stage import extract_timexes

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "timebank"


def load_texts(directory: Path) -> list[tuple[str, object]]:
    """(text, dct) pairs from .tml files (via the TimeML reader) or plain .txt files."""
    tml = sorted(directory.rglob("*.tml"))
    if tml:
        from newsledger.evaluate.timeml import read_dir

        return [(d.text, d.dct) for d in read_dir(directory)]
    return [(p.read_text(encoding="utf-8"), None) for p in sorted(directory.rglob("*.txt"))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--repeat", type=int, default=3, help="passes over the corpus (best one is reported)")
    args = ap.parse_args()
    texts = load_texts(args.directory)
    nlp = load_model()
    docs = list(nlp.pipe(t for t, _ in texts))
    contexts = []
    for (text, dct), doc in zip(texts, docs, strict=True):
        document = Document(id="b", text=text, published=dct)  # type: ignore[arg-type]
        contexts.append(Context(document=document, doc=doc, analysis=Analysis(document=document)))
    chars = sum(len(t) for t, _ in texts)
    best = best_wall = float("inf")
    found = 0
    for _ in range(args.repeat):
        t0, w0 = time.process_time(), time.perf_counter()
        found = sum(len(extract_timexes(ctx)) for ctx in contexts)
        best = min(best, time.process_time() - t0)
        best_wall = min(best_wall, time.perf_counter() - w0)
    print(f"{len(texts)} documents, {chars:,} characters, {found} timexes")
    print(f"timexes stage, CPU: {best:.3f} s  ->  {chars / best:,.0f} characters/s ({len(texts) / best:,.1f} documents/s)")
    print(f"timexes stage, wall: {best_wall:.3f} s  ->  {chars / best_wall:,.0f} characters/s")


if __name__ == "__main__":
    main()
