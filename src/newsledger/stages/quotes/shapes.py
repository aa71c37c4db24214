"""Attributions the parse hides: a speech verb whose complement the parser did not attach, found by clause shape.

The finders of ``indirect.py`` read the content off the cue verb's dependencies. When the parse goes wrong
("warn it risks ...", "reported in 2012 the company had ...", "which officials testified led ...", or a
reporting clause after its content that a misplaced sentence break cut off: "... 7:24 a.m. ..., the airline
said.") the verb has a subject and no content. This module proposes the content by the clause's shape alone:

* ``shape:after`` — the words after the verb (past "that", particles, adverbs and prepositional or date
  adjuncts) to the end of the sentence, when they hold a verb;
* ``shape:before`` — a reporting clause closing its sentence (", the airline said.", ", said X.", "— as X
  has reported."): the words before it back to the sentence start (one sentence further when that leaves no
  verb, a misplaced break).

Cues are speech verbs of the lexicon and the verbs of the word-vector cluster of "say" ("characterize",
"slam"). These candidates are many and loose on purpose: the learned filter (``filter.py``) decides on each,
by its frame, cue word, cluster and content shape, trained on the annotation rounds' train splits.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.attrs import LEMMA
from spacy.tokens import Doc, Span, Token

from newsledger.stages.quotes.base import EMPTY_GOVERNORS, Candidate, subject_of, trim, unasserted
from newsledger.stages.quotes.cues import cue_span, load_lexicon, verb_cue
from newsledger.stages.quotes.marks import MarkedSpan

SPEECH_PROTOTYPE = "say"
OPENERS = (",", "—", "–", "--", "-", ";")
MIN_WORDS = 4  # a content shorter than this is no claim
MAX_TAIL = 12  # tokens after a reporting clause before its sentence ends ("said Friday in a statement")
# A candidate sharing more than this share of its characters with a direct quote, or of the longer of the two
# with another paraphrase, is that one (a nested attribution inside a longer content is its own).
OVERLAP = 0.5


@lru_cache(maxsize=1)
def cluster_cues() -> frozenset[str]:
    """Lemmas in the word-vector cluster of "say" (empty when the table has no such word)."""
    from newsledger.stages.events.wordvecs import load_wordvecs  # (read once per process, shared with events)

    wv = load_wordvecs()
    cluster = wv.cluster(wv.rows_of([SPEECH_PROTOTYPE])[0])
    if cluster < 0:
        return frozenset()
    return frozenset(w for w, i in wv.row.items() if wv.clusters[i] == cluster)


@lru_cache(maxsize=1)
def _shape_lemmas() -> frozenset[str]:
    speech = {lemma for lemma, cls in load_lexicon().verbs.items() if cls == "speech"}
    return (frozenset(speech) | cluster_cues()) - EMPTY_GOVERNORS  # "appeared to ...", "refused to ...": no statement


def _has_verb(doc: Doc, lo: int, hi: int) -> bool:
    return any(doc[k].pos_ in ("VERB", "AUX") for k in range(lo, hi))


def _sentence_end(doc: Doc, i: int) -> int:
    """The token index after the last word of the sentence or paragraph holding token ``i`` (final punctuation
    and closing marks excluded)."""
    end = doc[i].sent.end
    for k in range(i, end):
        if "\n" in doc[k].whitespace_ or doc[k].is_space:
            end = k + (0 if doc[k].is_space else 1)
            break
    while end > i + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return end


def _after(verb: Token) -> tuple[int, int] | None:
    """The shape:after content of ``verb`` as a token range."""
    doc = verb.doc
    end = _sentence_end(doc, verb.i)
    k = verb.i + 1
    while k < end and (doc[k].dep_ in ("prt", "advmod") or doc[k].lower_ == "that"
                       or (doc[k].dep_ in ("prep", "npadvmod") and doc[k].head == verb)):
        if doc[k].dep_ in ("prep", "npadvmod"):
            k = doc[k].right_edge.i  # the whole adjunct ("in 2012", "on Monday")
        k += 1
    while k < end and doc[k].text == ",":
        k += 1
    if (k < end and doc[k].dep_ == "cc") or any(doc[j].dep_ == "conj" and doc[j].head == verb for j in range(k, end)):
        return None  # "met X on Monday and signed ...": another act of the same subject, not a content
    if end - k < MIN_WORDS or not _has_verb(doc, k, end):
        return None
    if doc[k].lower_ == "to" and verb_cue(verb) is None:
        return None  # "offered to ...": an intention; only the lexicon's verbs ("urged X to") report speech so
    for j in range(k, end):  # a second speech clause (", saying", "; he added") ends the content
        if doc[j].text in (";", ":") or (doc[j].text == "," and j + 1 < end and doc[j + 1].tag_ == "VBG"):
            end = j
            break
    return (k, end) if end - k >= MIN_WORDS else None


def _before(verb: Token, source: Span) -> tuple[int, int] | None:
    """The shape:before content of a reporting clause ``, X said.`` / ``, said X.`` closing its sentence."""
    doc = verb.doc
    opener = min(source.start, verb.i) - 1
    while opener > 0 and doc[opener].dep_ == "aux" and doc[opener].head == verb:
        opener -= 1  # ", officials have said"
    if opener > 0 and doc[opener].lower_ == "as":
        opener -= 1  # "— as the agency has reported."
    if opener <= 0 or doc[opener].text not in OPENERS:
        return None
    end = _sentence_end(doc, verb.i)
    tail = doc[max(verb.i, source.end - 1) + 1 : end]
    if len(tail) > MAX_TAIL or any(t.pos_ in ("VERB", "AUX") for t in tail):
        return None  # not the end of the sentence: ", officials said, though they cautioned ..."
    start = doc[opener].sent.start
    if start > 0 and not _has_verb(doc, start, opener):
        start = doc[start - 1].sent.start  # a sentence break misplaced inside the content ("7:24 a.m. Singapore")
    for k in range(opener - 1, start - 1, -1):
        if "\n" in doc[k].whitespace_ or doc[k].is_space:
            start = k + 1  # never across a line break
            break
    if opener - start < MIN_WORDS or not _has_verb(doc, start, opener):
        return None
    return start, opener


def find_shapes(doc: Doc, marked: list[MarkedSpan], found: list[Candidate], text: str) -> list[Candidate]:
    """shape:after and shape:before candidates for speech verbs that no other finder used as a cue."""
    used = {c.cue.root.i for c in found if c.cue is not None}
    wanted = _shape_lemmas()
    strings = doc.vocab.strings
    lemmas = doc.to_array(LEMMA).tolist()
    keep = {h for h in set(lemmas) if strings[h].lower() in wanted}
    # direct quotes (with their marks) own their words; another paraphrase owns about the same span
    taken = [(c.outer_start or c.start, c.outer_end or c.end, c.kind == "direct") for c in found]
    out: list[Candidate] = []
    for i, h in enumerate(lemmas):
        if h not in keep or i in used:
            continue
        verb = doc[i]
        if verb.pos_ != "VERB" or verb.tag_ not in ("VBD", "VBZ", "VBP", "VBN") or unasserted(verb):
            continue
        if any(ms.start <= verb.idx < ms.end for ms in marked):
            continue  # inside a direct quote: the speaker's own wording
        source = subject_of(verb)
        if source is None or source.root.pos_ not in ("PROPN", "NOUN", "PRON"):
            continue
        rng, frame = _before(verb, source), "shape:before"
        if rng is None:
            rng, frame = _after(verb), "shape:after"
        if rng is None:
            continue
        c_start, c_end = trim(text, doc[rng[0]].idx, doc[rng[1] - 1].idx + len(doc[rng[1] - 1]))
        size = c_end - c_start
        if size <= 0 or any(_shared(c_start, c_end, a, b) > OVERLAP * (size if direct else max(size, b - a))
                            for a, b, direct in taken):
            continue
        if any(ms.inner_start <= c_start and c_end <= ms.inner_end for ms in marked):
            continue
        kind = "mixed" if any(c_start <= ms.start and ms.end <= c_end + 1 for ms in marked) else "indirect"
        out.append(Candidate(kind, c_start, c_end, cue_span(verb), verb_cue(verb) or "other", source, frame=frame))
        taken.append((c_start, c_end, False))
    return out


def _shared(a: int, b: int, c: int, d: int) -> int:
    return max(0, min(b, d) - max(a, c))

