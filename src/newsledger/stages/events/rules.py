"""Trigger rules of the lexicon: which rule fits a token, light-verb hosts, generic and embedded mentions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsledger.stages.events.lexicon import Lexicon, TriggerRule

if TYPE_CHECKING:
    from spacy.tokens import Token

# How far below a trigger (in dependency edges) a "needs" word may sit: "fired [what appeared to be] missiles".
NEEDS_DEPTH = 3
# A trigger this many dependency edges below another trigger is that event's object ("condemned the tests").
PART_OF_HOPS = 3
PART_OF_DEPS = frozenset({"dobj", "pobj", "prep", "pcomp", "compound", "nsubjpass"})


def _near_lemmas(tok: Token) -> set[str]:
    out = {tok.head.lemma_.lower(), tok.head.lower_}
    frontier = [tok]
    for _ in range(NEEDS_DEPTH):
        nxt = []
        for t in frontier:
            for c in t.children:
                out.update((c.lemma_.lower(), c.lower_))
                nxt.append(c)
        frontier = nxt
    return out


def match_rule(tok: Token, lex: Lexicon) -> TriggerRule | None:
    """The first lexicon rule whose lemma, POS and 'needs' fit the token."""
    pos = "VERB" if tok.pos_ == "VERB" else "NOUN" if tok.pos_ in ("NOUN", "PROPN") else None
    if pos is None:
        return None
    rules = lex.rules(tok.lemma_.lower(), pos) or lex.rules(tok.lower_, pos)
    near: set[str] | None = None
    for rule in rules:
        # a prepositional verb ("call for X") takes its object through the preposition, not directly
        if rule.direct and (not rule.direct & {c.lower_ for c in tok.children} or any(c.dep_ == "dobj" for c in tok.children)):
            continue
        if not rule.needs and not rule.avoid:
            return rule
        near = near if near is not None else _near_lemmas(tok)
        if (not rule.needs or rule.needs & near) and not rule.avoid & near:
            return rule
    return None


def host_of(tok: Token, lex: Lexicon) -> Token | None:
    """The light verb carrying a nominal trigger ('conducted a test', 'provided assistance')."""
    if tok.dep_ in ("dobj", "nsubjpass", "attr") and tok.head.lemma_.lower() in lex.cue("light_verbs"):
        return tok.head
    return None


def is_generic(tok: Token, lex: Lexicon) -> bool:
    """'any attack', 'any effort to attack', 'in case of an attack': a non-specific event reference."""
    generic = lex.cue("generic_determiners")
    t = tok
    for _ in range(PART_OF_HOPS):
        if any(c.dep_ == "det" and c.lower_ in generic for c in t.children):
            return True
        if t.dep_ not in ("acl", "pobj", "prep", "xcomp") or t.head.i == t.i:
            break
        t = t.head
    h = tok.head
    return tok.dep_ == "pobj" and h.lower_ == "of" and h.head.lemma_.lower() in lex.cue("generic_case_nouns")


def part_of_other(tok: Token, triggers: set[int], lex: Lexicon) -> bool:
    """A trigger that is the object of another trigger ('condemned the tests', 'help in defeating')."""
    own_host = host_of(tok, lex)
    t = tok
    for _ in range(PART_OF_HOPS):
        if t.dep_ not in PART_OF_DEPS or t.head.i == t.i:
            return False
        t = t.head
        if t.i in triggers and (own_host is None or t.i != own_host.i):
            return True
    return False


def is_demand_content(tok: Token, lex: Lexicon) -> bool:
    """The demanded action of 'urged X to ...' / 'wants X to ...' is part of the demand, not an event."""
    h = tok.head
    if tok.dep_ not in ("xcomp", "ccomp") or h.i == tok.i:
        return False
    rule = match_rule(h, lex)
    return (rule is not None and rule.type == "DEMAND") or h.lemma_.lower() in lex.cue("demand_verbs")


def avoided(tok: Token, etype: str, lex: Lexicon) -> bool:
    """A lexicon rule of this type exists for the token but a word it must avoid is near ("struck up a
    friendship", "heart attack"): the hand-written knowledge vetoes the model's trigger of that type."""
    pos = "VERB" if tok.pos_ == "VERB" else "NOUN" if tok.pos_ in ("NOUN", "PROPN") else None
    if pos is None:
        return False
    rules = [r for r in lex.rules(tok.lemma_.lower(), pos) or lex.rules(tok.lower_, pos) if r.type == etype and r.avoid]
    if not rules:
        return False
    near = _near_lemmas(tok)
    return all(r.avoid & near for r in rules)


def depicted(tok: Token, lex: Lexicon) -> bool:
    """An act shown in a film, game, simulation or clip ("a video game lets players bomb cities"): a word of
    ``depiction_words`` governs the trigger or is the subject or object of a verb above it (three edges up)."""
    words = lex.cue("depiction_words")
    t = tok
    for _ in range(4):
        if t.lemma_.lower() in words and t.i != tok.i:
            return True
        if any(c.dep_ in ("nsubj", "nsubjpass", "dobj", "compound", "poss") and c.lemma_.lower() in words
               for c in t.children if c.i != tok.i):
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False
