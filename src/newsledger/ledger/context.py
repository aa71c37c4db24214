"""Document context as evidence: a third, gated pass that joins reports of one happening told in one story.

The first pass (``match.pair_score``) and the second (``rejoin.join``) need a shared resolved participant and
a place or a day, which many reports do not carry ("the earthquake", "he checked into rehab"). Reports named
alike are usually one happening when their articles tell the same story, so two clusters also join when

* some report of one and some report of the other **name the happening with the same word** (the same
  trigger lemma; a class is too wide here: "the attack" and "heavy shelling" that week are two happenings), in
  the leads of different articles (``LEAD_CHARS``: what each article is about, not background);
* one of the two **dates the happening itself** to a week or finer (``anchored``): the story tells which
  happening it is only with a time anchor ("the truce took effect on Tuesday"); undated mentions of a kind
  recur through a story ("both sides halted cross-border attacks", "accusing Israeli forces of attacking");
* those articles are **about the same story**: the TF-IDF cosine of their texts (content words, crude lemmas)
  is at least ``STORY_COSINE`` and they were published within ``STORY_WINDOW_DAYS`` of each other (an
  unknown publication date does not count against it);
* and **nothing conflicts**: neither report names an actor or target the other contradicts
  (``match.participants_clash``: different resolved participants in one role, actors of other countries), and
  no report of one cluster contradicts one of the other (``rejoin.conflict``: incompatible dates, places
  geocoded apart, other types, other death tolls, swapped sides).

Only factual, specific reports are in clusters, so modality and generic mentions are settled before this.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta

from newsledger.ledger import when as W
from newsledger.ledger.event_features import EventFeatures
from newsledger.ledger.match import WEEK_DAYS, participants_clash
from newsledger.ledger.rejoin import conflict, content_lemmas

# Two articles are about the same story when the cosine of their TF-IDF vectors is at least this (ECB+ dev:
# articles of different topics reach at most 0.066, of one topic 0.19 at the median; AllSides articles at 0.1-0.2
# share a story line, such as a truce or a summit, so the other gates below still apply).
STORY_COSINE = 0.1
# ... and they were published within this many days of each other (AllSides story pages span 1-3 days).
STORY_WINDOW_DAYS = 3
# A document's vector keeps its this many heaviest words (the rest say little about its story).
TOP_TERMS = 80
# Candidate articles of a story share at least one of a document's this many heaviest words (bounds the work).
KEY_TERMS = 20
# Both reports must be in their article's lead (the evidence sentence starts within this many characters): what
# the article is about, not a background paragraph recalling another happening of that kind.
LEAD_CHARS = 600
# At most this many candidate clusters are tried per cluster, and this many reports of each side compared.
MAX_CONTEXT_CANDIDATES = 30
MAX_REPORTS = 120


def terms(text: str) -> Counter[str]:
    """Content words of a text, crudely lemmatised and counted (the words ``rejoin`` compares sentences by)."""
    return Counter(content_lemmas(text))


class DocIndex:
    """TF-IDF vectors of the documents published around a batch (and of undated ones), read once."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.vectors: dict[str, dict[str, float]] = {}
        self.published: dict[str, date | None] = {}
        self.cosines: dict[tuple[str, str], float] = {}
        self.stories: dict[str, list[str]] = {}
        self.postings: dict[str, list[str]] = {}  # word -> the documents whose vector holds it
        self.counts: dict[str, Counter[str]] = {}  # document -> its content words (kept across batches)

    def build(self, doc_ids: Iterable[str]) -> None:
        """Vectors of every document within STORY_WINDOW_DAYS of these documents' publication (idf from them)."""
        ids = sorted(set(doc_ids))
        days = [d for d in (self._day(p) for p in self._column("published", ids)) if d]
        if days:
            lo, hi = _shift(min(days), -STORY_WINDOW_DAYS), _shift(max(days), STORY_WINDOW_DAYS)
            rows = self.conn.execute(
                "SELECT id, published FROM documents WHERE published IS NULL OR substr(published, 1, 10) BETWEEN ? AND ?"
                " OR id IN (SELECT value FROM json_each(?))", (lo.isoformat(), hi.isoformat(), json.dumps(ids)))
        else:
            rows = self.conn.execute("SELECT id, published FROM documents")
        for doc, published in rows:
            self.published[str(doc)] = self._day(published)
        batch = set(ids)
        window = [d for d in self.published if d in batch or self._near(d, days)]
        todo = [d for d in window if d not in self.counts]  # words are counted once per document and update
        for doc, text in self.conn.execute("SELECT id, text FROM documents WHERE id IN (SELECT value FROM json_each(?))",
                                           (json.dumps(todo),)):
            self.counts[str(doc)] = terms(str(text or ""))
        counts = {d: self.counts[d] for d in window if d in self.counts}
        df: Counter[str] = Counter()
        for c in counts.values():
            df.update(c.keys())
        n = max(len(counts), 1)
        self.vectors, self.cosines, self.stories, self.postings = {}, {}, {}, {}
        for doc, c in counts.items():
            weights = {t: (1 + math.log(k)) * math.log(1 + n / df[t]) for t, k in c.items()}
            top = dict(sorted(weights.items(), key=lambda x: (-x[1], x[0]))[:TOP_TERMS])
            norm = math.sqrt(sum(w * w for w in top.values())) or 1.0
            self.vectors[doc] = {t: w / norm for t, w in top.items()}
            for t in top:
                self.postings.setdefault(t, []).append(doc)

    def _near(self, doc: str, days: list[date]) -> bool:
        """Undated, or published within STORY_WINDOW_DAYS of the batch's span."""
        day = self.published.get(doc)
        return not day or not days or _shift(min(days), -STORY_WINDOW_DAYS) <= day <= _shift(max(days), STORY_WINDOW_DAYS)

    def _column(self, column: str, ids: list[str]) -> list[str | None]:
        rows = self.conn.execute(f"SELECT {column} FROM documents WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),))
        return [r[0] for r in rows]  # column is a constant name

    @staticmethod
    def _day(value: object) -> date | None:
        try:
            return date.fromisoformat(str(value)[:10]) if value else None
        except ValueError:
            return None

    def cosine(self, a: str, b: str) -> float:
        """Cosine of two documents' vectors (0 when either is outside the index)."""
        key = (a, b) if a < b else (b, a)
        if key not in self.cosines:
            va, vb = self.vectors.get(a), self.vectors.get(b)
            if not va or not vb:
                return 0.0
            small, big = (va, vb) if len(va) <= len(vb) else (vb, va)
            self.cosines[key] = sum(w * big.get(t, 0.0) for t, w in small.items())
        return self.cosines[key]

    def story(self, doc: str) -> list[str]:
        """The other indexed documents about the same story as this one (among those sharing a key word with it)."""
        if doc not in self.stories:
            keys = list(self.vectors.get(doc, {}))[:KEY_TERMS]  # heaviest first
            near = {o for t in keys for o in self.postings[t]}
            self.stories[doc] = sorted(o for o in near if self.same_story(doc, o))
        return self.stories[doc]

    def same_story(self, a: str, b: str) -> bool:
        """Two different articles about one story: similar texts published within the window."""
        if a == b:
            return False
        da, db = self.published.get(a), self.published.get(b)
        if da and db and abs((da - db).days) > STORY_WINDOW_DAYS:
            return False
        return self.cosine(a, b) >= STORY_COSINE


def _shift(day: date, days: int) -> date:
    """The day moved by some days, kept inside the calendar (a document dated 1 January of year 1 or 9999)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.min if days < 0 else date.max


def in_lead(ev: EventFeatures) -> bool:
    """The report's sentence starts in the article's lead."""
    return bool(ev.evidence) and (ev.evidence or [LEAD_CHARS])[0] < LEAD_CHARS


def anchored(ev: EventFeatures) -> bool:
    """The report's own clause dates the happening to a week or finer ("took effect on Tuesday", "last week"); not
    its publication, nor the day someone spoke of it ("Kerry said Tuesday that ... strikes")."""
    iv = W.interval(ev.date)
    return iv is not None and iv.days <= WEEK_DAYS and ev.date_source in (None, "clause")


def context_join(a: list[EventFeatures], b: list[EventFeatures], index: DocIndex) -> bool:
    """The two clusters are one happening by document context (see the module docstring)."""
    linked = any(
        x.lemma and x.lemma == y.lemma and in_lead(x) and in_lead(y) and (anchored(x) or anchored(y))
        and index.same_story(x.doc_id, y.doc_id) and not participants_clash(x, y)
        for x in a[-MAX_REPORTS:] for y in b[-MAX_REPORTS:]
    )
    return linked and not conflict(a, b)
