"""Speaker resolution: the source phrase to an entity via mentions, pronouns, titles and nominals."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.attrs import DEP
from spacy.tokens import Doc, Span

from newsledger.document import Entity, Speaker

PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
THING_PRONOUNS = {"it", "its"}
PLURAL_PRONOUNS = {"they", "them", "their"}
RELATIVE_TAGS = ("WDT", "WP")
DASHES = ("—", "–", "--", "―")
DEFINITE = ("the", "this", "that")
FIRST_PERSON = {"i", "me", "we", "us", "my", "our"}
# Types a non-person pronoun ("it", "they") may refer to.
GROUP_TYPES = {"ORG", "GPE", "NORP", "LAW", "FAC"}
# Role nouns that stand for a person mentioned before ("the DPRK leader said").
TITLE_NOUNS = {
    "leader", "president", "minister", "spokesman", "spokeswoman", "spokesperson", "official", "chief",
    "secretary", "premier", "chancellor", "senator", "governor", "mayor", "ambassador", "general",
    "commander", "director", "head", "chairman", "chairwoman", "diplomat", "envoy", "candidate",
    "nominee", "lawmaker", "congressman", "congresswoman", "representative", "prosecutor", "judge",
}
# How many sentences back an antecedent (previous subject or speaker) may be.
ANTECEDENT_SENTENCES = 4


@dataclass
class _Anchor:
    pos: int
    entity: Entity | None
    speaker: bool
    name: str = ""  # a proper-noun subject no entity covers ("Ana Lopez" missed by the tagger)
    start: int = 0
    end: int = 0


@dataclass
class Resolver:
    """Resolves source phrases of one document, in text order, remembering subjects and speakers."""

    doc: Doc
    entities: list[Entity]
    text: str = ""  # doc.text, read once (spaCy rebuilds it from the tokens on every access)
    _starts: list[int] = field(default_factory=list)
    _mentions: list[tuple[int, int, str, Entity]] = field(default_factory=list)
    _anchors: list[_Anchor] = field(default_factory=list)
    _sent_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.text:
            self.text = self.doc.text
        for ent in self.entities:
            for m in ent.mentions:
                self._mentions.append((m.start, m.end, m.kind, ent))
        self._mentions.sort(key=lambda x: (x[0], -x[1]))
        self._starts = [m[0] for m in self._mentions]
        doc = self.doc
        self._sent_starts = [s.start_char for s in doc.sents]
        strings = doc.vocab.strings
        subject_deps = {strings["nsubj"], strings["nsubjpass"]}
        # read the dependency column once: building a Token for every word costs more than the rest
        for i, dep in enumerate(doc.to_array(DEP).tolist()):
            if dep in subject_deps:
                tok = doc[i]
                if tok.head.dep_ == "ROOT":
                    subj = self.entity_at(tok.idx, tok.idx + len(tok), pronouns=False)
                    if subj is not None:
                        self._anchors.append(_Anchor(tok.idx, subj, False))
                    elif tok.pos_ == "PROPN":
                        span = self.doc[tok.left_edge.i : tok.i + 1]
                        self._anchors.append(_Anchor(tok.idx, None, False, span.text, span.start_char, span.end_char))
        self._anchors.sort(key=lambda a: a.pos)

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

    def _sentence_index(self, pos: int) -> int:
        return bisect.bisect_right(self._sent_starts, pos) - 1

    def _antecedent(self, pos: int, types: set[str] | None) -> Entity | _Anchor | None:
        """The latest subject or speaker before ``pos`` of a compatible type, within a few sentences."""
        here = self._sentence_index(pos)
        i = bisect.bisect_left([a.pos for a in self._anchors], pos)
        for a in reversed(self._anchors[:i]):
            if here - self._sentence_index(a.pos) > ANTECEDENT_SENTENCES:
                break
            if a.entity is None:
                if types is None or "PERSON" in types:
                    return a  # an untyped proper-noun subject
                continue
            if types is None or a.entity.type in types:
                return a.entity
        # fall back on the nearest earlier mention of a compatible type
        k = bisect.bisect_left(self._starts, pos)
        for s, _e, kind, ent in reversed(self._mentions[max(0, k - 60) : k]):
            if kind != "pronoun" and (types is None or ent.type in types) and s < pos:
                return ent
        return None

    def remember(self, pos: int, entity: Entity | None) -> None:
        """Record a resolved speaker as an antecedent for later pronouns."""
        if entity is not None:
            bisect.insort(self._anchors, _Anchor(pos, entity, True), key=lambda a: a.pos)

    def full_name(self, ent: Entity) -> Entity:
        """A one-word person entity ("Gerasimov") to the fuller one it abbreviates ("Valery Gerasimov")."""
        if " " in ent.name.strip():
            return ent  # (the tagger sometimes types a lone surname ORG or GPE: any type may abbreviate)
        for other in self.entities:
            if ent.type in ("PERSON", "ORG") and other.type == "PERSON" and other is not ent and other.name.split()[-1] == ent.name:
                return other
        return ent

    def resolve(self, source: Span | None) -> Speaker | None:
        """A Speaker for the source phrase (entity id when it can be resolved)."""
        if source is None or not len(source):
            return None
        dash = next((t for t in reversed(source) if t.text in DASHES), None)
        if dash is not None and dash.i + 1 < source.end:
            source = self.doc[dash.i + 1 : source.end]  # "NEW DELHI (AP) — President Donald Trump"
        head = source.root
        if head.tag_ in RELATIVE_TAGS and head.head.dep_ == "relcl" and head.head.head.pos_ in ("NOUN", "PROPN"):
            # "Zakharova, who said ...": the span stays on "who", the name comes from the noun it describes
            noun = head.head.head
            described = self.resolve(self.doc[noun.left_edge.i : noun.i + 1])
            if described is not None:
                return Speaker(described.name, described.entity, source.start_char, source.end_char)
        low = head.lower_
        ent: Entity | _Anchor | None = None
        if head.pos_ == "PRON" or low in PERSON_PRONOUNS or low in THING_PRONOUNS | PLURAL_PRONOUNS:
            ent = self.entity_at(head.idx, head.idx + len(head))
            if ent is None:
                types = {"PERSON"} if low in PERSON_PRONOUNS else GROUP_TYPES if low in THING_PRONOUNS else None
                ent = self._antecedent(head.idx, types) if low not in FIRST_PERSON else None
        else:
            ent = self.entity_at(head.idx, head.idx + len(head), pronouns=False)
            if ent is None:
                ent = self._nominal(source)
        start, end = _trim_source(source)
        if isinstance(ent, _Anchor):
            return Speaker(ent.name, None, start, end)
        if ent is None:
            return Speaker(self.text[start:end], None, start, end)
        ent = self.full_name(ent)
        self.remember(source.start_char, ent)
        return Speaker(ent.name, ent.id, start, end)

    def _nominal(self, source: Span) -> Entity | _Anchor | None:
        head = source.root
        # an apposition or a name inside the phrase: "a spokesman, John Smith" / "Foreign Minister X"
        for tok in source:
            if tok.pos_ == "PROPN" and (tok.dep_ == "appos" or tok.head == head):
                ent = self.entity_at(tok.idx, tok.idx + len(tok), pronouns=False)
                if ent is not None and ent.type == "PERSON":
                    return ent
        lemma = head.lemma_.lower()
        if lemma in TITLE_NOUNS and head.tag_ == "NN" and source[0].lower_ in DEFINITE:
            # "the general", "the DPRK leader": someone named before; "a senior official" is not
            return self._antecedent(source.start_char, {"PERSON"})
        if head.pos_ == "NOUN":
            k = bisect.bisect_left(self._starts, source.start_char)
            for _s, _e, kind, ent in reversed(self._mentions[max(0, k - 80) : k]):
                if kind != "pronoun" and ent.type in GROUP_TYPES and lemma in ent.name.lower().split():
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
