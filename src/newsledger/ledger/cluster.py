"""Event clusters across documents: incremental linking, corroboration and conflicting reports."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from newsledger.ledger import when as W
from newsledger.ledger.canonical import Canonicalizer
from newsledger.ledger.context import MAX_CONTEXT_CANDIDATES, DocIndex, context_join
from newsledger.ledger.event_features import EventFeatures, event_features
from newsledger.ledger.labels import cluster_date, cluster_label
from newsledger.ledger.linker import MAX_LINK_CANDIDATES, LinkModel, learned_join, load_model
from newsledger.ledger.match import FIGURE_TOLERANCE, WILDCARD_TYPES, fits, pair_score
from newsledger.ledger.opening import opening_join
from newsledger.ledger.rejoin import MAX_REJOIN_CANDIDATES, join, narrow_participants, sentence_lemmas
from newsledger.ledger.sources import evidence_keys, independent_groups

# At most this many candidate clusters are scored per event (the ones sharing most blocking features).
MAX_CANDIDATES = 50
# A large cluster is matched against its most recent reports only (bounds the work per event).
MAX_MEMBERS_SCORED = 200
# At most this many clusters of other articles' opening sentences are tried per cluster (ledger/opening.py).
MAX_OPENING_CANDIDATES = 60
NEGATIVE_MODALITIES = {"denied", "negated"}
POSITIVE_MODALITIES = {"asserted", "reported"}


def score(ev: EventFeatures, members: list[EventFeatures]) -> float:
    """How well one event fits a cluster: its best match among the members, if it clashes with none of them."""
    if not members or not ev.clusterable or not fits(ev, members[-MAX_MEMBERS_SCORED:]):
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

    def __init__(self, conn: sqlite3.Connection, model: LinkModel | None = None) -> None:
        self.conn = conn
        self.model = model or load_model()  # the learned fourth pass (ledger/linker.py)
        self.cache: dict[int, list[EventFeatures]] = {}  # members of clusters read during one update
        self.texts: dict[str, str] = {}  # document texts read by the second pass
        self.lemmas: dict[tuple[str, int, int], frozenset[str]] = {}  # evidence sentence -> its content lemmas
        self.index = DocIndex(conn)  # TF-IDF vectors of the documents around the batch (ledger/context.py)
        self.opens: dict[str, int] = {}  # document -> start of its opening sentence (ledger/opening.py)

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
        if ev.evidence:
            self.conn.execute(
                "INSERT OR REPLACE INTO cluster_evidence (doc_id, event_id, evidence_start, evidence_end) VALUES (?,?,?,?)",
                (ev.doc_id, ev.event_id, ev.evidence[0], ev.evidence[1]),
            )
        self.conn.executemany(
            "INSERT OR IGNORE INTO cluster_features (cluster_id, feature) VALUES (?,?)", [(best, k) for k in ev.blocking()]
        )
        return best, not scored, merged

    @staticmethod
    def _compatible(a: list[EventFeatures], b: list[EventFeatures]) -> bool:
        """Two clusters may merge when no report of one clashes with a report of the other."""
        return all(fits(x, a) for x in b)

    def rejoin(self, cluster_ids: set[int]) -> set[int]:
        """The second pass (ledger/rejoin.py): join each cluster with the clusters that are the same event
        reported with other roles; returns the ids of the clusters merged away."""
        merged: set[int] = set()
        for cid in sorted(cluster_ids):
            changed = cid not in merged
            while changed:
                changed = False
                members = self.members(cid)
                narrow = narrow_participants(self.conn, {p for m in members for p in m.resolved()})
                for other in self._neighbours(cid):
                    if other not in merged and join(members, self.members(other), narrow, self.said):
                        self._merge(other, cid)
                        merged.add(other)
                        changed = True
                        break
        return merged

    def relate(self, cluster_ids: set[int]) -> set[int]:
        """The third pass (ledger/context.py): join clusters named alike in articles about one story when nothing
        conflicts; returns the ids of the clusters merged away."""
        return self._join_pass(cluster_ids, self._story_neighbours,
                               lambda a, b: context_join(self.members(a), self.members(b), self.index))

    def link(self, cluster_ids: set[int]) -> set[int]:
        """The fourth pass (ledger/linker.py): join clusters the learned model scores as one happening told in one
        story when nothing conflicts; returns the ids of the clusters merged away."""
        return self._join_pass(cluster_ids, self._story_clusters, lambda a, b: learned_join(
            self.members(a), self.members(b), self.index, self.model, self.said))

    def open(self, cluster_ids: set[int]) -> set[int]:
        """The fifth pass (ledger/opening.py): join clusters that articles of one story open on, named with one word,
        when nothing conflicts; returns the ids of the clusters merged away."""
        return self._join_pass(cluster_ids, self._opening_neighbours, lambda a, b: opening_join(
            self.members(a), self.members(b), self.index, self._openings(self.members(a) + self.members(b)), self.said))

    def _openings(self, members: list[EventFeatures]) -> dict[str, int]:
        """Document -> the start of its opening sentence (its first clustered report's sentence), for these reports."""
        todo = sorted({m.doc_id for m in members} - set(self.opens))
        for i in range(0, len(todo), 500):
            rows = self.conn.execute(
                "SELECT doc_id, min(evidence_start) FROM cluster_evidence WHERE doc_id IN (SELECT value FROM json_each(?))"
                " GROUP BY doc_id", (json.dumps(todo[i : i + 500]),))
            self.opens.update({str(d): int(s) for d, s in rows if s is not None})
        return self.opens

    def _opening_neighbours(self, cid: int) -> list[int]:
        """Clusters with a report in the opening sentence of another article of the same story as one of this one's
        opening reports (none when this cluster has no opening report)."""
        members = self.members(cid)
        opens = self._openings(members)
        docs = sorted({o for m in members if (m.evidence or [-1])[0] == opens.get(m.doc_id) for o in self.index.story(m.doc_id)})
        if not docs:
            return []
        rows = self.conn.execute(
            "SELECT DISTINCT m.cluster_id FROM cluster_evidence e JOIN cluster_members m ON m.doc_id = e.doc_id"
            " AND m.event_id = e.event_id WHERE e.doc_id IN (SELECT value FROM json_each(?)) AND m.cluster_id != ?"
            " AND e.evidence_start = (SELECT min(f.evidence_start) FROM cluster_evidence f WHERE f.doc_id = e.doc_id)"
            " ORDER BY m.cluster_id LIMIT ?",
            (json.dumps(docs), cid, MAX_OPENING_CANDIDATES),
        )
        return [int(r[0]) for r in rows]

    def _join_pass(self, cluster_ids: set[int], neighbours: Callable[[int], list[int]],
                   joins: Callable[[int, int], bool]) -> set[int]:
        """Join each cluster with every neighbour that `joins` accepts (again after each merge, as the cluster grew);
        returns the ids of the clusters merged away."""
        merged: set[int] = set()
        for cid in sorted(cluster_ids):
            changed = cid not in merged
            while changed:
                changed = False
                for other in neighbours(cid):
                    if other not in merged and joins(cid, other):
                        self._merge(other, cid)
                        merged.add(other)
                        changed = True
                        break
        return merged

    def _story_docs(self, cid: int) -> str:
        """The other articles of the stories of this cluster's reports, as a JSON list ("" when there are none)."""
        docs = sorted({o for m in self.members(cid) for o in self.index.story(m.doc_id)})
        return json.dumps(docs) if docs else ""

    def _story_clusters(self, cid: int) -> list[int]:
        """Clusters with a report in an article of the same story as one of this one's (most shared features first)."""
        docs = self._story_docs(cid)
        if not docs:
            return []
        rows = self.conn.execute(
            "SELECT m.cluster_id, (SELECT count(*) FROM cluster_features b JOIN cluster_features a ON a.feature = b.feature"
            " AND a.cluster_id = ? WHERE b.cluster_id = m.cluster_id) AS shared FROM cluster_members m"
            " WHERE m.doc_id IN (SELECT value FROM json_each(?)) AND m.cluster_id != ?"
            " GROUP BY m.cluster_id ORDER BY shared DESC, m.cluster_id LIMIT ?",
            (cid, docs, cid, MAX_LINK_CANDIDATES),
        )
        return [int(r[0]) for r in rows]

    def _story_neighbours(self, cid: int) -> list[int]:
        """Clusters sharing a trigger class with this one and reported in an article of the same story."""
        docs = self._story_docs(cid)
        if not docs:
            return []
        rows = self.conn.execute(
            "SELECT DISTINCT b.cluster_id FROM cluster_features a JOIN cluster_features b ON b.feature = a.feature"
            " JOIN cluster_members m ON m.cluster_id = b.cluster_id WHERE a.cluster_id = ? AND b.cluster_id != ?"
            " AND (a.feature LIKE 'trig:%' OR a.feature LIKE 'head:%') AND m.doc_id IN (SELECT value FROM json_each(?))"
            " ORDER BY b.cluster_id LIMIT ?",
            (cid, cid, docs, MAX_CONTEXT_CANDIDATES),
        )
        return [int(r[0]) for r in rows]

    def said(self, ev: EventFeatures) -> frozenset[str]:
        """The content lemmas of the sentence that reports an event (cached per document text)."""
        if not ev.evidence:
            return frozenset()
        key = (ev.doc_id, ev.evidence[0], ev.evidence[1])
        if key not in self.lemmas:
            if ev.doc_id not in self.texts:
                row = self.conn.execute("SELECT text FROM documents WHERE id = ?", (ev.doc_id,)).fetchone()
                self.texts[ev.doc_id] = str(row[0]) if row else ""
            self.lemmas[key] = sentence_lemmas(self.texts[ev.doc_id][ev.evidence[0] : ev.evidence[1]])
        return self.lemmas[key]

    def _neighbours(self, cid: int) -> list[int]:
        """Clusters sharing a participant, place or trigger class with this one (most shared features first)."""
        rows = self.conn.execute(
            "SELECT b.cluster_id FROM cluster_features a JOIN cluster_features b ON b.feature = a.feature"
            " WHERE a.cluster_id = ? AND b.cluster_id != ? AND (a.feature LIKE 'ent:%' OR a.feature LIKE 'trig:%')"
            " GROUP BY b.cluster_id ORDER BY count(*) DESC, b.cluster_id LIMIT ?",
            (cid, cid, MAX_REJOIN_CANDIDATES),
        )
        return [int(r[0]) for r in rows]

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
        groups = independent_groups(self.conn, [m.doc_id for m in members], evidence_keys(self.conn, members))
        group_of = {d.doc_id: min(x.doc_id for x in g) for g in groups for d in g}
        self.conn.executemany(  # this cluster's reports only: a document's other events may sit in other clusters
            "UPDATE cluster_evidence SET source_group = ? WHERE doc_id = ? AND event_id = ?",
            [(group_of.get(m.doc_id, m.doc_id), m.doc_id, m.event_id) for m in members],
        )
        outlets = {d.outlet for g in groups for d in g}
        types = [m.type for m in members if m.type not in WILDCARD_TYPES]
        ctype = max(set(types), key=types.count) if types else None
        date = cluster_date(members)
        label, place = cluster_label(self.conn, members, ctype, date)
        iv = W.interval(date)
        self.conn.execute(
            "UPDATE clusters SET type = ?, label = ?, date_value = ?, date_precision = ?, date_start = ?, place = ?,"
            " n_events = ?, n_documents = ?, n_outlets = ?, corroboration = ?, conflicts = ?, updated_at = ? WHERE id = ?",
            (
                ctype, label, date, iv.precision if iv else None, iv.start.isoformat() if iv else None,
                place, len(members), len({m.doc_id for m in members}), len(outlets), len(groups),
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


def update(conn: sqlite3.Connection, batch: int = 200, model: LinkModel | None = None) -> UpdateStats:
    """Link entities and cluster events of every document not linked yet (never rebuilds the rest); ``model``
    replaces the shipped weights of the learned pass (ledger/linker.py)."""
    stats = UpdateStats()
    canon, clusterer = Canonicalizer(conn), Clusterer(conn, model)
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
                    if not ev.clusterable:  # planned, hypothetical, negated, denied, generic: never clustered
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
            rejoined = clusterer.rejoin(touched)
            touched -= rejoined
            clusterer.index.build(pending[i : i + batch])
            related = clusterer.relate(touched)
            touched -= related
            learned = clusterer.link(touched)
            touched -= learned
            opened = clusterer.open(touched)
            touched -= opened
            stats.merged_clusters += len(rejoined) + len(related) + len(learned) + len(opened)
            canon.recount(touched_entities)
            for cid in touched:
                clusterer.refresh(cid)
        stats.clusters_touched += len(touched)
    return stats
