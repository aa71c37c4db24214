"""The candidate attribution passed between the quote finders, the speaker resolver and the stage."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from newsledger.runtime.tokcols import children_of, token_columns
from newsledger.stages.quotes.cues import verb_cue

# Punctuation stripped from the edges of a content span (quote marks are kept out by the finders).
EDGE_PUNCT = " \t\n,;:—–-"
SUBJECT_DEPS = ("nsubj", "nsubjpass")
# Modals of hypothetical speech ("would say", "could argue"); "will say" announces testimony and counts.
HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should"})
# Verbs that attribute nothing to a cue in their complement: raising ("appeared to blame", "seemed to
# suggest") and refusal ("declined to say", "refused to comment").
EMPTY_GOVERNORS = frozenset({"seem", "appear", "decline", "refuse", "fail"})
DASHES = ("—", "–", "--", "―")
FINITE_TAGS = ("VBD", "VBZ", "VBP")
CLAUSE_TAGS = (*FINITE_TAGS, "MD")  # a phrase with one of these is a clause, not a subject
# A subject found by position alone (a misparsed line opening) has fewer words than this.
MAX_LINE_SUBJECT = 7
MAX_LINE_OPENING = 30  # tokens from the line start to the verb
MAX_CHUNK = 12  # tokens of a noun phrase right before a cue verb the parser left without a subject
NOT_SUBJECT_START = ("IN", "VBG", "VBN", "TO", "RB", "WDT", "WP", "CC", "DT")
MAX_CLIMB = 12  # dependency steps up from a participle's host to the clause that holds it


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
    orphan: bool = False  # a sentence-like passage with no cue: carry.py links it to the attribution before it
    # how the content was found (a feature of the quote filter): after/before/governed/byline/inherit/turn/
    # label/colon for direct passages; ccomp/object/about/as/inserted/setoff/learned:<frame>/impersonal/
    # according/noun/widened for paraphrases
    frame: str = ""


def unasserted(verb: Token) -> bool:
    """True when a cue verb reports no act of speech: negated ("did not mention"), hypothetical ("would
    say"), or the complement of a raising or refusal verb ("appeared to place blame", "declined to say")."""
    doc, i = verb.doc, verb.i
    c = token_columns(doc)  # (lists: no Token object per child)
    for k in children_of(doc).get(i, ()):
        if c.dep[k] == "neg" or (c.dep[k] == "aux" and c.text[k] in HYPOTHETICAL_AUX):
            return True  # (lower case only: "May said" is Theresa May)
    return c.dep[i] == "xcomp" and c.lemma_lower[c.head[i]] in EMPTY_GOVERNORS


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


def subject_of(verb: Token, climb: bool = True) -> Span | None:
    """The grammatical source of a cue verb: its subject, the agent of a passive, or an inherited one (``climb``:
    a conjunct or participle hung on a verb inside a complement or relative clause takes the outer clause's)."""
    doc = verb.doc
    agent = _agent_of(verb)
    if agent is not None:  # a passive's "by" agent, also when a reduced relative's noun is parsed as its subject
        return agent
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and (c.dep_ == "nsubj" or verb.tag_ == "VBG")]
    if subjects:
        # two subjects in a misparse ('"... the things he did," said Graham'): the one nearest the verb
        child = min(subjects, key=lambda c: abs(c.i - verb.i))
        end = child.right_edge.i + 1
        if doc[end - 1].text in DASHES and end < verb.i:
            return doc[end : verb.i]  # "NEW DELHI (AP) — President X said": the name after the dateline
        return doc[child.left_edge.i : end]
    if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
        head = verb.head
        return doc[head.left_edge.i : head.i + 1]
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ == "NOUN":
        return _noun_source(verb.head)  # "issued a statement saying ...", "tweets from Trump saying ..."
    if verb.dep_ == "acl" and verb.tag_ in ("VBD", "VBN") and verb.head.pos_ in ("NOUN", "PROPN") \
            and verb.head.i == verb.i - 1 and any(c.dep_ == "ccomp" for c in verb.children):
        head = verb.head  # "A former staffer alleged that ...": a finite verb misparsed as a reduced relative
        return doc[head.left_edge.i : head.i + 1]
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX"):
        return _prep_source(verb.head)  # "by saying ...", "quotes X as saying ..."
    if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head is not verb and verb.head.pos_ in ("VERB", "AUX"):
        purpose = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        if verb.dep_ == "advcl" and verb.tag_ != "VBG" and not purpose:
            return None
        head = verb.head
        outer = _outer_host(head, verb) if climb and (verb.dep_ == "conj" or verb.tag_ == "VBG") else None
        found = subject_of(outer, climb=False) if outer is not None else None
        if found is not None:
            return found  # "X said the plan failed, adding ...": X adds, not the plan (a participle hung in the content)
        found = subject_of(head, climb=False)
        if found is None and verb.dep_ == "conj":
            # "X wasn't scheduled to speak, but told senators ...": the passive's subject does the telling
            passive = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
            if passive is not None:
                return doc[passive.left_edge.i : passive.right_edge.i + 1]
        if found is None and verb.tag_ == "VBG" and head.dep_ == "ccomp" and head.head.pos_ in ("VERB", "AUX"):
            return subject_of(head.head, climb=False)  # "X said the problem will be solved, telling reporters ...": X
        return found
    if verb.tag_ in FINITE_TAGS or any(c.dep_ == "aux" and c.tag_ in FINITE_TAGS for c in verb.children):
        return _name_before(verb) or _line_opening(verb) or _chunk_before(verb)
    return None


def _outer_host(host: Token, verb: Token) -> Token | None:
    """The verb of the clause holding ``host`` when ``host`` lies in a complement or a relative clause on a thing
    ("X said [the FBI has not contacted him]", "X defended the deal [that will cut ...]"), else None: a speech
    conjunct or participle ``verb`` the parser hung on such a verb continues the speaker of the nearest speech verb
    above it with a subject, else of the outermost such clause. A host
    that is itself a speech verb with a subject keeps it ("CNN reports Zhu argued ..., saying"), unless a quote
    mark stands between them (the host is quoted words: '"... that she said it" and called ...')."""
    doc = host.doc
    if verb_cue(host) == "speech" and any(c.dep_ in SUBJECT_DEPS for c in host.children) \
            and not any(t.is_quote for t in doc[min(host.i, verb.i) : max(host.i, verb.i)]):
        return None
    tok, outer = host, None
    for _ in range(MAX_CLIMB):
        if tok.head.i == tok.i:
            break
        if tok.dep_ == "ccomp" or (tok.dep_ == "relcl" and not any(c.dep_ in SUBJECT_DEPS and c.tag_ == "WP" for c in tok.children)):
            outer = tok.head
            if verb_cue(outer) == "speech" and not unasserted(outer) and any(c.dep_ in SUBJECT_DEPS for c in outer.children):
                break  # the nearest speech verb with a subject: "CNN reports [Zhu argued [that ...], saying]"
        tok = tok.head
    while outer is not None and outer.pos_ not in ("VERB", "AUX") and outer.head.i != outer.i:
        outer = outer.head
    return outer if outer is not None and outer.pos_ in ("VERB", "AUX") else None


def _chunk_before(verb: Token) -> Span | None:
    """The noun phrase right before a finite cue verb the parser left without a subject (", two officials said",
    "X and the members of his party argued"): back to a comma, colon, dash or line break, with a noun or a name,
    no finite verb, and not opening like a phrase that cannot be a subject."""
    doc = verb.doc
    end = verb.i
    while end > 0 and doc[end - 1].head == verb and doc[end - 1].dep_ in ("aux", "advmod", "neg"):
        end -= 1  # "officials have repeatedly said"
    start = end
    while start > 0 and end - start < MAX_CHUNK and not doc[start].is_sent_start and not doc[start - 1].is_space \
            and "\n" not in doc[start - 1].whitespace_ and doc[start - 1].text not in (",", ";", ":", *DASHES):
        start -= 1
    words = doc[start:end]
    if not len(words) or end - start >= MAX_CHUNK or words[0].tag_ in NOT_SUBJECT_START and words[0].lower_ not in ("the", "a", "an") \
            or any(t.tag_ in CLAUSE_TAGS for t in words) or not any(t.pos_ in ("PROPN", "NOUN") for t in words):
        return None
    return words


def _name_before(verb: Token) -> Span | None:
    """A capitalised word right before a finite cue verb that the parser took for something else ("..., May
    said" with May as a modal)."""
    doc = verb.doc
    k = verb.i - 1
    if k < 1 or not doc[k].text[:1].isupper() or doc[k].is_sent_start or doc[k].is_punct:
        return None
    child = doc[k]
    if child.head != verb or child.dep_ not in ("aux", "npadvmod", "dep", "nmod", "compound", "advmod"):
        return None
    return doc[child.left_edge.i : k + 1]


def _line_opening(verb: Token) -> Span | None:
    """The source of a finite cue verb that has no subject in a misparse ("... Below\n\nPaul said", "But Wolf,
    in his letter, said"): among the comma-separated chunks between the clause opening (line start, sentence
    start, colon or semicolon) and the verb, the first that is no prepositional or participial phrase and holds
    a name or a noun."""
    doc = verb.doc
    start = verb.i
    while start > 0 and not doc[start - 1].is_space and "\n" not in doc[start - 1].whitespace_ \
            and doc[start - 1].text not in (";", ":") and not doc[start].is_sent_start:
        start -= 1
        if verb.i - start > MAX_LINE_OPENING:
            return None
    chunks: list[list[Token]] = [[]]
    for t in doc[start : verb.i]:
        if t.text == ",":
            chunks.append([])
        elif not (t.dep_ == "cc" and not chunks[-1]):
            chunks[-1].append(t)
    for words in chunks:
        if not words or len(words) >= MAX_LINE_SUBJECT or words[0].tag_ in ("IN", "VBG", "VBN", "TO", "RB"):
            continue
        if any(t.pos_ in ("PROPN", "NOUN") for t in words) and not any(t.tag_ in CLAUSE_TAGS for t in words):
            return doc[words[0].i : words[-1].i + 1]  # (a chunk with a finite verb is a clause, not a subject)
    return None

def _noun_source(noun: Token) -> Span | None:
    """Who a speech noun belongs to: its possessor or "from"/"by" object, else the subject of its verb."""
    doc = noun.doc
    for child in noun.children:
        if child.dep_ == "poss":
            return doc[child.left_edge.i : child.i + 1]
        if child.dep_ == "prep" and child.lower_ in ("from", "by"):
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return doc[pobj.left_edge.i : pobj.right_edge.i + 1]
    if noun.dep_ in ("dobj", "nsubjpass") and noun.head.pos_ in ("VERB", "AUX"):
        return subject_of(noun.head, climb=False)
    return None


def _prep_source(prep: Token) -> Span | None:
    """The source of a speech verb under a preposition: "quotes X as saying" -> X, "by saying" -> the subject."""
    doc = prep.doc
    gov = prep.head
    if prep.lower_ == "as" and gov.lemma_.lower() in ("quote", "cite"):
        obj = next((c for c in gov.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if obj is not None:
            right = next((c for c in obj.rights if c.dep_ in ("relcl", "appos", "punct")), None)
            end = right.i if right is not None else obj.right_edge.i + 1
            return doc[obj.left_edge.i : end]
        return None
    return subject_of(gov, climb=False)
