"""From detected triggers to event candidates: learned roles and factuality, rule-based dates and claimants."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from newsledger.document import Role
from newsledger.stages.events.argfeatures import ACTOR, TARGET, WHERE, listwise_probs, role_dense, role_rows
from newsledger.stages.events.context import Attribution, Claim, TimexIndex, modality
from newsledger.stages.events.dates import DateOptions, choose, date_features, date_options
from newsledger.stages.events.detect import Trigger
from newsledger.stages.events.factuality import HAPPENED, denied_by_governor, modality_features
from newsledger.stages.events.features import DocView
from newsledger.stages.events.merge import Candidate
from newsledger.stages.events.model import SparseNet
from newsledger.stages.events.roles import (
    Roles,
    _entity_role,
    is_place_entity,
    prep_objects,
    resolve,
    resolve_place,
    with_conjuncts,
)
from newsledger.stages.events.rules import host_of
from newsledger.stages.events.wordvecs import vectors_of

if TYPE_CHECKING:
    from spacy.tokens import Token

# Dependents that belong to the name of a participant described by a common noun ("Russian forces").
NP_DEPS = frozenset({"compound", "amod", "nmod", "poss"})
# Claims are kept on events that rest on a source (the codebook's claimed_by).
CLAIMED = frozenset({"reported", "denied"})
DEFAULT_ROLE_THRESHOLD = 0.5
# Clause links through which a verb with no subject takes its governor's ("X met Y and signed ...").
INHERIT = frozenset({"xcomp", "advcl", "conj"})
# Verbs whose object (or "about" phrase) is an event a source reports ("reported the liberation of ...").
REPORT_VERBS = frozenset({"report", "announce", "confirm", "claim"})
# Operations whose object is the territory they take or free ("shelled Kirkuk" keeps Kirkuk as target).
TERRITORY_LEMMAS = frozenset({"liberate", "liberation", "capture", "recapture", "seize", "seizure", "retake", "free"})
# Event types whose noun modifier names the subject matter, not the actor ("the Russia investigation").
TOPIC_MODIFIED = frozenset({"INVESTIGATE"})
# Nouns of a visit: "a visit to X" names where it happened.
VISIT_LEMMAS = frozenset({"visit", "trip", "tour"})
# Verbal acts that a quote's words perform when nobody else in the quote acts ("a shame", "they must stop").
SPEECH_ACTS = frozenset({"DISAPPROVE", "DEMAND", "REJECT", "THREATEN", "SUPPORT", "STATEMENT"})
# First-person subjects ("we will build", "our units attacked"): inside a quote they are its speaker.
FIRST_PERSON = frozenset({"i", "we", "our", "my"})


def first_person_subject(tok: Token) -> bool:
    """The trigger's clause (or a clause above it) has a first-person subject ("we", "our units")."""
    t = tok
    for _ in range(3):
        for c in t.children:
            if c.dep_ in ("nsubj", "nsubjpass") and (c.lower_ in FIRST_PERSON or any(
                    g.dep_ == "poss" and g.lower_ in FIRST_PERSON for g in c.children)):
                return True
        if t.head.i == t.i or t.dep_ not in ("xcomp", "conj", "advcl", "dobj", "pobj", "prep"):
            break
        t = t.head
    return False


def np_name(tok: Token) -> str:
    """A common noun with its name-like modifiers ('Russian forces', 'the ministry' -> 'ministry')."""
    left = [c for c in tok.children if c.dep_ in NP_DEPS and c.i < tok.i]
    start = min((c.left_edge.i for c in left), default=tok.i)
    return tok.doc[start : tok.i + 1].text


def role_of(tok: Token, v: DocView) -> Role | None:
    """The participant a chosen argument token stands for: its entity record (pronouns and descriptions
    included when the entities stage links them), a pronoun's antecedent, or the noun phrase itself."""
    index = v.index
    ent = index.entity_at(tok)
    if ent is not None:
        sector = index.lex.sectors.get(tok.lemma_.lower()) if tok.pos_ != "PROPN" else None
        return with_conjuncts(tok, _entity_role(ent, index, sector), index)
    role = resolve(tok, index)
    if tok.pos_ in ("PRON", "PROPN") or tok.pos_ not in ("NOUN", "NUM"):
        return role
    name = np_name(tok)
    if role is None:
        return with_conjuncts(tok, Role(name), index)
    return with_conjuncts(tok, Role(name, role.entity, role.sector, role.country), index)


def modifier_is_topic(v: DocView, trig: Trigger, i: int) -> bool:
    """'the Russia investigation': a noun modifier of an investigation is what is investigated, not who
    investigates (the codebook: unless the text says so, e.g. 'the Senate's investigation')."""
    return trig.type in TOPIC_MODIFIED and v.head[i] == trig.head and v.dep[i] in ("compound", "nmod", "amod")


def topic_target(v: DocView, trig: Trigger, actor: Role | None) -> Role | None:
    """'the Russia investigation', 'the Trump-Russia inquiry': the first named modifier of an investigation is
    what it investigates, its target (the codebook), unless it is the actor."""
    for i in v.children[trig.head]:
        if modifier_is_topic(v, trig, i) and v.index.entity_at(v.doc[i]) is not None:
            role = role_of(v.doc[i], v)
            if role is not None and not (actor is not None and (actor.name == role.name or
                                                                 bool(actor.entity and actor.entity == role.entity))):
                return role
    return None


def inherited_actor(v: DocView, trig: Trigger) -> Role | None:
    """'X thanked the staff and apologized', 'X used the hearing to apologize': a verb with no subject of its
    own takes the active subject of the verb it is coordinated with or completes (at most three hops; never
    through a passive verb or past an object that controls an infinitive: 'asked the army to withdraw')."""
    tok = v.doc[trig.head]
    verb = host_of(tok, v.lex) or tok
    for _ in range(3):
        kids = [c.dep_ for c in verb.children]
        if verb.pos_ not in ("VERB", "AUX") or any(d in kids for d in ("nsubjpass", "auxpass", "csubj", "agent", "expl")):
            return None
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if subjects:
            return role_of(subjects[0], v) if verb.i != (host_of(tok, v.lex) or tok).i else None
        head = verb.head
        if verb.dep_ not in INHERIT or head.i == verb.i or (verb.dep_ == "xcomp" and any(
                c.dep_ in ("dobj", "dative") for c in head.children)):
            return None
        verb = head
    return None


def city_modifier(v: DocView, trig: Trigger, i: int) -> bool:
    """'the Aleppo clashes': a place name (not a country) modifying the trigger is where, not who."""
    ent = v.index.entity_at(v.doc[i])
    return v.head[i] == trig.head and v.dep[i] in ("compound", "amod", "nmod") and ent is not None \
        and ent.type in ("GPE", "LOC", "FAC") and v.lex.country(ent.name) is None


def expelled(v: DocView, trig: Trigger, i: int) -> bool:
    """'the liberation of X from the forces of Y': the side driven out is never the actor."""
    if v.lemma[trig.head] not in TERRITORY_LEMMAS:
        return False
    for _ in range(4):
        h = v.head[i]
        if h == i or h == trig.head:
            return False
        if v.dep[i] == "pobj" and v.lower[h] == "from" and v.head[h] == trig.head:
            return True
        i = h
    return False


def liberated_place(v: DocView, trig: Trigger, i: int) -> bool:
    """'the liberation of the X region', 'took the town of X': a place taken or freed is where the
    operation happened (the codebook's Kursk example), not its target."""
    place = is_place_entity(v.index.entity_at(v.doc[i]), v.lex) or v.lemma[i] in v.lex.cue("place_nouns")
    if v.lemma[trig.head] not in TERRITORY_LEMMAS or not place:
        return False
    return v.dep[i] in ("dobj", "nsubjpass") and v.head[i] == trig.head or (
        v.dep[i] == "pobj" and v.lower[v.head[i]] == "of" and v.head[v.head[i]] == trig.head)


def same_participant(v: DocView, actor_tok: int | None, i: int, actor: Role | None, role: Role) -> bool:
    """A target candidate that is the actor again: a modifier inside the actor's phrase ("*Germany's* foreign
    minister") or the same entity."""
    if actor is None or actor_tok is None:
        return False
    if v.head[i] == actor_tok and v.dep[i] in NP_DEPS:
        return True
    return bool(actor.entity and actor.entity == role.entity)


def pick_roles(v: DocView, trig: Trigger, cands: list[int], probs: np.ndarray, model: SparseNet) -> Roles:
    """Actor, target and place of one trigger: the best-scoring argument of each role above the threshold."""
    roles = Roles()
    thr = float(model.meta.get("threshold", DEFAULT_ROLE_THRESHOLD))  # type: ignore[arg-type]
    per_label = model.meta.get("label_thresholds") or {}  # a role's own threshold, e.g. {"T": 0.1}
    taken: set[int] = set()
    doc = v.doc
    ousted: int | None = None
    actor_tok: int | None = None
    for label in (ACTOR, TARGET, WHERE):
        col = model.class_index.get(label)
        if col is None or not cands:
            continue
        order = np.argsort(-probs[:, col])
        limit = float(per_label.get(label, thr)) if isinstance(per_label, dict) else thr
        for k in order[:3]:
            if probs[k, col] < limit:
                break
            i = cands[int(k)]
            if i in taken or (label == ACTOR and modifier_is_topic(v, trig, i)):
                continue
            if label == ACTOR and city_modifier(v, trig, i):
                continue
            if label == ACTOR and expelled(v, trig, i):
                ousted = ousted if ousted is not None else i
                continue
            tok = doc[i]
            if label == TARGET and roles.where is None and liberated_place(v, trig, i):
                roles.where = resolve_place(tok, v.index)  # "the liberation of the Kursk region": where it happened
                taken.add(i)
                continue
            if label == WHERE and roles.where is not None:
                break
            role = resolve_place(tok, v.index) if label == WHERE else role_of(tok, v)
            if role is None or (label == TARGET and same_participant(v, actor_tok, i, roles.actor, role)):
                continue
            if label == ACTOR:
                actor_tok = i
            taken.add(i)
            setattr(roles, {ACTOR: "actor", TARGET: "target", WHERE: "where"}[label], role)
            break
    if roles.target is None and ousted is not None:
        roles.target = role_of(doc[ousted], v)
    if roles.target is None:
        roles.target = topic_target(v, trig, roles.actor)
    return roles


def rule_place(v: DocView, trig: Trigger) -> Role | None:
    """The place the grammar gives when the role model names none: a place name modifying the trigger ("the
    Aleppo clashes"), "in X" on the trigger or its light verb, the destination of a visit ("visit to X")."""
    tok = v.doc[trig.head]
    index, lex = v.index, v.lex
    for c in tok.children:
        if city_modifier(v, trig, c.i):
            return resolve_place(c, index)
    host = host_of(tok, lex)
    for t in (tok, host) if host is not None else (tok,):
        for prep, obj in prep_objects(t):
            visit = prep == "to" and tok.lemma_.lower() in VISIT_LEMMAS
            if prep in lex.cue("place_preps") or visit:
                place = resolve_place(obj, index)
                if place is not None:
                    return place
    return None


def learned_roles(v: DocView, triggers: list[Trigger], model: SparseNet) -> list[Roles]:
    """The roles of every trigger, all argument rows scored in one pass."""
    vectors = vectors_of(model)
    listwise, extended = bool(model.meta.get("listwise")), model.meta.get("role_rows") == "r2"
    rows = [role_rows(v, t.head, t.type, vectors, listwise, extended) for t in triggers]
    dense = None
    if model.dense_width and vectors is not None and any(c for c, _ in rows):
        dense = np.vstack([role_dense(v, t.head, c, vectors, listwise) for t, (c, _) in zip(triggers, rows, strict=True)
                           if c])
    feats = [f for _, fs in rows for f in fs]
    scores = model.logits(feats, dense) if listwise else model.scores(feats, dense)
    out, k = [], 0
    for t, (cands, fs) in zip(triggers, rows, strict=True):
        part = scores[k : k + len(fs)]
        probs = listwise_probs(part) if listwise and len(fs) else part
        roles = pick_roles(v, t, cands, probs, model)
        roles.where = roles.where or rule_place(v, t)
        if roles.actor is None:
            actor = inherited_actor(v, t)
            if actor is not None and not (roles.target is not None and roles.target.name == actor.name):
                roles.actor = actor
        out.append(roles)
        k += len(fs)
    return out


def reported_noun(v: DocView, head: int) -> bool:
    """An event noun that is the object of a reporting verb ("reported (about) the liberation")."""
    if v.pos[head] != "NOUN":
        return False
    h = v.head[head]
    if v.dep[head] == "pobj" and v.lower[h] in ("about", "on", "of"):
        head, h = h, v.head[h]
    return v.dep[head] in ("dobj", "prep", "pobj") and v.pos[h] == "VERB" and v.lemma[h] in REPORT_VERBS


def without_it(v: DocView, head: int) -> bool:
    """'left the town without resistance', 'pulled out without firing a shot': the event did not happen."""
    return v.dep[head] in ("pobj", "pcomp") and v.lower[v.head[head]] == "without"


def conditional(v: DocView, head: int) -> bool:
    """'If talks stall, the navy blockades the strait and Iran attacks': the clause (or the clause it is
    coordinated with) has an 'if'/'unless' condition."""
    t = head
    for _ in range(3):
        for c in v.children[t]:
            if v.dep[c] == "advcl" and any(v.dep[m] == "mark" and v.lower[m] in ("if", "unless") for m in v.children[c]):
                return True
        if v.dep[t] not in ("conj", "ccomp") or v.head[t] == t:  # a coordination the parser may read as ccomp
            return False
        t = v.head[t]
    return False


def _claim_kind(claim: Claim | None) -> str | None:
    if claim is None:
        return None
    return "quote" if claim.quote else "parse"


@dataclass
class EventContext:
    """What the rules find around a trigger: its claim, the dates on offer, and the features of the
    factuality and date models (the same for fitting and for running the models)."""

    claim: Claim | None
    options: DateOptions
    mood_features: list[str]
    date_features: list[str]


def event_context(v: DocView, head: int, etype: str, first: int, last: int, timexes: TimexIndex,
                  attribution: Attribution) -> EventContext:
    """Claim, date options and model features of one trigger."""
    ctx, lex = v.ctx, v.lex
    tok = v.doc[head]
    verbal = tok.pos_ in ("VERB", "AUX")
    host = None if verbal else host_of(tok, lex)
    anchor = host or tok
    start, end = v.doc[first].idx, v.doc[last].idx + len(v.doc[last])
    claim = attribution.claim(anchor, start, end)
    options = date_options(v, anchor, verbal or host is not None, timexes, claim, ctx.document.published)
    rule_when = choose(options, None, [])
    rule = modality(anchor, claim, lex)
    mood = modality_features(v, head, etype, rule, _claim_kind(claim), bool(claim and claim.denied),
                             rule_when.value if rule_when else None, ctx.document.published)
    return EventContext(claim, options, mood, date_features(v, head, anchor, options, etype))


def build_all(v: DocView, triggers: list[Trigger], models: dict[str, SparseNet], timexes: TimexIndex,
              attribution: Attribution) -> list[Candidate]:
    """The event candidates of the detected triggers (roles and factuality scored in one pass each)."""
    roles = learned_roles(v, triggers, models["roles"])
    contexts = [event_context(v, t.head, t.type, t.first, t.last, timexes, attribution) for t in triggers]
    m, d = models["modality"], models["dates"]
    moods = m.scores([c.mood_features for c in contexts]).argmax(axis=1)
    dates = d.scores([c.date_features for c in contexts])
    out = []
    for t, r, c, k, p in zip(triggers, roles, contexts, moods, dates, strict=True):
        tok = v.doc[t.head]
        first, last = v.doc[t.first], v.doc[t.last]
        mood = m.classes[int(k)]
        if mood in HAPPENED and denied_by_governor(v, t.head):
            mood = "denied"
        elif mood == "asserted" and c.claim is not None and reported_noun(v, t.head):
            mood = "reported"  # "X reported the liberation of ...": the event noun is what X reports
        when = choose(c.options, p.tolist(), d.classes)
        if c.claim is not None and c.claim.quote and first_person_subject(host_of(tok, v.lex) or tok) and (
                r.actor is None or r.actor.entity is None):
            r.actor = Role(c.claim.name, c.claim.entity)  # '"We will build ...," X said': X acts
        elif r.actor is None and c.claim is not None and c.claim.quote and t.type in SPEECH_ACTS:
            r.actor = Role(c.claim.name, c.claim.entity)  # '"Those were lies," X said': the speaker judges
        if mood in HAPPENED and conditional(v, t.head):
            mood = "hypothetical"
        elif mood in HAPPENED and without_it(v, t.head):
            mood = "negated"
        out.append(Candidate(tok, first.idx, last.idx + len(last), t.type, r, when, c.claim if mood in CLAIMED else None,
                             mood, tok.sent.start, score=t.score))
    return out
