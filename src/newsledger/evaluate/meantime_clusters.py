"""MEANTIME cross-document event coreference: cluster gold event mentions, score against the instance links.

MEANTIME links every EVENT_MENTION (``REFERS_TO``) to an event instance; instances that carry an
``instance_id`` are shared across documents (the cross-document links), the others are local to their
document. Gold chain of a mention = its instance id (or document + instance markable), a mention without a
link is a singleton. Every gold event mention becomes an Event record (gold mentions, as in the literature):

* trigger = the mention's tokens; type = "" (a wildcard: MEANTIME events carry no PLOVER type);
* actor / target = the HAS_PARTICIPANT Arg0 / Arg1 entity mention when it is a name (capitalised, not a
  pronoun); where = the Argm-LOC participant; when = the anchored TIMEX3 date (TLINK), else none;
* modality: polarity NEG -> negated; certainty POSSIBLE/PROBABLE -> hypothetical; time FUTURE -> planned;
  else asserted; publication date = the document creation time; outlet = the corpus (Wikinews) + document.

Scores: MUC, B-cubed, CEAF-e and CoNLL F1 over all gold mentions, pairwise precision/recall over all
same-chain pairs and over cross-document pairs only; beside them the same-lemma baseline and singletons.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Hashable
from datetime import date
from pathlib import Path
from typing import Any

from newsledger.document import Analysis, Document, Entity, Event, Mention, Role, TextSpan, When
from newsledger.evaluate.clustering import PRF, conll, pairwise
from newsledger.evaluate.meantime import DATE_VALUE, MeantimeDoc, read_cat
from newsledger.geo.resolve import geocode_analysis
from newsledger.ledger import Ledger
from newsledger.ledger.cluster import update
from newsledger.ledger.event_features import lemma

_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "his", "her", "their", "its", "him", "them", "our", "who",
             "which", "that", "this"}
_ENTITY_TYPES = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE", "PRO": "PRODUCT", "FIN": "ORG", "MIX": "ORG"}


def gold_chains(path: Path, md: MeantimeDoc) -> dict[str, str]:
    """Event mention m_id -> gold chain id (cross-document instance id, else a document-local instance)."""
    root = ET.parse(path).getroot()
    markables = root.find("Markables")
    instance: dict[str, str] = {}
    for el in list(markables) if markables is not None else []:
        if el.tag == "EVENT" and el.find("token_anchor") is None:
            instance[el.get("m_id", "")] = el.get("instance_id") or f"{md.name}#{el.get('m_id')}"
    chains: dict[str, str] = {}
    relations = root.find("Relations")
    for rel in list(relations) if relations is not None else []:
        if rel.tag != "REFERS_TO":
            continue
        tgt = rel.find("target")
        chain = instance.get(tgt.get("m_id", "")) if tgt is not None else None
        if chain:
            for src in rel.findall("source"):
                chains[src.get("m_id", "")] = chain
    return chains


def _modality(attrs: dict[str, str]) -> str:
    if attrs.get("polarity") == "NEG":
        return "negated"
    if attrs.get("certainty") in ("POSSIBLE", "PROBABLE"):
        return "hypothetical"
    return "planned" if attrs.get("time") == "FUTURE" else "asserted"


def to_analysis(md: MeantimeDoc, corpus: str) -> Analysis:
    """The document as an Analysis made of its gold event mentions with gold participants, places and dates."""
    pub = date.fromisoformat(md.dct[:10]) if md.dct and re.match(r"^\d{4}-\d{2}-\d{2}", md.dct) else None
    a = Analysis(Document(md.name, md.text, pub, f"wikinews/{corpus}/{md.name}", None, None, {"corpus": corpus}))
    ents: dict[str, Entity] = {}

    def role(m_id: str | None) -> Role | None:
        m = md.entities.get(m_id or "")
        if m is None:
            return None
        text = md.text[m.start : m.end]
        if not any(c.isupper() for c in text) or text.lower() in _PRONOUNS:
            return None
        key = text.lower()
        if key not in ents:
            ents[key] = Entity(f"E{len(ents) + 1}", text, _ENTITY_TYPES.get(m.attrs.get("ent_type", ""), "ORG"))
        ents[key].mentions.append(Mention(m.start, m.end, text))
        return Role(text, ents[key].id)

    for m in md.events:
        parts = md.participants.get(m.m_id, {})
        anchor = md.timexes.get(md.anchors.get(m.m_id, ""))
        value = anchor.attrs.get("value", "") if anchor is not None else ""
        value = value[:10] if DATE_VALUE.match(value) and anchor is not None and anchor.start >= 0 else ""
        when = When(value, {4: "year", 7: "month", 10: "day"}.get(len(value), "day")) if value else None
        a.events.append(Event(
            m.m_id, "", TextSpan(m.start, m.end, md.text[m.start : m.end]), actor=role(parts.get("Arg0")),
            target=role(parts.get("Arg1")), where=role(parts.get("Argm-LOC")), when=when, modality=_modality(m.attrs),
            summary=md.text[m.start : m.end],
        ))
    a.entities = list(ents.values())
    geocode_analysis(a)  # the geo stage, as the pipeline runs it
    return a


def _cross_pairs(system: dict[Hashable, Hashable], gold: dict[Hashable, Hashable]) -> PRF:
    """Pairwise precision/recall over pairs of mentions from different documents only."""
    def pairs(mapping: dict[Hashable, Hashable]) -> set[tuple[Hashable, Hashable]]:
        groups: dict[Hashable, list[Hashable]] = {}
        for k, v in mapping.items():
            groups.setdefault(v, []).append(k)
        out = set()
        for items in groups.values():
            items = sorted(items, key=str)
            out |= {(x, y) for i, x in enumerate(items) for y in items[i + 1:] if x[0] != y[0]}  # type: ignore[index]
        return out
    keys = [k for k in gold if k in system]
    s, g = pairs({k: system[k] for k in keys}), pairs({k: gold[k] for k in keys})
    return PRF(len(s & g) / len(s) if s else 1.0, len(s & g) / len(g) if g else 1.0)


def _score(system: dict[Hashable, Hashable], gold: dict[Hashable, Hashable]) -> dict[str, Any]:
    return {**conll(system, gold), "pairwise": pairwise(system, gold).to_dict(),
            "cross_document_pairs": _cross_pairs(system, gold).to_dict()}


def evaluate_dir(directory: Path, workdir: Path) -> dict[str, Any]:
    """Cluster every gold event mention of the MEANTIME corpora under ``directory`` in one ledger and score."""
    files = sorted(directory.glob("*/*.xml"))
    docs, gold, trig = [], {}, {}
    for f in files:
        md = read_cat(f)
        chains = gold_chains(f, md)
        a = to_analysis(md, f.parent.name.removeprefix("corpus_"))
        docs.append(a)
        for e in a.events:
            key = (a.document.id, e.id)
            gold[key] = chains.get(e.id, f"{a.document.id}#{e.id}")
            trig[key] = lemma(e.trigger.text)
    with Ledger(workdir / "meantime-clusters.sqlite") as ledger:
        ledger.store_many(docs)
        update(ledger.conn)
        clustered = {(r[0], r[1]): r[2] for r in ledger.conn.execute("SELECT doc_id, event_id, cluster_id FROM cluster_members")}
    system: dict[Hashable, Hashable] = {k: clustered.get(k, ("single", k)) for k in gold}  # type: ignore[misc]
    cross = {g for g in gold.values() if len({k[0] for k, v in gold.items() if v == g}) > 1}
    return {
        "documents": len(docs), "corpora": sorted({d.document.meta["corpus"] for d in docs}),
        "event_mentions": len(gold), "gold_chains": len(set(gold.values())), "cross_document_chains": len(cross),
        "newsledger": _score(system, gold),  # type: ignore[arg-type]
        "baseline_same_lemma": _score(trig, gold),  # type: ignore[arg-type]
        "baseline_singletons": _score({k: k for k in gold}, gold),  # type: ignore[arg-type]
    }
