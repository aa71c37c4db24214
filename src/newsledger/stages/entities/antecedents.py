"""Pronoun antecedents by a learned ranking model: which entity of the document does "she" or "it" mean?

For each third-person pronoun the ranker scores every entity mentioned in the last few sentences (and a
"no antecedent" option) with a linear model over parse features: how far back and how recently it was
mentioned, whether that mention was a subject, its gender and type against the pronoun, whether it is the
latest speaker of a speech verb (quotation turns), whether a quote mark separates the two, whether an
object pronoun would be bound by its own clause's subject. The highest score wins; when "no antecedent"
wins the pronoun stays unlinked. Weights come from ``models/antecedents.json`` (written by
``training/speakers.py`` from the annotation round's train split); one weight vector per pronoun class
(he, she, it, they). Never "the most frequent person": salience is one learned feature among others.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from newsledger.runtime.doctext import doc_starts, doc_text, doc_words
from newsledger.runtime.tokcols import span_root, token_columns
from newsledger.stages.entities.aliases import Cluster

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

MODEL = "models/antecedents.json"
# Pronoun classes and the entity types each may refer to.
PRONOUN_CLASS = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
    "it": "it", "its": "it", "itself": "it",
    "they": "they", "them": "they", "their": "they", "themselves": "they",
}
CLASS_TYPES = {"m": frozenset({"PERSON"}), "f": frozenset({"PERSON"}),
               "it": frozenset({"ORG", "GPE", "FAC", "LAW", "EVENT"}), "they": frozenset({"ORG", "GPE", "NORP"})}
# How many sentences back a candidate may last have been mentioned.
WINDOW_SENTENCES = 4
# Lemmas of verbs whose subject is a speaker (for the quotation-turn features).
SPEECH_LEMMAS = frozenset({"say", "tell", "add", "write", "tweet", "state", "explain", "note", "argue", "insist",
                           "claim", "announce", "warn", "declare", "reply", "respond", "ask", "answer", "post",
                           "testify", "stress", "acknowledge", "continue", "recall", "describe", "call"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
OBJECT_DEPS = frozenset({"dobj", "pobj", "dative", "iobj"})
OBJECT_PRONOUNS = frozenset({"him", "her", "them", "it", "himself", "herself", "themselves", "itself"})
TYPES = ("PERSON", "ORG", "GPE", "NORP")
QUOTE_OPEN = "“\"«"
QUOTE_CLOSE = "”\"»"
_MARKS_RE = re.compile("[" + re.escape(QUOTE_OPEN + QUOTE_CLOSE) + "\n]")
MAX_HEAD_HOPS = 4

FEATURES = (
    "null", "null_far", "null_in_quote",
    "sent0", "sent1", "sent2", "sent3",
    "rank1", "rank2", "rank3", "rank4",
    "subj", "main_subj", "obj", "poss", "first_subj_prev", "subj_same_sent",
    "log_count", "name_mention", "pronoun_mention", "title_mention",
    "gender_match", "gender_mismatch", "gender_unknown",
    "cand_in_quote", "anaphor_in_quote", "quote_crossed",
    "last_speaker", "speaker_and_speech", "prev_speaker_speech", "bound_subject",
    "same_para", "in_lead",
    "type_PERSON", "type_ORG", "type_GPE", "type_NORP", "type_other",
    # the same facts again when the pronoun is the subject of a speech verb ("..., he said"): quotation turns
    "say_sent0", "say_sent1", "say_rank1", "say_subj", "say_main_subj", "say_cand_in_quote", "say_first_subj_prev",
    # any subject mention (outside quotes) of the candidate in this or the previous sentence
    "subj_any_sent0", "subj_any_sent1", "main_subj_any", "say_subj_any_sent1", "say_main_subj_any",
)
INDEX = {name: k for k, name in enumerate(FEATURES)}


@dataclass
class _Seen:
    """One earlier mention of a cluster: token, sentence, paragraph and grammatical role."""

    tok: int
    sent: int
    para: int
    dep: str
    main_subj: bool
    kind: str
    in_quote: bool


@dataclass
class Candidate:
    """A possible antecedent of one pronoun and its feature vector (None = the no-antecedent option)."""

    cluster: Cluster | None
    x: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Model:
    """Weights per pronoun class over ``FEATURES``."""

    weights: dict[str, list[float]]

    def score(self, cls: str, x: list[float]) -> float:
        w = self.weights[cls]
        return sum(wi * xi for wi, xi in zip(w, x, strict=True) if xi)


@lru_cache(maxsize=1)
def shipped_model() -> Model:
    """The model file beside the stage (raises ValueError naming the training command when it is stale)."""
    raw = json.loads(resources.files("newsledger.stages.entities").joinpath(MODEL).read_text(encoding="utf-8"))
    if tuple(raw["features"]) != FEATURES:
        raise ValueError(f"{MODEL} was trained on other features; refit with: python training/speakers.py")
    return Model({cls: [float(v) for v in w] for cls, w in raw["weights"].items()})


def quote_zones(text: str) -> list[tuple[int, int]]:
    """Character ranges between quotation marks, paired within each paragraph."""
    zones: list[tuple[int, int]] = []
    opened = -1
    for m in _MARKS_RE.finditer(text):  # (only the marks and line breaks: a loop over every character was slow)
        i = m.start()
        ch = text[i]
        if ch == "\n":
            opened = -1
        elif opened < 0 and ch in QUOTE_OPEN and (ch != '"' or i == 0 or not text[i - 1].isalnum()):
            opened = i
        elif opened >= 0 and ch in QUOTE_CLOSE:
            zones.append((opened, i + 1))
            opened = -1
    return zones


def _governing_verb(t: Token) -> int:
    for _ in range(MAX_HEAD_HOPS):
        if t.pos_ in ("VERB", "AUX"):
            return t.i
        if t.head.i == t.i:
            return -1
        t = t.head
    return -1


class Ranker:
    """Builds the candidates of each pronoun of one document and picks the antecedent."""

    def __init__(self, doc: Doc, clusters: list[Cluster], gender: Callable[[Cluster], str | None],
                 model: Model | None = None) -> None:
        self.doc, self.clusters, self.gender = doc, clusters, gender
        self.model = model
        self.cols = token_columns(doc)  # the parse as lists (span_root, heads, deps): no Token objects
        text = doc_text(doc)
        offsets = doc_starts(doc)  # token offsets, read once (building every Token is slow)
        self.sent_of: list[int] = [0] * len(doc)
        self.sent_start: list[int] = []
        for k, sent in enumerate(doc.sents):
            self.sent_start.append(sent.start)
            self.sent_of[sent.start : sent.end] = [k] * (sent.end - sent.start)
        breaks = [k for k, ch in enumerate(text) if ch == "\n"]
        self.para_of = [bisect.bisect_right(breaks, idx) for idx in offsets] if breaks else [0] * len(doc)
        zones = quote_zones(text)
        starts = [a for a, _ in zones]
        self.in_quote = [False] * len(doc)
        if zones:
            for i, idx in enumerate(offsets):
                k = bisect.bisect_right(starts, idx) - 1
                self.in_quote[i] = k >= 0 and zones[k][0] <= idx < zones[k][1]
        self.seen: dict[int, list[_Seen]] = {}
        self.toks: dict[int, list[int]] = {}  # the token of each entry of ``seen``, for bisecting
        self._first_subjects: dict[int, int | None] = {}
        self.by_id: dict[int, Cluster] = {id(cl): cl for cl in clusters}
        owner: dict[int, int] = {}  # token -> id of the cluster one of whose mentions covers it
        for cl in clusters:
            for m in cl.mentions:
                if m.kind != "demonym" and m.tok_start >= 0:
                    self.add(cl, m.tok_start, m.tok_end, m.kind)
                    for i in range(m.tok_start, m.tok_end):
                        owner.setdefault(i, id(cl))
        self.speakers: dict[int, list[int]] = {}  # sentence -> ids of clusters that are subjects of speech verbs
        cols = self.cols
        for i, key in sorted(owner.items()):
            if cols.dep[i] in SUBJECT_DEPS and cols.lemma[cols.head[i]] in SPEECH_LEMMAS:
                self.speakers.setdefault(self.sent_of[i], []).append(key)

    def add(self, cl: Cluster, s: int, e: int, kind: str) -> None:
        """Remember a mention (also a pronoun just linked) as an antecedent for later pronouns."""
        cols = self.cols
        root = span_root(cols, s, e)
        head = cols.head[root]
        head_root = cols.dep[head] == "ROOT" or head == root
        dep = cols.dep[root]
        seen = _Seen(s, self.sent_of[s], self.para_of[s], dep, dep in SUBJECT_DEPS and head_root, kind,
                     self.in_quote[s])
        lst = self.seen.setdefault(id(cl), [])
        toks = self.toks.setdefault(id(cl), [])
        k = bisect.bisect_left(toks, s)
        lst.insert(k, seen)
        toks.insert(k, s)
        self.by_id[id(cl)] = cl
        self._first_subjects.clear()

    def candidates(self, t: Token, cls: str) -> list[Candidate]:
        """The no-antecedent option, then every compatible cluster mentioned in the window before ``t``."""
        doc = self.doc
        here = self.sent_of[t.i]
        types = CLASS_TYPES[cls]
        rows: list[tuple[int, Cluster, _Seen, int]] = []
        for key, seen in self.seen.items():
            cl = self.by_id[key]
            if cl.type not in types:
                continue
            k = bisect.bisect_left(self.toks[key], t.i) - 1
            if k < 0 or here - seen[k].sent > WINDOW_SENTENCES - 1:
                continue
            last = seen[k]
            if last.in_quote and not self.in_quote[t.i]:
                # a pronoun in narration looks back at the narration first ("'... the president ...,' he said")
                outside = next((s for s in reversed(seen[:k + 1]) if not s.in_quote), None)
                if outside is not None and here - outside.sent <= WINDOW_SENTENCES - 1:
                    last = outside
            rows.append((last.tok, cl, last, k + 1))
        rows.sort(key=lambda r: -r[0])
        verb = _governing_verb(t) if t.lower_ in OBJECT_PRONOUNS else -1
        a_speech = t.dep_ in SUBJECT_DEPS and t.head.lemma_ in SPEECH_LEMMAS
        prev_subj = self._first_subject(here)
        last_speaker = self._last_speaker(here)
        out = [self._null(t, rows)]
        rows = [r for r in rows if self._allowed(t, cls, verb, r[1], r[2])]
        for rank, (_tok, cl, last, count) in enumerate(rows, start=1):
            x = [0.0] * len(FEATURES)
            on = self._on(x)
            on(f"sent{min(3, here - last.sent)}")
            on(f"rank{min(4, rank)}")
            if last.dep in SUBJECT_DEPS:
                on("subj")
                if last.sent == here:
                    on("subj_same_sent")
            if last.main_subj:
                on("main_subj")
            if last.dep in OBJECT_DEPS:
                on("obj")
            if last.dep == "poss":
                on("poss")
            if prev_subj is not None and prev_subj == id(cl):
                on("first_subj_prev")
            for s in self._recent(id(cl), t.i, here - 1):
                if s.dep in SUBJECT_DEPS and not s.in_quote:
                    on("subj_any_sent0" if s.sent == here else "subj_any_sent1")
                    if s.main_subj:
                        on("main_subj_any")
            x[INDEX["log_count"]] = math.log1p(count)
            on("pronoun_mention" if last.kind == "pronoun" else "title_mention" if last.kind in ("title", "nominal")
               else "name_mention")
            if cls in ("m", "f"):
                g = self.gender(cl)
                on("gender_unknown" if g is None else "gender_match" if g == cls else "gender_mismatch")
            if last.in_quote:
                on("cand_in_quote")
            if self.in_quote[t.i]:
                on("anaphor_in_quote")
            if last.in_quote != self.in_quote[t.i]:
                on("quote_crossed")
            if last_speaker == id(cl):
                on("last_speaker")
                if a_speech:
                    on("speaker_and_speech")
            if a_speech and id(cl) in self.speakers.get(here - 1, []):
                on("prev_speaker_speech")
            if verb >= 0 and last.sent == here and last.dep in SUBJECT_DEPS and _governing_verb(doc[last.tok]) == verb:
                on("bound_subject")
            if last.para == self.para_of[t.i]:
                on("same_para")
            if self.seen[id(cl)][0].para == 0:
                on("in_lead")
            on(f"type_{cl.type}" if cl.type in TYPES else "type_other")
            if a_speech:
                for name in ("sent0", "sent1", "rank1", "subj", "main_subj", "cand_in_quote", "first_subj_prev",
                             "subj_any_sent1", "main_subj_any"):
                    if x[INDEX[name]]:
                        on("say_" + name)
            out.append(Candidate(cl, x))
        return out

    def _allowed(self, t: Token, cls: str, verb: int, cl: Cluster, last: _Seen) -> bool:
        """Hard constraints: a known gender must agree; an object pronoun is never its own clause's subject
        ("Silva told him": him is not Silva)."""
        if cls in ("m", "f"):
            g = self.gender(cl)
            if g is not None and g != cls:
                return False
        if verb >= 0 and not t.lower_.endswith("self") and not t.lower_.endswith("selves"):
            for s in self._recent(id(cl), t.i, self.sent_of[t.i]):
                if s.dep in SUBJECT_DEPS and _governing_verb(self.doc[s.tok]) == verb:
                    return False
        return True

    def _recent(self, key: int, before: int, from_sent: int) -> Iterator[_Seen]:
        """Mentions of cluster ``key`` before token ``before`` in sentence ``from_sent`` or later, latest first."""
        seen = self.seen[key]
        for k in range(bisect.bisect_left(self.toks[key], before) - 1, -1, -1):
            if seen[k].sent < from_sent:
                return
            yield seen[k]

    @staticmethod
    def _on(x: list[float]) -> Callable[[str], None]:
        def on(name: str) -> None:
            x[INDEX[name]] = 1.0
        return on

    def _null(self, t: Token, rows: list[tuple[int, Cluster, _Seen, int]]) -> Candidate:
        x = [0.0] * len(FEATURES)
        x[INDEX["null"]] = 1.0
        if not rows or self.sent_of[t.i] - rows[0][2].sent >= 2:
            x[INDEX["null_far"]] = 1.0
        if self.in_quote[t.i]:
            x[INDEX["null_in_quote"]] = 1.0
        return Candidate(None, x)

    def _first_subject(self, here: int) -> int | None:
        """The first subject outside quotes of the closest earlier sentence that has one (the narration's topic)."""
        if here not in self._first_subjects:
            self._first_subjects[here] = self._find_first_subject(here)
        return self._first_subjects[here]

    def _find_first_subject(self, here: int) -> int | None:
        for sent in range(here - 1, here - WINDOW_SENTENCES, -1):
            best: tuple[int, int] | None = None
            for key, seen in self.seen.items():
                for s in seen:
                    if s.sent == sent and s.dep in SUBJECT_DEPS and not s.in_quote and (best is None or s.tok < best[0]):
                        best = (s.tok, key)
            if best is not None:
                return best[1]
        return None

    def _last_speaker(self, here: int) -> int | None:
        for sent in range(here - 1, here - WINDOW_SENTENCES, -1):
            if self.speakers.get(sent):
                return self.speakers[sent][-1]
        return None

    def choose(self, t: Token) -> Cluster | None:
        """The antecedent the model prefers for pronoun ``t`` (None when "no antecedent" wins)."""
        cls = PRONOUN_CLASS.get(t.lower_)
        if cls is None or self.model is None:
            return None
        best, best_score = None, -math.inf
        for cand in self.candidates(t, cls):
            score = self.model.score(cls, cand.x)
            if score > best_score:
                best, best_score = cand.cluster, score
        return best


def pronoun_tokens(doc: Doc) -> Iterator[Token]:
    """Third-person personal and possessive pronouns of the document, in order."""
    for i, low in enumerate(doc_words(doc)[1]):
        if low in PRONOUN_CLASS:
            t = doc[i]
            if t.tag_ in ("PRP", "PRP$"):
                yield t
