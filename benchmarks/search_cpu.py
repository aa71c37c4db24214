"""In-process CPU of search() on the api_latency search mix, as the server runs it (facet and search indexes kept).

Usage: PYTHONPATH=src python benchmarks/search_cpu.py --db /tmp/q/b10k.sqlite [--searches 600] [--seed 1] [--compare b2199ac]
The ledger is the one benchmarks/api_latency.py builds. The searches are its ``search_url`` mix (a word in any
of its forms, two words, a phrase, an OR, a name; some with a type, date-range or outlet filter or a later
page), run one at a time in this process, each timed with ``time.process_time``; the report gives p50/p90/p99
and the slowest searches. ``--compare REV`` also runs ledger/search.py as it was at git revision REV on every
search, interleaved (so that both see the same machine load), and counts the answers that differ.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

sys.path.insert(0, str(Path(__file__).parent))
from api_latency import search_url  # noqa: E402

from newsledger.ledger.facets import FacetIndex  # noqa: E402
from newsledger.ledger.filters import Filters  # noqa: E402
from newsledger.ledger.search import KINDS, search  # noqa: E402
from newsledger.ledger.searchindex import SearchIndex  # noqa: E402


def old_search(rev: str) -> Any:
    """search() of ledger/search.py at git revision ``rev``."""
    text = subprocess.run(["git", "show", f"{rev}:src/newsledger/ledger/search.py"], check=True, capture_output=True,
                          text=True, cwd=Path(__file__).parents[1]).stdout
    path = Path(tempfile.mkdtemp()) / "old_search.py"
    path.write_text(text)
    spec = importlib.util.spec_from_file_location("old_search", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.search


def request(url: str) -> tuple[Filters, tuple[str, ...]]:
    """The filters and kinds of one /api/search URL of the mix."""
    qs = {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}
    kind = qs.pop("kind", None)
    f = Filters(q=qs.get("q"), type=qs.get("type"), date_from=qs.get("date_from"), date_to=qs.get("date_to"),
                outlet=qs.get("outlet"), offset=int(qs.get("offset", 0)), limit=20)
    return f, (kind,) if kind else KINDS


def summary(ms: list[float]) -> dict[str, float]:
    ms = sorted(ms, reverse=True)
    return {"p50_ms": round(ms[len(ms) // 2], 1), "p90_ms": round(ms[len(ms) // 10], 1), "p99_ms": round(ms[len(ms) // 100], 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--searches", type=int, default=600)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--compare", help="git revision whose ledger/search.py runs beside (answers compared)")
    args = ap.parse_args()
    conn = sqlite3.connect(args.db.resolve().as_uri() + "?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    t = time.process_time()
    index, records = FacetIndex.load(conn), SearchIndex.load(conn)
    load_ms = (time.process_time() - t) * 1000
    other = old_search(args.compare) if args.compare else None
    rng = random.Random(args.seed)
    now: list[tuple[float, str]] = []
    before: list[float] = []
    differ = 0
    for _ in range(args.searches):
        url = search_url(rng)
        f, kinds = request(url)
        t = time.process_time()
        got = search(conn, f, kinds, index=index, records=records)
        now.append(((time.process_time() - t) * 1000, url))
        if other is not None:
            t = time.process_time()
            was = other(conn, f, kinds, index=index)
            before.append((time.process_time() - t) * 1000)
            differ += json.dumps(got, sort_keys=True, default=str) != json.dumps(was, sort_keys=True, default=str)
    report: dict[str, Any] = {"searches": args.searches, "index_load_ms": round(load_ms), "now": summary([m for m, _ in now])}
    if other is not None:
        report.update({args.compare: summary(before), "answers_differing": differ})
    report["slowest"] = [f"{m:.1f} ms {u}" for m, u in sorted(now, reverse=True)[:10]]
    report["load_average"] = [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
