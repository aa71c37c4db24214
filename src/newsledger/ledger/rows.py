"""The ledger rows of one analysis, built without a database (so that worker processes can build them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from newsledger.document import Analysis, Geo
from newsledger.sanitize import dumps
from newsledger.stages.framing.summary import summarize_analysis

# Insert statements in the order they run (the full-text tables follow by trigger, migration 007); every parameter is bound (article text never enters the SQL).
INSERTS: dict[str, str] = {
    "documents": "INSERT INTO documents (id, content_hash, url, outlet, title, published, text, meta, analysis, analyzed_at)"
                 " VALUES (?,?,?,?,?,?,?,?,?,?)",
    "removed": 'INSERT INTO removed (doc_id, start, "end", kind, reason, score) VALUES (?,?,?,?,?,?)',
    "entities": "INSERT INTO entities (doc_id, id, name, type, country) VALUES (?,?,?,?,?)",
    "mentions": 'INSERT INTO mentions (doc_id, entity_id, start, "end", text, kind) VALUES (?,?,?,?,?,?)',
    "timexes": 'INSERT INTO timexes (doc_id, start, "end", text, type, value, precision) VALUES (?,?,?,?,?,?,?)',
    "quotes": "INSERT INTO quotes VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "events": "INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "geo_places": "INSERT OR REPLACE INTO geo_places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "framing": 'INSERT INTO framing (doc_id, start, "end", text, technique, voice, contested) VALUES (?,?,?,?,?,?,?)',
    "framing_summary": "INSERT INTO framing_summary VALUES (?,?,?,?,?,?,?,?,?,?)",
    "quote_modes": "INSERT INTO quote_modes (doc_id, quote_id, mode) VALUES (?,?,?)",
}

Row = tuple[Any, ...]


@dataclass
class DocumentRows:
    """Everything the ledger stores for one document: rows per table (keys of ``INSERTS``)."""

    doc_id: str
    source: str  # the input's source, whose earlier failure record the document replaces
    rows: dict[str, list[Row]]


def _name(x: Any) -> Any:
    return x.name if x else None


def geo_rows(a: Analysis) -> list[Row]:
    """Rows of geo_places: every place entity and event place that carries a ``geo`` record."""
    pairs: list[tuple[str, str, Geo | None]] = [("entity", e.id, e.geo) for e in a.entities]
    pairs += [("event", ev.id, ev.where.geo if ev.where else None) for ev in a.events]
    return [(a.document.id, rec, rid, g.name, g.lat, g.lon, g.precision, g.feature, g.country_iso3, g.country_iso2,
             g.country, g.admin1_code, g.admin1_name, g.admin2_name, g.geonames_id) for rec, rid, g in pairs if g is not None]


def analysis_rows(a: Analysis, analysis_json: str | None = None) -> DocumentRows:
    """The rows of one analysis; ``analysis_json`` is its contract as JSON when already serialised."""
    d = a.document
    i = d.id
    if analysis_json is None:
        data = a.to_dict()
        analysis_json = dumps(data, default=str)
        published = data["published"]
    else:
        published = d.published.isoformat() if d.published else None
    fs = summarize_analysis(a)
    rows: dict[str, list[Row]] = {
        "documents": [(i, d.content_hash, d.url, d.outlet, d.title, published, d.text,
                       dumps(d.meta, default=str), analysis_json,
                       datetime.now(UTC).isoformat(timespec="seconds"))],
        "removed": [(i, r.start, r.end, r.kind, r.reason, r.score) for r in a.removed],
        "entities": [(i, e.id, e.name, e.type, e.country) for e in a.entities],
        "mentions": [(i, e.id, m.start, m.end, m.text, m.kind) for e in a.entities for m in e.mentions],
        "timexes": [(i, t.start, t.end, t.text, t.type, t.value, t.precision) for t in a.timexes],
        "quotes": [
            (i, q.id, q.kind, _name(q.speaker), q.speaker.entity if q.speaker else None,
             q.speaker.start if q.speaker else None, q.speaker.end if q.speaker else None,
             q.cue.text if q.cue else None, q.cue.start if q.cue else None, q.cue.end if q.cue else None,
             q.content.text, q.content.start, q.content.end, q.when)
            for q in a.quotes
        ],
        "events": [
            (i, e.id, e.type, e.trigger.text, e.trigger.start, e.trigger.end,
             _name(e.actor), e.actor.entity if e.actor else None, _name(e.target), e.target.entity if e.target else None,
             _name(e.where), e.where.entity if e.where else None,
             e.when.value if e.when else None, e.when.precision if e.when else None,
             _name(e.claimed_by), e.claimed_by.quote if e.claimed_by else None, e.modality, e.summary)
            for e in a.events
        ],
        "geo_places": geo_rows(a),
        "framing": [(i, f.start, f.end, f.text, f.technique, f.voice, int(f.contested)) for f in a.framing],
        "framing_summary": [(i, d.outlet, fs.sentences, fs.narrator_sentences, fs.loaded_narrator, fs.spans,
                             fs.outlet_spans, fs.quoted_spans, fs.contested, dumps(fs.to_dict()))],
        "quote_modes": [(i, q.id, q.mode) for q in a.quotes if q.mode != "speech"],
    }
    return DocumentRows(doc_id=i, source=str(d.meta.get("source", i)), rows=rows)
