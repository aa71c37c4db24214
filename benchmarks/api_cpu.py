"""CPU per request of each route group of the api_latency mix, in-process (much less noisy than wall time on a busy machine).

Usage: PYTHONPATH=src python benchmarks/api_cpu.py --db /tmp/bench10k.sqlite [--requests 600] [--cache-mb 0]
The ledger is the one benchmarks/api_latency.py builds (run it once with --db first). The requests of its mix
(same seed) go one at a time through Starlette's TestClient; each is timed with ``time.process_time`` (the
client's share included: a trivial route costs ~6 ms this way), and the costliest accepted search once per
route. The cache of repeated answers is off unless ``--cache-mb`` says otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent))
from api_latency import COMMON, pct, urls  # noqa: E402

from newsledger.web.app import create_app  # noqa: E402
from newsledger.web.security import MAX_QUERY_TERMS  # noqa: E402


def group(path: str) -> str:
    """The route group of a request path, as api_latency.py names it."""
    key = path.split("?")[0]
    if key.rsplit("/", 1)[-1].replace("syn-", "").isdigit():
        key = key.rsplit("/", 1)[0] + "/{id}"
    return "/api/search (with facets)" if key == "/api/search" and "facets=false" not in path else key


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--requests", type=int, default=600)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--cache-mb", type=int, default=0)
    args = ap.parse_args()
    client = TestClient(create_app(args.db, cache_mb=args.cache_mb), base_url="http://localhost")
    paths = urls(args.db, random.Random(args.seed), args.requests)
    for p in paths[:50]:  # warm-up: connections, page cache, facet index
        client.get(p)
    cpu: dict[str, list[float]] = {}
    for p in paths:
        t = time.process_time()
        status = client.get(p).status_code
        cpu.setdefault(group(p) if status == 200 else f"{group(p)} {status}", []).append((time.process_time() - t) * 1000)
    costly = {}
    for shape in ("/api/search?q={}&limit=100", "/api/timeline?q={}&limit=500", "/?q={}"):
        path = shape.format("+".join(COMMON[:MAX_QUERY_TERMS]))
        t = time.process_time()
        status = client.get(path).status_code
        costly[path.split("?")[0]] = {"status": status, "cpu_ms": round((time.process_time() - t) * 1000, 1)}
    every = [x for v in cpu.values() for x in v]
    print(json.dumps({
        "requests": len(every), "cpu_ms": {"p50": round(pct(every, 50), 1), "p99": round(pct(every, 99), 1),
                                           "mean": round(statistics.mean(every), 1)},
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "by_route": {k: {"n": len(v), "p50": round(pct(v, 50), 1), "p99": round(pct(v, 99), 1)}
                     for k, v in sorted(cpu.items(), key=lambda kv: -statistics.mean(kv[1]))},
        "pathological": costly,
    }, indent=1))


if __name__ == "__main__":
    main()
