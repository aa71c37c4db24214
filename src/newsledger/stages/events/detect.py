"""Learned trigger detection and typing: every candidate token is scored by the trigger model (20 types + none);
tokens of one phrase ("imposed sanctions", "held talks") become one trigger."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from newsledger.stages.events.features import DocView, trigger_rows
from newsledger.stages.events.model import SparseNet
from newsledger.stages.events.rules import avoided, depicted, is_generic, match_rule
from newsledger.stages.events.wordvecs import vectors_of

NONE = "O"
# Links inside one trigger phrase: a light verb and its event noun, a compound, a verb and its particle.
PHRASE_DEPS = frozenset({"dobj", "compound", "prt", "xcomp", "attr", "nsubjpass", "amod"})
# Types a depicted act (film, game, simulation) would be misread as.
VIOLENT = frozenset({"ASSAULT", "FIGHT", "MOBILIZE", "COERCE", "CRIME"})
# A trigger whose best type the lexicon vetoes keeps its next type only when that is at least this probable.
MIN_SECOND = 0.1
# Links from an event noun to the verb that carries it.
HOSTED_DEPS = frozenset({"dobj", "nsubjpass", "attr"})
# Default probability that a token is no trigger above which it is dropped (the model file may set its own).
DEFAULT_THRESHOLD = 0.5
# The same threshold for a token the lexicon gives the model's best type ("liberation" as ASSAULT): the
# hand-written rule backs the model's reading, so a less confident model suffices (dev: 0.5 -> F1 0.407,
# 0.6 -> 0.418, 0.7 -> 0.416 with lead recall 0.519 and factuality 0.483, 0.9 -> 0.400).
DEFAULT_LEXICON_THRESHOLD = 0.7
# A phrase grows to take in a dependent at most this many tokens from its head ("signed a defence
# agreement"); a farther one ("the pact between A and B was signed") is folded in without widening it.
MAX_PHRASE_GAP = 3


@dataclass
class Trigger:
    """A detected trigger: its head token, the first and last token of its phrase, its type and score."""

    head: int
    first: int
    last: int
    type: str
    score: float


def thresholds(model: SparseNet) -> tuple[float, dict[str, float]]:
    """The none-probability threshold and per-type overrides stored with the model."""
    meta = model.meta
    per_type = meta.get("type_thresholds") or {}
    return float(meta.get("threshold", DEFAULT_THRESHOLD)), dict(per_type) if isinstance(per_type, dict) else {}  # type: ignore[arg-type]


def lexicon_threshold(model: SparseNet) -> float:
    """The none-probability threshold of tokens whose lexicon type is the model's best type."""
    return float(model.meta.get("lexicon_threshold", DEFAULT_LEXICON_THRESHOLD))  # type: ignore[arg-type]


def lexicon_backed(v: DocView, i: int, etype: str) -> bool:
    """The lexicon's rule for the token gives this type."""
    rule = match_rule(v.doc[i], v.lex)
    return rule is not None and rule.type == etype


def keep_limit(model: SparseNet) -> float:
    """The highest none-probability under which ``decode`` may keep a token (any of its thresholds)."""
    base, per_type = thresholds(model)
    lead = float(model.meta.get("lead_threshold", base))  # type: ignore[arg-type]
    return max([base, lead, lexicon_threshold(model), *per_type.values()])


def rescued_type(v: DocView, i: int, model: SparseNet) -> str | None:
    """The type of a word the annotators mark far more often than the default trigger model does
    (lexicons/rescued_triggers.tsv); None in accurate mode, whose tagger has its own recall."""
    if v.ctx.accurate:
        return None
    etype = v.lex.rescued.get((v.lemma[i], v.pos[i]))
    return etype if etype in model.class_index else None


def gate_of(model: SparseNet) -> frozenset[str] | None:
    """The "lemma|POS" keys of the nouns, names and adjectives the model scores (None: all of them)."""
    if "gate" not in model.extra:
        gate = model.meta.get("gate")
        model.extra["gate"] = frozenset(gate) if isinstance(gate, list) else None
    gate_set = model.extra["gate"]
    return gate_set if isinstance(gate_set, frozenset) else None


def score_tokens(v: DocView, model: SparseNet) -> tuple[list[int], np.ndarray]:
    """The candidate tokens and their class probabilities."""
    cands, feats, dense = trigger_rows(v, gate_of(model), vectors_of(model))
    return cands, model.scores(feats, dense if model.dense_width else None)


def hosts(v: DocView, verb: int, etype: str) -> bool:
    """A verb that carries an event noun of this type: a light verb ("held talks") or a lexicon trigger of
    the same type ("signed the agreement", "imposed sanctions")."""
    tok = v.doc[verb]
    if v.lemma[verb] in v.lex.cue("light_verbs"):
        return True
    rule = match_rule(tok, v.lex)
    return rule is not None and rule.type == etype


def decode(v: DocView, cands: list[int], probs: np.ndarray, model: SparseNet) -> list[Trigger]:
    """Tokens whose none-probability is under the threshold, typed by their best class, phrases joined."""
    none = model.class_index[NONE]
    base, per_type = thresholds(model)
    backed = lexicon_threshold(model)
    lead = float(model.meta.get("lead_threshold", base))  # type: ignore[arg-type]
    found: dict[int, Trigger] = {}
    for k, i in enumerate(cands):
        p = probs[k]
        q = p.copy()
        q[none] = -1.0
        etype = model.classes[int(q.argmax())]
        limit = per_type.get(etype, base)
        if v.para_no[i] == 0:  # the first paragraph states the article's main event: a weaker reading suffices
            limit = max(limit, lead)
        if p[none] >= limit and not (p[none] < backed and lexicon_backed(v, i, etype)):
            rescued = rescued_type(v, i, model)
            if rescued is None:
                continue
            etype = rescued
        tok = v.doc[i]
        if (etype in VIOLENT and depicted(tok, v.lex)) or is_generic(tok, v.lex):  # "in case of an attack"
            continue
        if avoided(tok, etype, v.lex):  # the lexicon knows this use is figurative: the next type, if any
            q[model.class_index[etype]] = -1.0
            etype = model.classes[int(q.argmax())]
            if q.max() < MIN_SECOND or avoided(tok, etype, v.lex):
                continue
        found[i] = Trigger(i, i, i, etype, float(1.0 - p[none]))
    for i, t in list(found.items()):  # "signed the agreement": the verb that carries the event noun heads it
        h = v.head[i]
        if h != i and h not in found and v.dep[i] in HOSTED_DEPS and v.pos[h] == "VERB" and hosts(v, h, t.type):
            t.head, t.first = h, min(h, t.first)
    out: dict[int, Trigger] = {}
    for i in sorted(found, key=lambda i: (v.head[i] in found and v.head[i] != i, i)):
        t = found[i]
        h = v.head[i]
        if h != i and v.dep[i] in PHRASE_DEPS and h in out and out[h].type == t.type:
            host = out[h]  # the governing word stays the head: its clause carries negation, tense and date
            carried = v.dep[i] in HOSTED_DEPS and hosts(v, h, t.type)  # "carried out a drone strike": as when hosted
            if abs(i - host.head) <= MAX_PHRASE_GAP or carried:
                host.first, host.last = min(host.first, i), max(host.last, i)
            host.score = max(host.score, t.score)
            continue
        out[i] = t
    return sorted(out.values(), key=lambda t: t.first)
