"""Write the most corroborated event clusters of a ledger, with every report's outlet, title and evidence sentence.

For judging clusters by someone who did not write the clustering: one JSON object per cluster (id, type,
date, place, independent sources, members with outlet, title, publication and the sentence that reports the
event, with its offsets).

    python scripts/top_clusters.py --db ledger.sqlite --n 20 --out top20.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from newsledger.ledger import Ledger
from newsledger.ledger.cluster import update
from newsledger.ledger.evidence import top_clusters


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    with Ledger(args.db) as ledger:
        update(ledger.conn)
        top = top_clusters(ledger.conn, args.n)
    args.out.write_text(json.dumps(top, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(top)} clusters -> {args.out}")


if __name__ == "__main__":
    main()
