"""Features of the learned events models, read from the one spaCy parse (no second parse).

One ``DocView`` per document holds the token columns (``Doc.to_array``), paragraph and quote positions
and the entity records by token; the trigger, role and factuality models read their features from it.
Features are strings ("l=attack", "dep=dobj"): the model's vocabulary maps them to columns, unseen ones
are ignored. The dense part of a trigger row is ``doc.tensor`` (the small model's tok2vec output, computed
by the same pass).
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

import numpy as np
from spacy.attrs import ENT_TYPE, HEAD, IS_TITLE, SENT_START

from newsledger.runtime.quotemarks import inside_quote_marks
from newsledger.runtime.tokcols import strings_of, token_columns
from newsledger.stages.events.lexicon import Lexicon
from newsledger.stages.events.rules import is_demand_content, is_generic, match_rule, part_of_other
from newsledger.stages.events.scan import trigger_tokens

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsledger.registry import Context
    from newsledger.stages.events.roles import EntityIndex
    from newsledger.stages.events.wordvecs import WordVectors

# Coarse parts of speech that can carry an event trigger ("attacked", "talks", "ceasefire", "critical").
TRIGGER_POS = frozenset({"VERB", "NOUN", "PROPN", "ADJ"})
# Dependents whose label and word describe a trigger ("called *for*", "*no* talks", "*will* meet").
WORD_DEPS = frozenset({"prep", "prt", "aux", "auxpass", "neg", "det", "mark", "advmod", "dobj", "acomp", "xcomp", "agent"})
ROLE_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss", "compound", "amod", "agent", "dative", "attr", "appos"})
# Named-entity labels whose words are names, not events (EVENT names such as "the Iraq War" may be events).
NAME_ENTS = frozenset({"ORG", "FAC", "LAW", "WORK_OF_ART", "PRODUCT", "PERSON", "GPE", "LOC", "NORP", "LANGUAGE",
                       "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
# Width of doc.tensor in the small English model (its tok2vec output).
TENSOR_WIDTH = 96
# Dependents whose word cluster describes a trigger ("*troops* attacked", "attacked the *convoy*").
CLUSTER_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "agent", "prep", "xcomp", "ccomp", "pobj"})


class DocView:
    """Token columns and positions of one parsed document, computed once and shared by the models."""

    def __init__(self, ctx: Context, index: EntityIndex, lex: Lexicon) -> None:
        doc: Doc = ctx.doc
        self.ctx = ctx
        self.doc = doc
        self.index = index
        self.lex = lex
        n = len(doc)
        self.n = n
        arr = doc.to_array([HEAD, ENT_TYPE, IS_TITLE, SENT_START]) if n else np.zeros((0, 4), dtype=np.uint64)
        c = token_columns(doc)  # the string columns, shared with the other stages (runtime/tokcols.py)
        heads = (arr[:, 0].view(np.int64) + np.arange(n)).tolist() if n else []
        cols = arr.view(np.int64).T.tolist() if n else [[] for _ in range(4)]  # int64: cheaper lists of hashes
        self.pos = c.pos
        self.tag = c.tag
        self.dep = c.dep
        self.lemma = c.lemma_lower
        self.lower = c.lower
        self.head: list[int] = heads
        self.ent_type = strings_of(doc, cols[1])
        self.title = [bool(x) for x in cols[2]]
        self.idx: list[int] = c.idx
        self.children: list[list[int]] = [[] for _ in range(n)]
        for i, h in enumerate(self.head):
            if h != i:
                self.children[h].append(i)
        self.sent_start = [0] * n
        self.sent_no = [0] * n
        start, k = 0, 0
        for i, flag in enumerate(cols[3]):
            if i and flag == 1:
                start, k = i, k + 1
            self.sent_start[i] = start
            self.sent_no[i] = k
        self._paragraphs(ctx.text)
        self._quotes(ctx)
        self._vec_rows: list[int] | None = None

    def _paragraphs(self, text: str) -> None:
        """Paragraph number of each token (blank-line or line separated), counting only non-removed ones."""
        starts = [0]
        pos = text.find("\n")
        while pos >= 0:
            starts.append(pos + 1)
            pos = text.find("\n", pos + 1)
        kept: list[int] = []
        for k, st in enumerate(starts):
            end = starts[k + 1] - 1 if k + 1 < len(starts) else len(text)
            if text[st:end].strip() and not self.ctx.removed_at(st, max(end, st + 1)):
                kept.append(st)
        self.para_no = [max(0, bisect.bisect_right(kept, i) - 1) if kept and i >= kept[0] else -1 for i in self.idx]

    def _quotes(self, ctx: Context) -> None:
        """Which tokens are inside quote marks, and inside the content of a quote record."""
        n = self.n
        self.in_marks = inside_quote_marks(self.lower)
        self.in_quote = [False] * n
        for q in ctx.analysis.quotes:
            for i in range(bisect.bisect_left(self.idx, q.content.start), bisect.bisect_left(self.idx, q.content.end)):
                self.in_quote[i] = True

    def vec_rows(self, vectors: WordVectors) -> list[int]:
        """The word-vector table row of each token's lemma (looked up once per document)."""
        if self._vec_rows is None:
            self._vec_rows = vectors.rows_of(self.lemma)
        return self._vec_rows

    def ent_of(self, i: int) -> str:
        """The entity type of a token: the entities stage's record, else spaCy's NER label, else ''."""
        ent = self.index.by_token.get(i)
        return ent.type if ent is not None else self.ent_type[i]

    def candidates(self, gate: frozenset[str] | None = None) -> list[int]:
        """Tokens that can be triggers: a trigger part of speech, outside removed text, and (unless a verb) not
        inside a name ("the Peace Talks Secretariat"); with a ``gate``, nouns, names and adjectives only when
        their "lemma|POS" is in it (verbs always)."""
        ctx = self.ctx
        out = []
        for i, p in enumerate(self.pos):
            w = self.lower[i]
            if p not in TRIGGER_POS or not (w.isalpha() or "-" in w):
                continue
            if p != "VERB" and (self.ent_type[i] in NAME_ENTS or (gate is not None and f"{self.lemma[i]}|{p}" not in gate)):
                continue
            if not ctx.removed_at(self.idx[i], self.idx[i] + 1):
                out.append(i)
        return out

    def dep_path(self, a: int, b: int, limit: int = 4) -> str | None:
        """The dependency path from token a to token b ('^nsubj' up, 'vdobj' down), None when longer than limit."""
        up_a = [a]
        while self.head[up_a[-1]] != up_a[-1] and len(up_a) <= limit:
            up_a.append(self.head[up_a[-1]])
        up_b = [b]
        while self.head[up_b[-1]] != up_b[-1] and len(up_b) <= limit:
            up_b.append(self.head[up_b[-1]])
        common = next((x for x in up_a if x in up_b), None)
        if common is None:
            return None
        ia, ib = up_a.index(common), up_b.index(common)
        if ia + ib > limit:
            return None
        ups = ["^" + self.dep[x] for x in up_a[:ia]]
        downs = ["v" + (self.lower[x] if self.dep[x] == "prep" else self.dep[x]) for x in reversed(up_b[:ib])]
        return " ".join(ups + downs)


def trigger_features(v: DocView, i: int, lex_type: str | None, seen: int, flags: str) -> list[str]:
    """The sparse features of one candidate trigger token (``seen``: earlier tokens of the document with its
    lemma; ``flags``: the lexicon rules' verdicts, e.g. 'generic')."""
    lem, pos, dep = v.lemma[i], v.pos[i], v.dep[i]
    h = v.head[i]
    f = [f"l={lem}", f"w={v.lower[i]}", f"p={pos}", f"t={v.tag[i]}", f"d={dep}", f"lp={lem}|{pos}", f"ld={lem}|{dep}",
         f"hl={v.lemma[h]}|{dep}", f"hp={v.pos[h]}|{dep}", f"hd={v.dep[h]}", f"lex={lex_type}",
         f"ent={v.ent_of(i)}", f"title={v.title[i] and v.sent_start[i] != i}", f"seen={min(seen, 2)}",
         f"seen_p={min(seen, 2)}|{pos}", f"flags={flags}", f"lex_flags={lex_type}|{flags}"]
    if i > 0:
        f += [f"l-1={v.lemma[i - 1]}", f"p-1={v.pos[i - 1]}"]
    if i + 1 < v.n:
        f += [f"l+1={v.lemma[i + 1]}", f"p+1={v.pos[i + 1]}"]
    for c in v.children[i]:
        cd = v.dep[c]
        f.append(f"c={cd}")
        if cd in WORD_DEPS:
            f.append(f"cw={cd}|{v.lemma[c]}")
            if cd == "prep" and v.children[c]:
                po = v.children[c][0]
                f.append(f"pe={v.lemma[c]}|{v.ent_of(po)}")
        if cd in ("nsubj", "nsubjpass", "dobj", "poss", "compound", "agent"):
            f.append(f"ce={cd}|{v.ent_of(c)}")
            if cd != "compound":
                f.append(f"cl={cd}|{v.lemma[c]}")
    if h != i and v.dep[h] in ("prep", "agent") and v.head[h] != h:  # "the *attack* on X" / "talks *with*"
        f.append(f"via={v.lemma[h]}|{v.lemma[v.head[h]]}")
    elif h != i and v.head[h] != h:
        f.append(f"hh={v.lemma[v.head[h]]}|{v.dep[h]}")
    para = v.para_no[i]
    f += [f"para={min(para, 3)}", f"quote={v.in_quote[i]}|{v.in_marks[i]}", f"sent0={v.sent_start[i] == i}"]
    ent = v.ent_type[i]
    if ent:
        f.append(f"inent={ent}|{dep}")
    return f


def object_of(v: DocView, i: int) -> int:
    """The token's object ("attacked the *convoy*", "the attack on the *convoy*"), else its subject, else itself."""
    best, rank = i, 9
    for c in v.children[i]:
        cd = v.dep[c]
        if cd == "prep" and v.children[c] and rank > 1:
            best, rank = v.children[c][0], 1
        elif cd in ("dobj", "nsubjpass") and rank > 0:
            best, rank = c, 0
        elif cd in ("nsubj", "agent") and rank > 2:
            best, rank = c, 2
    return best


def cluster_features(v: DocView, i: int, vectors: WordVectors) -> list[str]:
    """Word-cluster features of a candidate: its own, its head's and its dependents' clusters."""
    rows = v.vec_rows(vectors)
    k = vectors.cluster
    h = v.head[i]
    f = [f"k={k(rows[i])}", f"kp={k(rows[i])}|{v.pos[i]}", f"hk={k(rows[h])}|{v.dep[i]}"]
    f += [f"ck={v.dep[c]}|{k(rows[c])}" for c in v.children[i] if v.dep[c] in CLUSTER_DEPS]
    return f


def vector_rows(v: DocView, cands: list[int], vectors: WordVectors) -> np.ndarray:
    """The word vectors of each candidate, its head and its object, side by side."""
    rows = v.vec_rows(vectors)
    idx = [[rows[i] for i in cands], [rows[v.head[i]] for i in cands], [rows[object_of(v, i)] for i in cands]]
    return np.hstack([vectors.vectors[r] for r in idx])


def trigger_rows(v: DocView, gate: frozenset[str] | None = None,
                 vectors: WordVectors | None = None) -> tuple[list[int], list[list[str]], np.ndarray]:
    """Every candidate trigger of the document (see ``DocView.candidates``) with its sparse features and the
    tok2vec rows of the token and its head (with ``vectors``: also word-cluster features and the word vectors
    of the token, its head and its object)."""
    lex = v.lex
    ruled = set(trigger_tokens(v.doc, lex, lex.cue("demand_verbs")))
    cands = v.candidates(gate)
    rules = {i: match_rule(v.doc[i], lex) for i in cands if i in ruled}
    triggers = {i for i, r in rules.items() if r is not None}
    feats = []
    seen: dict[str, int] = {}
    for i in cands:
        rule = rules.get(i)
        flags = "-"
        if rule is not None:
            tok = v.doc[i]
            flags = "generic" if is_generic(tok, lex) else "content" if is_demand_content(tok, lex) else \
                "object" if part_of_other(tok, triggers, lex) else "free"
        n = seen.get(v.lemma[i], 0)
        seen[v.lemma[i]] = n + 1
        feats.append(trigger_features(v, i, rule.type if rule else None, n, flags))
        if vectors is not None:
            feats[-1] += cluster_features(v, i, vectors)
    dense = tensor_rows(v, cands)
    if not cands:
        return cands, feats, np.zeros((0, 2 * TENSOR_WIDTH + (3 * vectors.width if vectors else 0)), dtype=np.float32)
    parts = [dense, tensor_rows(v, [v.head[i] for i in cands])]
    if vectors is not None:
        parts.append(vector_rows(v, cands, vectors))
    return cands, feats, np.hstack(parts)


def tensor_rows(v: DocView, rows: list[int]) -> np.ndarray:
    """The tok2vec rows of the given tokens (zeros when the pipeline left ``doc.tensor`` empty)."""
    t = v.doc.tensor
    if t is None or t.shape[0] != v.n or not rows:
        return np.zeros((len(rows), TENSOR_WIDTH), dtype=np.float32)
    return np.asarray(t[rows], dtype=np.float32)
