"""Speaker resolution: the source phrase of an attribution to an entity, or the phrase itself, flagged.

Mention-level coreference is done by the entities stage (names, surnames, titles bound by apposition or a
pre-name title, organisation nominals, pronouns by the learned antecedent ranker), so a source whose head
lies in an entity mention is that entity. Otherwise, by the head noun (``sources.py``):

- a pronoun the entities stage could not resolve stays the literal pronoun, kind ``unresolved``;
- a name inside the phrase ("a spokesman, John Smith", "Pentagon spokesman John Kirby") is that person;
- an institution noun ("the ministry", "the country") joins the latest organisation or country of the
  document whose name holds the word, else stays the phrase;
- a document ("the report", "a statement", "Trump's tweet") is its author when the phrase names one
  (possessor, "from"/"by"), else the phrase with kind ``written``;
- a definite role ("the official") reuses an earlier anonymous source with that head ("a senior
  administration official"), else stays the phrase, ``unresolved``; an indefinite or plural one ("a
  spokesman", "analysts") is an anonymous source: the phrase, kind ``literal``;
- an inanimate head ("the images", "the reasons") is no source at all: kind ``inanimate``, and the stage
  drops the attribution.
Never the most prominent person by default: a description that binds to nobody stays unresolved.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsledger.document import Entity, Speaker
from newsledger.stages.quotes.sources import FIRST_PERSON, clean_source, is_definite, is_pronoun, noun_class

RELATIVE_TAGS = ("WDT", "WP")
# The last word of the link promos one outlet glues into its prose ("Jane RoeHeadline ... MORE said").
PROMO_END = "MORE"
CLOSING_MARKS = ("”", '"', "''")
# Types an institution noun may stand for ("the country said" -> a GPE).
GROUP_TYPES = {"ORG", "GPE", "NORP", "LAW", "FAC"}
# How many mentions back an institution noun looks for the organisation it abbreviates.
NOMINAL_LOOKBACK = 80
# How many tokens back a definite role ("the official") looks for the phrase that introduced it.
INTRODUCED_LOOKBACK = 400
# Verbs that put a document out: their subject is its issuer ("The ministry released a statement").
ISSUE_VERBS = frozenset({"release", "issue", "publish", "send", "post", "circulate", "distribute", "unveil"})
# Speaker kinds of the contract (Speaker.kind); "inanimate" never leaves the stage.
ENTITY, LITERAL, UNRESOLVED, WRITTEN, INANIMATE = "entity", "literal", "unresolved", "written", "inanimate"


@dataclass
class Resolver:
    """Resolves source phrases of one document, in text order."""

    doc: Doc
    entities: list[Entity]
    text: str = ""  # doc.text, read once (spaCy rebuilds it from the tokens on every access)
    _starts: list[int] = field(default_factory=list)
    _mentions: list[tuple[int, int, str, Entity]] = field(default_factory=list)
    _anonymous: list[tuple[str, str]] = field(default_factory=list)  # (head lemma, phrase) of anonymous sources

    def __post_init__(self) -> None:
        if not self.text:
            self.text = self.doc.text
        for ent in self.entities:
            for m in ent.mentions:
                self._mentions.append((m.start, m.end, m.kind, ent))
        self._mentions.sort(key=lambda x: (x[0], -x[1]))
        self._starts = [m[0] for m in self._mentions]

    def entity_at(self, start: int, end: int, pronouns: bool = True) -> Entity | None:
        """The entity whose mention overlaps ``[start, end)`` (the longest one)."""
        i = bisect.bisect_left(self._starts, end)
        best: tuple[int, Entity] | None = None
        for j in range(i - 1, max(-1, i - 40), -1):
            s, e, kind, ent = self._mentions[j]
            if e <= start or (kind == "pronoun" and not pronouns):
                continue
            if best is None or e - s > best[0]:
                best = (e - s, ent)
        return best[1] if best else None

    def by_id(self, entity_id: str) -> Entity | None:
        """The entity with this id (full name, as for any resolved speaker)."""
        ent = next((e for e in self.entities if e.id == entity_id), None)
        return self.full_name(ent) if ent is not None else None

    def full_name(self, ent: Entity) -> Entity:
        """A one-word person entity ("Gerasimov") to the fuller one it abbreviates ("Valery Gerasimov")."""
        if " " in ent.name.strip():
            return ent  # (the tagger sometimes types a lone surname ORG or GPE: any type may abbreviate)
        for other in self.entities:
            if ent.type in ("PERSON", "ORG") and other.type == "PERSON" and other is not ent and other.name.split()[-1] == ent.name:
                return other
        return ent

    def resolve(self, source: Span | None) -> Speaker | None:
        """A Speaker for the source phrase (entity id when it can be resolved; ``kind`` says how)."""
        if source is None or not len(source):
            return None
        cleaned = clean_source(source, self.text)
        if cleaned is None:
            return None
        source = cleaned
        head = source.root
        if head.tag_ in RELATIVE_TAGS and head.head.dep_ == "relcl" and head.head.head.pos_ in ("NOUN", "PROPN"):
            # "Zakharova, who said ...": the span stays on "who", the name comes from the noun it describes
            noun = head.head.head
            described = self.resolve(self.doc[noun.left_edge.i : noun.i + 1])
            if described is not None:
                return Speaker(described.name, described.entity, source.start_char, source.end_char, described.kind)
        if head.text == PROMO_END:
            promoted = self._before_promo(head)
            if promoted is not None:
                return self._entity(promoted, source.start_char, source.end_char)
        start, end = _trim_source(source)
        phrase = self.text[start:end]
        if is_pronoun(head):
            ent = None if head.lower_ in FIRST_PERSON else self.entity_at(head.idx, head.idx + len(head))
            return self._entity(ent, start, end) if ent is not None else Speaker(phrase, None, start, end, UNRESOLVED)
        ent = self.entity_at(head.idx, head.idx + len(head), pronouns=False) or self._named_inside(source)
        if ent is not None:
            return self._entity(ent, start, end)
        cls = noun_class(head)
        if cls == "inanimate":
            return Speaker(phrase, None, start, end, INANIMATE)
        if cls == "organisation":
            ent = self._institution(source)
            return self._entity(ent, start, end) if ent is not None else Speaker(phrase, None, start, end, LITERAL)
        if cls == "document":
            ent = self._author(source) or self._issuer(source)
            return self._entity(ent, start, end) if ent is not None else Speaker(phrase, None, start, end, WRITTEN)
        lemma = head.lemma_.lower()
        if cls == "person" and is_definite(source):
            earlier = next((p for h, p in reversed(self._anonymous) if h == lemma), None) or self._introduced(source)
            return Speaker(earlier or phrase, None, start, end, LITERAL if earlier else UNRESOLVED)
        if head.pos_ in ("NOUN", "PROPN", "ADJ"):
            self._anonymous.append((lemma, phrase))
        return Speaker(phrase, None, start, end, LITERAL)

    def _before_promo(self, more: Token) -> Entity | None:
        """The person named where a glued link promo starts ("press secretary Jane Roe Jane RoeHeadline ...
        Another headline MORE said"): the first person mentioned between the clause opening and "MORE"."""
        sent = more.sent
        lo = sent.start_char
        for tok in sent:
            if tok.i >= more.i:
                break
            if tok.text in CLOSING_MARKS:
                lo = tok.idx + 1
        k = bisect.bisect_left(self._starts, lo)
        for s, _e, kind, ent in self._mentions[k:]:
            if s >= more.idx:
                break
            if kind != "pronoun" and ent.type == "PERSON":
                return ent
        return None

    def _introduced(self, source: Span) -> str | None:
        """An earlier indefinite phrase with the same head ("A senior official briefed ..." before "the official")."""
        head = source.root
        doc = self.doc
        for i in range(source.start - 1, max(-1, source.start - INTRODUCED_LOOKBACK), -1):
            tok = doc[i]
            if tok.lemma_ == head.lemma_ and tok.pos_ == "NOUN" and tok.tag_ == head.tag_:
                first = tok.left_edge
                if first.lower_ in ("a", "an") and self.entity_at(first.idx, tok.idx + len(tok), pronouns=False) is None:
                    return self.text[first.idx : tok.idx + len(tok)]
        return None

    def _entity(self, ent: Entity, start: int, end: int) -> Speaker:
        ent = self.full_name(ent)
        return Speaker(ent.name, ent.id, start, end, ENTITY)

    def _named_inside(self, source: Span) -> Entity | None:
        """A person named in the phrase by apposition or as a compound of its head ("a spokesman, John Smith")."""
        head = source.root
        for tok in source:
            if tok.pos_ == "PROPN" and (tok.dep_ == "appos" or tok.head == head):
                ent = self.entity_at(tok.idx, tok.idx + len(tok), pronouns=False)
                if ent is not None and ent.type == "PERSON":
                    return ent
        return None

    def _institution(self, source: Span) -> Entity | None:
        """The latest organisation (or country, for "the country") before the phrase whose name holds its head."""
        head = source.root
        lemma = head.lemma_.lower()
        country = lemma in ("country", "nation", "state")
        k = bisect.bisect_left(self._starts, source.start_char)
        for _s, _e, kind, ent in reversed(self._mentions[max(0, k - NOMINAL_LOOKBACK) : k]):
            if kind == "pronoun" or ent.type not in GROUP_TYPES:
                continue
            if (country and ent.type == "GPE") or lemma in ent.name.lower().split():
                return ent
        return None

    def _issuer(self, source: Span) -> Entity | None:
        """Who issued the document a definite phrase takes up ("The White House released a statement ... The
        statement said"): the author of the latest earlier phrase with the same head, by its possessor or "by"
        object, or the subject of the verb that released it; a phrase no earlier one introduced stays as it is."""
        head = source.root
        if not is_definite(source):
            return None
        doc = self.doc
        for i in range(source.start - 1, max(-1, source.start - INTRODUCED_LOOKBACK), -1):
            tok = doc[i]
            if tok.lemma_ != head.lemma_ or tok.pos_ != "NOUN":
                continue
            phrase = doc[tok.left_edge.i : tok.i + 1]
            ent = self._author(phrase)
            if ent is None and tok.dep_ == "dobj" and tok.head.lemma_.lower() in ISSUE_VERBS:
                subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
                ent = self.entity_at(subj.idx, subj.idx + len(subj), pronouns=False) if subj is not None else None
            return ent if ent is not None and ent.type in ("PERSON", "ORG", "GPE", "NORP") else None
        return None

    def _author(self, source: Span) -> Entity | None:
        """The author a document phrase names: its possessor or a "from"/"by" object ("Trump's tweet")."""
        for tok in source:
            if tok.dep_ == "poss" or (tok.dep_ == "pobj" and tok.head.lower_ in ("from", "by", "of")):
                ent = self.entity_at(tok.idx, tok.idx + len(tok))
                if ent is not None and ent.type in ("PERSON", "ORG", "GPE"):
                    return ent
        return None


def _trim_source(source: Span) -> tuple[int, int]:
    """The source phrase without a trailing relative clause or apposition after a comma."""
    end = source.end_char
    for tok in source:
        if tok.text == "," and tok.i > source.root.i:
            end = tok.idx
            break
    return source.start_char, end
