"""CPU cost per article of storing analyses in the ledger and linking them (what the search indexes add).

Usage:
    PYTHONPATH=src python benchmarks/store_cost.py records.jsonl [--batch 8] [--repeat 3]

``records.jsonl`` holds contract records (``newsledger analyze ... --no-store -o records.jsonl``). Each repeat
stores them into a fresh ledger in batches (as ``analyze`` does), then links them (canonical entities and
event clusters, as ``newsledger link`` does), and times both in CPU seconds of this process; the best repeat
is reported. Run it with another checkout's ``src`` on PYTHONPATH to compare.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from newsledger.document import analysis_from_dict
from newsledger.ledger import Ledger
from newsledger.ledger.cluster import update


def run(records: list[dict[str, object]], batch: int) -> dict[str, float]:
    analyses = [analysis_from_dict(r) for r in records]
    with tempfile.TemporaryDirectory() as tmp, Ledger(Path(tmp) / "cost.sqlite") as ledger:
        t0 = time.process_time()
        for start in range(0, len(analyses), batch):
            ledger.store_many(analyses[start : start + batch])
        t1 = time.process_time()
        update(ledger.conn)
        t2 = time.process_time()
        size = os.path.getsize(Path(tmp) / "cost.sqlite")
    n = len(analyses)
    return {"store_ms_per_article": round((t1 - t0) * 1000 / n, 2), "link_ms_per_article": round((t2 - t1) * 1000 / n, 2),
            "ledger_kb_per_article": round(size / 1024 / n, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("records", type=Path)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    records = [json.loads(line) for line in args.records.open(encoding="utf-8") if line.strip()]
    runs = [run(records, args.batch) for _ in range(args.repeat)]
    best = {k: min(r[k] for r in runs) for k in runs[0]}
    print(json.dumps({"articles": len(records), "batch": args.batch, "best_of": args.repeat, **best,
                      "load_average": [round(x, 2) for x in os.getloadavg()]}, indent=2))


if __name__ == "__main__":
    main()
