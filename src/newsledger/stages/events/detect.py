"""Learned trigger detection and typing: every candidate token is scored by the trigger model (20 types + none);
tokens of one phrase ("imposed sanctions", "held talks") become one trigger."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from newsledger.stages.events.features import DocView, trigger_rows
from newsledger.stages.events.model import SparseNet
from newsledger.stages.events.rules import avoided, depicted, match_rule

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


def gate_of(model: SparseNet) -> frozenset[str] | None:
    """The "lemma|POS" keys of the nouns, names and adjectives the model scores (None: all of them)."""
    if "gate" not in model.extra:
        gate = model.meta.get("gate")
        model.extra["gate"] = frozenset(gate) if isinstance(gate, list) else None
    gate_set = model.extra["gate"]
    return gate_set if isinstance(gate_set, frozenset) else None


def score_tokens(v: DocView, model: SparseNet) -> tuple[list[int], np.ndarray]:
    """The candidate tokens and their class probabilities."""
    cands, feats, dense = trigger_rows(v, gate_of(model))
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
    found: dict[int, Trigger] = {}
    for k, i in enumerate(cands):
        p = probs[k]
        q = p.copy()
        q[none] = -1.0
        etype = model.classes[int(q.argmax())]
        if p[none] >= per_type.get(etype, base):
            continue
        tok = v.doc[i]
        if etype in VIOLENT and depicted(tok, v.lex):
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
            host.first, host.last = min(host.first, i), max(host.last, i)
            host.score = max(host.score, t.score)
            continue
        out[i] = t
    return sorted(out.values(), key=lambda t: t.first)
