"""Story grouping on real news (AllSides / newsledger JSONL): no story gold exists, so report what can be checked.

Figures: how many multi-document stories, how many span several outlets, and their purity with respect
to the AllSides topic label (a story should not mix topics; purity = share of documents in a story that
carry the story's majority topic, averaged over documents in multi-document stories).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from newsledger.document import Document
from newsledger.ledger import Ledger
from newsledger.ledger.cluster import update
from newsledger.ledger.stories import group


def read_allsides(path: Path, months: set[str]) -> list[Document]:
    """Articles of the given YYYY-MM months from the AllSides JSONL (fields ID, date, source, title, topic, text)."""
    docs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d.get("date", "")[:7] in months:
                docs.append(Document(d["ID"], d["text"], date.fromisoformat(d["date"]), d.get("source"), d.get("url"),
                                     d.get("title"), {"topic": d.get("topic")}))
    return docs


def evaluate(path: Path, months: set[str], db: Path) -> dict[str, Any]:
    """Analyse the articles (spaCy pipeline), link, group into stories, and report the figures."""
    from newsledger.pipeline import Failure, Pipeline

    docs = read_allsides(path, months)
    with Ledger(db) as ledger:
        for result in Pipeline().analyze_many(docs):
            if not isinstance(result, Failure):
                ledger.store(result)
        update(ledger.conn)
        stories = group(ledger.conn)
        topic = {r[0]: json.loads(r[1]).get("topic") for r in ledger.conn.execute("SELECT id, meta FROM documents")}
        titles = {r[0]: r[1] for r in ledger.conn.execute("SELECT id, title FROM documents")}
    multi = [s for s in stories if len(s.documents) > 1]
    in_multi = sum(len(s.documents) for s in multi)
    pure = sum(Counter(topic[d] for d in s.documents).most_common(1)[0][1] for s in multi)
    return {
        "documents": len(docs), "months": sorted(months), "stories": len(stories), "multi_document_stories": len(multi),
        "documents_in_multi_document_stories": in_multi,
        "multi_outlet_stories": sum(1 for s in multi if len(s.outlets) > 1),
        "largest_story": len(stories[0].documents) if stories else 0,
        "topic_purity": round(pure / in_multi, 4) if in_multi else None,
        "examples": [[titles[d] for d in s.documents[:4]] for s in multi[:8]],
    }
