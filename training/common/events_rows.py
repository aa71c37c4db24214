"""Training rows of the events models from an annotation round: gold offsets aligned to the one parse."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from common.events_docs import RoundDoc
from newsledger.stages.events.features import DocView, trigger_rows
from newsledger.stages.events.lexicon import load_lexicon
from newsledger.stages.events.roles import EntityIndex
from newsledger.stages.events.wordvecs import WordVectors

NONE = "O"
NULL_ROW = "N"  # the label of a trigger's 'no argument' row in the listwise role rows


@dataclass
class Rows:
    """Feature rows with labels; ``groups`` is the document number of each row (for grouped folds)."""

    feats: list[list[str]] = field(default_factory=list)
    dense: list[np.ndarray] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)
    sets: list[int] = field(default_factory=list)  # the trigger of each row of a listwise role model

    def dense_matrix(self) -> np.ndarray:
        """The dense rows stacked (no columns when the rows have none)."""
        return np.vstack(self.dense) if self.dense else np.zeros((len(self.feats), 0), dtype=np.float32)


def view_of(rd: RoundDoc) -> DocView:
    """The events stage's view of a round document."""
    lex = load_lexicon()
    return DocView(rd.ctx, EntityIndex(rd.ctx.doc, rd.ctx.analysis.entities, lex), lex)


def tokens_in(v: DocView, start: int, end: int) -> list[int]:
    """Tokens overlapping [start, end)."""
    return [i for i in range(v.n) if v.idx[i] < end and v.idx[i] + len(v.doc[i]) > start]


def head_token(v: DocView, span: list[int] | tuple[int, int] | None) -> int | None:
    """The syntactic head of a gold span: its token whose head lies outside it (the first such token)."""
    if not span:
        return None
    toks = tokens_in(v, span[0], span[1])
    inside = set(toks)
    roots = [i for i in toks if v.head[i] not in inside or v.head[i] == i]
    return roots[0] if roots else (toks[0] if toks else None)


def gold_heads(v: DocView, rec: dict[str, Any]) -> tuple[dict[int, str], set[int]]:
    """Head token -> type of every gold trigger and later mention, and the other tokens of those spans."""
    heads: dict[int, str] = {}
    inside: set[int] = set()
    for ev in rec.get("events", []):
        for span in [ev["trigger"], *ev.get("mentions", [])]:
            h = head_token(v, span)
            if h is None:
                continue
            heads.setdefault(h, ev["type"])
            inside.update(tokens_in(v, span[0], span[1]))
    return heads, inside - set(heads)


def trigger_data(docs: list[RoundDoc], gate: frozenset[str] | None = None, vectors: WordVectors | None = None) -> Rows:
    """One row per candidate trigger token; tokens inside a gold trigger other than its head are left out."""
    rows = Rows()
    for k, rd in enumerate(docs):
        v = view_of(rd)
        heads, skip = gold_heads(v, rd.gold)
        cands, feats, dense = trigger_rows(v, gate, vectors)
        for j, (i, f) in enumerate(zip(cands, feats, strict=True)):
            if i in skip:
                continue
            rows.feats.append(f)
            rows.dense.append(dense[j])
            rows.labels.append(heads.get(i, NONE))
            rows.groups.append(k)
    return rows


def trigger_gate(docs: list[RoundDoc], vectors: WordVectors | None = None, near: float = 0.0) -> frozenset[str]:
    """"lemma|POS" of every gold trigger head and every lexicon trigger lemma (as noun, name and adjective); with
    ``vectors`` and ``near`` > 0, also the words whose vector has at least that cosine with a gold noun or
    adjective trigger of the train split (as that part of speech)."""
    keys: set[str] = set()
    for rd in docs:
        v = view_of(rd)
        heads, _ = gold_heads(v, rd.gold)
        keys.update(f"{v.lemma[i]}|{v.pos[i]}" for i in heads)
    if vectors is not None and near > 0:
        keys |= neighbours(keys, vectors, near)
    lex = load_lexicon()
    for lemma, _pos in lex.triggers:
        keys.update(f"{lemma}|{p}" for p in ("NOUN", "PROPN", "ADJ"))
    return frozenset(keys)


def neighbours(keys: set[str], vectors: WordVectors, near: float) -> set[str]:
    """"word|POS" of the table's words within cosine ``near`` of a noun or adjective key's lemma."""
    words = sorted(vectors.row, key=vectors.row.__getitem__)
    out: set[str] = set()
    for pos in ("NOUN", "ADJ"):
        lemmas = [k.split("|")[0] for k in keys if k.endswith(f"|{pos}") and k.split("|")[0] in vectors.row]
        if not lemmas:
            continue
        sims = vectors.vectors[:-1] @ vectors.vectors[vectors.rows_of(lemmas)].T
        out.update(f"{words[j]}|{pos}" for j in np.flatnonzero(sims.max(axis=1) >= near))
    return out


def role_data(docs: list[RoundDoc], vectors: WordVectors | None = None, listwise: bool = False,
              extended: bool = False) -> Rows:
    """One row per (gold trigger, candidate argument) of the trigger's sentence: actor, target, place or none
    (``listwise``: plus each trigger's 'no argument' row, labelled ``NULL_ROW``, and the trigger in ``sets``;
    ``extended``: the r2 features and the word vectors of candidate and trigger as dense rows)."""
    from newsledger.stages.events.argfeatures import ACTOR, NO_ROLE, TARGET, WHERE, role_dense, role_rows

    rows = Rows()
    n_sets = 0
    for k, rd in enumerate(docs):
        v = view_of(rd)
        for ev in rd.gold.get("events", []):
            trig = head_token(v, ev["trigger"])
            if trig is None:
                continue
            want = {}
            for key, label in (("where_mention", WHERE), ("target_mention", TARGET), ("actor_mention", ACTOR)):
                h = head_token(v, ev.get(key))
                if h is not None:
                    want[h] = label
            cands, feats = role_rows(v, trig, ev["type"], vectors, listwise, extended)
            if extended and vectors is not None and cands:
                rows.dense.extend(role_dense(v, trig, cands, vectors, listwise))
            labels = [want.get(i, NO_ROLE) for i in cands] + [NULL_ROW] * (len(feats) - len(cands))
            for f, label in zip(feats, labels, strict=True):
                rows.feats.append(f)
                rows.labels.append(label)
                rows.groups.append(k)
                rows.sets.append(n_sets)
            n_sets += 1
    return rows


def context_of(rd: RoundDoc) -> tuple[DocView, Any, Any]:
    """The document view, timex index and attribution finder of one round document."""
    from newsledger.stages.events.context import Attribution, TimexIndex

    v = view_of(rd)
    ctx = rd.ctx
    timexes = TimexIndex(ctx.doc, ctx.analysis.timexes)
    return v, timexes, Attribution(ctx.analysis.quotes, v.index, timexes, v.lex, ctx.document.published)


def modality_data(docs: list[RoundDoc], dates: bool = False) -> Rows:
    """One row per gold trigger: its factuality features and the annotated modality (or, with ``dates``,
    its date features and the option the gold date is)."""
    from newsledger.stages.events.assemble import event_context
    from newsledger.stages.events.dates import SOURCES

    rows = Rows()
    for k, rd in enumerate(docs):
        v, timexes, attribution = context_of(rd)
        for ev in rd.gold.get("events", []):
            toks = tokens_in(v, *ev["trigger"])
            trig = head_token(v, ev["trigger"])
            if trig is None:
                continue
            c = event_context(v, trig, ev["type"], min(toks), max(toks), timexes, attribution)
            if dates:
                gold = ev.get("when")
                label = "none" if not gold else next((s for s in SOURCES if c.options.values.get(s) is not None
                                                      and c.options.values[s].value == gold), None)
                if label is None:  # the gold date is none of the options: nothing to learn from this row
                    continue
                rows.feats.append(c.date_features)
                rows.labels.append(label)
            else:
                rows.feats.append(c.mood_features)
                rows.labels.append(ev.get("modality", "asserted"))
            rows.groups.append(k)
    return rows


def date_data(docs: list[RoundDoc]) -> Rows:
    """One row per gold trigger whose gold date is one of the options (or none): the option it is."""
    return modality_data(docs, dates=True)


def corefer_data(docs: list[RoundDoc], models: dict[str, Any]) -> Rows:
    """Same-type pairs of gold mentions (triggers and later mentions): 1 when they are one annotated event."""
    from newsledger.stages.events.assemble import build_all
    from newsledger.stages.events.corefer import pairs
    from newsledger.stages.events.detect import Trigger

    rows = Rows()
    for k, rd in enumerate(docs):
        v, timexes, attribution = context_of(rd)
        event_of: dict[int, int] = {}
        triggers = []
        for n, ev in enumerate(rd.gold.get("events", [])):
            for span in [ev["trigger"], *ev.get("mentions", [])]:
                h = head_token(v, span)
                if h is None or h in event_of:
                    continue
                event_of[h] = n
                triggers.append(Trigger(h, h, h, ev["type"], 1.0))
        cands = sorted(build_all(v, triggers, models, timexes, attribution), key=lambda c: c.start)
        for a, b, feats in pairs(v, cands):
            rows.feats.append(feats)
            rows.labels.append("1" if event_of[cands[a].tok.i] == event_of[cands[b].tok.i] else "0")
            rows.groups.append(k)
    return rows
