"""Indirect and mixed quotes from the dependency parse: cue verbs with clauses, "according to", cue nouns."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from spacy.attrs import LEMMA
from spacy.tokens import Doc, Span, Token

from newsledger.stages.quotes.base import Candidate, subject_of, trim, unasserted
from newsledger.stages.quotes.clauses import (
    CLAUSE_DEPS,
    IMPERSONAL,
    clause_span,
    cue_gap,
    impersonal_attitude,
    inserted_cue,
    second_cue,
    set_off,
    span_chars,
    split_around,
    subtree_chars,
)
from newsledger.stages.quotes.cues import cue_span, load_lexicon, noun_cue, takes_object, verb_cue
from newsledger.stages.quotes.frames import frames_of, learned_frames
from newsledger.stages.quotes.marks import MarkedSpan

# A that-clause the parser hung elsewhere may start at most this many words after its cue verb.
LATE_THAT_WORDS = 6
# Content of fewer characters than this is an anaphor or a fragment ("said so"), not a claim.
MIN_CONTENT_CHARS = 8
# An indirect candidate sharing more than this share of its characters with a direct quote is that quote.
DIRECT_OVERLAP = 0.5
# A governed quoted passage becomes mixed when the verb's complement has at least this many more words.
MIN_EXTRA_WORDS = 2
# ... and at most this many (more is a misparse running over glued sentences; PolNeAR complements around
# a quoted fragment are a clause long).
MAX_EXTRA_WORDS = 40
# Punctuation that American style puts inside the closing mark ('called it "absurd."').
CLOSING_PUNCT = ".,!?;"
# A (lemma, frame) pair learned from PolNeAR train (lexicons/cue_frames.tsv) is used when at least this
# share of its training occurrences were attributions; below it a pair costs more precision than it adds
# recall (chosen on PolNeAR dev; see docs/quotes.md).
FRAME_MIN_PRECISION = 0.4
# Learned frames in order of preference when a token has several.
FRAME_ORDER = ("ccomp", "dobj", "xcomp", "acl")
# Prepositions that continue an object content: "accused X of ...", "described X as ...".
OBJECT_PREPS = {"of", "as", "for"}
# Complements that continue an object content: "urged X to ...", "called X 'a sham'", "told X that ...".
OBJECT_MORE = ("xcomp", "oprd", "ccomp")
# Adjuncts that directly follow an object content belong to it in PolNeAR ("blasted X on Monday over his
# stance on abortion"); on 250 train articles +0.004 Jaccard and exact F1 over stopping at the object.
OBJECT_ADJUNCTS = ("prep", "npadvmod", "advcl", "advmod")
# "according to X" is a source when it opens the sentence or stands apart after one of these.
PARENTHETICAL = {",", "(", "—", "–", "-", ";"}


def _content_of_verb(verb: Token) -> tuple[tuple[int, int], str] | None:
    """The clausal complement of a cue verb, or the clause a parenthetical cue attaches to, and which frame it was."""
    clauses = [c for c in verb.children if c.dep_ in CLAUSE_DEPS and _same_paragraph(verb, c)]
    if clauses:
        # `"... queue."\n\nFarage said the warning ...` parsed as one sentence: the clause after the verb
        child = next((c for c in clauses if c.i > verb.i), clauses[0])
        start, end = clause_span(child)
        for conj in verb.rights:
            # "said A, but B" parsed with B on the verb: B is said too when it has a subject of its own
            if conj.dep_ == "conj" and conj.i > child.right_edge.i and _same_paragraph(verb, conj) \
                    and not second_cue(conj) and (conj.pos_ not in ("VERB", "AUX")
                                                  or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in conj.children)):
                end = max(end, subtree_chars(conj)[1])
        return (start, end), "ccomp"
    if takes_object(verb):
        obj = _object_content(verb)
        if obj is not None:
            return obj, "object"
    for child in verb.rights:
        if child.dep_ == "prep" and child.lower_ in ("about", "on") and verb.lemma_ in ("report", "write", "speak", "talk", "warn", "comment"):
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return subtree_chars(pobj), "about"
    if verb.dep_ == "advcl" and verb.head.i > verb.i and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        # "As X reported in May, such a weapon ...": the main clause is the content
        head = verb.head
        start = verb.right_edge.idx + len(verb.right_edge)
        end = subtree_chars(head)[1]
        if end > start:
            return (start, end), "as"
    if verb.dep_ in ("parataxis", "ccomp") and verb.head.i > verb.i and inserted_cue(verb) and subject_of(verb) is not None:
        # "This campaign, he says, is different": the sentence around the cue (split around it later)
        return subtree_chars(verb.head), "inserted"
    late = _late_that_clause(verb)
    if late is not None:
        return late, "that"
    if verb.dep_ in ("parataxis", "ccomp") and verb.head.i < verb.i and subject_of(verb) is not None and set_off(verb):
        # "The plan will fail, he said." parsed with the clause as the head
        head = verb.head
        start = head.left_edge.idx
        end = verb.left_edge.idx
        if end > start:
            return (start, end), "setoff"
    return None


def _late_that_clause(verb: Token) -> tuple[int, int] | None:
    """A that-clause a few words after the verb that the parser hung elsewhere ("said during a briefing that
    ...", "said earlier that ..."): from after "that" to the end of its clause."""
    doc = verb.doc
    for k in range(verb.i + 1, min(len(doc), verb.i + LATE_THAT_WORDS + 1)):
        t = doc[k]
        if t.pos_ in ("VERB", "AUX") or t.is_sent_start or t.text in (";", ":") or "\n" in t.whitespace_:
            return None
        if t.lower_ != "that" or t.dep_ not in ("mark", "dobj", "nsubj", "nsubjpass") or k + 1 >= len(doc):
            continue
        top = None
        for anc in t.ancestors:
            if anc.i <= t.i:
                break
            top = anc
        if top is None or top.pos_ not in ("VERB", "AUX") or not any(
                c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i > t.i for c in top.children):
            return None
        return doc[k + 1].idx, subtree_chars(top)[1]
    return None


def _same_paragraph(verb: Token, child: Token) -> bool:
    """True when no line break separates the verb from the complement (a misparse can join paragraphs)."""
    doc = verb.doc
    lo, hi = min(verb.i, child.left_edge.i), max(verb.i, child.i)
    return not any("\n" in t.whitespace_ or t.text.isspace() for t in doc[lo:hi])


def _infinitive(tok: Token) -> bool:
    return tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _object_content(verb: Token, frame: str = "dobj") -> tuple[int, int] | None:
    """The object with what completes it: "urged Pyongyang to take ...", "accused X of leaking ..."."""
    dobj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    if frame == "dobj" and (dobj is None or dobj.pos_ == "PRON"):
        return None
    xcomp = next((c for c in verb.rights if c.dep_ == "xcomp"), None)
    if frame == "xcomp" and xcomp is None:
        return None
    first = dobj if dobj is not None else xcomp
    assert first is not None
    end = first.right_edge.i + 1
    for more in verb.rights:
        if more.i <= first.i:
            continue
        if more.dep_ in OBJECT_MORE or (more.dep_ == "prep" and more.lower_ in OBJECT_PREPS):
            end = more.right_edge.i + 1
        elif more.i == end and more.dep_ in OBJECT_ADJUNCTS:
            end = more.right_edge.i + 1  # "blasted X on Monday over his stance": adjuncts right after the object
    return first.left_edge.idx, verb.doc[first.left_edge.i : end].end_char


@lru_cache(maxsize=4)
def _frame_lemmas(min_precision: float) -> frozenset[str]:
    """Lemmas with at least one learned frame at or above ``min_precision``."""
    return frozenset(lemma for (lemma, _frame), p in learned_frames().items() if p >= min_precision)


def _learned_content(tok: Token, known: bool) -> tuple[int, int] | None:
    """The content span of the best learned frame of ``tok`` (see ``_learned``)."""
    found = _learned(tok, known)
    return found[0] if found is not None else None


def _learned(tok: Token, known: bool) -> tuple[tuple[int, int], str] | None:
    """Content by a frame learned from PolNeAR train ("called for X", "criticized X for ...").

    Words outside the cue lexicon need a subject and a noun-phrase or clause frame: "wants to", "was
    looking to" are intentions of their subject (PolNeAR counts some; on 250 train articles allowing
    them gained 0.003 Jaccard F1 and lost exact F1 on dev, and they are not statements)."""
    if tok.pos_ not in ("VERB", "NOUN"):
        return None
    lemma = tok.lemma_.lower()
    if lemma not in _frame_lemmas(FRAME_MIN_PRECISION):
        return None  # most tokens: no frame of this word is a cue often enough (cheap check first)
    learned = learned_frames()
    if not known and subject_of(tok) is None:
        return None
    if not known and any(c.dep_ == "neg" for c in tok.children):
        return None  # "he doesn't threaten the US": a negated act outside the lexicon attributes nothing
    best: tuple[int, tuple[int, int], str] | None = None
    for frame, span in frames_of(tok):
        if learned.get((lemma, frame), 0.0) < FRAME_MIN_PRECISION or (not known and frame == "xcomp"):
            continue
        rank = FRAME_ORDER.index(frame) if frame in FRAME_ORDER else len(FRAME_ORDER)
        if frame == "ccomp":
            child = next(c for c in tok.children if c.dep_ == "ccomp")
            span = clause_span(child)
        elif frame in ("dobj", "xcomp"):
            span = _object_content(tok, frame) or span
        if best is None or rank < best[0]:
            best = (rank, span, frame)
    return (best[1], best[2]) if best else None


def _according(tok: Token) -> tuple[Span, tuple[int, int]] | None:
    """("according to X", clause) -> (source, content) when the phrase attaches to a clause."""
    doc = tok.doc
    if tok.lower_ != "according":
        return None
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if pobj is None:
        return None
    source = doc[pobj.left_edge.i : pobj.right_edge.i + 1]
    head = tok.head
    if head is tok:
        return None
    sent = tok.sent
    before = tok.i - 1
    while before >= sent.start and (doc[before].tag_ in ("CC", "RB", "RBS") or doc[before].lower_ == "at"):
        before -= 1  # "But according to X, ...", "and at least according to X, ...": still opening the clause
    if before >= sent.start and doc[before].text not in PARENTHETICAL:
        return None  # "participated according to the treaty": in accordance with, not a source
    clause = head if head.pos_ in ("VERB", "AUX") else sent.root
    c_start, c_end = subtree_chars(clause) if clause.dep_ != "ROOT" else span_chars(sent)
    a_start, a_end = subtree_chars(tok)
    if a_start <= sent.start_char + 1 or a_end >= sent.end_char - 2:
        c_start, c_end = span_chars(sent)  # opening or closing the sentence, the phrase covers all of it
    if a_start <= c_start + 1 or doc[before + 1].idx <= c_start + 1:
        return source, (a_end, c_end)
    if a_end >= c_end - 2:
        return source, (c_start, a_start)
    if doc[tok.i - 1].text == "," and c_start <= clause.idx < a_start:
        # "X has won 758 delegates, according to a tally, but his path ...": the clause it closes
        return source, (c_start, a_start)
    return source, (c_start, c_end)


def _noun_clause(tok: Token) -> tuple[Span | None, tuple[int, int]] | None:
    """"X's statement that ..." -> (source, content)."""
    doc = tok.doc
    for child in tok.children:
        if child.dep_ in ("acl", "ccomp") and any(g.dep_ == "mark" and g.lower_ == "that" for g in child.children):
            source = None
            for poss in tok.children:
                if poss.dep_ == "poss":
                    source = doc[poss.left_edge.i : poss.i + 1]
            if source is None and tok.dep_ in ("dobj", "nsubjpass") and tok.head.pos_ == "VERB":
                source = subject_of(tok.head)
            return source, clause_span(child)
    return None


def _governs(doc: Doc, passage: Candidate) -> bool:
    """True when the cue verb of a direct passage governs it in the parse (`says "the wind is at our backs"`)."""
    if passage.cue is None or passage.inherit_from is not None or passage.kind != "direct":
        return False
    span = doc.char_span(passage.start, passage.end, alignment_mode="expand")
    return span is not None and len(span) > 0 and passage.cue.root in span.root.ancestors


def _widen(tok: Token, passage: Candidate, text: str) -> Candidate | None:
    """A mixed record for a quoted passage governed by ``tok`` when the verb's complement is larger."""
    cls = verb_cue(tok)
    found = _content_of_verb(tok) if cls is not None else None
    content = found[0] if found is not None else _learned_content(tok, known=cls is not None)
    if content is None:
        return None
    # like every paraphrase, the complement stays in the paragraph of its cue (a glued caption line is not it)
    c_start, c_end = trim(text, max(content[0], text.rfind("\n", 0, tok.idx) + 1), content[1])
    lo, hi = passage.outer_start or passage.start, passage.outer_end or passage.end
    extra = len(text[c_start:c_end].split()) - len(text[lo:hi].split())
    inner_end = passage.end
    while inner_end > passage.start and text[inner_end - 1] in CLOSING_PUNCT:
        inner_end -= 1  # 'calling it "absurd."': the parse leaves the period inside the marks out of the complement
    if not (c_start <= lo and (hi - 1 <= c_end or inner_end <= c_end)) or not MIN_EXTRA_WORDS <= extra <= MAX_EXTRA_WORDS:
        return None
    c_end = max(c_end, passage.end)
    return Candidate("mixed", c_start, c_end, cue_span(tok), cls or "other", subject_of(tok), frame="widened")


def _inside(pos: int, spans: list[MarkedSpan]) -> MarkedSpan | None:
    for ms in spans:
        if ms.start <= pos < ms.end:
            return ms
    return None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _cue_candidates(doc: Doc) -> Iterator[Token]:
    """The tokens whose lemma could be a cue (lexicon, learned frames, impersonal verbs, "according").

    Reads the lemma column once instead of building a Token for every word (most words are no cue)."""
    lemmas = doc.to_array(LEMMA)
    strings = doc.vocab.strings
    wanted = _cue_lemmas(FRAME_MIN_PRECISION)
    keep = {h for h in set(lemmas.tolist()) if strings[h].lower() in wanted}
    for i, h in enumerate(lemmas.tolist()):
        if h in keep:
            yield doc[i]


@lru_cache(maxsize=4)
def _cue_lemmas(min_precision: float) -> frozenset[str]:
    lex = load_lexicon()
    return (frozenset(lex.verbs) | {verb for verb, _particle in lex.phrasal} | frozenset(lex.nouns)
            | _frame_lemmas(min_precision) | frozenset(IMPERSONAL) | {"accord", "according"})


def find_indirect(doc: Doc, marked: list[MarkedSpan], direct: list[Candidate], text: str | None = None) -> list[Candidate]:
    """Indirect attributions; a paraphrase holding a quoted fragment is ``mixed``."""
    text = doc.text if text is None else text
    taken = [(c.outer_start or c.start, c.outer_end or c.end) for c in direct]
    used_cues = {c.cue.start for c in direct if c.cue is not None}
    governed = {c.cue.start: c for c in direct if c.cue is not None and (c.governed or _governs(doc, c))}
    out: list[Candidate] = []
    for tok in _cue_candidates(doc):
        if tok.i in used_cues:
            # `described it as a "sacred mission"`: the direct record carries this cue, unless the verb's
            # complement says more than the quoted words (`called his standing "unheard of"`: mixed)
            widened = _widen(tok, governed[tok.i], text) if tok.i in governed else None
            if widened is not None:
                governed[tok.i].superseded = True
                out.append(widened)
            continue
        found: tuple[Span | None, tuple[int, int], str] | None = None
        sourceless = False
        if unasserted(tok):
            continue  # "did not mention", "would not say", "seemed to suggest": no statement
        cls = verb_cue(tok)
        verb_content = _content_of_verb(tok) if cls is not None else None
        content, frame = verb_content if verb_content is not None else (None, "")
        if content is None:
            learned = _learned(tok, known=cls is not None)
            content = learned[0] if learned is not None else None
            frame = "learned:" + learned[1] if learned is not None else ""
            cls = cls or "other"
        if content is not None and _infinitive(tok) and not any(c.dep_ == "ccomp" for c in tok.children):
            content = None  # "refused to disclose his returns": an intention about speech, not speech
        imp = impersonal_attitude(tok)
        if imp is not None:
            found = (None, imp[0], imp[1])
            sourceless = True
            frame = "impersonal"
        elif content is not None:
            found = (subject_of(tok), content, cls or "other")
        elif tok.lower_ == "according":
            acc = _according(tok)
            if acc is not None:
                found = (acc[0], acc[1], "speech")
                frame = "according"
        else:
            ncls = noun_cue(tok)
            if ncls is not None:
                nc = _noun_clause(tok)
                if nc is not None:
                    found = (nc[0], nc[1], ncls)
                    frame = "noun"
        if found is None:
            continue
        source, (c_start, c_end), cls = found
        # a paraphrase stays in the paragraph of its cue (a headline glued to the first sentence is not it)
        c_start = max(c_start, text.rfind("\n", 0, tok.idx) + 1)
        para_end = text.find("\n", tok.idx)
        c_end = min(c_end, para_end if para_end >= 0 else len(text))
        c_start, c_end = trim(text, c_start, c_end)
        if c_end - c_start < MIN_CONTENT_CHARS:
            continue
        holder = _inside(tok.idx, marked)
        nested = holder is not None
        if holder is not None:
            continue  # "I think ...", "they told me ..." inside a direct quote: the speaker's own wording
        size = c_end - c_start
        if not nested and any(_overlap((c_start, c_end), t) > DIRECT_OVERLAP * size for t in taken):
            continue
        if source is None and cls != "speech" and not sourceless:
            continue  # "is expected to", "knowing that": an attitude with no one holding it in the text
        whole = next((ms for ms in marked if ms.start <= c_start <= ms.inner_start and ms.inner_end <= c_end <= ms.end), None)
        if whole is not None:
            # `saying that "all options are on the table"`: the content is one quoted passage
            c_start, c_end = trim(text, whole.inner_start, whole.inner_end)
            kind = "direct"
        else:
            kind = "mixed" if any(c_start <= ms.start and ms.end <= c_end + 1 for ms in marked) else "indirect"
        pieces = split_around(text, c_start, c_end, cue_gap(tok, c_start, c_end) if whole is None else None)
        first = Candidate(kind, *pieces[0], cue_span(tok), cls, source, frame=frame)
        out.append(first)
        for a, b in pieces[1:]:  # the rest of a content split by its cue: same source, same cue
            out.append(Candidate(kind, a, b, first.cue, cls, source, inherit_from=first.start, frame=frame))
    return out
