"""PLOVER-typed events with roles, dates, attribution and factuality, from learned models over the one parse."""

from __future__ import annotations

from newsledger.document import ClaimedBy, Event, Role, TextSpan
from newsledger.registry import Context, register
from newsledger.runtime.doctext import expand_tokens
from newsledger.runtime.tokcols import token_columns
from newsledger.stages.events.assemble import build_all
from newsledger.stages.events.context import Attribution, TimexIndex
from newsledger.stages.events.corefer import corefer
from newsledger.stages.events.detect import decode, keep_limit, score_tokens
from newsledger.stages.events.features import DocView
from newsledger.stages.events.lexicon import Lexicon, load_lexicon
from newsledger.stages.events.merge import Candidate, summary
from newsledger.stages.events.model import MODELS, OPTIONAL_MODELS, SparseNet, load_model, load_optional
from newsledger.stages.events.plover import plover_map
from newsledger.stages.events.retype import retype
from newsledger.stages.events.roles import EntityIndex
from newsledger.stages.events.speech import load_speech_model, speech_triggers

# Military operations an official reports without naming who carried them out are his own side's.
OWN_SIDE_TYPES = frozenset({"ASSAULT", "FIGHT", "MOBILIZE", "RETREAT"})
# Modifiers of a trigger that name its POLECAT mode ("air strike", "hunger strike").
MODE_DEPS = frozenset({"compound", "amod", "dobj", "nmod"})


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


def mode_words(c: Candidate) -> set[str]:
    """Lemmas of the trigger phrase and of the trigger's modifiers, for the POLECAT mode."""
    doc = c.tok.doc
    toks = expand_tokens(doc, c.start, c.end)
    cols = token_columns(doc)
    words = {cols.lemma_lower[i] for i in toks} if toks is not None else {c.tok.lemma_.lower()}
    words |= {cols.lower[i] for i in toks} if toks is not None else set()
    words |= {ch.lemma_.lower() for ch in c.tok.children if ch.dep_ in MODE_DEPS}
    return words


def to_event(n: int, c: Candidate, text: str) -> Event:
    """The contract record of a merged candidate."""
    claimed = ClaimedBy(c.claim.name, c.claim.quote, c.claim.entity) if c.claim else None
    r = c.roles
    plover, mode = plover_map().code(c.type, mode_words(c))
    ev = Event(id=f"V{n}", type=c.type, trigger=TextSpan(c.start, c.end, text[c.start:c.end]), actor=r.actor,
               target=r.target, where=r.where, when=c.when, claimed_by=claimed, modality=c.modality,
               mentions=[TextSpan(a, b, text[a:b]) for a, b in c.mentions], plover_type=plover, plover_mode=mode)
    ev.summary = summary(ev)
    return ev


def models() -> dict[str, SparseNet]:
    """The shipped models, loaded once per process (an optional model only when its file is shipped)."""
    nets = {name: load_model(name) for name in MODELS}
    nets.update({name: net for name in OPTIONAL_MODELS if (net := load_optional(name)) is not None})
    return nets


@register("events", key="events", requires=("entities", "timexes", "quotes"))
def extract_events(ctx: Context) -> list[Event]:
    """Detect and type triggers with the learned model, then roles, dates, claimants and factuality; merge repeats."""
    lex = load_lexicon()
    nets = models()
    index = EntityIndex(ctx.doc, ctx.analysis.entities, lex)
    timexes = TimexIndex(ctx.doc, ctx.analysis.timexes)
    attribution = Attribution(ctx.analysis.quotes, index, timexes, lex, ctx.document.published)
    view = DocView(ctx, index, lex)
    if ctx.accurate:  # the MiniLM trigger tagger (docs/minilm.md); the default path never imports torch
        from newsledger.stages.events.minilm import accurate_triggers

        cands_idx, probs, decoder = accurate_triggers(ctx, view, nets["trigger"])
    else:
        cands_idx, probs = score_tokens(view, nets["trigger"])
        decoder = nets["trigger"]
        if "typer" in nets:  # the type model re-weighs the types of the tokens the tagger may keep
            probs = retype(view, cands_idx, probs, decoder, nets["typer"], keep_limit(decoder))
    triggers = decode(view, cands_idx, probs, decoder)
    speech = None if ctx.accurate else load_speech_model()
    if speech is not None:  # verbs of speech the tagger rejects that say criticism, a directive or a threat
        triggers = sorted(triggers + speech_triggers(view, cands_idx, probs, decoder, triggers, speech), key=lambda t: t.first)
    cands = corefer(view, build_all(view, triggers, nets, timexes, attribution), nets["corefer"])
    for c in cands:
        c.roles.actor = c.roles.actor or own_side_actor(c, index, lex)
    return [to_event(n, c, ctx.text) for n, c in enumerate(cands, start=1)]
