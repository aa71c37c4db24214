"""Direct quotes: pair the marks, then find the cue and source around (or before) each passage."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from newsledger.runtime.doctext import doc_ents, doc_text
from newsledger.stages.quotes.base import Candidate, subject_of, trim, unasserted
from newsledger.stages.quotes.cues import cue_span, verb_cue
from newsledger.stages.quotes.marks import MarkedSpan

# How far from the marks a cue may be: `"...," the spokesman for the ministry said` has up to ~8 tokens
# after the closing mark; `X said in a statement on Monday: "..."` about the same before the opening one.
WINDOW_AFTER = 10
WINDOW_BEFORE = 12
# Fewer words than this in an unattributed passage inside a sentence: a scare quote or a title.
MIN_SENTENCE_WORDS = 4
MIN_SHORT_SENTENCE_WORDS = 2  # ... unless it is a whole sentence: capitalised, ending with . ! or ?
# `"..." ― Jane Doe, a voter in Ohio`: a dash, then a capitalised name of up to six words.
_DASH_NAME = re.compile(r"[ \t]*(―|—|–|--|-)[ \t]*([A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,5})")
# A transcript turn: a paragraph opening with a capitalised speaker label ("SMITH:", "Sen. Jones:"), also after
# the opening mark of a transcript quoted paragraph by paragraph ('"SMITH: ...').
_TURN = re.compile(r"^[ \t]*(?:[\"“][ \t]*)?([A-Z][A-Z.'’-]+(?:[ \t][A-Z][A-Z.'’-]+){0,2}):[ \t]+(\S[^\n]*)", re.MULTILINE)
# A headline or a line opening with a source and a colon: "Senator Reyes: The Budget Is Dead", "Poll: ...".
_LABEL = re.compile(r"^[ \t]*((?:[A-Z][\w.'’&-]*|of|the|at|and)(?:[ \t]+(?:[A-Z][\w.'’&-]*|of|the|at|and)){0,5}):[ \t]+(\S[^\n]*)",
                    re.MULTILINE)
# Entity types that can be the source of such a line, and source nouns that can stand alone ("Poll: ...").
LABEL_TYPES = {"PERSON", "ORG", "NORP", "GPE"}
LABEL_MAX_WORDS = 30  # a headline; longer lines after a non-person label are list entries or notes
LABEL_NOUNS = {"poll", "survey", "report", "study", "newspaper", "campaign", "camp", "official", "officials"}
# A paragraph ending with a colon, and the paragraph after it.
_COLON_END = re.compile(r":[ \t]*(?=\n)")
_NEXT_PARAGRAPH = re.compile(r"\s*([^\n]+)")
_MARK_CHARS = "\"“”„«»'‘’`"
# The cue of `He added:` stands at most this many tokens before the colon ("she said in a statement:").
COLON_CUE_TOKENS = 6
# At most this many unquoted words may open a sentence that a quote finishes (a subject phrase).
MAX_LEAD_WORDS = 8
CLAUSE_END = ",.!?…—–-:;"
# A programme or outlet title after these words is where someone spoke, not what they said.
VENUE_PREPS = frozenset({"on", "to", "in", "at", "with"})
VENUE_MAX_WORDS = 6
_TITLE_FUNCTION_WORDS = frozenset({"the", "of", "a", "an", "and", "on", "in", "at", "with", "for", "to", "&"})
# A line "According to X:" that introduces the paragraph after it has at most this many words.
ACCORDING_LINE_WORDS = 10
# Steps up the dependency tree from an embedded passage to its governing cue verb.
MAX_GOVERNOR_STEPS = 4
# Verbs that attribute a quoted passage right next to them ('"...," he continued.', 'The letter reads: "..."')
# but no paraphrase ("the virus continued to spread", "he read the report"): used by the direct finder only,
# with nothing after them. On the 846 train documents of round seventeen: 15 more gold quotes found, 2 false
# ones fewer, none added; "continue" as a lexicon cue instead added 18 false quotes (things going on).
BARE_CUES = frozenset({"continue", "read"})
# Complements after such a verb that make it something else than the cue of the passage.
BARE_BLOCKERS = ("dobj", "xcomp", "ccomp", "prep", "acomp", "oprd", "attr")


def _tokens(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _window_after(doc: Doc, text: str, ms: MarkedSpan, next_open: int) -> list[Token]:
    out: list[Token] = []
    for tok in doc[_first_token_at(doc, ms.end) :]:
        if tok.idx >= next_open or "\n" in text[ms.end : tok.idx]:
            break
        out.append(tok)
        if len(out) >= WINDOW_AFTER or (tok.text in ".!?" and len(out) > 1):
            break
    return out


def _first_token_at(doc: Doc, char: int) -> int:
    lo, hi = 0, len(doc)
    while lo < hi:
        mid = (lo + hi) // 2
        if doc[mid].idx < char:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _bare_cue(tok: Token, passage: int | None = None) -> bool:
    """True for "continued", "reads" with nothing after them (before the passage that starts at ``passage``)."""
    return tok.pos_ == "VERB" and tok.lemma_.lower() in BARE_CUES and not any(
        c.i > tok.i and c.dep_ in BARE_BLOCKERS and (passage is None or c.left_edge.idx < passage) for c in tok.children)


def _cue_in(tokens: list[Token]) -> Token | None:
    for tok in tokens:
        if (verb_cue(tok) == "speech" or _bare_cue(tok)) and (subject_of(tok) is not None) and not unasserted(tok):
            return tok
    for tok in tokens:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            return tok
    return None


def _cue_before(doc: Doc, text: str, ms: MarkedSpan, prev_end: int) -> Token | None:
    """A cue verb shortly before the opening mark, introducing it with a comma or colon."""
    first = _first_token_at(doc, ms.start)
    if first == 0:
        return None
    lead = doc[first - 1]
    para_start = text.rfind("\n", 0, ms.start) + 1
    if lead.idx < para_start:
        # the passage opens a paragraph: the previous paragraph may end with "He said:"
        if lead.text != ":":
            return None
        para_start = text.rfind("\n", 0, lead.idx) + 1
    lo = max(0, first - WINDOW_BEFORE)
    best: Token | None = None
    for tok in doc[lo:first]:
        if tok.idx < max(para_start, prev_end):
            continue
        if (verb_cue(tok) == "speech" or (_bare_cue(tok, ms.start) and lead.text == ":")) and tok.dep_ not in ("amod", "acl") \
                and subject_of(tok) is not None and not unasserted(tok):
            best = tok
    if best is None:
        return None
    between = doc[best.i + 1 : first]
    if lead.text in (":", ",") or best.i == first - 1 or any(t.text == ":" for t in between):
        return best
    root = _root(doc, ms)
    if root is not None and root.left_edge.idx >= ms.start and (root.head == best or (best in root.ancestors and not _inside_clausal_content(best, ms))):
        return best  # `he said "we will win"`: the passage is the verb's own complement
    return None


def _root(doc: Doc, ms: MarkedSpan) -> Token | None:
    span = _tokens(doc, ms.inner_start, ms.inner_end)
    return span.root if span is not None and len(span) else None


def _governor(doc: Doc, ms: MarkedSpan) -> Token | None:
    """The cue verb outside the passage that governs it ("described it as a '...'")."""
    root = _root(doc, ms)
    if root is None:
        return None
    tok = root
    for _ in range(MAX_GOVERNOR_STEPS):
        if tok.head is tok:
            return None
        tok = tok.head
        outside = tok.idx < ms.start or tok.idx >= ms.end
        if outside and verb_cue(tok) is not None and tok.dep_ not in ("amod", "acl") and subject_of(tok) is not None \
                and not unasserted(tok):
            # a verb in another paragraph governs only through a colon ("... and added:\n\"...\"")
            return tok if not _line_between(doc, tok, root) or _after_colon(doc, ms) else None
    return None


def _after_colon(doc: Doc, ms: MarkedSpan) -> bool:
    """True when the passage follows a colon (across spaces and line breaks)."""
    i = _first_token_at(doc, ms.start) - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    return i >= 0 and doc[i].text == ":"


def _line_between(doc: Doc, a: Token, b: Token) -> bool:
    """True when a line break separates two tokens."""
    lo, hi = min(a.i, b.i), max(a.i, b.i)
    return any("\n" in t.whitespace_ or t.is_space for t in doc[lo:hi])


def _lead_in(doc: Doc, text: str, ms: MarkedSpan, prev_end: int) -> int | None:
    """Start of the unquoted words that open the sentence of the passage, when they are its subject."""
    first = _first_token_at(doc, ms.start)
    if first == 0:
        return None
    sent = doc[first - 1].sent
    if sent.end <= first - 1 or doc[first - 1].is_punct:
        return None
    start = max(sent.start_char, prev_end)
    lead = text[start : ms.start]
    if "\n" in lead or not lead.strip() or len(lead.split()) > MAX_LEAD_WORDS:
        return None
    if any(verb_cue(t) is not None for t in doc[first - 1].sent if t.idx < ms.start and t.idx >= start):
        return None
    return start


def _ends_clause(text: str, ms: MarkedSpan) -> bool:
    """`"...," X said`: the passage ends in punctuation, inside or right after the closing mark,
    and no new sentence or paragraph starts after it (`"... today." Officials then ...`)."""
    inner = text[ms.inner_start : ms.inner_end].rstrip()
    rest = text[ms.end : ms.end + 3]
    after = rest.lstrip(" ")
    if not after or after[0] == "\n":
        return False
    if inner[-1:] == "." and after[0].isupper():
        return False
    return bool(inner) and inner[-1] in CLAUSE_END or after[0] in CLAUSE_END


def _dash_byline(doc: Doc, text: str, ms: MarkedSpan, next_open: int) -> tuple[Span, Span] | None:
    """`"..." ― Jane Doe` (a dash and a name after the closing mark): the dash is the cue."""
    m = _DASH_NAME.match(text, ms.end, min(next_open, len(text)))
    if m is None:
        return None
    cue = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
    name = doc.char_span(m.start(2), m.end(2), alignment_mode="expand")
    if cue is None or name is None or not any(t.pos_ == "PROPN" for t in name):
        return None
    return cue, name


def _venue(doc: Doc, text: str, ms: MarkedSpan) -> bool:
    """True for the title of a programme or outlet where someone spoke, not what they said: a short
    title-cased passage after "on", "to", "told" or a possessive ("told "Face the Nation"", "said on
    "Meet the Press"", "speaking to CNN's "State of the Union"")."""
    words = text[ms.inner_start : ms.inner_end].split()
    if not words or len(words) > VENUE_MAX_WORDS or not words[0][:1].isupper():
        return False
    content = [w for w in words if w.lower().strip(",.") not in _TITLE_FUNCTION_WORDS]
    if sum(1 for w in content if w[:1].isupper()) < len(content):
        return False
    first = _first_token_at(doc, ms.start)
    k = first - 1
    while k >= 0 and (doc[k].tag_ in ("POS", "DT") or doc[k].ent_type_ == "ORG" and doc[k].pos_ == "PROPN"):
        k -= 1
    return k >= 0 and (doc[k].lower_ in VENUE_PREPS or doc[k].lemma_ == "tell")


def _is_sentence_like(text: str, ms: MarkedSpan) -> bool:
    """A passage that is a sentence of its own: it opens a sentence, and has a few words or ends one
    (`"It's pretty common."`)."""
    before = text[text.rfind("\n", 0, ms.start) + 1 : ms.start].rstrip()
    inner = text[ms.inner_start : ms.inner_end].strip()
    words = inner.split()
    short_sentence = len(words) >= MIN_SHORT_SENTENCE_WORDS and inner[:1].isupper() and inner[-1:] in ".!?"
    if len(words) < MIN_SENTENCE_WORDS and not short_sentence:
        return False
    return not before or before[-1] in ".!?:\"”"


def find_direct(doc: Doc, spans: list[MarkedSpan], text: str | None = None) -> list[Candidate]:
    """Attribute each quoted passage; scare quotes and unattributed titles are dropped.

    ``text`` is ``doc.text`` (pass it: spaCy rebuilds ``doc.text`` from the tokens on every access)."""
    text = doc.text if text is None else text
    out: list[Candidate] = []
    for k, ms in enumerate(spans):
        next_open = spans[k + 1].start if k + 1 < len(spans) else len(text)
        prev_end = spans[k - 1].end if k > 0 else 0
        start, end = trim(text, ms.inner_start, ms.inner_end)
        if start >= end or _venue(doc, text, ms):
            continue
        cand = Candidate("direct", start, end, None, outer_start=ms.start, outer_end=ms.end)
        cue = _cue_in(_window_after(doc, text, ms, next_open)) if _ends_clause(text, ms) else None
        gov = _governor(doc, ms)
        if cue is not None and gov is not None and gov.i < cue.i and gov.idx < ms.start:
            cue = None  # `calling them "very standard," and X arguing ...`: the verb before governs it
        if cue is None:
            byline = _dash_byline(doc, text, ms, next_open)
            if byline is not None:
                cand.cue, cand.source = byline
                cand.frame = "byline"
                out.append(cand)
                continue
        cand.frame = "after" if cue is not None else "before"
        if cue is not None:
            lead = _lead_in(doc, text, ms, prev_end)
            if lead is not None:
                # `Clinton "is the only candidate ...," he said`: the sentence opens outside the marks
                cand.kind, cand.start = "mixed", lead
        cue = cue or _cue_before(doc, text, ms, prev_end)
        if cue is None and gov is not None:
            if _inside_clausal_content(gov, ms):
                continue  # a partial quote inside a paraphrase: the indirect finder makes it mixed
            cue = gov
            cand.governed = True
            cand.frame = "governed"
        if cue is not None:
            cand.cue = cue_span(cue)
            cand.cue_class = verb_cue(cue) or "speech"
            cand.source = _source(cue)
            out.append(cand)
            continue
        if not _is_sentence_like(text, ms):
            continue  # scare quote or title
        cand.orphan, cand.frame = True, "inherit"  # carry.py links it to the attribution that governs it
        out.append(cand)
    return out


def _source(cue: Token) -> Span | None:
    if cue.lower_ == "according":
        doc = cue.doc
        for to in cue.children:
            for pobj in to.children:
                if pobj.dep_ == "pobj":
                    return doc[pobj.left_edge.i : pobj.right_edge.i + 1]
        return None
    return subject_of(cue)


def _according_line(tok: Token) -> bool:
    """True for the "according" of a line that is only "According to X:" (its source and a colon)."""
    doc = tok.doc
    if tok.lower_ != "according" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
        return False
    text = doc_text(doc)
    line = text.rfind("\n", 0, tok.idx) + 1
    end = text.find("\n", tok.idx)
    rest = text[line : end if end >= 0 else len(text)].rstrip()
    return not text[line : tok.idx].strip() and rest.endswith(":") and len(rest.split()) <= ACCORDING_LINE_WORDS


def _inside_clausal_content(gov: Token, ms: MarkedSpan) -> bool:
    for child in gov.children:
        if child.dep_ in ("ccomp", "xcomp") and child.left_edge.idx <= ms.start and child.right_edge.idx >= ms.start:
            return True
    return False


def find_colon_blocks(doc: Doc, marked: list[MarkedSpan], text: str | None = None,
                      direct: list[Candidate] | None = None) -> list[Candidate]:
    """Speech without marks after a colon: `She added:` + a paragraph, or a transcript turn `SMITH: ...`."""
    text = doc.text if text is None else text
    out: list[Candidate] = []
    for m in _TURN.finditer(text):
        name = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        colon = doc.char_span(m.end(1), m.end(1) + 1, alignment_mode="expand")
        start, end = trim(text, m.start(2), m.end(2))
        quoted = next((ms for ms in marked if ms.inner_start <= m.start(1) and not text[ms.inner_start : m.start(1)].strip()), None)
        if quoted is not None:  # '"SMITH: ...': the turn, not the quoted paragraph, is the record
            end = trim(text, start, min(end, quoted.inner_end))[1]
            for c in direct or []:
                if c.outer_start == quoted.start:
                    c.superseded = True
        if name is not None and colon is not None and end > start and (quoted is not None or not _covered(start, marked)):
            out.append(Candidate("direct", start, end, colon, "speech", name, frame="turn"))
    turns = {c.start for c in out}
    for m in _LABEL.finditer(text):
        start, end = trim(text, m.start(2), m.end(2))
        if start in turns or end <= start:
            continue
        opening = next((ms for ms in marked if ms.start == m.start(2)), None)
        if opening is None and _covered(start, marked):
            continue
        name = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        colon = doc.char_span(m.end(1), m.end(1) + 1, alignment_mode="expand")
        if name is None or colon is None or not _label_source(name, len(m.group(2).split())):
            continue
        if opening is not None:
            # `Senator Reyes: "We Will Win"`: the label attributes the quoted passage unless it has a cue
            same = [c for c in direct or [] if c.outer_start == opening.start]
            if any(c.cue is not None for c in same):
                continue
            for c in same:
                c.superseded = True
            start, end = trim(text, opening.inner_start, opening.inner_end)
        out.append(Candidate("direct", start, end, colon, "speech", name, frame="label",
                             outer_start=opening.start if opening else None,
                             outer_end=opening.end if opening else None))
    for m in _COLON_END.finditer(text):
        colon_at = m.start()
        nxt = _NEXT_PARAGRAPH.match(text, m.end())
        if nxt is None or nxt.group(1)[0] in _MARK_CHARS or _covered(nxt.start(1), marked):
            continue
        first = _first_token_at(doc, colon_at)
        cue = next((t for t in reversed(doc[max(0, first - COLON_CUE_TOKENS) : first]) if verb_cue(t) == "speech"), None)
        line = text.rfind("\n", 0, colon_at) + 1
        if cue is None:  # "According to the police:" + an unmarked paragraph
            cue = next((t for t in doc[_first_token_at(doc, line) : first] if _according_line(t)), None)
        source = _source(cue) if cue is not None else None
        if cue is None or source is None or "\n" in text[cue.idx : colon_at]:
            continue
        start, end = trim(text, nxt.start(1), nxt.end(1))
        out.append(Candidate("direct", start, end, cue_span(cue), "speech", source, frame="colon"))
    return out


def _label_source(name: Span, words: int) -> bool:
    """A line label that names a source: a person ("Senator Reyes:"), or an organisation, place or source
    noun ("Poll:") before a headline-long line (a long paragraph after "Republican Party:" is a list entry)."""
    labels = {ent.label_ for ent in doc_ents(name.doc) if ent.start < name.end and name.start < ent.end}
    if "PERSON" in labels:
        return True
    return words <= LABEL_MAX_WORDS and (name[-1].lower_ in LABEL_NOUNS or bool(labels & LABEL_TYPES))


def _covered(pos: int, marked: list[MarkedSpan]) -> bool:
    return any(ms.start <= pos < ms.end for ms in marked)
