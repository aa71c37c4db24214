"""Story grouping on real news (AllSides / newsledger JSONL): no story gold exists, so report what can be checked.

Figures: how many multi-document stories, how many span several outlets, and their purity with respect
to the AllSides topic label (a story should not mix topics; purity = share of documents in a story that
carry the story's majority topic, averaged over documents in multi-document stories).

AllSides files one happening under a subject label on one day and a place label on another ("isis" and
"middle_east" for one beheading), so purity is also reported against a coarse normalisation of the labels,
``TOPIC_SECTIONS``: every AllSides label is mapped to one of eight broad sections by what the label names
(written down before its effect on any sample was computed; a label missing from it stands for itself).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from newsledger.document import Document
from newsledger.ledger import Ledger
from newsledger.ledger.cluster import update
from newsledger.ledger.stories import group

_SECTIONS = {
    "world": "africa asia china europe great_britain israel mexico middle_east palestine south_korea world"
             " foreign_policy state_department",
    "security": "cia cybersecurity defense homeland_security isis national_defense national_security nsa"
                " nuclear_weapons terrorism us_military veterans_affairs",
    "politics": "bridging_divides campaign_finance campaign_rhetoric democratic_party domestic_policy elections"
                " impeachment polarization politics republican_party role_of_government tea_party us_congress"
                " us_constitution us_house us_senate voting_rights_and_voter_fraud white_house",
    "justice": "capital_punishment_and_death_penalty criminal_justice dea fbi gun_control_and_gun_rights justice"
               " justice_department marijuana_legalization supreme_court violence_in_america",
    "society": "abortion civil_rights culture education free_speech holidays immigration inequality lgbt_rights"
               " privacy race_and_racism religion_and_faith sexual_misconduct women's_issues",
    "economy": "agriculture banking_and_finance business economic_policy economy_and_jobs energy federal_budget"
               " fiscal_cliff housing_and_homelessness labor social_security taxes trade transportation treasury"
               " welfare",
    "health_science": "animal_welfare coronavirus disaster ebola environment epa fda healthcare"
                      " obesity_and_malnutrition opioid_crisis science technology",
    "media": "arts_and_entertainment facts_and_fact_checking fake_news general_news media_bias media_industry sports",
}
# AllSides topic label -> its broad section (every label of the shipped JSONL has one).
TOPIC_SECTIONS = {label: section for section, labels in _SECTIONS.items() for label in labels.split()}


def purity(stories: list[list[str]], label: dict[str, str | None]) -> float | None:
    """Share of documents in multi-document stories that carry their story's majority label (None: no such story)."""
    multi = [s for s in stories if len(s) > 1]
    n = sum(len(s) for s in multi)
    pure = sum(Counter(label.get(d) for d in s).most_common(1)[0][1] for s in multi)
    return round(pure / n, 4) if n else None


def section(topic: str | None) -> str | None:
    """The broad section of an AllSides topic label (the label itself when it has none)."""
    return TOPIC_SECTIONS.get(topic or "", topic)


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


# Tables `newsledger link` fills (external_ids, the user's mapping, is kept).
LINK_TABLES = ("cluster_evidence", "cluster_features", "cluster_members", "clusters", "entity_links",
               "canonical_keys", "canonical_entities", "linked_documents")


def relink(conn: sqlite3.Connection) -> None:
    """Forget every link (canonical entities, clusters) so the next update rebuilds them with the current rules."""
    with conn:
        for table in LINK_TABLES:  # constant names
            conn.execute(f"DELETE FROM {table}")


def evaluate_stored(db: Path) -> dict[str, Any]:
    """Figures of the articles already analysed in a ledger, their links rebuilt in place with the current rules."""
    if not db.exists():
        raise FileNotFoundError(f"no ledger at {db}")
    with Ledger(db) as ledger:
        relink(ledger.conn)
        update(ledger.conn)
        n = ledger.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        return {"documents": n, "months": [], **figures(ledger.conn)}


def evaluate(path: Path, months: set[str], db: Path) -> dict[str, Any]:
    """Analyse the articles (spaCy pipeline), link, group into stories, and report the figures."""
    from newsledger.pipeline import Failure, Pipeline

    docs = read_allsides(path, months)
    with Ledger(db) as ledger:
        for result in Pipeline().analyze_many(docs):
            if not isinstance(result, Failure):
                ledger.store(result)
        update(ledger.conn)
        return {"documents": len(docs), "months": sorted(months), **figures(ledger.conn)}


def figures(conn: sqlite3.Connection) -> dict[str, Any]:
    """Story figures of a linked ledger whose documents carry an AllSides ``topic`` in their meta."""
    stories = group(conn)
    topic = {r[0]: json.loads(r[1] or "{}").get("topic") for r in conn.execute("SELECT id, meta FROM documents")}
    titles = {r[0]: r[1] for r in conn.execute("SELECT id, title FROM documents")}
    multi = [s for s in stories if len(s.documents) > 1]
    members = [s.documents for s in multi]
    return {
        "stories": len(stories), "multi_document_stories": len(multi),
        "documents_in_multi_document_stories": sum(len(m) for m in members),
        "multi_outlet_stories": sum(1 for s in multi if len(s.outlets) > 1),
        "largest_story": len(stories[0].documents) if stories else 0,
        "topic_purity": purity(members, topic),
        "section_purity": purity(members, {d: section(t) for d, t in topic.items()}),
        "examples": [[titles[d] for d in s.documents[:4]] for s in multi[:8]],
    }
