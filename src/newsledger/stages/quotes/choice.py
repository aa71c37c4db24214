"""A learned choice of speaker when the rules give none: which entity of the text around a quote said it?

The rules of ``speakers.py`` and ``turns.py`` give an attribution either an entity, an anonymous phrase, or
nothing they can stand behind: no source phrase at all (a misparse), a pronoun the entities stage left
unlinked, a definite description bound to nobody. For those the stage asks this ranker. Its candidates are
"keep" (the rules' answer, often right: "the sources" is an anonymous source) and every person, organisation,
country or group mentioned from two sentences before the cue to the sentence after it; each is a feature
vector (is it the subject of the cue's verb chain, in the cue's sentence, before or after the cue and how far,
inside the quoted words, subject of the previous or next sentence, the previous attribution's speaker, type,
gender or number agreement with a pronoun source, how often the document names it). A conditional-logit
model (``models/speaker_choice.json``, written by ``training/speaker_choice.py`` from the annotation round's
train split) scores them; the best wins. Features only: no rule per phrase, and no "most prominent person"
default (salience is one learned feature among others).
"""

from __future__ import annotations

import bisect
import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from newsledger.document import Entity, Mention, Speaker
from newsledger.runtime.doctext import doc_starts
from newsledger.stages.entities.antecedents import PRONOUN_CLASS
from newsledger.stages.quotes.sources import is_definite

__all__ = ["FEATURES", "KEEP", "ChoiceModel", "Chooser", "Option", "best", "keep_kind", "shipped_choice"]

MODEL = "models/speaker_choice.json"
TYPES = ("PERSON", "ORG", "GPE", "NORP")
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
OBJECT_DEPS = frozenset({"dobj", "pobj", "dative", "iobj"})
# How many sentences before and after the cue's sentence a candidate may be mentioned in.
BEFORE, AFTER = 2, 1
MAX_CHAIN = 6
# What the rules gave when the model is asked: no speaker, an unlinked pronoun, an unbound description, a
# definite phrase kept as an anonymous source ("the newspaper"), a document ("the statement").
KEEP = ("none", "pronoun", "phrase", "definite", "written")  # verbs walked up from the cue when looking for the subject of its chain

FEATURES = (
    "keep", "keep_none", "keep_pronoun", "keep_phrase", "keep_definite", "keep_written",
    "subj_chain", "subj_sent", "same_sent", "before_cue", "after_cue", "first_in_sent",
    "path2", "path4", "path_far",
    "dist3", "dist10", "dist25", "dist_far",
    "obj", "poss", "in_content", "only_in_content",
    "prev_sent", "prev_sent_subj", "next_sent", "next_sent_subj", "prev_speaker",
    "type_PERSON", "type_ORG", "type_GPE", "type_NORP",
    "gender_match", "gender_mismatch", "they_group", "they_person",
    "name_mention", "title_mention", "pronoun_mention", "log_count", "most_named",
)
INDEX = {name: k for k, name in enumerate(FEATURES)}


@dataclass
class Option:
    """One possible speaker (None = keep the rules' answer) and its feature vector."""

    entity: Entity | None
    x: list[float]
    mention: Mention | None = None  # the mention nearest the cue (the speaker's span when chosen)


@dataclass(frozen=True)
class ChoiceModel:
    """Weights over ``FEATURES``."""

    weights: list[float]
    margin: float = 0.0  # added to "keep": a wrong name costs as much as a right one gains

    def score(self, x: list[float]) -> float:
        return sum(w * v for w, v in zip(self.weights, x, strict=True) if v) + (self.margin if x[0] else 0.0)


@lru_cache(maxsize=1)
def shipped_choice() -> ChoiceModel | None:
    """The model file beside the stage (None when absent; ValueError naming the command when stale)."""
    path = resources.files("newsledger.stages.quotes").joinpath(MODEL)
    if not path.is_file():
        return None
    raw = json.loads(path.read_text(encoding="utf-8"))
    if tuple(raw["features"]) != FEATURES:
        raise ValueError(f"{MODEL} was trained on other features; refit with: python training/speaker_choice.py")
    return ChoiceModel([float(v) for v in raw["weights"]], float(raw.get("margin", 0.0)))


def keep_kind(speaker: Speaker | None, source: Span | None) -> str | None:
    """Which of ``KEEP`` the rules' speaker is, or None when the rules stand behind it (no model asked)."""
    if speaker is None:
        return "none"
    root = source.root if source is not None else None
    if speaker.kind == "unresolved":
        return "pronoun" if root is not None and root.lower_ in PRONOUN_CLASS else "phrase"
    if source is not None and speaker.kind in ("literal", "written") and is_definite(source):
        return "definite" if speaker.kind == "literal" else "written"
    return None


def _gender(ent: Entity) -> str | None:
    votes = [PRONOUN_CLASS[m.text.lower()] for m in ent.mentions
             if m.kind == "pronoun" and PRONOUN_CLASS.get(m.text.lower()) in ("m", "f")]
    male, female = votes.count("m"), votes.count("f")
    return None if male == female else "m" if male > female else "f"


@dataclass
class Chooser:
    """The candidates of the attributions of one document (mentions indexed once, on first use)."""

    doc: Doc
    entities: list[Entity]
    _rows: list[tuple[int, int, Mention, Entity]] = field(default_factory=list)  # (first token, end token, mention, entity)
    _toks: list[int] = field(default_factory=list)
    _sent_of: list[int] = field(default_factory=list)
    _sent_start: list[int] = field(default_factory=list)
    _counts: dict[str, int] = field(default_factory=dict)
    _top: str | None = None

    def _build(self) -> None:
        starts = doc_starts(self.doc)
        self._sent_of = [0] * len(self.doc)
        for k, sent in enumerate(self.doc.sents):
            self._sent_start.append(sent.start)
            self._sent_of[sent.start : sent.end] = [k] * (sent.end - sent.start)
        for ent in self.entities:
            if ent.type not in TYPES:
                continue
            self._counts[ent.id] = sum(1 for m in ent.mentions if m.kind != "pronoun")
            for m in ent.mentions:
                i = bisect.bisect_right(starts, m.start) - 1
                if i >= 0:
                    self._rows.append((i, max(i + 1, bisect.bisect_left(starts, m.end)), m, ent))
        self._rows.sort(key=lambda r: (r[0], r[1]))
        self._toks = [r[0] for r in self._rows]
        people = [e for e in self.entities if e.type == "PERSON" and self._counts.get(e.id)]
        if people:
            self._top = max(people, key=lambda e: self._counts[e.id]).id

    def options(self, cue: Token, content: tuple[int, int], source: Token | None, keep: str,
                previous: str | None) -> list[Option]:
        """"keep" (``keep``: what the rules gave, one of ``KEEP``), then every entity mentioned near the cue."""
        if not self._sent_start:
            self._build()
        doc = self.doc
        here = self._sent_of[cue.i]
        lo_sent, hi_sent = max(0, here - BEFORE), min(len(self._sent_start) - 1, here + AFTER)
        lo = self._sent_start[lo_sent]
        hi = self._sent_start[hi_sent + 1] if hi_sent + 1 < len(self._sent_start) else len(doc)
        chain = _verb_chain(cue)
        x0 = [0.0] * len(FEATURES)
        x0[INDEX["keep"]] = 1.0
        x0[INDEX[f"keep_{keep}"]] = 1.0
        out = [Option(None, x0)]
        by_ent: dict[str, list[tuple[int, Mention]]] = {}
        ents: dict[str, Entity] = {}
        for k in range(bisect.bisect_left(self._toks, lo), bisect.bisect_left(self._toks, hi)):
            i, j, m, ent = self._rows[k]
            by_ent.setdefault(ent.id, []).append((_root(doc, i, j), m))
            ents[ent.id] = ent
        pron = PRONOUN_CLASS.get(source.lower_) if source is not None else None
        named = [i for rows in by_ent.values() for i, m in rows
                 if self._sent_of[i] == here and m.kind != "pronoun" and not content[0] <= m.start < content[1]]
        first = min(named, default=None)  # the first entity named in the cue's sentence, outside the content
        for eid, rows in by_ent.items():
            ent = ents[eid]
            x = [0.0] * len(FEATURES)

            def on(name: str, x: list[float] = x) -> None:
                x[INDEX[name]] = 1.0

            outside = [(i, m) for i, m in rows if not (content[0] <= m.start < content[1])]
            if len(outside) < len(rows):
                on("in_content")
                if not outside:
                    on("only_in_content")
            near: tuple[int, Mention] | None = None
            for i, m in outside:
                t = doc[i]
                sent = self._sent_of[i]
                subj = t.dep_ in SUBJECT_DEPS or (t.dep_ == "conj" and t.head.dep_ in SUBJECT_DEPS)
                if sent == here:
                    on("same_sent")
                    if subj:
                        on("subj_sent")
                        if t.head.i in chain or t.head.head.i in chain:
                            on("subj_chain")
                    if t.dep_ in OBJECT_DEPS:
                        on("obj")
                    if t.dep_ == "poss":
                        on("poss")
                    if near is None or abs(i - cue.i) < abs(near[0] - cue.i):
                        near = (i, m)
                    if first is not None and i == first:
                        on("first_in_sent")
                    steps = _path(t, cue)
                    on("path2" if steps <= 2 else "path4" if steps <= 4 else "path_far")
                elif sent == here - 1:
                    on("prev_sent_subj" if subj else "prev_sent")
                elif sent == here + 1:
                    on("next_sent_subj" if subj else "next_sent")
            if near is None:
                near = min(rows, key=lambda r: abs(r[0] - cue.i))
            else:
                d = abs(near[0] - cue.i)
                on("before_cue" if near[0] < cue.i else "after_cue")
                on("dist3" if d <= 3 else "dist10" if d <= 10 else "dist25" if d <= 25 else "dist_far")
            if previous == eid:
                on("prev_speaker")
            on(f"type_{ent.type}")
            if pron in ("m", "f") and ent.type == "PERSON":
                g = _gender(ent)
                if g is not None:
                    on("gender_match" if g == pron else "gender_mismatch")
            elif pron == "they":
                on("they_person" if ent.type == "PERSON" else "they_group")
            kind = near[1].kind
            on("pronoun_mention" if kind == "pronoun" else "title_mention" if kind in ("title", "nominal")
               else "name_mention")
            x[INDEX["log_count"]] = math.log1p(self._counts.get(eid, 0))
            if eid == self._top:
                on("most_named")
            out.append(Option(ent, x, near[1]))
        return out


def _root(doc: Doc, i: int, j: int) -> int:
    """The token of ``doc[i:j]`` whose head lies outside it (the first such)."""
    for k in range(i, j):
        h = doc[k].head.i
        if h < i or h >= j or h == k:
            return k
    return i


def _path(a: Token, b: Token) -> int:
    """Dependency arcs between two tokens of one sentence (through their lowest common head)."""
    up: dict[int, int] = {}
    t, k = a, 0
    while True:
        up[t.i] = k
        if t.head.i == t.i or k > 2 * MAX_CHAIN:
            break
        t, k = t.head, k + 1
    t, k = b, 0
    while t.i not in up:
        if t.head.i == t.i or k > 2 * MAX_CHAIN:
            return 99
        t, k = t.head, k + 1
    return up[t.i] + k


def _verb_chain(cue: Token) -> set[int]:
    """The cue and the verbs above it in its clause chain ("..., saying" under "cast doubt")."""
    out = {cue.i}
    t = cue
    for _ in range(MAX_CHAIN):
        if t.head.i == t.i or t.dep_ not in ("advcl", "conj", "xcomp", "ccomp", "acl", "pcomp", "prep", "relcl"):
            break
        t = t.head
        out.add(t.i)
    return out


def best(model: ChoiceModel, options: list[Option]) -> Option:
    """The option the model scores highest (the first, "keep", on ties)."""
    top, top_score = options[0], -math.inf
    for opt in options:
        s = model.score(opt.x)
        if s > top_score:
            top, top_score = opt, s
    return top
