"""Quotation turns: who "he said" / "she said" is, from the flow of the attributions around it.

The entities stage links every pronoun by its learned ranker, which sees mentions but not quotes. For a
"he"/"she" that is the source of a speech cue, the quotes stage knows more: who spoke last. Read back from
the pronoun to the previous attribution (at most to the start of the paragraph before):

1. a person named as the subject of a clause outside quotation marks in between is the one (the latest;
   "Archuleta minimized the damage. '...,' she said"), the subject of the previous clause first;
2. else the speaker of the previous attribution goes on talking ("Mohamad said this after meeting
   Robert Mugabe. '...' He condemned ..., saying ...": not Mugabe, who is only the object);
3. else the entities stage's choice stands.

A person whose gender is known (from the pronouns the entities stage linked to it, else the first-name
table) must agree with the pronoun. Nothing is guessed: with no candidate the pronoun keeps what it had.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from newsledger.document import Entity
from newsledger.stages.entities.antecedents import quote_zones
from newsledger.stages.entities.gazetteer import gazetteer

PERSONAL = {"he": "m", "she": "f"}
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}
SUBJECT_DEPS = ("nsubj", "nsubjpass")


def _gender(ent: Entity, first_names: dict[str, str]) -> str | None:
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


@dataclass
class Turns:
    """Subject mentions of the document's people outside quotation marks, and the people's genders."""

    doc: Doc
    entities: list[Entity]
    text: str
    _subjects: list[tuple[int, str]] = field(default_factory=list)  # (character offset, entity id), sorted
    _gender: dict[str, str | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        people = [e for e in self.entities if e.type == "PERSON"]
        if not people:
            return
        first_names = gazetteer().first_names
        zones = quote_zones(self.text)
        starts = [a for a, _ in zones]
        for ent in people:
            self._gender[ent.id] = _gender(ent, first_names)
            for m in ent.mentions:
                if m.kind == "pronoun":
                    continue
                k = bisect.bisect_right(starts, m.start) - 1
                if k >= 0 and zones[k][0] <= m.start < zones[k][1]:
                    continue
                span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is not None and len(span) and span.root.dep_ in SUBJECT_DEPS:
                    self._subjects.append((m.start, ent.id))
        self._subjects.sort()

    def speaker(self, pronoun: Token, chosen: str | None, previous: tuple[int, str | None] | None) -> str | None:
        """The entity id of the person a "he"/"she" source means (``chosen``: the entities stage's pick;
        ``previous``: where the previous attribution ends and its speaker's entity id)."""
        gender = PERSONAL.get(pronoun.lower_)
        if gender is None or not self._gender:
            return chosen
        before = self.text[: self.text.rfind("\n", 0, pronoun.idx) + 1].rstrip()
        para = self.text.rfind("\n", 0, len(before)) + 1 if before else 0  # the start of the paragraph before
        lo = max(para, previous[0]) if previous is not None else para
        ok = [e for s, e in self._subjects[bisect.bisect_left(self._subjects, (lo, "")) :]
              if s < pronoun.idx and self._gender.get(e, "x") in (None, gender)]
        if ok:
            return chosen if chosen in ok else ok[-1]
        if previous is not None and previous[1] in self._gender and previous[0] >= para \
                and self._gender[previous[1]] in (None, gender):
            return previous[1]
        return chosen
