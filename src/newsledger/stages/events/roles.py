"""Event roles from the dependency parse: actor, target and place, resolved to the document's entities."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsledger.document import Entity, Role
from newsledger.runtime.doctext import expand_tokens
from newsledger.stages.events.lexicon import Lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

AGENT_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers"})
THING_PRONOUNS = frozenset({"it", "its", "they", "them", "their"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Pronouns look back at most this many sentences for an antecedent (one is the usual distance in news prose).
ANTECEDENT_SENTENCES = 2
SUBJECT_DEPS = ("nsubj", "csubj")
# Mentions looked at before a pronoun (enough for two sentences of news prose).
ANTECEDENT_WINDOW = 8
# Entity labels that are not participants (a PROPN "Thursday" is no actor).
NON_PARTICIPANT_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
# Clause links through which a subject-less verb takes the subject of its head ("X met Y and signed ...").
INHERIT_DEPS = frozenset({"xcomp", "advcl", "conj"})


@dataclass
class Roles:
    """The resolved participants of one trigger."""

    actor: Role | None = None
    target: Role | None = None
    where: Role | None = None
    to_country: str | None = None  # country of a "to X" destination (for to_type rules)


class EntityIndex:
    """Token -> entity lookups over analysis.entities, plus a simple pronoun antecedent search."""

    def __init__(self, doc: Doc, entities: list[Entity], lex: Lexicon) -> None:
        self.doc = doc
        self.lex = lex
        self.by_token: dict[int, Entity] = {}
        self.by_name: dict[str, Entity] = {}
        self.by_id: dict[str, Entity] = {e.id: e for e in entities}
        self._person: list[tuple[int, Entity]] = []
        self._thing: list[tuple[int, Entity]] = []
        for e in entities:
            for name in [e.name, *e.aliases]:
                self.by_name.setdefault(name.lower(), e)
            for m in e.mentions:
                toks = expand_tokens(doc, m.start, m.end)
                if not toks:
                    continue
                for i in toks:
                    self.by_token.setdefault(i, e)
                if e.type == "PERSON":
                    self._person.append((toks.start, e))
                elif e.type in AGENT_TYPES:
                    self._thing.append((toks.start, e))
        self._person.sort(key=lambda x: x[0])
        self._thing.sort(key=lambda x: x[0])
        self._person_keys = [i for i, _ in self._person]
        self._thing_keys = [i for i, _ in self._thing]

    def entity_at(self, tok: Token) -> Entity | None:
        """The entity one of whose mentions covers the token."""
        return self.by_token.get(tok.i)

    def antecedent(self, tok: Token) -> tuple[int, Entity] | None:
        """The most recent person (he/she) or organisation/place (it/they) mention before a pronoun."""
        low = tok.lower_
        if low in PERSON_PRONOUNS:
            mentions, keys = self._person, self._person_keys
        elif low in THING_PRONOUNS:
            mentions, keys = self._thing, self._thing_keys
        else:
            return None
        i = bisect.bisect_left(keys, tok.i) - 1
        sent_start = tok.sent.start
        for _ in range(ANTECEDENT_SENTENCES - 1):
            if sent_start > 0:
                sent_start = self.doc[sent_start - 1].sent.start
        window = [(s, e) for s, e in mentions[max(0, i - ANTECEDENT_WINDOW) : i + 1] if s >= sent_start]
        if not window:
            return None
        # a subject is the likelier antecedent ("Gerasimov reported to Putin ... According to him")
        subjects = [(s, e) for s, e in window if _in_subject(self.doc[s])]
        return (subjects or window)[-1]

    def country_entity(self, name: str) -> Entity | None:
        """The document's entity for a country name (or any of its aliases), if mentioned."""
        c = self.lex.country(name)
        if c is None:
            return self.by_name.get(name.lower())
        for alias in (c.name.lower(), name.lower()):
            if alias in self.by_name:
                return self.by_name[alias]
        for key, ent in self.by_name.items():
            if ent.type == "GPE" and self.lex.country(key) == c:
                return ent
        return None


def is_place_entity(ent: Entity | None, lex: Lexicon) -> bool:
    """A location that is not a state actor: LOC/FAC, or a GPE named as a region ('the Kursk region')."""
    if ent is None:
        return False
    words = ent.name.lower().split()
    return ent.type in ("LOC", "FAC") or (ent.type == "GPE" and bool(words) and words[-1] in lex.cue("place_nouns"))


def _in_subject(tok: Token) -> bool:
    t = tok
    while t.dep_ in ("compound", "flat", "amod", "poss") and t.head.i != t.i:
        t = t.head
    return t.dep_ in ("nsubj", "nsubjpass") or any(c.dep_ in ("nsubj", "nsubjpass") for c in t.conjuncts)


def _sector(tok: Token, lex: Lexicon) -> str | None:
    return lex.sectors.get(tok.lemma_.lower()) or lex.sectors.get(tok.lower_)


def _entity_role(ent: Entity, index: EntityIndex, sector: str | None, as_country: bool = True) -> Role:
    if as_country and ent.type in ("NORP", "ORG"):  # "North Korean", "DPRK" -> North Korea
        c = index.lex.country(ent.name)
        if c is not None:
            country_ent = index.country_entity(c.name)
            return Role(c.name, country_ent.id if country_ent else None, sector, c.iso3)
    c = index.lex.country(ent.name) if ent.type in ("GPE", "NORP") else None
    return Role(ent.name, ent.id, sector, ent.country or (c.iso3 if c else None))


def _demonym_role(tok: Token, index: EntityIndex, sector: str | None) -> Role | None:
    """'North Korean soldiers' when 'North Korean' is not an entity: look the modifier words up as a country."""
    words = [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i]
    if not words:
        return None
    text = index.doc[words[0].left_edge.i : words[-1].i + 1].text
    for cand in (text, words[-1].text):
        c = index.lex.country(cand)
        if c is not None:
            ent = index.country_entity(c.name)
            return Role(c.name, ent.id if ent else None, sector, c.iso3)
    return None


def resolve(tok: Token | None, index: EntityIndex, depth: int = 0) -> Role | None:
    """Resolve the head of a noun phrase to a Role (entity, demonym modifier, pronoun or proper name)."""
    if tok is None or depth > 3:
        return None
    lex = index.lex
    low = tok.lower_
    if tok.pos_ == "PRON" or low in RELATIVE_PRONOUNS:
        if low in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
            role = None if is_place_entity(index.entity_at(tok.head.head), lex) else resolve(tok.head.head, index, depth + 1)
            if role is None and low == "who":  # "the soldiers of X in the liberation of the region, who ..."
                for left in reversed(list(tok.sent)[: tok.i - tok.sent.start]):
                    left_ent = index.entity_at(left)
                    agent = left_ent is not None and left_ent.type in AGENT_TYPES and not is_place_entity(left_ent, lex)
                    if left.pos_ in ("NOUN", "PROPN") and (_sector(left, lex) or agent):
                        role = resolve(left, index, depth + 1)
                        if role is not None:
                            break
            return role
        found = index.antecedent(tok)
        if found is None:
            return None
        start, antecedent = found
        role = _entity_role(antecedent, index, None)
        if low in ("they", "them", "their"):  # "Britain, France and Germany ... They urged"
            head = index.doc[start]
            while head.dep_ in ("compound", "flat") and head.head.i != head.i:
                head = head.head
            head = min([head, *head.conjuncts], key=lambda t: t.i)  # "Britain, France and Germany": start at Britain
            role = with_conjuncts(head, role, index, depth + 1) or role
        return role
    sector = _sector(tok, lex)
    ent = index.entity_at(tok)
    if ent is not None and ent.type in AGENT_TYPES | PLACE_TYPES:
        return _entity_role(ent, index, sector if tok.pos_ != "PROPN" else None)
    # a common noun: its possessor, modifiers or "of" complement carry the entity
    for child in tok.children:
        if child.dep_ == "poss":
            role = resolve(child, index, depth + 1)
            if role is not None:
                return Role(role.name, role.entity, role.sector or sector, role.country)
    for child in tok.children:
        if child.dep_ in ("amod", "compound", "nmod") and child.i < tok.i:
            e = index.entity_at(child)
            if e is not None and e.type in AGENT_TYPES:
                return _entity_role(e, index, sector)
    role = _demonym_role(tok, index, sector)
    if role is not None:
        return role
    c = lex.country(tok.text)
    if c is not None:
        e2 = index.country_entity(c.name)
        return Role(c.name, e2.id if e2 else None, sector, c.iso3)
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of" and sector:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    role = resolve(pobj, index, depth + 1)
                    if role is not None:
                        return Role(role.name, role.entity, sector, role.country)
    if tok.pos_ == "PROPN" and tok.ent_type_ not in NON_PARTICIPANT_ENTS:
        span = index.doc[min(c.i for c in tok.subtree if c.dep_ in ("compound", "flat") or c == tok) : tok.i + 1]
        return Role(span.text)
    return None


def resolve_place(tok: Token | None, index: EntityIndex) -> Role | None:
    """Resolve a prepositional object to a place: a place entity or a place noun ('the Kursk region')."""
    if tok is None:
        return None
    ent = index.entity_at(tok)
    if ent is not None and ent.type in PLACE_TYPES:
        return _entity_role(ent, index, None, as_country=False)
    if tok.lemma_.lower() in index.lex.cue("place_nouns"):
        for child in tok.children:  # "the border areas of the Kursk region" -> the region
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    inner = resolve_place(pobj, index) if pobj.dep_ == "pobj" else None
                    if inner is not None:
                        return inner
        left = min((c.i for c in tok.children if c.dep_ in ("compound", "amod") and c.i < tok.i), default=tok.i)
        span = index.doc[left : tok.i + 1]
        inner_ent = next((index.entity_at(t) for t in span if index.entity_at(t) is not None), None)
        country = inner_ent.country if inner_ent else None
        return Role(span.text, inner_ent.id if inner_ent else None, None, country)
    return None


def with_conjuncts(tok: Token, role: Role | None, index: EntityIndex, depth: int = 0) -> Role | None:
    """'Britain, France and Germany' as one actor named after all conjuncts (entity of the first).

    ``depth`` is resolve()'s: a conjunct that is a pronoun ("they and their allies") resolves through its
    antecedent's conjuncts again, so the depth bound must carry across both functions.
    """
    if role is None:
        return None
    names = [role.name]
    for c in tok.conjuncts:
        if c.i > tok.i:
            r = resolve(c, index, depth + 1)
            if r is not None and r.name not in names:
                names.append(r.name)
    if len(names) == 1:
        return role
    name = ", ".join(names[:-1]) + " and " + names[-1]
    return Role(name, role.entity, role.sector, None)


def subject_of(verb: Token, index: EntityIndex, depth: int = 0) -> Role | None:
    """The verb's subject (or passive agent), inherited from the governing clause when it has none."""
    deps = SUBJECT_DEPS + ("nsubjpass",) if depth else SUBJECT_DEPS  # raising: "X is thought to have tested"
    subjects = [c for c in verb.children if c.dep_ in deps]
    if subjects:  # "NEW DELHI (AP) - President Trump suggested": the nearest subject
        child = min(subjects, key=lambda c: abs(c.i - verb.i))
        return with_conjuncts(child, resolve(child, index), index)
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return with_conjuncts(pobj, resolve(pobj, index), index)
    if verb.dep_ in INHERIT_DEPS and verb.head.i != verb.i and depth < 3:
        return subject_of(verb.head, index, depth + 1)
    return None


def prep_objects(tok: Token) -> list[tuple[str, Token]]:
    """(preposition, object) pairs attached to a token ('to Russia', 'in the Kursk region')."""
    out = []
    for child in tok.children:
        if child.dep_ == "dative" and child.pos_ in ("PROPN", "NOUN", "PRON"):
            out.append(("to", child))
        elif child.dep_ in ("prep", "dative", "agent"):
            out.extend((child.lower_, pobj) for pobj in child.children if pobj.dep_ == "pobj")
    return out
