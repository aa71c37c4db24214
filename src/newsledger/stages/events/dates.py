"""The date of an event, chosen by a learned model among the dates the text offers for it.

The options are the timex inside the trigger's own phrase, a timex of its clause, the nearest timex of its
sentence, the date of its attribution ("said on Monday"), the publication date, or none; the model reads
which options exist and agree, the tense and form of the trigger ("has sent" is no date by itself), whether
the clause says the event is current ("today"), the paragraph and the quote it sits in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from newsledger.document import When
from newsledger.stages.events.context import Claim, TimexIndex, clause_head, present_perfect, when_of
from newsledger.stages.events.features import DocView

if TYPE_CHECKING:
    from spacy.tokens import Token

# The options in the order a tie is broken (an own date beats an attributed one beats the publication day).
SOURCES = ("own", "clause", "sentence", "attribution", "publication", "none")
# The source a chosen date is labelled with when several options give it (the most specific first).
LABEL_ORDER = ("own", "clause", "attribution", "sentence", "publication")


@dataclass
class DateOptions:
    """The dates the text offers for one event, by source (missing sources are absent)."""

    values: dict[str, When]

    def value(self, source: str) -> When | None:
        """The date of a source (None for 'none' or a missing source)."""
        return self.values.get(source)


def date_options(v: DocView, anchor: Token, verbal: bool, timexes: TimexIndex, claim: Claim | None,
                 published: date | None) -> DateOptions:
    """Every date the text offers for a trigger whose clause is anchored at ``anchor``."""
    lex = v.lex
    out: dict[str, When] = {}
    own = timexes.own(anchor)
    if own is not None:
        out["own"] = when_of(own, lex)
    clause = timexes.clause(anchor) if verbal else None
    if clause is not None:
        out["clause"] = when_of(clause, lex)
    sent = timexes.sentence(anchor)
    if sent is not None:
        out["sentence"] = when_of(sent, lex)
    if claim is not None and claim.when is not None:
        out["attribution"] = claim.when
    if published is not None:
        out["publication"] = When(published.isoformat(), "day", "publication")
    return DateOptions(out)


def date_features(v: DocView, head: int, anchor: Token, options: DateOptions, etype: str) -> list[str]:
    """Features of the date choice of one trigger."""
    avail = [s for s in SOURCES if s in options.values]
    f = [f"has={s}" for s in avail] + [f"avail={'+'.join(avail)}", f"t={v.tag[head]}", f"at={anchor.tag_}",
                                       f"type={etype}", f"para={min(v.para_no[head], 3)}", f"quote={v.in_quote[head]}",
                                       f"pp={present_perfect(anchor)}", f"p={v.pos[head]}"]
    pub = options.value("publication")
    for s in avail:
        w = options.values[s]
        if s != "publication" and pub is not None:
            f.append(f"{s}_vs_pub={'same' if w.value[:10] == pub.value else 'future' if w.value[:10] > pub.value[: len(w.value[:10])] else 'past'}")
        f.append(f"{s}_prec={w.precision}")
    for a in avail:
        for b in avail:
            if a < b and options.values[a].value == options.values[b].value:
                f.append(f"agree={a}+{b}")
    head_tok = clause_head(anchor)
    aux = [c.lower_ for c in head_tok.children if c.dep_ in ("aux", "auxpass")]
    f += [f"aux={a}" for a in aux] + [f"ht={head_tok.tag_}"]
    if any(t.lower_ in lex_present(v) for t in head_tok.subtree):
        f.append("current")
    return f


def lex_present(v: DocView) -> frozenset[str]:
    """Words saying the clause is about now ('today', 'now')."""
    return v.lex.cue("present_markers")


def choose(options: DateOptions, probs: list[float] | None, classes: list[str]) -> When | None:
    """The date the model gives most weight (options with the same value pool their probability; it must
    outweigh 'none'), labelled by its most specific source; without a model the first of own, clause and
    attribution."""
    if probs is None:
        for s in ("own", "clause", "attribution"):
            if s in options.values:
                return options.values[s]
        return None
    p = dict(zip(classes, probs, strict=True))
    mass: dict[str, float] = {}
    for source, w in options.values.items():
        mass[w.value] = mass.get(w.value, 0.0) + p.get(source, 0.0)
    if not mass:
        return None
    value = max(mass, key=mass.__getitem__)
    if mass[value] <= p.get("none", 0.0):
        return None
    return next(options.values[s] for s in LABEL_ORDER if s in options.values and options.values[s].value == value)
