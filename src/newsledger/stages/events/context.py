"""Event context: the date of a clause, who claims it (quotes or reporting verbs), and its modality."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsledger.document import Quote, Timex, When
from newsledger.stages.events.lexicon import Lexicon
from newsledger.stages.events.roles import EntityIndex, resolve, subject_of

if TYPE_CHECKING:
    from datetime import date

    from spacy.tokens import Doc, Token

# A usable event date: a TIMEX3 calendar value (year, month, week or day, optionally with a time).
DATE_VALUE = re.compile(r"^\d{4}(-(\d{2}|W\d{2})(-(\d{2}|WE))?)?(T.*)?$")
QUOTE_MARKS = ('"', "\u201d", "\u201c", "\u2019\u2019")
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
# Links through which modality cues of a governing verb reach the trigger ("would continue to support").
CHAIN_DEPS = frozenset({"xcomp", "advcl", "conj", "acomp"})
# Links through which a negation or a desire verb higher up reaches the trigger ("did not say that X attacked").
SCOPE_DEPS = frozenset({"ccomp", "xcomp", "acl", "dobj", "pobj", "prep", "pcomp", "acomp"})


def precision_of(value: str) -> str:
    """day | week | month | year | time, from the shape of a TIMEX3 value."""
    if "T" in value:
        return "time"
    if "W" in value:
        return "week"
    return {4: "year", 7: "month", 10: "day"}.get(len(value), "vague")


def is_finite(tok: Token) -> bool:
    """A verb heading a finite clause (has a subject, a finite tag or a finite auxiliary)."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    if tok.dep_ == "ROOT" or tok.tag_ in FINITE_TAGS:
        return True
    return any(c.dep_ in SUBJECT_DEPS or (c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE_TAGS) for c in tok.children)


def clause_head(tok: Token) -> Token:
    """The nearest finite verb governing the token (non-finite verbs and phrases are transparent)."""
    t = tok
    while not is_finite(t) and t.head.i != t.i:
        t = t.head
    return t


@dataclass
class _Anchor:
    timex: Timex
    root: int
    path: frozenset[int]
    clause: int
    verb: int | None  # the first verb the timex attaches to ("the agreement, signed in June": signed)
    below_verb: frozenset[int]  # path tokens before that verb (the timex's own phrase)


class TimexIndex:
    """Where each dated timex attaches in the parse."""

    def __init__(self, doc: Doc, timexes: list[Timex]) -> None:
        self.anchors: list[_Anchor] = []
        for tx in timexes:
            if tx.type not in ("DATE", "TIME") or not DATE_VALUE.match(tx.value or ""):
                continue
            span = doc.char_span(tx.start, tx.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            t = span.root
            path = {t.i}
            below: set[int] = {t.i}
            verb = None
            while not is_finite(t) and t.head.i != t.i:
                t = t.head
                path.add(t.i)
                if verb is None and t.pos_ == "VERB":
                    verb = t.i
                elif verb is None:
                    below.add(t.i)
            if verb is None and t.pos_ == "VERB":
                verb = t.i
            self.anchors.append(_Anchor(tx, span.root.i, frozenset(path), t.i, verb, frozenset(below)))

    def _nearest(self, tok: Token, cands: list[_Anchor]) -> Timex | None:
        return min(cands, key=lambda a: abs(a.root - tok.i)).timex if cands else None

    def own(self, tok: Token) -> Timex | None:
        """A timex attached inside the token's own phrase ('signed in June 2024', 'the briefing on Thursday'),
        with no other verb in between ('liberate ... the Agreement, signed in June 2024' is not liberate's)."""
        return self._nearest(tok, [a for a in self.anchors if tok.i in a.path and (a.verb is None or a.verb >= 0 and
                                   self._verb_not_below(a, tok))])

    def _verb_not_below(self, a: _Anchor, tok: Token) -> bool:
        return a.verb == tok.i or tok.i in a.below_verb

    def sentence(self, tok: Token) -> Timex | None:
        """The nearest timex of the token's sentence, wherever it attaches."""
        sent = tok.sent
        return self._nearest(tok, [a for a in self.anchors if sent.start <= a.root < sent.end])

    def clause(self, tok: Token) -> Timex | None:
        """A timex of the token's finite clause."""
        head = clause_head(tok).i
        return self._nearest(tok, [a for a in self.anchors if a.clause == head and (
            a.verb in (None, head, tok.i) or tok.doc[a.verb].tag_ == "VBG")])  # "meeting on Thursday, condemned"


def when_of(tx: Timex, lex: Lexicon) -> When:
    """An event date from a timex ('today' and the like are the publication date, marked so)."""
    source = "publication" if tx.text.lower() in lex.cue("present_markers") else "clause"
    return When(tx.value, tx.precision or precision_of(tx.value), source)


def present_perfect(tok: Token) -> bool:
    """'has praised', 'have conducted': a present perfect verb."""
    return tok.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in ("VBZ", "VBP") for c in tok.children)


def event_date(tok: Token, verbal: bool, timexes: TimexIndex, lex: Lexicon) -> When | None:
    """The clause's own date for a trigger (nouns only from their own phrase unless a light verb hosts them)."""
    tx = timexes.own(tok) or (timexes.clause(tok) if verbal else None)
    return when_of(tx, lex) if tx else None


def publication_date(tok: Token, published: date | None, lex: Lexicon) -> When | None:
    """The publication date when the text implies it: a present perfect or 'today' in the clause."""
    if published is None:
        return None
    head = clause_head(tok)
    today = any(t.lower_ == "today" for t in head.subtree)
    if present_perfect(tok) or today:
        return When(published.isoformat(), "day", "publication")
    return None


@dataclass
class Claim:
    """Who claims an event and when they did."""

    name: str
    quote: str | None
    entity: str | None
    when: When | None = None
    negated: bool = False
    denied: bool = False


def negated(tok: Token) -> bool:
    """A 'not'/'never' on the token or its auxiliaries, or 'no' before a noun."""
    return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in tok.children)


def _reported_order(clause: Token, verb: Token) -> bool:
    """A complement before its speech verb must be set off by a comma or quote ("X happened, he said"),
    not joined by a conjunction (a misparse of "X wrote a letter - and he did not say ...")."""
    if clause.i > verb.i:
        return True
    between = clause.doc[clause.right_edge.i + 1 : verb.i]
    return any(t.text in ("," ,) or t.text in QUOTE_MARKS for t in between) and not any(t.dep_ == "cc" for t in between)


class Attribution:
    """Finds the claimant of a trigger: a quote record first, else a reporting verb or 'according to'."""

    def __init__(self, quotes: list[Quote], index: EntityIndex, timexes: TimexIndex, lex: Lexicon,
                 published: date | None) -> None:
        self.quotes = sorted((q for q in quotes if q.speaker is not None), key=lambda q: q.content.start)
        self.index = index
        self.timexes = timexes
        self.lex = lex
        self.published = published

    def _verb_claim(self, verb: Token, speaker_tok: Token | None = None) -> Claim | None:
        role = resolve(speaker_tok, self.index) if speaker_tok is not None else subject_of(verb, self.index)
        if role is None or not (role.entity or role.country or role.sector):
            return None
        tx = self.timexes.own(verb) or self.timexes.clause(verb)
        when = when_of(tx, self.lex) if tx else (publication_date(verb, self.published, self.lex)
                                                  or publication_date(clause_head(verb), self.published, self.lex))
        if when is not None:
            when = When(when.value, when.precision, "attribution")
        return Claim(role.name, None, role.entity, when, negated(verb), verb.lemma_.lower() in self.lex.cue("denial_verbs"))

    def from_quotes(self, start: int, end: int) -> Claim | None:
        """The quote whose content covers the span.

        A belief or finding claims its content too (the article does not assert it), but an intention
        ("X seeks to ban ...", a belief whose content is an infinitive) is the holder's plan: no claim."""
        for q in self.quotes:
            if q.mode == "belief" and q.content.text[:3].lower() == "to ":
                continue
            if q.content.start <= start and end <= q.content.end and q.speaker is not None:
                when = When(q.when, precision_of(q.when), "attribution") if q.when and DATE_VALUE.match(q.when) else None
                return Claim(q.speaker.name, q.id, q.speaker.entity, when, denied=self._denial_cue(q))
        return None

    def _denial_cue(self, q: Quote) -> bool:
        """The quote's cue is a denial verb ("denied that ...")."""
        if q.cue is None:
            return False
        span = self.index.doc.char_span(q.cue.start, q.cue.end, alignment_mode="expand")
        return span is not None and len(span) > 0 and span.root.lemma_.lower() in self.lex.cue("denial_verbs")

    def _according_to(self, tok: Token) -> Token | None:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "according":
                for to in c.children:
                    for pobj in to.children:
                        if pobj.dep_ == "pobj":
                            return pobj
        return None

    def from_parse(self, tok: Token) -> Claim | None:
        """A reporting verb governing the trigger through a complement clause, or 'according to X'."""
        reporting = self.lex.cue("reporting_verbs")
        t = tok
        while True:
            src = self._according_to(t)
            if src is not None:
                return self._verb_claim(t, src)
            h = t.head
            if h.i == t.i:
                break
            complement = (t.dep_ in ("ccomp", "parataxis") and _reported_order(t, h)) or (t.dep_ == "dobj" and t.i == tok.i)
            if complement and h.lemma_.lower() in reporting and h.pos_ == "VERB":
                return self._verb_claim(h)
            if t.dep_ == "pobj" and h.dep_ == "prep" and h.lower_ in ("about", "on", "of") and h.head.lemma_.lower() in reporting:
                return self._verb_claim(h.head)
            t = h
        # "according to X" on another verb of the same clause ("conducted ..., firing ..., according to X")
        head = clause_head(tok)
        for t2 in tok.sent:
            if t2.lower_ == "according" and t2.dep_ == "prep" and clause_head(t2.head).i == head.i:
                src = self._according_to(t2.head)
                if src is not None:
                    claim = self._verb_claim(t2.head, src)
                    if claim is not None:
                        return claim
        # '"...," Kim said.' parsed with the quote as the root and the speech verb as its child
        for c in t.children:
            if c.dep_ in ("parataxis", "ccomp") and c.lemma_.lower() in reporting and c.i > tok.i:
                between = tok.doc[tok.i : c.i].text
                if any(q in between for q in QUOTE_MARKS):
                    return self._verb_claim(c)
        return None

    def claim(self, tok: Token, start: int, end: int) -> Claim | None:
        """Quote records first (the quotes stage), else the parse."""
        return self.from_quotes(start, end) or self.from_parse(tok)


def _chain(tok: Token) -> list[Token]:
    """The trigger and the verbs governing it up to its finite clause head (for modality cues)."""
    out = [tok]
    t = tok
    while t.head.i != t.i and t.dep_ in CHAIN_DEPS and not (is_finite(t) and t.i != tok.i):
        t = t.head
        out.append(t)
        if is_finite(t):
            break
    return out


def _scope(tok: Token, deps: frozenset[str] = SCOPE_DEPS) -> list[Token]:
    """Verbs above the trigger's clause whose negation or desire covers it."""
    out = []
    t = tok
    while t.head.i != t.i and t.dep_ in deps:
        if t.dep_ == "ccomp" and not _reported_order(t, t.head):
            break
        t = t.head
        if t.pos_ in ("VERB", "AUX", "ADJ"):
            out.append(t)
    return out


def modality(tok: Token, claim: Claim | None, lex: Lexicon) -> str:
    """denied > negated > hypothetical > planned > reported > asserted."""
    if claim is not None and claim.denied:
        return "denied"
    chain = _chain(tok)
    verbs = [t for t in chain if t.pos_ in ("VERB", "AUX")] or chain[:1]
    scope = _scope(tok)
    if negated(tok) or any(negated(v) for v in verbs + scope) or (claim is not None and claim.negated):
        return "negated"
    wider = _scope(tok, SCOPE_DEPS | {"relcl"})  # "wants an approach in which both make concessions"
    if {v.lemma_.lower() for v in chain[1:] + wider} & lex.cue("hypothetical_governors"):
        return "hypothetical"
    auxes = {c.lower_ for v in verbs for c in v.children if c.dep_ in ("aux", "auxpass")}
    marks = {c.lower_ for v in verbs for c in v.children if c.dep_ == "mark"}
    if auxes & lex.cue("hypothetical_modals") or marks & lex.cue("hypothetical_marks"):
        return "hypothetical"
    mods = {c.lower_ for c in tok.children if c.dep_ in ("amod", "acl", "compound")}
    governed = {v.lemma_.lower() for v in chain[1:]}
    future = "in the future" in clause_head(tok).sent.text.lower()
    if future or auxes & lex.cue("future_modals") or mods & lex.cue("plan_modifiers") or governed & lex.cue("plan_verbs"):
        return "planned"
    if any(v.lemma_ == "go" and any(c.dep_ == "xcomp" for c in v.children) and v.tag_ == "VBG" for v in verbs):
        return "planned"
    return "reported" if claim is not None else "asserted"
