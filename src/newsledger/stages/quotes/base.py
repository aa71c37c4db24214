"""The candidate attribution passed between the quote finders, the speaker resolver and the stage."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

# Punctuation stripped from the edges of a content span (quote marks are kept out by the finders).
EDGE_PUNCT = " \t\n,;:—–-"
SUBJECT_DEPS = ("nsubj", "nsubjpass")
DASHES = ("—", "–", "--", "―")


@dataclass
class Candidate:
    """One attribution before speakers are resolved to entities."""

    kind: str  # direct | indirect | mixed
    start: int  # content character span
    end: int
    cue: Span | None
    cue_class: str = "speech"
    source: Span | None = None  # the speaker phrase in the text, when there is one
    inherit_from: int | None = None  # content start of the quote whose speaker this one continues
    outer_start: int | None = None  # with the quote marks (direct quotes)
    outer_end: int | None = None
    governed: bool = False  # a direct passage whose cue is the verb governing it (`called it "a sham"`)
    superseded: bool = False  # replaced by a mixed record spanning the verb's whole complement


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past edge punctuation and whitespace (keeps a final period)."""
    while start < end and text[start] in EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in EDGE_PUNCT:
        end -= 1
    return start, end


def _agent_of(verb: Token) -> Span | None:
    """The object of a verb's "by" agent phrase, if any."""
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return verb.doc[pobj.left_edge.i : pobj.right_edge.i + 1]
    return None


def subject_of(verb: Token) -> Span | None:
    """The grammatical source of a cue verb: its subject, the agent of a passive, or an inherited one."""
    doc = verb.doc
    agent = _agent_of(verb)
    if agent is not None:  # a passive's "by" agent, also when a reduced relative's noun is parsed as its subject
        return agent
    for child in verb.children:
        if child.dep_ == "nsubj":
            end = child.right_edge.i + 1
            if doc[end - 1].text in DASHES and end < verb.i:
                return doc[end : verb.i]  # "NEW DELHI (AP) — President X said": the name after the dateline
            return doc[child.left_edge.i : end]
    if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
        head = verb.head
        return doc[head.left_edge.i : head.i + 1]
    if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head is not verb and verb.head.pos_ in ("VERB", "AUX"):
        if verb.dep_ == "advcl" and verb.tag_ != "VBG":
            return None
        return subject_of(verb.head)
    return None
