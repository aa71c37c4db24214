"""The event-type model: the PLOVER type of a trigger the tagger has found, from richer features of the one parse.

The trigger model (``detect.py``) decides both whether a token is an event and which type it is; this model only
types, so all of its capacity goes to telling types apart. It is fitted on the gold triggers of the training rounds
(``training/events_typer.py``) and reads the trigger's lemma and its derivations, the head lemmas of its object,
subject and prepositional dependents, its negation and modal words, the other event words of its sentence, the
lexicon's type, and the word vectors of the trigger, its head, its object and its subject. At run time the type
distribution of each token the tagger may keep is replaced by a log-linear mix of the tagger's and this model's;
the none-probability, and so detection, is left as it is.
"""

from __future__ import annotations

import numpy as np

from newsledger.stages.events.features import TENSOR_WIDTH, DocView, tensor_rows
from newsledger.stages.events.model import SparseNet
from newsledger.stages.events.rules import match_rule
from newsledger.stages.events.scan import trigger_tokens
from newsledger.stages.events.wordvecs import WordVectors, load_wordvecs

NONE = "O"
# Lengths of the lemma prefixes that stand for its derivations ("negotiate", "negotiation", "negotiator" share "negot").
PREFIXES = (4, 5, 6)
# Dependents whose head lemma tells the type ("attacked the *convoy*", "*protesters* marched", "talks *with*").
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "agent"})
OBJECT_DEPS = frozenset({"dobj", "attr", "dative", "oprd"})
CONTEXT_DEPS = frozenset({"neg", "aux", "auxpass", "advmod", "prt", "acomp", "xcomp", "ccomp", "mark", "det"})
# The mix's weight of this model when the model file names none (meta "mix"; tuned on dev by the training command).
DEFAULT_MIX = 0.5


def subject_of(v: DocView, i: int) -> int | None:
    """The token's subject (or passive agent's object), climbing to the verb a noun or infinitive depends on."""
    for t in (i, v.head[i]):
        for c in v.children[t]:
            if v.dep[c] in ("nsubj", "nsubjpass"):
                return c
            if v.dep[c] == "agent" and v.children[c]:
                return v.children[c][0]
    return None


def direct_object(v: DocView, i: int) -> int | None:
    """The token's direct object or attribute, else the object of its first preposition."""
    preps = []
    for c in v.children[i]:
        if v.dep[c] in OBJECT_DEPS:
            return c
        if v.dep[c] == "prep" and v.children[c]:
            preps.append(v.children[c][0])
    return preps[0] if preps else None


def sentence_events(v: DocView, ruled: set[int]) -> dict[int, list[tuple[str, str]]]:
    """Per sentence number, the (lemma, lexicon type) of its tokens the lexicon makes triggers."""
    out: dict[int, list[tuple[str, str]]] = {}
    for j in sorted(ruled):
        rule = match_rule(v.doc[j], v.lex)
        if rule is not None:
            out.setdefault(v.sent_no[j], []).append((v.lemma[j], rule.type))
    return out


def type_features(v: DocView, i: int, lex_type: str | None, others: list[tuple[str, str]],
                  vectors: WordVectors | None) -> list[str]:
    """The sparse features of one trigger token for the type model."""
    lem, pos, dep = v.lemma[i], v.pos[i], v.dep[i]
    h = v.head[i]
    f = [f"l={lem}", f"w={v.lower[i]}", f"lp={lem}|{pos}", f"t={v.tag[i]}", f"lex={lex_type}", f"lexp={lex_type}|{pos}",
         f"hl={v.lemma[h]}|{dep}", f"hp={v.pos[h]}", f"quote={v.in_quote[i]}", f"ent={v.ent_of(i)}"]
    f += [f"pre{k}={lem[:k]}" for k in PREFIXES if len(lem) > k]
    for c in v.children[i]:
        cd, cl = v.dep[c], v.lemma[c]
        if cd in SUBJECT_DEPS:
            f += [f"subj={cl}", f"subj_e={v.ent_of(c)}", f"l_subj_e={lem}|{v.ent_of(c)}"]
        elif cd in OBJECT_DEPS:
            f += [f"obj={cl}", f"obj_e={v.ent_of(c)}", f"l_obj={lem}|{cl}", f"l_obj_e={lem}|{v.ent_of(c)}"]
        elif cd == "prep":
            f.append(f"prep={cl}")
            f.append(f"l_prep={lem}|{cl}")
            for o in v.children[c][:1]:
                f += [f"pobj={cl}|{v.lemma[o]}", f"pobj_e={cl}|{v.ent_of(o)}"]
        elif cd in ("compound", "amod", "nmod", "poss"):
            f.append(f"mod={cd}|{v.lemma[c]}")
        if cd in CONTEXT_DEPS:
            f.append(f"ctx={cd}|{cl}")
    if h != i:
        f.append(f"hh={v.lemma[v.head[h]]}|{v.dep[h]}")
    subj = subject_of(v, i) if h != i else None
    if subj is not None and v.head[subj] != i:
        f += [f"hsubj={v.lemma[subj]}", f"hsubj_e={v.ent_of(subj)}"]
    for other, otype in others:
        if other != lem:
            f += [f"sl={other}", f"st={otype}"]
    if vectors is not None:
        k = vectors.cluster
        rows = v.vec_rows(vectors)
        f += [f"k={k(rows[i])}", f"hk={k(rows[h])}|{dep}", f"lk={lem}|{k(rows[h])}"]
    return f


def type_dense(v: DocView, toks: list[int], vectors: WordVectors) -> np.ndarray:
    """The word vectors of each token, its head, its object and its subject, and its tok2vec row."""
    rows = v.vec_rows(vectors)
    zero = len(vectors.vectors) - 1

    def row(j: int | None) -> int:
        return rows[j] if j is not None else zero

    parts = [vectors.vectors[[rows[i] for i in toks]], vectors.vectors[[rows[v.head[i]] for i in toks]],
             vectors.vectors[[row(direct_object(v, i)) for i in toks]], vectors.vectors[[row(subject_of(v, i)) for i in toks]],
             tensor_rows(v, toks)]
    return np.hstack(parts).astype(np.float32)


def dense_width(vectors: WordVectors) -> int:
    """The number of dense columns of a type-model row."""
    return 4 * vectors.width + TENSOR_WIDTH


def type_rows(v: DocView, toks: list[int]) -> tuple[list[list[str]], np.ndarray]:
    """The type model's sparse features and dense columns of the given tokens."""
    vectors = load_wordvecs()
    if not toks:
        return [], np.zeros((0, dense_width(vectors)), dtype=np.float32)
    lex = v.lex
    ruled = set(trigger_tokens(v.doc, lex, lex.cue("demand_verbs")))
    by_sent = sentence_events(v, ruled)
    feats = []
    for i in toks:
        rule = match_rule(v.doc[i], lex) if i in ruled else None
        feats.append(type_features(v, i, rule.type if rule else None, by_sent.get(v.sent_no[i], []), vectors))
    return feats, type_dense(v, toks, vectors)


def retype(v: DocView, cands: list[int], probs: np.ndarray, tagger: SparseNet, typer: SparseNet,
           limit: float) -> np.ndarray:
    """The tagger's probabilities with the type part of every row whose none-probability is under ``limit``
    replaced by the normalised product tagger ** (1 - mix) * typer ** mix; the none-probability is kept."""
    none = tagger.class_index[NONE]
    keep = [k for k in range(len(cands)) if probs[k, none] < limit]
    if not keep:
        return probs
    feats, dense = type_rows(v, [cands[k] for k in keep])
    typed = typer.scores(feats, dense if typer.dense_width else None)
    cols = [tagger.class_index[c] for c in typer.classes]
    mix = float(typer.meta.get("mix", DEFAULT_MIX))  # type: ignore[arg-type]
    out = probs.copy()
    for row, k in enumerate(keep):
        mass = 1.0 - probs[k, none]
        t = probs[k, cols] / max(mass, 1e-9)
        logp = (1.0 - mix) * np.log(np.maximum(t, 1e-9)) + mix * np.log(np.maximum(typed[row], 1e-9))
        p = np.exp(logp - logp.max())
        out[k, cols] = mass * p / p.sum()
    return out
