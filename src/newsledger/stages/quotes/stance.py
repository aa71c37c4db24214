"""Statements named by a phrase, not a speech verb: "expressed confidence that ...", "made clear that ...".

The learned frames already propose "expressed <object>" (`frames.py`), but most such objects are feelings with
no proposition ("expressed condolences", "voiced support for the plan"), so the quote filter drops the frame as a
whole (on the 846 train documents of round seventeen, 9 of the 32 "express"/"voice" candidates that match a gold
quote were kept, against 5 of the 65 others), with the statements among them. A stance noun with a clause
of its own is a statement, and so is "make (it) clear" + a clause (11 train gold quotes, none found before). The
content is the clause, without the noun and without "that" (the codebook's reported clause); the source must be
able to speak (a name, a personal pronoun, a person, group or organisation noun of ``source_nouns.tsv``). The
candidates are kept whatever the filter says (``FRAME``): on train they find 21 more gold quotes and add 8 false
ones (3 of them a gold quote at other bounds).
"""

from __future__ import annotations

from spacy.attrs import LEMMA
from spacy.tokens import Doc, Span, Token

from newsledger.stages.quotes.base import Candidate, subject_of, trim, unasserted
from newsledger.stages.quotes.clauses import clause_span
from newsledger.stages.quotes.cues import cue_span
from newsledger.stages.quotes.marks import MarkedSpan
from newsledger.stages.quotes.sources import source_nouns

# The frame name these candidates carry (the stage keeps them without asking the filter).
FRAME = "stance"
# Verbs whose object noun names the stance and whose clause on that noun is the statement.
STANCE_VERBS = frozenset({"express", "voice"})
# "make clear" / "make it clear": the adjective that turns "make" into a cue.
CLEAR = "clear"
# Dependencies of a clause hung on the stance noun or on "clear" by the parser.
CLAUSE_CHILD_DEPS = ("acl", "ccomp", "advcl")
# Words that make a clause on a noun relative ("support for the strike that killed ..."), not its content.
RELATIVE_TAGS = ("WDT", "WP", "WP$", "WRB")
SUBJECT_DEPS = ("nsubj", "nsubjpass", "expl")
SPEAKING_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it", "who"})
# A clause shorter than this (characters) is no statement ("said so").
MIN_CLAUSE_CHARS = 12


def _finite(tok: Token) -> bool:
    """True for a verb with a subject of its own and a finite form or auxiliary (a clause, not "to ...")."""
    if tok.pos_ not in ("VERB", "AUX") or not any(c.dep_ in SUBJECT_DEPS for c in tok.children):
        return False
    if any(c.tag_ in RELATIVE_TAGS or (c.lower_ == "that" and c.dep_ != "mark") for c in tok.children):
        return False  # a relative clause: "... the strike that killed ..."
    if any(c.dep_ == "mark" and c.lower_ != "that" for c in tok.children):
        return False  # an adverbial clause: "... just one day after he named ..."
    return tok.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") and c.tag_ != "TO" for c in tok.children)


def _speaker_like(source: Span) -> bool:
    """True for a source that can hold a stance: a name, a personal pronoun or a noun of a person, group,
    organisation (``source_nouns.tsv``); not "the debacle made clear that ..."."""
    root = source.root
    if root.pos_ == "PROPN" or root.lower_ in SPEAKING_PRONOUNS:
        return True
    return source_nouns().get(root.lemma_.lower()) in ("person", "group", "organisation")


def _after(tok: Token, anchor: Token) -> bool:
    """True when the clause ``tok`` starts after ``anchor`` (the noun or "clear")."""
    return tok.left_edge.i > anchor.i


def _stance_clause(verb: Token) -> tuple[Token, Token] | None:
    """(object noun, clause verb) of "expressed confidence (that) X would ..."."""
    noun = next((c for c in verb.rights if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)
    if noun is None:
        return None
    clause = next((c for c in noun.rights if c.dep_ in CLAUSE_CHILD_DEPS and _finite(c)), None)
    if clause is None:  # "expressed confidence on Wednesday that ...": the clause hung on the verb
        clause = next((c for c in verb.rights if c.dep_ in ("ccomp", "advcl") and c.i > noun.i and _finite(c)
                       and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)
    return (noun, clause) if clause is not None and _after(clause, noun) else None


def _clear_clause(verb: Token) -> tuple[Token, Token] | None:
    """("clear", clause verb) of "made (it) clear (that) X ..." in its three parses."""
    clear = next((c for c in verb.rights if c.lower_ == CLEAR and c.pos_ == "ADJ"), None)
    if clear is not None:
        clause = next((c for c in clear.rights if c.dep_ in CLAUSE_CHILD_DEPS and _finite(c)), None) \
            or next((c for c in verb.rights if c.dep_ == "ccomp" and c.i > clear.i and _finite(c)), None)
        return (clear, clause) if clause is not None and _after(clause, clear) else None
    for child in verb.rights:  # "made clear the talks would continue": "clear" hung on the clause's verb
        if child.dep_ == "ccomp" and _finite(child):
            first = next((g for g in child.lefts if g.lower_ == CLEAR and g.dep_ == "acomp"), None)
            if first is not None and first.i == verb.i + 1:
                return first, child
    return None


def _content(clause: Token, anchor: Token, text: str) -> tuple[int, int]:
    """The clause from after the anchor (and "that") to its end."""
    start, end = clause_span(clause)
    doc = clause.doc
    first = anchor.i + 1
    while first < clause.i and (doc[first].lower_ == "that" or doc[first].is_punct):
        first += 1
    return trim(text, max(start, doc[first].idx), end)


def find_stances(doc: Doc, marked: list[MarkedSpan], found: list[Candidate], text: str) -> list[Candidate]:
    """Stance-noun and "make clear" statements; a candidate of the same cue verb found before is superseded."""
    lemmas = doc.to_array(LEMMA).tolist()
    strings = doc.vocab.strings
    wanted = {h for h in set(lemmas) if strings[h].lower() in STANCE_VERBS or strings[h].lower() == "make"}
    if not wanted:
        return []
    by_cue = {c.cue.root.i: c for c in found if c.cue is not None}
    out: list[Candidate] = []
    for i, h in enumerate(lemmas):
        if h not in wanted or doc[i].pos_ != "VERB":
            continue
        tok = doc[i]
        lemma = tok.lemma_.lower()
        if unasserted(tok) or any(ms.start <= tok.idx < ms.end for ms in marked):
            continue  # negated or hypothetical; inside a direct quote: the speaker's own wording
        pair = _stance_clause(tok) if lemma in STANCE_VERBS else _clear_clause(tok)
        source = subject_of(tok)
        if pair is None or source is None or not _speaker_like(source):
            continue
        anchor, clause = pair
        c_start, c_end = _content(clause, anchor, text)
        para_end = text.find("\n", tok.idx)
        c_end = min(c_end, para_end if para_end >= 0 else len(text))
        if c_end - c_start < MIN_CLAUSE_CHARS:
            continue
        old = by_cue.get(tok.i)
        if old is not None:
            if old.kind == "direct" or old.inherit_from is not None:
                continue
            old.superseded = True
        kind = "mixed" if any(c_start <= ms.start and ms.end <= c_end + 1 for ms in marked) else "indirect"
        cue = cue_span(tok) if lemma in STANCE_VERBS else doc[tok.i : anchor.i + 1]
        out.append(Candidate(kind, c_start, c_end, cue, "speech", source, frame=FRAME))
    return out
