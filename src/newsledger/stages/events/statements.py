"""Verbal disapproval: critical quotes ("your false claims fool no one") and accusations ("X suggested Y leaked")."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

from newsledger.document import Quote, Role
from newsledger.stages.events.lexicon import Lexicon
from newsledger.stages.events.roles import AGENT_TYPES, EntityIndex, Roles, resolve, subject_of
from newsledger.stages.events.scan import verbs_with_lemma

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

T = TypeVar("T")

# The type a critical statement or an accusation gets (PLOVER: "criticize or denounce", "accuse").
DISAPPROVE = "DISAPPROVE"


@lru_cache(maxsize=4)
def _word_pattern(words: frozenset[str]) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(sorted(map(re.escape, words))) + r")\b", re.IGNORECASE)


def _first_other_entity(doc: Doc, start: int, end: int, speaker: str | None, index: EntityIndex) -> Role | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    for tok in span if span is not None else []:
        ent = index.entity_at(tok)
        if ent is not None and ent.type in AGENT_TYPES and ent.id != speaker:
            return resolve(tok, index)
    return None


def critical_quotes(doc: Doc, quotes: list[Quote], index: EntityIndex, lex: Lexicon,
                    make: Callable[[Token, Roles], T | None]) -> list[T]:
    """Quotes whose content uses words of blame: the speaker disapproves of whoever the quote names.

    Only statements count: a belief or a finding (``Quote.mode`` other than speech) is not a verbal act."""
    pattern = _word_pattern(lex.cue("disapproval_words"))
    out: list[T] = []
    for q in quotes:
        if q.mode != "speech" or q.speaker is None or q.cue is None or not pattern.search(q.content.text):
            continue
        cue = doc.char_span(q.cue.start, q.cue.end, alignment_mode="expand")
        if cue is None or len(cue) == 0:
            continue
        actor = Role(q.speaker.name, q.speaker.entity)
        target = _first_other_entity(doc, q.content.start, q.content.end, q.speaker.entity, index)
        cand = make(cue.root, Roles(actor=actor, target=target))
        if cand is not None:
            out.append(cand)
    return out


def _wrongdoing_subject(clause: Token, lex: Lexicon, index: EntityIndex) -> Role | None:
    """The entity said to do wrong in a complement clause ('Democrats tried to hurt ...')."""
    verbs = [clause, *[c for c in clause.children if c.dep_ == "xcomp"]]
    verbs += [c for v in verbs for c in v.children if c.dep_ in ("xcomp", "advcl", "prep", "pcomp")]
    lemmas = {v.lemma_.lower() for v in verbs} | {c.lemma_.lower() for v in verbs for c in v.children if c.dep_ == "pcomp"}
    if not lemmas & lex.cue("wrongdoing_verbs"):
        return None
    subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return resolve(subj, index) if subj is not None else None


def accusations(doc: Doc, index: EntityIndex, lex: Lexicon, make: Callable[[Token, Roles], T | None]) -> list[T]:
    """'X suggested that Y tried to hurt Z': X disapproves of Y (the trigger is the statement verb)."""
    out: list[T] = []
    verbs = lex.cue("accusation_verbs")
    for tok in (doc[i] for i in verbs_with_lemma(doc, lex, verbs)):
        for c in tok.children:
            if c.dep_ != "ccomp":
                continue
            target = _wrongdoing_subject(c, lex, index)
            actor = subject_of(tok, index)
            if target is not None and actor is not None and actor.name != target.name:
                cand = make(tok, Roles(actor=actor, target=target))
                if cand is not None:
                    out.append(cand)
    return out
