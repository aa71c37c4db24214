"""Event clusters across documents: incremental linking, corroboration and conflicting reports."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from newsledger.ledger import when as W
from newsledger.ledger.canonical import Canonicalizer
from newsledger.ledger.event_features import (
    MIN_STEM,
    PLACE_STOP,
    EventFeatures,
    event_features,
    trigger_classes,
)
from newsledger.ledger.sources import independent_groups

# Scoring of an event against a candidate cluster (hand-set, checked on ECB+; see docs/ledgerweb.md).
W_PARTICIPANTS = 2.0  # times the Jaccard overlap of canonical actors/targets
W_PLACE = 1.0  # same place; a different known place subtracts as much
W_TRIGGER = 1.0  # same trigger lemma ("attack" / "attacked")
W_TYPE = 0.5  # same (non-wildcard) PLOVER type
W_DATE = {"time": 1.0, "day": 1.0, "week": 0.75, "month": 0.5}  # compatible dates, by the coarser precision
W_DATE_OTHER = 0.25  # compatible at quarter/year or coarser precision
# Agreeing contexts (participant, place, date) a match needs when the triggers name the happening alike,
# when only the (coarse) PLOVER type agrees, and with neither: a leader who "met" someone in two reports
# is not enough for one event.
CONTEXT_WITH_TRIGGER = 1
CONTEXT_WITH_TYPE = 2
CONTEXT_WITHOUT_IDENTITY = 3
# Without compatible explicit dates, reports of one event are published at most this many days apart.
PUBLICATION_WINDOW_DAYS = 14
# Dates further apart than this never co-refer; closer ones may (and are flagged as a date conflict).
DATE_CONFLICT_DAYS = 3
# At most this many candidate clusters are scored per event (the ones sharing most blocking features).
MAX_CANDIDATES = 50
# A large cluster is matched against its most recent reports only (bounds the work per event).
MAX_MEMBERS_SCORED = 200
# Types that say nothing about the event (the events stage may leave a type empty).
WILDCARD_TYPES = {"", "OTHER", "EVENT", "UNKNOWN"}
# PLOVER types that different outlets use for the same incident (an "attack" vs a "clash").
COMPATIBLE_TYPES = [{"ASSAULT", "FIGHT"}]
NEGATIVE_MODALITIES = {"denied", "negated"}
POSITIVE_MODALITIES = {"asserted", "reported"}
# Events that join clusters: what happened (asserted, reported) and what a report says did not (for the
# denial conflict); planned and hypothetical events stay in the ledger but are never clustered or counted.
CLUSTERED_MODALITIES = POSITIVE_MODALITIES | NEGATIVE_MODALITIES
# Two figures differ when they are more than this fraction apart (12 vs 13 killed is a conflict, 100 vs 100.5 not).
FIGURE_TOLERANCE = 0.05


def types_compatible(a: str, b: str) -> bool:
    a, b = a.split(".")[0], b.split(".")[0]
    if a in WILDCARD_TYPES or b in WILDCARD_TYPES or a == b:
        return True
    return any(a in s and b in s for s in COMPATIBLE_TYPES)


def date_relation(value: str | None, member_dates: list[str]) -> tuple[str, float]:
    """("compatible"|"conflict"|"far"|"unknown", score) of a date against a cluster's member dates."""
    iv = W.interval(value)
    known = [d for d in (W.interval(m) for m in member_dates) if d is not None]
    if iv is None or not known:
        return "unknown", 0.0
    gaps = [iv.gap_days(k) for k in known]
    if max(gaps) == 0:
        coarsest = max(known + [iv], key=lambda k: k.days)
        return "compatible", W_DATE.get(coarsest.precision, W_DATE_OTHER)
    if max(gaps) <= DATE_CONFLICT_DAYS:
        return "conflict", 0.0
    return "far", 0.0


def same_place(ev: EventFeatures, m: EventFeatures) -> bool | None:
    """True/False when both places are known (same canonical entity, or one name contains the other)."""
    if not ev.place or not m.place:
        return None
    if ev.place == m.place:
        return True
    a = set((ev.place_key or "").split()) - PLACE_STOP
    b = set((m.place_key or "").split()) - PLACE_STOP
    return bool(a and b and (a <= b or b <= a))


def same_trigger(a: str, b: str) -> bool:
    """Same lemma, same trigger class ("died" / "killed"), or a compound's head ("quake" / "earthquake")."""
    if not a or not b:
        return False
    classes = trigger_classes()
    if a in classes and classes.get(a) == classes.get(b):
        return True
    short, long_ = sorted((a, b), key=len)
    return a == b or (len(short) >= MIN_STEM + 1 and long_.endswith(short))


def pair_score(ev: EventFeatures, m: EventFeatures) -> float:
    """How well one event matches one earlier report (0 = not the same event).

    Contexts are a shared participant, the same place and a compatible date at month precision or finer;
    a different known place cancels one. The same trigger (lemma or class) needs one agreeing context,
    the same PLOVER type alone two, neither all three. Incompatible types, dates more than
    DATE_CONFLICT_DAYS apart, and (without compatible dates) publications more than
    PUBLICATION_WINDOW_DAYS apart never match. The weights only rank the candidates that pass.
    """
    if not types_compatible(ev.type, m.type):
        return 0.0
    rel, s = date_relation(ev.date, [m.date] if m.date else [])
    if rel == "far":
        return 0.0
    if rel != "compatible" and ev.published and m.published:
        gap = W.interval(ev.published), W.interval(m.published)
        if gap[0] and gap[1] and gap[0].gap_days(gap[1]) > PUBLICATION_WINDOW_DAYS:
            return 0.0  # no date says otherwise, and reports of one event appear close in time
    context = int(rel == "compatible" and s >= W_DATE["month"])
    shared = set(ev.participants) & set(m.participants)
    if shared:
        context += 1
        s += W_PARTICIPANTS * len(shared) / len(set(ev.participants) | set(m.participants))
    trigger = same_trigger(ev.lemma, m.lemma)
    place = same_place(ev, m)
    # an inferred setting only agrees for reports that also name the happening alike
    if place is not None and (trigger or not (ev.place_inferred or m.place_inferred)):
        context += 1 if place else -1
        s += W_PLACE if place else -W_PLACE
    if trigger:
        s += W_TRIGGER
    same_type = ev.type not in WILDCARD_TYPES and ev.type == m.type
    if same_type:
        s += W_TYPE
    needed = CONTEXT_WITH_TRIGGER if trigger else CONTEXT_WITH_TYPE if same_type else CONTEXT_WITHOUT_IDENTITY
    return max(s, 0.01) if context >= needed else 0.0


def score(ev: EventFeatures, members: list[EventFeatures]) -> float:
    """How well one event fits a cluster: its best match among the members, if no member's date is far off."""
    if not members or not all(types_compatible(ev.type, m.type) for m in members):
        return 0.0
    rel = date_relation(ev.date, [m.date for m in members if m.date])[0]
    if rel == "far":
        return 0.0
    pub = W.interval(ev.published)
    if rel != "compatible" and pub is not None:  # no chaining of undated reports across months
        for m in members:
            other = W.interval(m.published)
            if other is not None and pub.gap_days(other) > PUBLICATION_WINDOW_DAYS:
                return 0.0
    return max(pair_score(ev, m) for m in members[-MAX_MEMBERS_SCORED:])


@dataclass
class UpdateStats:
    """What one incremental update did."""

    documents: int = 0
    events: int = 0
    new_clusters: int = 0
    merged_clusters: int = 0
    clusters_touched: int = 0


class Clusterer:
    """Adds documents' events to clusters without rebuilding existing ones."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.cache: dict[int, list[EventFeatures]] = {}  # members of clusters read during one update

    def members(self, cluster_id: int) -> list[EventFeatures]:
        if cluster_id not in self.cache:
            rows = self.conn.execute("SELECT features FROM cluster_members WHERE cluster_id = ?", (cluster_id,))
            self.cache[cluster_id] = [EventFeatures(**json.loads(r[0])) for r in rows]
        return self.cache[cluster_id]

    def candidates(self, ev: EventFeatures) -> list[int]:
        keys = ev.blocking()
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self.conn.execute(
            f"SELECT cluster_id FROM cluster_features WHERE feature IN ({marks})"
            " GROUP BY cluster_id ORDER BY count(*) DESC, cluster_id LIMIT ?",
            (*keys, MAX_CANDIDATES),
        )
        return [int(r[0]) for r in rows]

    def add(self, ev: EventFeatures) -> tuple[int, bool, set[int]]:
        """Put one event in its best cluster, or a new one.

        When the event matches several clusters they are the same event seen through different reports,
        so they are merged into the best one (a local change: other clusters are not touched).
        Returns (cluster id, created, ids of clusters merged away).
        """
        scored = []
        for cid in self.candidates(ev):
            members = self.members(cid)
            s = score(ev, members)
            if s > 0:
                scored.append((s, cid, members))
        scored.sort(key=lambda x: (-x[0], x[1]))
        merged: set[int] = set()
        if scored:
            best_score, best, kept = scored[0]
            for _, other, members in scored[1:]:
                if self._compatible(kept, members):
                    self._merge(other, best)
                    kept = kept + members
                    merged.add(other)
        else:
            best_score = 0.0
            now = datetime.now(UTC).isoformat(timespec="seconds")
            cur = self.conn.execute("INSERT INTO clusters (label, updated_at) VALUES (?, ?)", ("", now))
            best = int(cur.lastrowid or 0)
        kept_members = self.members(best)  # loaded before the insert, so the event is added once
        self.conn.execute(
            "INSERT OR REPLACE INTO cluster_members (cluster_id, doc_id, event_id, score, features) VALUES (?,?,?,?,?)",
            (best, ev.doc_id, ev.event_id, best_score, json.dumps(asdict(ev))),
        )
        kept_members.append(ev)
        self.conn.executemany(
            "INSERT OR IGNORE INTO cluster_features (cluster_id, feature) VALUES (?,?)", [(best, k) for k in ev.blocking()]
        )
        return best, not scored, merged

    @staticmethod
    def _compatible(a: list[EventFeatures], b: list[EventFeatures]) -> bool:
        """Two clusters may merge when no types clash and no dates are far apart."""
        if not all(types_compatible(x.type, y.type) for x in a for y in b):
            return False
        dates = [m.date for m in a if m.date]
        return all(date_relation(m.date, dates)[0] != "far" for m in b)

    def _merge(self, source: int, target: int) -> None:
        self.members(target).extend(self.members(source))
        self.cache.pop(source, None)
        self.conn.execute("UPDATE cluster_members SET cluster_id = ? WHERE cluster_id = ?", (target, source))
        self.conn.execute("UPDATE OR IGNORE cluster_features SET cluster_id = ? WHERE cluster_id = ?", (target, source))
        self.conn.execute("DELETE FROM clusters WHERE id = ?", (source,))

    def refresh(self, cluster_id: int) -> None:
        """Recompute a cluster's summary, corroboration and conflicts from its members."""
        members = self.members(cluster_id)
        if not members:
            self.conn.execute("DELETE FROM clusters WHERE id = ?", (cluster_id,))
            self.cache.pop(cluster_id, None)
            return
        # corroboration counts only the reports that say it happened (asserted or reported)
        happened = [m for m in members if m.modality in POSITIVE_MODALITIES]
        groups = independent_groups(self.conn, [m.doc_id for m in happened]) if happened else []
        outlets = {d.outlet for g in groups for d in g}
        types = [m.type for m in members if m.type not in WILDCARD_TYPES]
        ctype = max(set(types), key=types.count) if types else None
        dates = sorted((m.date for m in members if W.interval(m.date)), key=W.sort_key)
        date = None
        for d in dates:
            date = d if date is None or W.compatible(date, d) is False else W.finer(date, d)
        first = self.conn.execute(
            "SELECT summary, trigger_text, where_name FROM events WHERE doc_id = ? AND id = ?",
            (members[0].doc_id, members[0].event_id),
        ).fetchone()
        label = (first[0] or first[1]) if first else ""
        iv = W.interval(date)
        self.conn.execute(
            "UPDATE clusters SET type = ?, label = ?, date_value = ?, date_precision = ?, date_start = ?, place = ?,"
            " n_events = ?, n_documents = ?, n_outlets = ?, corroboration = ?, conflicts = ?, updated_at = ? WHERE id = ?",
            (
                ctype, label, date, iv.precision if iv else None, iv.start.isoformat() if iv else None,
                first[2] if first else None, len(members), len({m.doc_id for m in happened}), len(outlets), len(groups),
                json.dumps(conflicts(members, groups)), datetime.now(UTC).isoformat(timespec="seconds"), cluster_id,
            ),
        )


def conflicts(members: list[EventFeatures], groups: list) -> list[dict[str, object]]:  # type: ignore[type-arg]
    """Conflicting reports among independent sources: dates, figures, denial against assertion."""
    group_of = {d.doc_id: i for i, g in enumerate(groups) for d in g}
    out: list[dict[str, object]] = []
    dated = [(m, W.interval(m.date)) for m in members if W.interval(m.date)]
    bad = {(a.doc_id, a.date, b.doc_id, b.date) for a, ia in dated for b, ib in dated
           if ia and ib and not ia.overlaps(ib) and a.date and b.date and a.date < b.date}
    if bad:
        out.append({"kind": "date", "detail": "reports give incompatible dates: " + ", ".join(sorted({d for x in bad for d in (x[1], x[3])})),
                    "members": sorted({d for x in bad for d in (x[0], x[2])})})
    figs: dict[int, float] = {}
    for m in members:
        if m.figures:
            figs[group_of.get(m.doc_id, -1)] = max(m.figures)
    values = sorted(set(figs.values()))
    if len(values) > 1 and (values[-1] - values[0]) > FIGURE_TOLERANCE * values[-1]:
        out.append({"kind": "numbers", "detail": "reports give different figures: " + ", ".join(f"{v:g}" for v in values),
                    "members": sorted({m.doc_id for m in members if m.figures})})
    neg = sorted({m.doc_id for m in members if m.modality in NEGATIVE_MODALITIES})
    pos = sorted({m.doc_id for m in members if m.modality in POSITIVE_MODALITIES})
    if neg and pos:
        out.append({"kind": "denial", "detail": "some reports deny what others assert", "members": neg + pos})
    return out


def update(conn: sqlite3.Connection, batch: int = 200) -> UpdateStats:
    """Link entities and cluster events of every document not linked yet (never rebuilds the rest)."""
    stats = UpdateStats()
    canon, clusterer = Canonicalizer(conn), Clusterer(conn)
    with conn:  # clusters/entities that lost members because their documents were re-stored or deleted
        stale = [int(r[0]) for r in conn.execute(
            "SELECT c.id FROM clusters c LEFT JOIN (SELECT cluster_id, count(*) AS n FROM cluster_members"
            " GROUP BY cluster_id) m ON m.cluster_id = c.id WHERE coalesce(m.n, 0) != c.n_events")]
        for cid in stale:
            clusterer.refresh(cid)
        canon.recount(int(r[0]) for r in conn.execute(
            "SELECT c.id FROM canonical_entities c LEFT JOIN (SELECT canonical_id, count(DISTINCT doc_id) AS n"
            " FROM entity_links GROUP BY canonical_id) l ON l.canonical_id = c.id WHERE coalesce(l.n, 0) != c.n_docs"))
    pending = [r[0] for r in conn.execute(
        "SELECT d.id FROM documents d LEFT JOIN linked_documents l ON l.doc_id = d.id"
        " WHERE l.doc_id IS NULL OR l.content_hash != d.content_hash ORDER BY d.published, d.id")]
    for i in range(0, len(pending), batch):
        touched_entities: set[int] = set()
        touched: set[int] = set()
        with conn:
            for doc_id in pending[i : i + batch]:
                touched_entities |= canon.link_document(doc_id)
            for doc_id in pending[i : i + batch]:
                for ev in event_features(conn, doc_id):
                    if ev.modality not in CLUSTERED_MODALITIES:
                        continue
                    cid, created, merged = clusterer.add(ev)
                    touched.add(cid)
                    touched -= merged
                    stats.merged_clusters += len(merged)
                    stats.new_clusters += int(created)
                    stats.events += 1
                conn.execute(
                    "INSERT OR REPLACE INTO linked_documents (doc_id, content_hash, linked_at)"
                    " SELECT id, content_hash, ? FROM documents WHERE id = ?",
                    (datetime.now(UTC).isoformat(timespec="seconds"), doc_id),
                )
                stats.documents += 1
            canon.recount(touched_entities)
            for cid in touched:
                clusterer.refresh(cid)
        stats.clusters_touched += len(touched)
    return stats
