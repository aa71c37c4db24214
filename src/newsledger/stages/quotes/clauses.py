"""Content spans from the parse: complement clauses, inserted cues, attitudes without a holder, cue gaps."""

from __future__ import annotations

from spacy.tokens import Span, Token

from newsledger.stages.quotes.base import subject_of, trim
from newsledger.stages.quotes.cues import cue_span, verb_cue

CLAUSE_DEPS = ("ccomp",)
# Verbs whose passive (or raising) form states an attitude with no holder: "is expected to", "seems to".
# ("is thought/believed to" are left out: on 250 PolNeAR train articles they added nothing, and news
# style uses them for background the article itself asserts.)
IMPERSONAL = {"expect": "belief", "say": "speech", "report": "speech", "rumor": "speech"}
# Marks around a cue inserted in the middle of the sentence it reports (", he says,").
INSERT_MARKS = {",", "—", "–", "--"}


def span_chars(span: Span) -> tuple[int, int]:
    return span.start_char, span.end_char


def subtree_chars(tok: Token) -> tuple[int, int]:
    doc = tok.doc
    return span_chars(doc[tok.left_edge.i : tok.right_edge.i + 1])


def second_cue(conj: Token) -> bool:
    """A speech verb conjoined to the content is an attribution of its own ("... and said ...");
    "he has not held dinners and never called a donor" or "... and showing disregard" go on the content."""
    return verb_cue(conj) == "speech" and subject_of(conj) is not None


def clause_span(child: Token) -> tuple[int, int]:
    """The subtree of a complement clause without its complementizer ("that")."""
    doc = child.doc
    first = child.left_edge
    while first.i < child.i and first.dep_ == "mark" and first.lower_ == "that":
        first = doc[first.i + 1]
    end = subtree_chars(child)[1]
    for conj in child.rights:
        participle = conj.dep_ == "advcl" and conj.tag_ == "VBG" and doc[conj.left_edge.i - 1].text == ","
        if (conj.dep_ == "conj" or participle) and second_cue(conj):
            # "X says Y promised ... and said ...", "... , saying ...": a second attribution of its own
            cut = conj.left_edge.i
            while cut > child.i and doc[cut - 1].dep_ in ("cc", "punct"):
                cut -= 1
            end = min(end, doc[cut].idx)
    return doc[first.i].idx, end


def impersonal_attitude(tok: Token) -> tuple[tuple[int, int], str] | None:
    """"X is expected to ...", "it is said that ...": an attitude nobody in the text holds. (Raising verbs,
    "X seems to ...", "it appears that ...", attribute nothing: see ``base.unasserted``.)

    The content is the whole clause with its subject (PolNeAR's convention), or the that-clause after "it"."""
    cls = IMPERSONAL.get(tok.lemma_.lower())
    if cls is None or tok.pos_ not in ("VERB", "AUX"):
        return None
    deps = {c.dep_: c for c in tok.children}
    if "agent" in deps or "auxpass" not in deps:
        return None
    comp = deps.get("xcomp") or deps.get("ccomp")
    subj = deps.get("nsubjpass") or deps.get("nsubj") or deps.get("expl")
    if comp is None or subj is None or subj.pos_ == "PRON" and subj.lower_ not in ("it",):
        return None
    if subj.lower_ == "it" and comp.dep_ == "ccomp":
        return clause_span(comp), cls
    if subj.lower_ == "it" or comp.dep_ != "xcomp":
        return None
    return (subj.left_edge.idx, subtree_chars(comp)[1]), cls


def inserted_cue(verb: Token) -> bool:
    """True when the cue clause stands between commas or dashes inside a sentence (", he says,")."""
    doc = verb.doc
    words = [t for t in doc[verb.left_edge.i : verb.right_edge.i + 1] if not t.is_punct]
    if not words:
        return False
    lo, hi = words[0].i, words[-1].i
    return lo > 0 and hi + 1 < len(doc) and doc[lo - 1].text in INSERT_MARKS and doc[hi + 1].text in INSERT_MARKS


def cue_gap(tok: Token, c_start: int, c_end: int) -> tuple[int, int] | None:
    """The cue clause when it stands inside its own content ("This campaign, he says, is different",
    "Trump is expected to speak", "which he said was ..."): PolNeAR leaves it out of the content."""
    if not c_start < tok.idx < c_end:
        return None
    doc = tok.doc
    end = cue_span(tok).end_char
    if inserted_cue(tok):
        return tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge)
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i < tok.i), None)
    if subj is None:
        return None
    if subj.left_edge.idx <= c_start:  # "Trump is expected to ...": the subject belongs to the content
        after = subj.right_edge.i + 1
        return (doc[after].idx, end) if after <= tok.i else None
    return subj.left_edge.idx, end  # "which he said was ...": the source and the verb


def split_around(text: str, c_start: int, c_end: int, gap: tuple[int, int] | None) -> list[tuple[int, int]]:
    """The content as one span, or as the two spans around the cue clause."""
    if gap is None or not c_start < gap[0] < gap[1] < c_end:
        return [(c_start, c_end)]
    parts = [trim(text, c_start, gap[0]), trim(text, gap[1], c_end)]
    return [(a, b) for a, b in parts if any(ch.isalnum() for ch in text[a:b])]


def set_off(verb: Token) -> bool:
    """True when the cue clause stands after a comma or dash (", he said"), not as an ordinary complement."""
    first = verb.left_edge
    return first.i > 0 and verb.doc[first.i - 1].text in (",", "—", "–", "--", "-")
