"""Candidate arguments of a trigger and their features for the learned role model (actor, target, place).

Candidates are the nominal tokens of the trigger's sentence (nouns, names, pronouns, and any token an
entity record covers, e.g. the demonym "Russian"); the model reads the dependency path from the trigger
to the candidate ("vnsubj", "vagent vpobj", "^dobj vnsubj"), so the roles come from the predicate-argument
structure, not from the nearest name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from newsledger.stages.events.features import DocView

if TYPE_CHECKING:
    from newsledger.stages.events.wordvecs import WordVectors

ARG_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
# Role classes of the model: actor, target, place, none.
ACTOR, TARGET, WHERE, NO_ROLE = "A", "T", "W", "O"
PATH_LIMIT = 5
NAME_DEPS = frozenset({"compound", "flat"})
# Path steps that are dependency labels; any other step below a 'prep' is the preposition's word.
DEP_STEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "agent", "poss", "compound", "amod", "nmod", "appos",
                       "conj", "ccomp", "xcomp", "advcl", "acl", "relcl", "attr", "dative", "pcomp", "npadvmod",
                       "oprd", "csubj", "advmod", "dep", "prep", "nummod", "det", "acomp", "punct", "cc", "case"})


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


def general_path(steps: list[str]) -> str:
    """The path with every preposition as 'vprep' ('vby vpobj' -> 'vprep vpobj')."""
    return " ".join(s if s[0] == "^" or s[1:] in DEP_STEPS else "vprep" for s in steps)


def extended_features(v: DocView, trig: int, cand: int, etype: str, path: str, rank: int) -> list[str]:
    """The r2 role features: the path with prepositions generalised, entity type x event type, the path's up and
    down steps, its rank among the trigger's candidates (``rank`` have a shorter path), the trigger's lemma and
    the candidate's head with the first step."""
    steps = path.split()
    ups = sum(s[0] == "^" for s in steps)
    gen = general_path(steps) if path != "far" else path
    ent = v.index.by_token.get(cand)
    ce = ent.type if ent else v.ent_of(cand) or "-"
    return [f"gp={gen}", f"gpy={gen}|{etype}", f"gpe={gen}|{ce}", f"cey={ce}|{etype}", f"ud={ups}|{len(steps) - ups}",
            f"rank={min(rank, 3)}|{steps[0]}", f"tlf={v.lemma[trig]}|{steps[0]}",
            f"chl={v.lemma[v.head[cand]]}|{v.dep[cand]}", f"fly={steps[0]}|{steps[-1]}|{etype}"]


def role_features(v: DocView, trig: int, cand: int, etype: str, vectors: WordVectors | None = None,
                  path: str | None = None) -> list[str]:
    """Features of one (trigger, candidate argument) pair (``path``: the dependency path when already known)."""
    path = path or v.dep_path(trig, cand, PATH_LIMIT) or "far"
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


def role_rows(v: DocView, trig: int, etype: str, vectors: WordVectors | None = None, listwise: bool = False,
              extended: bool = False) -> tuple[list[int], list[list[str]]]:
    """The candidate arguments of one trigger and their features (with ``vectors``: also the word clusters of
    the candidate and the trigger, alone and with the path's first step; ``extended``: the r2 features;
    ``listwise``: one more row, the 'no argument' option, when there are candidates)."""
    cands = arg_candidates(v, trig)
    paths = [v.dep_path(trig, c, PATH_LIMIT) or "far" for c in cands]
    feats = [role_features(v, trig, c, etype, vectors, p) for c, p in zip(cands, paths, strict=True)]
    if extended:
        lengths = [PATH_LIMIT + 1 if p == "far" else p.count(" ") + 1 for p in paths]
        for f, c, p, n in zip(feats, cands, paths, lengths, strict=True):
            f += extended_features(v, trig, c, etype, p, sum(m < n for m in lengths))
    if listwise and cands:
        feats.append(null_features(v, trig, etype, len(cands)))
    return cands, feats


def role_dense(v: DocView, trig: int, cands: list[int], vectors: WordVectors, listwise: bool = False) -> np.ndarray:
    """The word vectors of each candidate and of the trigger, side by side (the role model's dense columns; the
    'no argument' row of ``listwise`` has the trigger's only)."""
    rows = v.vec_rows(vectors)
    table = vectors.vectors
    own = [rows[c] for c in cands] + ([len(table) - 1] if listwise and cands else [])
    return np.hstack([table[own], np.repeat(table[[rows[trig]]], len(own), axis=0)])


def null_features(v: DocView, trig: int, etype: str, n_cands: int) -> list[str]:
    """Features of the 'no argument' option of a trigger in the listwise role model: what the trigger's own
    dependents offer (a subject, an object, a 'by' or 'against' phrase), its part of speech, voice and type."""
    tpos = v.pos[trig]
    kids = sorted({v.lower[c] if v.dep[c] == "prep" else v.dep[c] for c in v.children[trig]})
    passive = "auxpass" in kids or "nsubjpass" in kids
    f = ["null", f"null|{etype}", f"null|{tpos}|{passive}", f"null|{v.lemma[trig]}", f"null|d={v.dep[trig]}|{tpos}",
         f"null|n={_bucket(n_cands)}", f"null|q={v.in_quote[trig]}"]
    f += [f"null|c={k}|{tpos}" for k in kids]
    f += [f"null|cy={k}|{etype}" for k in kids if k in ("nsubj", "nsubjpass", "dobj", "agent", "poss", "by", "against",
                                                        "with", "on", "of", "to", "dative")]
    return f


def listwise_probs(logits: np.ndarray) -> np.ndarray:
    """Per role column, the softmax over one trigger's candidates and its 'no argument' row (the last row),
    returned for the candidates only."""
    z = logits - logits.max(axis=0, keepdims=True)
    e = np.exp(z)
    return (e / e.sum(axis=0, keepdims=True))[:-1]
