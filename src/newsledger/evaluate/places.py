"""Geocoding accuracy on annotated place mentions (a JSONL file of doc id + offsets + gold place).

Each gold line names a document of ``../shared`` (``allsides:<ID>``, ``wire:<ID>``: read through the annotation
round's reader, ``evaluate.rounds``), a character span of one place mention and the place it refers to in
context: ``kind`` (country / admin1 / city / facility), ``country_iso3``, ``admin1``, ``lat``, ``lon``.

The documents are analysed with the full pipeline; the system place of a mention is the ``geo`` of the entity
whose mention overlaps the gold span most (or of an event ``where`` role naming it). Scores, fixed before
any run on the annotated file:

* **accuracy** (the headline figure): the ISO3 country is right and, unless the gold place is a country,
  the system point lies within 161 km of the gold point (the "Acc@161" of the toponym-resolution
  literature: 100 miles);
* country accuracy; admin1 accuracy over mentions whose gold has an admin1 (the system's admin1 name or code
  equals the gold one, compared without case, accents and the words "oblast", "province", "state"...);
* coverage: the share of gold mentions the system placed at all (a mention it did not place counts wrong).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsledger.document import Analysis, Geo
from newsledger.geo.gazetteer import ADMIN_WORDS, fold, km

ACC_KM = 161.0


def _admin_key(name: str | None) -> str:
    words = [w for w in fold(name or "").replace("-", " ").split() if w not in ADMIN_WORDS and w != "of"]
    return " ".join(words)


def system_geo(a: Analysis, start: int, end: int) -> Geo | None:
    """The geo of the entity mention (or event place) that overlaps [start, end) most."""
    best: tuple[int, Geo | None] = (0, None)
    for e in a.entities:
        if e.geo is None:
            continue
        for m in e.mentions:
            overlap = min(end, m.end) - max(start, m.start)
            if overlap > best[0]:
                best = (overlap, e.geo)
    if best[1] is None:
        for ev in a.events:
            if ev.where is not None and ev.where.geo is not None and ev.where.name in a.document.text[start:end]:
                return ev.where.geo
    return best[1]


@dataclass
class PlaceScore:
    """Counts of one run."""

    total: int = 0
    placed: int = 0
    correct: int = 0
    country: int = 0
    admin1_total: int = 0
    admin1: int = 0

    def to_dict(self) -> dict[str, Any]:
        def r(n: int, d: int) -> float | None:
            return round(n / d, 4) if d else None

        return {"mentions": self.total, "accuracy_at_161km": r(self.correct, self.total),
                "country_accuracy": r(self.country, self.total), "admin1_accuracy": r(self.admin1, self.admin1_total),
                "admin1_mentions": self.admin1_total, "coverage": r(self.placed, self.total)}


def score_mention(gold: dict[str, Any], geo: Geo | None, s: PlaceScore) -> bool:
    """Add one mention to the counts; True when it is right."""
    s.total += 1
    if gold.get("admin1"):
        s.admin1_total += 1
    if geo is None:
        return False
    s.placed += 1
    country_ok = geo.country_iso3 == gold.get("country_iso3")
    s.country += int(country_ok)
    if gold.get("admin1") and country_ok and _admin_key(gold["admin1"]) in (_admin_key(geo.admin1_name), _admin_key(geo.admin1_code)):
        s.admin1 += 1
    near = gold.get("kind") == "country" or (
        gold.get("lat") is not None and km((geo.lat, geo.lon), (float(gold["lat"]), float(gold["lon"]))) <= ACC_KM)
    ok = country_ok and near
    s.correct += int(ok)
    return ok


def evaluate_file(path: Path, shared: Path) -> dict[str, Any]:
    """Analyse the documents the file names (texts read from ``shared``) and score every annotated mention."""
    from newsledger.evaluate.rounds import load_documents
    from newsledger.pipeline import Failure, Pipeline

    golds = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs = load_documents(shared, sorted({g["doc"] for g in golds}))
    analyses = {a.document.id: a for a in Pipeline().analyze_many(docs.values()) if not isinstance(a, Failure)}
    score, by_kind = PlaceScore(), dict[str, PlaceScore]()
    errors = []
    for g in golds:
        a = analyses.get(g["doc"])
        geo = system_geo(a, int(g["start"]), int(g["end"])) if a else None
        kind = by_kind.setdefault(g.get("kind", "?"), PlaceScore())
        ok = score_mention(g, geo, score)
        score_mention(g, geo, kind)
        if not ok:
            errors.append({"n": g.get("n"), "doc": g["doc"], "text": a.document.text[g["start"]:g["end"]] if a else None,
                           "gold": [g.get("country_iso3"), g.get("admin1"), g.get("kind")],
                           "system": [geo.name, geo.country_iso3, geo.admin1_name, geo.feature] if geo else None})
    return {**score.to_dict(), "by_kind": {k: v.to_dict() for k, v in sorted(by_kind.items())}, "errors": errors}
