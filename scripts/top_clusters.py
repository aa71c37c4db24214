"""Write the most corroborated event clusters of a ledger, with every report's outlet, title and evidence sentence.

For judging clusters by someone who did not write the clustering: one JSON object per cluster (id, type,
date, place, independent sources, members with outlet, title, publication and the sentence that reports the
event, with its offsets). Only clusters with at least two independent sources are listed.

One command from the AllSides file to the list (analyses the sample into the ledger, skipping documents
already there; links near-duplicates; re-links every cluster with the current rules; writes the top n):

    python scripts/top_clusters.py --articles ../shared/data/news/allsides-articles.jsonl \\
        --months 2014-08,2014-09 --skip 0 --limit 300 --db ledger.sqlite --n 20 --out top20.json

On an existing ledger (link what is not linked yet; ``--relink`` rebuilds entities and clusters first):

    python scripts/top_clusters.py --db ledger.sqlite --n 20 --out top20.json [--relink]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from newsledger.evaluate.stories import read_allsides, relink
from newsledger.ledger import Ledger
from newsledger.ledger.cluster import update
from newsledger.ledger.evidence import top_clusters


def analyze(ledger: Ledger, articles: Path, months: set[str], skip: int, limit: int) -> int:
    """Analyse the sample (articles of the months in file order, from `skip`, `limit` of them) not stored yet."""
    from newsledger.pipeline import Failure, Pipeline

    docs = read_allsides(articles, months)[skip : skip + limit]
    todo = [d for d in docs if not ledger.has(d.id)]
    for result in Pipeline().analyze_many(todo):
        if not isinstance(result, Failure):
            ledger.store(result)
    print(f"sample: {len(docs)} articles ({len(todo)} analysed now)")
    return len(docs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--articles", type=Path, help="AllSides JSONL: analyse a sample of it into --db first")
    ap.add_argument("--months", default="2014-08,2014-09", help="YYYY-MM,... of the sample (with --articles)")
    ap.add_argument("--skip", type=int, default=0, help="articles of those months skipped (file order)")
    ap.add_argument("--limit", type=int, default=300, help="articles in the sample")
    ap.add_argument("--relink", action="store_true", help="rebuild entities and clusters (implied by --articles)")
    ap.add_argument("--analyze-only", action="store_true", help="stop after the analysis")
    args = ap.parse_args()
    with Ledger(args.db) as ledger:
        if args.articles:
            analyze(ledger, args.articles, set(args.months.split(",")), args.skip, args.limit)
            if args.analyze_only:
                return
            from newsledger.stages.clean.dedup import link_duplicates

            print(f"{link_duplicates(ledger)} documents linked to an earlier copy")
        if args.relink or args.articles:
            relink(ledger.conn)
        update(ledger.conn)
        top = top_clusters(ledger.conn, args.n)
    args.out.write_text(json.dumps(top, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(top)} clusters -> {args.out}")


if __name__ == "__main__":
    main()
