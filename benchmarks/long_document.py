"""One very long document through the full pipeline: time, peak RSS, pieces, offset violations.

Usage: PYTHONPATH=src python benchmarks/long_document.py CORPUS.jsonl --chars 2000000

Joins the texts of CORPUS (read in place) with blank lines up to ``--chars`` characters, analyses the result
as one document in this process (chunking.py cuts it into pieces under CHUNK_CHARS) and reports seconds,
peak RSS (``ru_maxrss``), the number of pieces, record counts and offset violations (must be 0).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time

from newsledger.ingest.text import make_document
from newsledger.offsets import violations
from newsledger.pipeline import Pipeline


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpus")
    ap.add_argument("--chars", type=int, default=2_000_000)
    args = ap.parse_args()
    parts, total = [], 0
    with open(args.corpus, encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("text") or ""
            parts.append(text)
            total += len(text) + 2
            if total >= args.chars:
                break
    text = "\n\n".join(parts)[: args.chars]
    pipeline = Pipeline()
    t0 = time.perf_counter()
    result = pipeline.analyze_document(make_document(text, id="long", published="2024-05-01"))
    seconds = time.perf_counter() - t0
    d = result.to_dict()
    print(json.dumps({
        "chars": len(text), "seconds": round(seconds, 1), "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "pieces": len(d.get("extras", {}).get("chunks", [])), "entities": len(d["entities"]), "quotes": len(d["quotes"]),
        "events": len(d["events"]), "timexes": len(d["timexes"]), "offset_violations": len(violations(result)),
        "errors": d.get("errors", [])[:3], "load_average": os.getloadavg()}, indent=2))


if __name__ == "__main__":
    main()
