"""PLOVER-typed events with roles, dates, attribution and modality."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsledger.document import ClaimedBy, Event, Role, TextSpan
from newsledger.registry import Context, register
from newsledger.stages.events.context import (
    Attribution,
    TimexIndex,
    event_date,
    modality,
    publication_date,
)
from newsledger.stages.events.lexicon import Lexicon, TriggerRule, load_lexicon
from newsledger.stages.events.merge import Candidate, merge, summary
from newsledger.stages.events.roles import (
    EntityIndex,
    Roles,
    is_place_entity,
    prep_objects,
    resolve,
    resolve_place,
    subject_of,
    with_conjuncts,
)
from newsledger.stages.events.scan import phrase_hits, trigger_tokens
from newsledger.stages.events.statements import DISAPPROVE, accusations, critical_quotes

if TYPE_CHECKING:
    from spacy.tokens import Token

# How far below a trigger (in dependency edges) a "needs" word may sit: "fired [what appeared to be] missiles".
NEEDS_DEPTH = 3
# Mentions with these modalities are not recorded: speculation and negated mentions are not events of the
# ledger (the gold annotations of ../shared/examples and MEANTIME's factual events agree); denials are kept.
FIRST_PERSON = frozenset({"i", "we"})
VISIT_LEMMAS = frozenset({"visit", "trip", "tour"})
# Military operations an official reports without naming who carried them out are his own side's.
OWN_SIDE_TYPES = frozenset({"ASSAULT", "FIGHT", "MOBILIZE", "RETREAT"})
# "X wants Y to ...": a DEMAND only when Y is a state or organisation (not "want Bernie to win").
STATE_TYPES = frozenset({"GPE", "ORG", "NORP"})
DROPPED_MODALITIES = frozenset({"hypothetical", "negated"})
# A trigger this many dependency edges below another trigger is that event's object ("condemned the tests").
PART_OF_HOPS = 3
PART_OF_DEPS = frozenset({"dobj", "pobj", "prep", "pcomp", "compound", "nsubjpass"})


def _near_lemmas(tok: Token) -> set[str]:
    out = {tok.head.lemma_.lower(), tok.head.lower_}
    frontier = [tok]
    for _ in range(NEEDS_DEPTH):
        nxt = []
        for t in frontier:
            for c in t.children:
                out.update((c.lemma_.lower(), c.lower_))
                nxt.append(c)
        frontier = nxt
    return out


def match_rule(tok: Token, lex: Lexicon) -> TriggerRule | None:
    """The first lexicon rule whose lemma, POS and 'needs' fit the token."""
    pos = "VERB" if tok.pos_ == "VERB" else "NOUN" if tok.pos_ in ("NOUN", "PROPN") else None
    if pos is None:
        return None
    rules = lex.rules(tok.lemma_.lower(), pos) or lex.rules(tok.lower_, pos)
    near: set[str] | None = None
    for rule in rules:
        # a prepositional verb ("call for X") takes its object through the preposition, not directly
        if rule.direct and (not rule.direct & {c.lower_ for c in tok.children} or any(c.dep_ == "dobj" for c in tok.children)):
            continue
        if not rule.needs and not rule.avoid:
            return rule
        near = near if near is not None else _near_lemmas(tok)
        if (not rule.needs or rule.needs & near) and not rule.avoid & near:
            return rule
    return None


def host_of(tok: Token, lex: Lexicon) -> Token | None:
    """The light verb carrying a nominal trigger ('conducted a test', 'provided assistance')."""
    if tok.dep_ in ("dobj", "nsubjpass", "attr") and tok.head.lemma_.lower() in lex.cue("light_verbs"):
        return tok.head
    return None


def is_generic(tok: Token, lex: Lexicon) -> bool:
    """'any attack', 'any effort to attack', 'in case of an attack': a non-specific event reference."""
    generic = lex.cue("generic_determiners")
    t = tok
    for _ in range(PART_OF_HOPS):
        if any(c.dep_ == "det" and c.lower_ in generic for c in t.children):
            return True
        if t.dep_ not in ("acl", "pobj", "prep", "xcomp") or t.head.i == t.i:
            break
        t = t.head
    h = tok.head
    return tok.dep_ == "pobj" and h.lower_ == "of" and h.head.lemma_.lower() in lex.cue("generic_case_nouns")


def part_of_other(tok: Token, triggers: set[int], lex: Lexicon) -> bool:
    """A trigger that is the object of another trigger ('condemned the tests', 'help in defeating')."""
    own_host = host_of(tok, lex)
    t = tok
    for _ in range(PART_OF_HOPS):
        if t.dep_ not in PART_OF_DEPS or t.head.i == t.i:
            return False
        t = t.head
        if t.i in triggers and (own_host is None or t.i != own_host.i):
            return True
    return False


def _assign(roles: Roles, prep: str, obj: Token, etype: str, index: EntityIndex, lex: Lexicon) -> None:
    if prep == "in" and obj.lemma_.lower() in ("honor", "honour"):  # "in honor of X"
        for p2, o2 in prep_objects(obj):
            if p2 == "of" and roles.target is None:
                roles.target = resolve(o2, index)
        return
    if prep in lex.cue("place_preps"):
        place = resolve_place(obj, index)
        if place is not None:
            roles.where = roles.where or place
            return
    if prep == "from":
        slot = lex.from_role.get(etype)
        role = resolve_place(obj, index) if slot == "where" else resolve(obj, index)
        if slot and role is not None and getattr(roles, slot) is None:
            setattr(roles, slot, with_conjuncts(obj, role, index))
        return
    if prep == "of":
        place = resolve_place(obj, index)
        if place is not None:
            roles.where = roles.where or place
            return
    if prep in lex.cue("noun_target_preps") or prep in ("of", "over", "about"):
        role = resolve(obj, index)
        if role is not None and roles.target is None:
            roles.target = with_conjuncts(obj, role, index)
            if prep == "to" and obj.lemma_.lower() not in lex.cue("place_nouns"):  # "to Armenia", not "to the border"
                roles.to_country = role.country


def verb_roles(tok: Token, etype: str, index: EntityIndex, lex: Lexicon) -> Roles:
    """Actor = subject or passive agent; target = object, passive subject or 'to/against/with X'; place = 'in X'."""
    roles = Roles(actor=None if tok.dep_ == "acl" else subject_of(tok, index))
    if tok.dep_ == "acl" and tok.tag_ == "VBG":  # "Britain, meeting in ...": the modified noun acts
        roles.actor = with_conjuncts(tok.head, resolve(tok.head, index), index)
    elif tok.dep_ == "acl" and tok.tag_ == "VBN":  # "the agreement, signed in June": the noun undergoes it
        roles.target = resolve(tok.head, index)
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass") and roles.target is None:
            place = resolve_place(c, index)
            if place is not None and (is_place_entity(index.entity_at(c), lex) or index.entity_at(c) is None):
                roles.where = roles.where or place  # "liberate the Kursk region"
                continue
            roles.target = with_conjuncts(c, resolve(c, index), index)
            if roles.target is None:  # "praised the involvement of X"
                roles.target = next((resolve(o, index) for p, o in prep_objects(c) if p == "of"), None)
            if roles.target is None and roles.where is None:
                roles.where = place
            for prep, obj in prep_objects(c):  # "wrote a letter to X"
                if prep in ("to", "for") and roles.target is None:
                    roles.target = resolve(obj, index)
        elif c.dep_ == "agent":
            for pobj in c.children:
                roles.actor = roles.actor or with_conjuncts(pobj, resolve(pobj, index), index)
    for prep, obj in prep_objects(tok):
        _assign(roles, prep, obj, etype, index, lex)
    return roles


def noun_roles(tok: Token, host: Token | None, etype: str, index: EntityIndex, lex: Lexicon) -> Roles:
    """Actor = possessor/modifier/'by X'/the light verb's subject; target and place from prepositions."""
    roles = Roles(actor=resolve(tok, index) if tok.pos_ == "NOUN" else None)
    for c in tok.children:  # "the Tripoli clashes": a city modifier is the place, a country the actor
        ent = index.entity_at(c)
        if c.dep_ in ("compound", "nmod", "amod") and ent is not None and ent.type in ("GPE", "LOC", "FAC") \
                and lex.country(ent.name) is None:
            roles.where = resolve_place(c, index)
            if roles.actor is not None and roles.actor.entity == ent.id:
                roles.actor = None
    for c in tok.children:
        if c.dep_ == "acl":  # "an investigation led by X"
            for a in c.children:
                if a.dep_ == "agent":
                    for pobj in a.children:
                        roles.actor = roles.actor or resolve(pobj, index)
    for prep, obj in prep_objects(tok):
        if prep == "by":
            roles.actor = roles.actor or resolve(obj, index)
        else:
            _assign(roles, prep, obj, etype, index, lex)
    head = tok.head
    if host is not None:
        roles.actor = roles.actor or subject_of(host, index)
        for prep, obj in prep_objects(host):
            _assign(roles, prep, obj, etype, index, lex)
    elif tok.dep_ == "nsubj" and head.lemma_ == "come":  # "help came from X"
        for prep, obj in prep_objects(head):
            if prep == "from":
                roles.actor = roles.actor or with_conjuncts(obj, resolve(obj, index), index)
    elif tok.dep_ == "dobj" and head.lemma_.lower() in lex.cue("self_announcing_verbs"):  # "X announced the deployment"
        roles.actor = roles.actor or subject_of(head, index)
    return roles


def is_demand_content(tok: Token, lex: Lexicon) -> bool:
    """The demanded action of 'urged X to ...' / 'wants X to ...' is part of the demand, not an event."""
    h = tok.head
    if tok.dep_ not in ("xcomp", "ccomp") or h.i == tok.i:
        return False
    rule = match_rule(h, lex)
    return (rule is not None and rule.type == "DEMAND") or h.lemma_.lower() in lex.cue("demand_verbs")


def demand_from_want(tok: Token, index: EntityIndex, lex: Lexicon) -> Roles | None:
    """'X wants Y to do Z': a DEMAND of X on Y when Y is an entity other than X."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in lex.cue("demand_verbs") - {"call", "ask"}:
        return None
    for c in tok.children:
        if c.dep_ in ("ccomp", "xcomp"):
            subj = next((s for s in c.children if s.dep_ in ("nsubj", "nsubjpass")), None)
            obj = subj or next((s for s in tok.children if s.dep_ == "dobj"), None)
            target = resolve(obj, index) if obj is not None else None
            actor = subject_of(tok, index)
            ent = index.by_id.get(target.entity or "") if target is not None else None
            if target is not None and ent is not None and ent.type in STATE_TYPES and (actor is None or actor.name != target.name):
                return Roles(actor=actor, target=target)
    return None


def _first_person_subject(tok: Token) -> bool:
    t = tok
    for _ in range(3):
        if any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in FIRST_PERSON for c in t.children):
            return True
        if t.dep_ not in ("xcomp", "advcl", "conj") or t.head.i == t.i:
            return False
        t = t.head
    return False


def build_candidate(tok: Token, etype: str, rule: TriggerRule | None, ctx: Context, index: EntityIndex,
                    timexes: TimexIndex, attribution: Attribution, lex: Lexicon, end_tok: Token | None = None,
                    ) -> Candidate | None:
    """Roles, date, claim and modality of one trigger (None when a nominal trigger has nothing to hold on to)."""
    verbal = tok.pos_ in ("VERB", "AUX")
    host = None if verbal else host_of(tok, lex)
    want_roles = demand_from_want(tok, index, lex) if etype == "DEMAND" and rule is None else None
    if want_roles is not None:
        roles = want_roles
    elif rule is None and etype == "DEMAND":
        return None
    else:
        roles = verb_roles(tok, etype, index, lex) if verbal else noun_roles(tok, host, etype, index, lex)
    if tok.lemma_.lower() in VISIT_LEMMAS and roles.where is None and roles.target is not None and roles.target.country:
        roles.where = roles.target  # "his visit to India": the host country is also the place
    if roles.actor is not None and roles.target is not None and roles.actor.name == roles.target.name:
        roles.target = None  # "Obama attacked his challenger": a misresolved pronoun, not self-harm
    if rule is not None and rule.to_type and roles.to_country and (roles.actor is None or roles.actor.country != roles.to_country):
        etype = rule.to_type
    anchor = host or tok
    when = event_date(anchor, verbal or host is not None, timexes, lex)
    bare = roles.actor is None and roles.target is None and roles.where is None
    if not verbal and end_tok is None and host is None and when is None and bare:
        return None
    last = end_tok or tok
    start, end = tok.idx, last.idx + len(last)
    claim = attribution.claim(anchor, start, end)
    if claim is not None and roles.actor is None and _first_person_subject(anchor):  # "we will build", said X
        roles.actor = Role(claim.name, claim.entity)
    when = when or (claim.when if claim else None) or publication_date(anchor, ctx.document.published, lex)
    mood = modality(anchor, claim, lex)
    if mood in ("asserted", "planned") and when is None and claim is None and generic_present(anchor, ctx):
        mood = "hypothetical"  # "the United States ... launches an attack": a scenario, not a report
    return Candidate(tok, start, end, etype, roles, when, claim, mood, tok.sent.start)


def generic_present(tok: Token, ctx: Context) -> bool:
    """A simple-present verb outside the headline: habitual or hypothetical in news prose."""
    if tok.tag_ not in ("VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") for c in tok.children):
        return False
    first_line = ctx.text.find("\n")
    return tok.idx > (first_line if first_line >= 0 else len(ctx.text)) and tok.sent.start > 0


def find_candidates(ctx: Context, index: EntityIndex, timexes: TimexIndex, attribution: Attribution, lex: Lexicon) -> list[Candidate]:
    """Every trigger of the document with its roles."""
    found: dict[int, Candidate] = {}
    demand_verbs = lex.cue("demand_verbs")
    # only tokens with a rule for their lemma/form or a demand-verb lemma can be triggers (event_scan)
    maybe = [ctx.doc[i] for i in trigger_tokens(ctx.doc, lex, demand_verbs)]
    rules = {tok.i: match_rule(tok, lex) for tok in maybe}
    triggers = {i for i, r in rules.items() if r is not None}
    triggers |= {h.i for h in (host_of(ctx.doc[i], lex) for i in list(triggers)) if h is not None}
    for tok in maybe:
        rule = rules[tok.i]
        etype = rule.type if rule else ("DEMAND" if tok.lemma_.lower() in demand_verbs else None)
        if etype is None or ctx.removed_at(tok.idx, tok.idx + len(tok)):
            continue
        if tok.pos_ == "VERB" and tok.dep_ == "amod":  # "the invading forces": a description, not an event
            continue
        if etype == "CONSULT" and any(c.dep_ == "auxpass" for c in tok.children):  # "was met with anger"
            continue
        if is_generic(tok, lex) or is_demand_content(tok, lex) or part_of_other(tok, triggers, lex):
            continue
        cand = build_candidate(tok, etype, rule, ctx, index, timexes, attribution, lex)
        if cand is not None:
            found[tok.i] = cand
    for first, last, phrase in phrase_hits(ctx.doc, lex):
        if first.i not in found and not ctx.removed_at(first.idx, last.idx + len(last)):
            cand = build_candidate(first, phrase.type, None, ctx, index, timexes, attribution, lex, end_tok=last)
            if cand is not None:
                found[first.i] = cand
    def statement(tok: Token, roles: Roles) -> Candidate | None:
        if tok.i in found or ctx.removed_at(tok.idx, tok.idx + len(tok)):
            return None
        when = event_date(tok, True, timexes, lex) or publication_date(tok, ctx.document.published, lex)
        return Candidate(tok, tok.idx, tok.idx + len(tok), DISAPPROVE, roles, when, None,
                         modality(tok, None, lex), tok.sent.start, derived=True)

    for cand in [*critical_quotes(ctx.doc, ctx.analysis.quotes, index, lex, statement),
                 *accusations(ctx.doc, index, lex, statement)]:
        if cand.tok.i not in found:
            found[cand.tok.i] = cand
    # "a test launch": the compound modifier is part of its head's trigger
    return [c for i, c in sorted(found.items())
            if not (c.tok.dep_ == "compound" and c.tok.head.i in found) and c.modality not in DROPPED_MODALITIES]


def own_side_actor(c: Candidate, index: EntityIndex, lex: Lexicon) -> Role | None:
    """'Gerasimov reported the liberation of X': an official's report of an operation names his side's act."""
    if c.type not in OWN_SIDE_TYPES or c.roles.actor is not None or c.claim is None or c.tok.pos_ == "VERB":
        return None
    ent = index.by_id.get(c.claim.entity or "")
    country = lex.country_by_iso3(ent.country) if ent is not None and ent.country else None
    if country is None or ent is None or ent.type != "PERSON":
        return None
    country_ent = index.country_entity(country.name)
    return Role(country.name, country_ent.id if country_ent else None, None, country.iso3)


def to_event(n: int, c: Candidate, text: str) -> Event:
    """The contract record of a merged candidate."""
    claimed = ClaimedBy(c.claim.name, c.claim.quote, c.claim.entity) if c.claim else None
    r = c.roles
    ev = Event(id=f"V{n}", type=c.type, trigger=TextSpan(c.start, c.end, text[c.start:c.end]), actor=r.actor,
               target=r.target, where=r.where, when=c.when, claimed_by=claimed, modality=c.modality)
    ev.summary = summary(ev)
    return ev


@register("events", key="events", requires=("entities", "timexes", "quotes"))
def extract_events(ctx: Context) -> list[Event]:
    """Detect PLOVER triggers in the parse, resolve roles, dates, claimants and modality, merge repeats."""
    lex = load_lexicon()
    index = EntityIndex(ctx.doc, ctx.analysis.entities, lex)
    timexes = TimexIndex(ctx.doc, ctx.analysis.timexes)
    attribution = Attribution(ctx.analysis.quotes, index, timexes, lex, ctx.document.published)
    cands = merge(find_candidates(ctx, index, timexes, attribution, lex))
    for c in cands:
        c.roles.actor = c.roles.actor or own_side_actor(c, index, lex)
    return [to_event(n, c, ctx.text) for n, c in enumerate(cands, start=1)]
