"""Whole noun phrases as mentions: descriptors before a name and "City, State" pairs.

News (and MEANTIME, and the annotation round) mark the whole noun phrase that names an entity, so these
add a mention of the same entity over the longer extent (nested mentions are allowed):

- ``descriptors``: common-noun modifiers of an organisation's or place's name in its own noun phrase
  ("aircraft manufacturer Boeing", "German magazine Der Spiegel", "the Irish airline Aer Lingus") give a
  mention of kind ``title`` over the phrase, as pre-name titles do for people.
- ``place_pairs``: a town followed by a comma and its state or country ("Toulouse, France", "Long Beach,
  California") gives the town a mention of kind ``name`` over both.
- ``with_article``: a short name (an acronym such as "EU", "GAO", "US") that heads a noun phrase opened by
  "the" also gets a mention over "the EU" (a longer name overlaps its noun phrase enough without it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsledger.stages.entities.coref import Coref

if TYPE_CHECKING:
    from spacy.tokens import Doc

DESCRIBED_TYPES = frozenset({"ORG", "GPE", "FAC", "LOC"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
MAX_DESCRIPTOR_WORDS = 4
# Nouns that describe an organisation: a name right after one is no person ("newspaper Der Spiegel").
ORG_DESCRIPTORS = frozenset({"magazine", "newspaper", "daily", "weekly", "airline", "carrier", "company", "firm",
                             "agency", "broadcaster", "network", "channel", "bank", "manufacturer", "maker",
                             "group", "party", "website", "outlet", "publisher", "retailer", "automaker",
                             "airframer", "giant", "startup", "conglomerate", "insurer", "brokerage", "tabloid"})
# Names of at most this many characters take the article before them into their extent.
SHORT_NAME = 4


def descriptors(coref: Coref) -> None:
    """A mention over "descriptor + name" for organisations and places (module docstring); a "person" so
    described by an organisation noun ("the German magazine Der Spiegel") is an organisation."""
    doc = coref.doc
    for cl in [c for c in coref.g.clusters if c.type == "PERSON"]:
        names = cl.names()
        if names and all(m.tok_start > 0 and doc[m.tok_start - 1].lower_ in ORG_DESCRIPTORS for m in names):
            cl.type = "ORG"
    for cl in [c for c in coref.g.clusters if c.type in DESCRIBED_TYPES]:
        for m in list(cl.names()):
            root = doc[m.tok_start : m.tok_end].root
            start = m.tok_start
            while start > 0 and m.tok_start - start < MAX_DESCRIPTOR_WORDS:
                t = doc[start - 1]
                if t.head.i != root.i and t.head.i not in range(start, m.tok_end) or t.dep_ not in MODIFIER_DEPS:
                    break
                other = coref.by_tok.get(t.i)
                if other is not None and other.label in ("PERSON", "ORG", "FAC") and other.kind != "demonym":
                    break  # another name ("Airbus parent EADS" keeps Airbus as Airbus)
                start -= 1
            if start == m.tok_start and root.dep_ == "appos" and root.head.i == m.tok_start - 1 \
                    and root.head.pos_ == "NOUN" and root.head.text.islower():
                start = root.head.left_edge.i  # "European plane maker Airbus" parsed with Airbus beside "maker"
            words = doc[start : m.tok_start]
            if start < m.tok_start and any(t.pos_ == "NOUN" and t.text.islower() for t in words):
                if start > 0 and doc[start - 1].lower_ in ("the", "a", "an"):
                    start -= 1
                coref._add(cl, start, m.tok_end, "title")


def place_pairs(coref: Coref) -> None:
    """A town's mention over "Town, State" when its state or country follows after a comma."""
    doc = coref.doc
    for m in sorted((m for cl in coref.g.clusters for m in cl.mentions if m.place is not None
                     and m.place.kind == "city" and m.kind == "name"), key=lambda m: m.tok_start):
        k = m.tok_end
        if k + 1 >= len(doc) or doc[k].text != ",":
            continue
        nxt = coref.by_tok.get(k + 1)
        if nxt is None or nxt.place is None or nxt.place.kind not in ("country", "region") or nxt.tok_start != k + 1:
            continue
        cl = coref.g.of.get(id(m))
        if cl is not None:
            coref._add(cl, m.tok_start, nxt.tok_end, "name")


def with_article(doc: Doc, start_tok: int, end_tok: int, text: str) -> bool:
    """True when a short name heads a noun phrase opened by "the" ("the EU", not "the EU leaders"): the
    stage then also gives the phrase as a mention."""
    if len(text) > SHORT_NAME or start_tok == 0 or doc[start_tok - 1].lower_ != "the":
        return False
    return doc[start_tok:end_tok].root.dep_ not in MODIFIER_DEPS
