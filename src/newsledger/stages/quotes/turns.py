"""Quotation turns: who "he said" / "she said" is, from the flow of the attributions around it.

The entities stage links every pronoun by its learned ranker, which sees mentions but not quotes. For a
"he"/"she" that is the source of a speech cue, the quotes stage knows more: who spoke last. Read back from
the pronoun to the previous attribution (at most to the start of the paragraph before):

1. a person named as the subject of a clause outside quotation marks in between is the one (the latest;
   "Archuleta minimized the damage. '...,' she said"), the subject of the previous clause first;
2. else the speaker of the previous attribution goes on talking ("Mohamad said this after meeting
   Robert Mugabe. '...' He condemned ..., saying ...": not Mugabe, who is only the object);
3. else the entities stage's choice stands.

An unresolved "they said" right after an attribution to an anonymous plural source ("people close to the
talks", "the sources") at most a paragraph back is that source going on (``group_turn``).

A person whose gender is known (from the pronouns the entities stage linked to it, else the first-name
table) must agree with the pronoun. Nothing is guessed: with no candidate the pronoun keeps what it had.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from newsledger.document import Entity, Speaker
from newsledger.runtime.doctext import doc_words
from newsledger.stages.entities.antecedents import CLASS_TYPES, PRONOUN_CLASS, quote_zones
from newsledger.stages.entities.gazetteer import gazetteer
from newsledger.stages.quotes.base import Candidate

PERSONAL = {"he": "m", "she": "f"}
# The gendered pronouns of the entities stage's pronoun classes.
PRONOUN_GENDER = {p: c for p, c in PRONOUN_CLASS.items() if c in ("m", "f")}
SUBJECT_DEPS = ("nsubj", "nsubjpass")


def person_gender(ent: Entity, first_names: dict[str, str]) -> str | None:
    """m or f by the majority of the pronouns linked to the person, else by the first name, else None."""
    votes = [PRONOUN_GENDER[m.text.lower()] for m in ent.mentions if m.kind == "pronoun" and m.text.lower() in PRONOUN_GENDER]
    if votes:
        male, female = votes.count("m"), votes.count("f")
        if male != female:
            return "m" if male > female else "f"
    for m in ent.mentions:
        words = m.text.split()
        if m.kind == "name" and len(words) > 1 and words[0] in first_names:
            return first_names[words[0]]
    return None


def _paragraph_start(text: str, pos: int, back: int) -> int:
    """The start of the paragraph ``back`` paragraphs before the one holding ``pos`` (0: its own)."""
    start = text.rfind("\n", 0, pos) + 1
    for _ in range(back):
        before = text[:start].rstrip()
        if not before:
            return 0
        start = text.rfind("\n", 0, len(before)) + 1
    return start


def _main_clause(tok: Token) -> bool:
    """True for the subject of the sentence's main verb (or of a verb conjoined to it)."""
    verb = tok.head
    return verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")


@dataclass
class Turns:
    """The document's people named outside quotation marks (as subjects, and at all), and their genders; built
    on the first "he said" / "she said"."""

    doc: Doc
    entities: list[Entity]
    text: str
    _subjects: list[tuple[int, str, int, bool]] = field(default_factory=list)  # (offset, id, sentence, main clause)
    _names: list[tuple[int, str]] = field(default_factory=list)  # (offset, entity id) of every such name
    _gender: dict[str, str | None] = field(default_factory=dict)
    _built: bool = False

    def _build(self) -> None:
        self._built = True
        people = [e for e in self.entities if e.type == "PERSON"]
        if not people:
            return
        first_names = gazetteer().first_names
        zones = quote_zones(self.text)
        starts = [a for a, _ in zones]

        def quoted(pos: int) -> bool:
            k = bisect.bisect_right(starts, pos) - 1
            return k >= 0 and zones[k][0] <= pos < zones[k][1]

        surnames: dict[str, set[str]] = {}
        owner: dict[int, str] = {}  # token index -> the person a non-pronoun mention of it names
        doc = self.doc
        for ent in people:
            self._gender[ent.id] = person_gender(ent, first_names)
            surnames.setdefault(ent.name.split()[-1], set()).add(ent.id)
            for m in ent.mentions:
                span = doc.char_span(m.start, m.end, alignment_mode="expand") if m.kind != "pronoun" else None
                if span is not None and len(span) and not quoted(m.start):
                    owner[span.root.i] = ent.id
        for i, word in enumerate(doc_words(doc)[0]):  # a surname the tagger missed ("..., Archuleta minimized")
            if i not in owner and len(surnames.get(word, ())) == 1 and doc[i].pos_ == "PROPN" and not quoted(doc[i].idx):
                owner[i] = next(iter(surnames[word]))
        for i, ent_id in sorted(owner.items()):
            tok = doc[i]
            self._names.append((tok.idx, ent_id))
            if tok.dep_ in SUBJECT_DEPS:
                self._subjects.append((tok.idx, ent_id, tok.sent.start, _main_clause(tok)))

    def speaker(self, pronoun: Token, chosen: str | None, previous: tuple[int, str | None] | None) -> str | None:
        """The entity id of the person a "he"/"she" source means (``chosen``: the entities stage's pick;
        ``previous``: where the previous attribution ends and its speaker's entity id)."""
        gender = PERSONAL.get(pronoun.lower_)
        if gender is None:
            return chosen
        if not self._built:
            self._build()
        if not self._gender:
            return chosen
        here = pronoun.idx
        lo = _paragraph_start(self.text, here, 1)
        if previous is not None:
            lo = max(lo, previous[0])
        fits = [(e, sent, main) for s, e, sent, main in self._subjects[bisect.bisect_left(self._subjects, (lo,)) :]
                if s < here and self._gender.get(e, "x") in (None, gender)]
        if fits:
            # the nearest sentence with a subject; in it the main clause's subject, else the first one
            last = fits[-1][1]
            pool = [e for e, sent, main in fits if sent == last and main] or [e for e, sent, _ in fits if sent == last]
            return chosen if chosen in pool else pool[0]
        if previous is None or previous[1] not in self._gender or self._gender[previous[1]] not in (None, gender):
            return chosen
        if previous[0] < _paragraph_start(self.text, here, 2):
            return chosen
        others = [e for s, e in self._names[bisect.bisect_left(self._names, (previous[0],)) :]
                  if s < here and e != previous[1]]
        return previous[1] if not others else chosen


def plural_group(cand: Candidate, speaker: Speaker) -> bool:
    """True for an attribution to an anonymous plural source ("people familiar with the plan", "the sources")."""
    return speaker.kind == "literal" and cand.source is not None \
        and cand.source.root.tag_ in ("NNS", "NNPS")


def group_turn(text: str, cand: Candidate, speaker: Speaker, group: tuple[int, Speaker] | None) -> Speaker:
    """An unresolved "they said" right after an attribution to an anonymous plural source (at most one paragraph
    back) is that source going on ("..., the sources said. ... they said"): its phrase, kind ``literal``."""
    if group is None or speaker.kind != "unresolved" or cand.source is None or cand.source.root.lower_ != "they":
        return speaker
    if group[0] < _paragraph_start(text, speaker.start or 0, 1):
        return speaker
    return Speaker(group[1].name, None, speaker.start, speaker.end, "literal")


def own_words_link(text: str, cand: Candidate, speaker: Speaker, entities: list[Entity],
                   previous: tuple[int, str | None] | None, zones: list[tuple[int, int]] | None = None) -> Speaker:
    """A pronoun source linked to someone named last inside the words it attributes ('"... USAID's commitment
    ...," it said'), or named so far only between quotation marks (``zones``: a later '"...," it added' of the
    same wire), means someone else: the previous attribution's speaker when its type fits the pronoun and it
    spoke at most a paragraph back, else the pronoun stays unresolved (no guess)."""
    if cand.source is None or speaker.entity is None or speaker.start is None:
        return speaker
    cls = PRONOUN_CLASS.get(cand.source.root.lower_)
    if cls is None or cand.source.root.lower_ not in ("he", "she", "it", "they"):
        return speaker
    by_id = {e.id: e for e in entities}
    ent = by_id.get(speaker.entity)
    named = [m.start for m in ent.mentions if m.kind != "pronoun" and m.end <= speaker.start] if ent is not None else []
    if not named or not (cand.start <= max(named) < cand.end or _all_quoted(named, zones or [])):
        return speaker
    prev = by_id.get(previous[1]) if previous is not None and previous[1] else None
    if previous is not None and previous[0] < _paragraph_start(text, speaker.start, 1):
        prev = None
    if prev is not None and prev.id != speaker.entity and prev.type in CLASS_TYPES[cls] \
            and not any(cand.start <= m.start < cand.end for m in prev.mentions if m.kind != "pronoun"):
        return Speaker(prev.name, prev.id, speaker.start, speaker.end, "entity")
    return Speaker(cand.source.text, None, speaker.start, speaker.end, "unresolved")


def _all_quoted(offsets: list[int], zones: list[tuple[int, int]]) -> bool:
    """True when every offset lies between quotation marks (``zones``, sorted by start)."""
    starts = [a for a, _ in zones]
    for pos in offsets:
        k = bisect.bisect_right(starts, pos) - 1
        if k < 0 or not zones[k][0] <= pos < zones[k][1]:
            return False
    return True
