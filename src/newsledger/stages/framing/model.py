"""A small token tagger for persuasion techniques trained on PTC: learned word-rate lexicons + a numpy MLP.

Each technique has its own model (see training/framing.py): for every token, the smoothed rate at
which its lowercase form, lemma and the bigrams it starts and ends were inside a span of that technique in
the PTC training articles (a learned loaded-word lexicon, stored as log-odds), the same for its two
neighbours, its part of speech and dependency label (and its neighbours' parts of speech) and a few
surface cues. A small ensemble of one-hidden-layer ReLU networks turns those into a probability that the
token lies in a span; spans are decoded from runs of probable tokens.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from io import BytesIO
from itertools import repeat
from typing import TYPE_CHECKING

import numpy as np

from newsledger.errors import NewsledgerError
from newsledger.runtime.quotemarks import inside_quote_marks
from newsledger.runtime.tokcols import token_columns

if TYPE_CHECKING:
    from spacy.tokens import Doc

MODEL_RESOURCE = "models/framing-ptc.npz"
# Universal POS tags and the dependency labels that are one-hot features; anything else is all zeros.
POS_TAGS = ("ADJ", "ADV", "NOUN", "VERB", "PROPN", "PRON", "DET", "ADP", "AUX", "CCONJ", "SCONJ", "NUM", "PART",
            "PUNCT", "INTJ", "X", "SYM", "SPACE")
DEP_LABELS = ("amod", "advmod", "ROOT", "dobj", "nsubj", "pobj", "compound", "acomp", "xcomp", "attr", "conj",
              "nmod", "ccomp", "advcl", "prep", "det", "neg", "npadvmod", "appos", "relcl", "dep")
# The word keys of the learned lexicons: form, lemma, and the bigrams ending and starting at the token.
TABLE_KEYS = ("lower", "lemma", "bigram_prev", "bigram_next")
# Pseudo-words padding bigrams at the document edges.
BOS, EOS = "<s>", "</s>"
# OpenBLAS runs a product single-threaded while m*n*k <= 65536 * GEMM_MULTITHREAD_THRESHOLD (4 by default).
BLAS_SINGLE_THREAD_MNK = 65536 * 4
POS_INDEX = {p: i for i, p in enumerate(POS_TAGS)}
DEP_INDEX = {d: i for i, d in enumerate(DEP_LABELS)}
N_FEATURES = len(TABLE_KEYS) * 6 + 3 * len(POS_TAGS) + len(DEP_LABELS) + 5 + 3


class FramingModelError(NewsledgerError):
    """The shipped framing model is missing or unreadable; re-create it with training/framing.py."""


@dataclass
class TokenView:
    """The token attributes the tagger reads, taken once from the spaCy Doc (no second parse)."""

    lower: list[str]
    lemma: list[str]
    pos: list[str]
    dep: list[str]
    upper_initial: list[bool]
    punct: list[bool]  # punctuation or whitespace token: never starts or ends a span
    sent_start: list[bool]
    sent_end: list[bool]
    attached: list[bool]  # glued to the next token, no whitespace between ("cut-of-his-jib")
    starts: list[int]
    ends: list[int]

    @classmethod
    def from_doc(cls, doc: Doc) -> TokenView:
        c = token_columns(doc)  # the Token attributes, read once per document (runtime/tokcols.py)
        n = len(c)
        space = c.is_space
        return cls(
            lower=list(c.lower),
            lemma=list(c.lemma_lower),
            pos=list(c.pos),
            dep=list(c.dep),
            upper_initial=[w[:1].isupper() for w in c.text],
            punct=[p or s for p, s in zip(c.is_punct, space, strict=True)],
            sent_start=list(c.sent_start),
            sent_end=list(c.sent_end),
            attached=[not c.space_after[i] and not space[i] and i + 1 < n and not space[i + 1] for i in range(n)],
            starts=list(c.idx),
            ends=[s + k for s, k in zip(c.idx, c.length, strict=True)],
        )

    def __len__(self) -> int:
        return len(self.lower)

    def words(self, key: str) -> list[str]:
        """The strings a lexicon of ``key`` is looked up with, one per token (computed once per view)."""
        cache = self.__dict__.setdefault("_word_cache", {})
        if key not in cache:
            cache[key] = self._words(key)
        return cache[key]  # type: ignore[no-any-return]

    def _words(self, key: str) -> list[str]:
        if key == "lower":
            return self.lower
        if key == "lemma":
            return self.lemma
        low = self.lower
        if key == "bigram_prev":
            return [(low[i - 1] if i else BOS) + " " + w for i, w in enumerate(low)]
        if key == "bigram_next":
            n = len(low)
            return [w + " " + (low[i + 1] if i + 1 < n else EOS) for i, w in enumerate(low)]
        raise KeyError(key)


class RateTable:
    """Learned lexicon: word -> (log-odds of being inside a technique span, log(1 + occurrences))."""

    def __init__(self, entries: dict[str, tuple[float, float]], default: tuple[float, float]) -> None:
        self.entries = entries
        self.default = default  # an unseen word: the prior log-odds, no occurrences
        self._index = {w: i for i, w in enumerate(entries)}
        self._values = np.array([*entries.values(), default], dtype=np.float32).reshape(len(entries) + 1, 2)

    def encode(self, words: list[str]) -> np.ndarray:
        """The (len(words), 2) encodings, the default row for unseen words."""
        rows = list(map(self._index.get, words, repeat(len(self._index), len(words))))  # no Python call per word
        return self._values[np.array(rows, dtype=np.int64).reshape(len(words))]


def _shifted(a: np.ndarray, k: int) -> np.ndarray:
    """Rows of ``a`` moved so that row i holds row i+k (zeros past the edges)."""
    out = np.zeros_like(a)
    if k > 0:
        out[:-k] = a[k:]
    else:
        out[-k:] = a[:k]
    return out


def in_quotes(view: TokenView) -> np.ndarray:
    """1.0 for tokens between double quotes (straight quotes toggle; curly ones open/close; reset per line)."""
    return np.asarray(inside_quote_marks(view.lower), dtype=np.float32)


def feature_matrix(view: TokenView, tables: dict[str, RateTable]) -> np.ndarray:
    """The (n_tokens, N_FEATURES) float32 features of every token."""
    n = len(view)
    cols: list[np.ndarray] = []
    for key in TABLE_KEYS:
        enc = tables[key].encode(view.words(key))
        cols += [enc, _shifted(enc, -1), _shifted(enc, 1)]
    return np.hstack([*cols, syntax_features(view), context_rates(view, cols[0])]).reshape(n, N_FEATURES)


def syntax_features(view: TokenView) -> np.ndarray:
    """Part of speech (own and neighbours'), dependency label and surface cues; the same for every
    technique, so computed once per view."""
    cache = view.__dict__.setdefault("_syntax", [])
    if cache:
        return cache[0]  # type: ignore[no-any-return]
    n = len(view)
    pos = np.zeros((n, len(POS_TAGS)), dtype=np.float32)
    dep = np.zeros((n, len(DEP_LABELS)), dtype=np.float32)
    rows = np.arange(n)
    pos_ix = [POS_INDEX.get(p, -1) for p in view.pos]
    dep_ix = [DEP_INDEX.get(d, -1) for d in view.dep]
    pos[rows, pos_ix] = 1.0
    dep[rows, dep_ix] = 1.0
    pos[np.array(pos_ix) < 0] = 0.0
    dep[np.array(dep_ix) < 0] = 0.0
    misc = np.stack(
        [
            in_quotes(view),
            np.array(view.upper_initial, dtype=np.float32),
            np.array(["-" in w for w in view.lower], dtype=np.float32),
            np.array([len(w) / 10 for w in view.lower], dtype=np.float32),
            np.array(["!" in w for w in view.lower], dtype=np.float32),
        ],
        axis=1,
    )
    out = np.hstack([pos, _shifted(pos, -1), _shifted(pos, 1), dep, misc])
    cache.append(out)
    return out


def context_rates(view: TokenView, enc: np.ndarray) -> np.ndarray:
    """How loaded the surroundings read: the mean learned log-odds of the words of the article and of the
    sentence, and the sentence's highest (articles and sentences with loaded wording tend to have more)."""
    n = len(view)
    words = ~np.array(view.punct, dtype=bool)
    rate = enc[:, 0]
    out = np.zeros((n, 3), dtype=np.float32)
    if n == 0:
        return out
    out[:, 0] = rate[words].mean() if words.any() else rate.mean()
    sent = np.cumsum(np.array(view.sent_start, dtype=np.int64)) - int(view.sent_start[0])
    k = int(sent[-1]) + 1
    counts = np.bincount(sent, weights=words, minlength=k)
    sums = np.bincount(sent, weights=np.where(words, rate, 0.0), minlength=k)
    highest = np.full(k, -np.inf)
    np.maximum.at(highest, sent[words], rate[words])
    has = counts > 0
    out[:, 1] = np.where(has, sums / np.maximum(counts, 1), 0.0)[sent]
    out[:, 2] = np.where(has, highest, 0.0)[sent]
    return out


@dataclass
class Mlp:
    """One hidden ReLU layer and a sigmoid output over standardised features."""

    w1: np.ndarray  # (N_FEATURES, hidden)
    b1: np.ndarray  # (hidden,)
    w2: np.ndarray  # (hidden,)
    b2: float

    def logits(self, x: np.ndarray) -> np.ndarray:
        return np.maximum(0.0, x @ self.w1 + self.b1) @ self.w2 + self.b2


@dataclass
class TechniqueModel:
    """Everything one technique needs: its lexicons, feature scaling, networks and span thresholds."""

    technique: str
    tables: dict[str, RateTable]
    mean: np.ndarray
    scale: np.ndarray
    members: list[Mlp]
    hi: float  # a span is seeded at a token with p >= hi ...
    lo: float  # ... and grown over neighbours with p >= lo
    dev: dict[str, float] = field(default_factory=dict)

    def probabilities(self, view: TokenView) -> np.ndarray:
        """Probability per token (the ensemble's mean) of lying inside a span of this technique."""
        if len(view) == 0:
            return np.zeros(0, dtype=np.float32)
        x = (feature_matrix(view, self.tables) - self.mean) / self.scale
        w1, b1, w2, b2 = self.stacked()
        # row blocks small enough that OpenBLAS stays on one thread: its threads spin-wait and, on a busy
        # machine, cost ten times the CPU of the product itself (measured: 22 vs 2 ms per article)
        rows = max(1, BLAS_SINGLE_THREAD_MNK // (x.shape[1] * w1.shape[1]))
        z = np.concatenate([np.maximum(0.0, x[i : i + rows] @ w1 + b1) @ w2 for i in range(0, len(x), rows)]) + b2
        return 1.0 / (1.0 + np.exp(-z))

    def stacked(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
        """The ensemble as one wide network: mean of the members' logits."""
        cache = self.__dict__.setdefault("_stacked", [])
        if not cache:
            k = len(self.members)
            cache.append((
                np.hstack([m.w1 for m in self.members]),
                np.concatenate([m.b1 for m in self.members]),
                np.concatenate([m.w2 for m in self.members]) / k,
                float(np.mean([m.b2 for m in self.members])),
            ))
        return cache[0]  # type: ignore[no-any-return]


@dataclass
class TaggerModel:
    """The per-technique models and metadata, saved as one compressed npz."""

    models: list[TechniqueModel]
    meta: dict[str, object]

    @property
    def techniques(self) -> list[str]:
        return [m.technique for m in self.models]

    def save(self, path: str) -> None:
        """Write the model (float16 network weights, lexicons as JSON in the header)."""
        arrays: dict[str, np.ndarray] = {}
        header: dict[str, object] = {"meta": self.meta, "models": []}
        for k, tm in enumerate(self.models):
            header["models"].append(  # type: ignore[attr-defined]
                {
                    "technique": tm.technique,
                    "hi": tm.hi,
                    "lo": tm.lo,
                    "dev": tm.dev,
                    "members": len(tm.members),
                    "tables": {
                        key: {"default": t.default, "entries": {w: [round(a, 3), round(b, 2)] for w, (a, b) in t.entries.items()}}
                        for key, t in tm.tables.items()
                    },
                }
            )
            arrays[f"m{k}_mean"], arrays[f"m{k}_scale"] = tm.mean.astype(np.float32), tm.scale.astype(np.float32)
            for j, m in enumerate(tm.members):
                arrays[f"m{k}_{j}_w1"] = m.w1.astype(np.float16)
                arrays[f"m{k}_{j}_b"] = np.concatenate([m.b1, m.w2, [m.b2]]).astype(np.float32)
        arrays["header"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
        np.savez_compressed(path, **arrays)  # type: ignore[arg-type]

    @classmethod
    def from_bytes(cls, data: bytes) -> TaggerModel:
        """Read a model written by ``save``."""
        with np.load(BytesIO(data)) as z:
            header = json.loads(bytes(z["header"]).decode())
            models = []
            for k, h in enumerate(header["models"]):
                members = []
                for j in range(int(h["members"])):
                    w1 = z[f"m{k}_{j}_w1"].astype(np.float32)
                    hidden = w1.shape[1]
                    b = z[f"m{k}_{j}_b"].astype(np.float32)
                    members.append(Mlp(w1, b[:hidden], b[hidden : 2 * hidden], float(b[2 * hidden])))
                tables = {
                    key: RateTable({w: (float(v[0]), float(v[1])) for w, v in t["entries"].items()}, tuple(t["default"]))
                    for key, t in h["tables"].items()
                }
                models.append(
                    TechniqueModel(h["technique"], tables, z[f"m{k}_mean"].astype(np.float32), z[f"m{k}_scale"].astype(np.float32),
                                   members, float(h["hi"]), float(h["lo"]), dict(h.get("dev", {})))
                )
            return cls(models=models, meta=dict(header.get("meta", {})))


def decode(view: TokenView, p: np.ndarray, hi: float, lo: float) -> list[tuple[int, int]]:
    """Token spans: runs seeded by p >= hi, grown over neighbours with p >= lo or written without a space
    between ("cut-of-his-jib"), within one sentence, then trimmed of punctuation at the edges."""
    n = len(p)
    out: list[tuple[int, int]] = []
    punct, attached = view.punct, view.attached
    i = 0
    while i < n:
        if p[i] < hi or punct[i]:
            i += 1
            continue
        s, e = i, i + 1
        while s > 0 and not view.sent_end[s - 1] and (p[s - 1] >= lo or attached[s - 1]):
            s -= 1
        while e < n and not view.sent_start[e] and (p[e] >= lo or attached[e - 1]):
            e += 1
        while s < e and punct[s]:
            s += 1
        while e > s and punct[e - 1]:
            e -= 1
        if e > s and (not out or s >= out[-1][1]):
            out.append((s, e))
        i = max(e, i + 1)
    return out


class Tagger:
    """Scores tokens with a TaggerModel and decodes technique spans."""

    def __init__(self, model: TaggerModel) -> None:
        self.model = model

    def spans(self, doc: Doc, skip: Collection[str] = ()) -> list[tuple[int, int, str, float]]:
        """Token spans (start_token, end_token, technique, mean probability) found in ``doc``, except for the
        techniques in ``skip``."""
        view = TokenView.from_doc(doc)
        out: list[tuple[int, int, str, float]] = []
        for tm in self.model.models:
            if tm.technique in skip:
                continue
            p = tm.probabilities(view)
            out.extend((s, e, tm.technique, float(p[s:e].mean())) for s, e in decode(view, p, tm.hi, tm.lo))
        return out


def smoothed_log_odds(positives: float, count: float, prior: float, strength: float) -> float:
    """log-odds of (positives + strength * prior) / (count + strength): a rate shrunk towards the prior."""
    r = (positives + strength * prior) / (count + strength)
    return math.log(r / (1.0 - r))


@lru_cache(maxsize=1)
def shipped_tagger() -> Tagger:
    """The tagger shipped in the package (loaded once)."""
    ref = resources.files("newsledger.stages.framing").joinpath(MODEL_RESOURCE)
    try:
        data = ref.read_bytes()
    except (FileNotFoundError, OSError) as exc:
        raise FramingModelError(
            f"framing model {MODEL_RESOURCE} is missing from the package; run: python training/framing.py"
        ) from exc
    return Tagger(TaggerModel.from_bytes(data))
