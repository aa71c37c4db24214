"""Candidate arguments of a trigger and their features for the learned role model (actor, target, place).

Candidates are the nominal tokens of the trigger's sentence (nouns, names, pronouns, and any token an
entity record covers, e.g. the demonym "Russian"); the model reads the dependency path from the trigger
to the candidate ("vnsubj", "vagent vpobj", "^dobj vnsubj"), so the roles come from the predicate-argument
structure, not from the nearest name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsledger.stages.events.features import DocView

if TYPE_CHECKING:
    from newsledger.stages.events.wordvecs import WordVectors

ARG_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
# Role classes of the model: actor, target, place, none.
ACTOR, TARGET, WHERE, NO_ROLE = "A", "T", "W", "O"
PATH_LIMIT = 5
NAME_DEPS = frozenset({"compound", "flat"})


def arg_candidates(v: DocView, trig: int) -> list[int]:
    """Nominal tokens of the trigger's sentence (name-internal words left out: 'Vladimir' of 'Vladimir Putin')."""
    start = v.sent_start[trig]
    end = start
    while end < v.n and v.sent_start[end] == start:
        end += 1
    out = []
    for i in range(start, end):
        if i == trig:
            continue
        covered = v.index.by_token.get(i) is not None or bool(v.ent_type[i])
        if v.pos[i] not in ARG_POS and not covered:
            continue
        h = v.head[i]
        if v.dep[i] in NAME_DEPS and h != i and v.pos[h] == "PROPN" and v.pos[i] == "PROPN":
            continue
        out.append(i)
    return out


def _bucket(d: int) -> str:
    return str(d) if d <= 3 else "4-6" if d <= 6 else "7-12" if d <= 12 else "far"


def role_features(v: DocView, trig: int, cand: int, etype: str, vectors: WordVectors | None = None) -> list[str]:
    """Features of one (trigger, candidate argument) pair."""
    path = v.dep_path(trig, cand, PATH_LIMIT) or "far"
    steps = path.split()
    tpos = v.pos[trig]
    passive = any(v.dep[c] in ("auxpass", "nsubjpass") for c in v.children[trig])
    ent = v.index.by_token.get(cand)
    f = [f"path={path}", f"pt={path}|{tpos}", f"py={path}|{etype}", f"pp={path}|{passive}", f"first={steps[0]}",
         f"last={steps[-1]}", f"len={len(steps)}", f"cd={v.dep[cand]}", f"cp={v.pos[cand]}", f"ce={v.ent_of(cand)}",
         f"cent={ent.type if ent else '-'}|{v.pos[cand]}", f"dir={'L' if cand < trig else 'R'}|{tpos}",
         f"dist={_bucket(abs(cand - trig))}", f"tp={tpos}|{v.dep[trig]}", f"type={etype}", f"tl={v.lemma[trig]}|{path}",
         f"cl={v.lemma[cand]}", f"pass={passive}|{path}", f"ty={etype}|{steps[0]}",
         f"pe={path}|{v.ent_of(cand)}", f"fe={steps[0]}|{v.ent_of(cand)}|{tpos}"]
    if v.pos[cand] == "PRON":
        f.append(f"pron={v.lower[cand]}")
    if len(steps) > 1:
        f.append(f"last2={' '.join(steps[-2:])}")
    h = v.head[cand]
    if h != cand and v.dep[h] == "prep":
        f.append(f"prep={v.lemma[h]}|{tpos}|{etype}")
    if v.in_quote[cand] != v.in_quote[trig]:
        f.append("quote_edge")
    if vectors is not None:
        rows = v.vec_rows(vectors)
        ck, tk = vectors.cluster(rows[cand]), vectors.cluster(rows[trig])
        f += [f"ck={ck}", f"ckf={ck}|{steps[0]}", f"tkf={tk}|{steps[0]}", f"ckt={ck}|{etype}"]
    return f


def role_rows(v: DocView, trig: int, etype: str, vectors: WordVectors | None = None) -> tuple[list[int], list[list[str]]]:
    """The candidate arguments of one trigger and their features (with ``vectors``: also the word clusters of
    the candidate and the trigger, alone and with the path's first step)."""
    cands = arg_candidates(v, trig)
    return cands, [role_features(v, trig, c, etype, vectors) for c in cands]
