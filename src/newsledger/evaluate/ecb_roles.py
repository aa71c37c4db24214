"""ECB+ roles from newsledger's own analysis: what the ledger would get from the pipeline for each gold mention.

``--roles system`` (evaluate/ecb.py): each ECB+ text is analysed once by the full pipeline (one spaCy pass, as
``newsledger analyze`` does; the analysis is cached as JSON in a folder), and every gold action mention takes the
actor, target, place and date of the system event whose trigger overlaps it (the largest overlap; a later mention
of a system event counts too), or no role at all when no system event does. The entities are the system's, so
pronouns resolve exactly as the entities stage links them. Gold mentions stay the units scored. The cache is keyed
by document id and text only: empty it when the pipeline changes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from newsledger.document import Analysis, Document, Event, TextSpan, analysis_from_dict

ROLE_SOURCES = ("nearest", "system")


def _overlap(a: TextSpan, start: int, end: int) -> int:
    return max(0, min(a.end, end) - max(a.start, start))


def matching_event(system: Analysis, start: int, end: int) -> Event | None:
    """The system event whose trigger (or a later mention of it) overlaps [start, end) the most, if any."""
    best, best_len = None, 0
    for e in system.events:
        size = max(_overlap(s, start, end) for s in [e.trigger, *e.mentions])
        if size > best_len:
            best, best_len = e, size
    return best


def transfer_roles(gold: Analysis, system: Analysis) -> None:
    """Give each gold event the roles and date of the system event its trigger overlaps (none when none does)."""
    if gold.document.text != system.document.text:
        raise ValueError(f"the system analysis of {gold.document.id} is of another text")
    gold.entities = system.entities
    gold.timexes = system.timexes
    for e in gold.events:
        match = matching_event(system, e.trigger.start, e.trigger.end)
        e.actor, e.target, e.where, e.when = (
            (match.actor, match.target, match.where, match.when) if match else (None, None, None, None))


def _cache_file(cache: Path, document: Document) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in document.id)
    return cache / f"{safe}-{document.content_hash[:12]}.json"


def system_analyses(documents: Iterable[Document], cache: Path) -> dict[str, Analysis]:
    """The pipeline's analysis of each document, read from ``cache`` or made once (and written there)."""
    from newsledger.pipeline import Failure, default_pipeline

    cache.mkdir(parents=True, exist_ok=True)
    out: dict[str, Analysis] = {}
    todo: list[Document] = []
    for d in documents:
        f = _cache_file(cache, d)
        if f.exists():
            out[d.id] = analysis_from_dict(json.loads(f.read_text(encoding="utf-8")))
        else:
            todo.append(d)
    if todo:
        for d, result in zip(todo, default_pipeline().analyze_many(todo), strict=True):
            if isinstance(result, Failure):
                raise ValueError(f"the pipeline could not analyse ECB+ document {d.id}: {result.message}")
            _cache_file(cache, d).write_text(result.to_json(), encoding="utf-8")
            out[d.id] = result
    return out


def plain_document(doc_id: str, text: str, published: date | None, outlet: str | None) -> Document:
    """The ECB+ text as the pipeline reads it (no gold metadata)."""
    return Document(doc_id, text, published, outlet)
