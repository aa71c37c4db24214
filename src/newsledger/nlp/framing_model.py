"""A small hashed-feature token tagger for persuasion techniques, trained on PTC (see scripts/train_framing.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from io import BytesIO
from typing import TYPE_CHECKING

import numpy as np

from newsledger.errors import NewsledgerError

if TYPE_CHECKING:
    from spacy.tokens import Doc

# 2**18 hashed feature slots: large enough that collisions barely matter for ~300k training tokens,
# small enough that the shipped float16 weights of a few techniques stay around a megabyte compressed.
N_FEATURES = 2**18
# Odd 64-bit multipliers (from splitmix64) used to mix a template id and attribute hashes into one slot.
_MIX_A = np.uint64(0x9E3779B97F4A7C15)
_MIX_B = np.uint64(0xBF58476D1CE4E5B9)
_MIX_C = np.uint64(0x94D049BB133111EB)
# Position of a token within its sentence is bucketed into this many bins (0 = first tenth, ...).
POSITION_BINS = 5

# token_features() columns (one per feature template below).
N_TEMPLATES = 21
MODEL_RESOURCE = "models/framing-ptc.npz"


class FramingModelError(NewsledgerError):
    """The shipped framing model is missing or unreadable; re-create it with scripts/train_framing.py."""


def _mix(template: int, a: np.ndarray, b: np.ndarray | None = None) -> np.ndarray:
    """Hash a template id and one or two uint64 attribute columns into feature slots."""
    with np.errstate(over="ignore"):
        h = (a + np.uint64(template)) * _MIX_A
        if b is not None:
            h = (h ^ b) * _MIX_B
        h = (h ^ (h >> np.uint64(31))) * _MIX_C
    return (h % np.uint64(N_FEATURES)).astype(np.int64)


def _shift(col: np.ndarray, k: int, pad: int) -> np.ndarray:
    """``col`` shifted so that row i holds row i+k (padding outside the document)."""
    out = np.full_like(col, np.uint64(pad))
    if k > 0:
        out[:-k] = col[k:]
    elif k < 0:
        out[-k:] = col[:k]
    else:
        out[:] = col
    return out


def token_features(doc: Doc) -> np.ndarray:
    """The hashed feature slots of every token of ``doc``: an (n_tokens, n_templates) int64 array."""
    from spacy.attrs import DEP, HEAD, IS_PUNCT, LEMMA, LOWER, POS, SHAPE, SUFFIX, TAG

    n = len(doc)
    if n == 0:
        return np.zeros((0, N_TEMPLATES), dtype=np.int64)
    arr = doc.to_array([LOWER, LEMMA, POS, TAG, DEP, SHAPE, SUFFIX, HEAD, IS_PUNCT])
    lower, lemma, pos, tag, dep, shape, suffix = (arr[:, i] for i in range(7))
    head = (np.arange(n, dtype=np.int64) + arr[:, 7].astype(np.int64)).clip(0, n - 1)
    # sentence id, position bucket and sentence root lemma of each token
    sent_pos = np.zeros(n, dtype=np.uint64)
    root_lemma = np.zeros(n, dtype=np.uint64)
    has_excl = np.zeros(n, dtype=np.uint64)
    for sent in doc.sents:
        length = max(1, sent.end - sent.start)
        idx = np.arange(sent.start, sent.end)
        sent_pos[idx] = ((idx - sent.start) * POSITION_BINS // length).astype(np.uint64)
        root_lemma[idx] = np.uint64(sent.root.lemma)
        has_excl[idx] = np.uint64(1 + int("!" in sent.text))
    p1, n1 = _shift(lower, -1, 1), _shift(lower, 1, 2)
    feats = [
        _mix(1, lower),
        _mix(2, lemma),
        _mix(3, lemma, pos),
        _mix(4, shape),
        _mix(5, suffix),
        _mix(6, p1),
        _mix(7, n1),
        _mix(8, p1, lower),
        _mix(9, lower, n1),
        _mix(10, _shift(lemma, -2, 1)),
        _mix(11, _shift(lemma, 2, 2)),
        _mix(12, _shift(pos, -1, 1) * np.uint64(1000) + pos, _shift(pos, 1, 2)),
        _mix(13, lemma[head], dep),
        _mix(14, pos),
        _mix(15, tag),
        _mix(16, sent_pos),
        _mix(17, root_lemma),
        _mix(18, has_excl, pos),
        _mix(19, _shift(lemma, -3, 1), _shift(lemma, -2, 1)),
        _mix(20, _shift(lemma, 2, 2), _shift(lemma, 3, 2)),
        _mix(21, lemma, lemma[head]),
    ]
    return np.stack(feats, axis=1)



@dataclass
class TaggerModel:
    """Per-technique logistic outputs over hashed token features plus a small ReLU layer over ``doc.tensor``."""

    techniques: list[str]
    templates: list[int]  # columns of token_features() the model uses
    rows: np.ndarray  # (n_rows,) int64 feature slots that have weights
    weights: np.ndarray  # (n_rows, n_techniques) float32
    bias: np.ndarray  # (n_techniques,) float32
    hidden_w: np.ndarray  # (tensor width, hidden) float32: doc.tensor -> hidden ReLU units
    hidden_b: np.ndarray  # (hidden,) float32
    out_w: np.ndarray  # (hidden, n_techniques) float32
    thresholds: dict[str, tuple[float, float]]  # technique -> (start threshold, extend threshold)
    meta: dict[str, object]

    def dense(self) -> np.ndarray:
        """The full (N_FEATURES, n_techniques) weight matrix of the hashed features."""
        w = np.zeros((N_FEATURES, len(self.techniques)), dtype=np.float32)
        w[self.rows] = self.weights
        return w

    def save(self, path: str) -> None:
        """Write the model as a compressed npz (float16 weights)."""
        header = {"techniques": self.techniques, "templates": self.templates, "thresholds": self.thresholds, "meta": self.meta}
        np.savez_compressed(
            path,
            rows=self.rows.astype(np.int32),
            weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32),
            hidden_w=self.hidden_w.astype(np.float16),
            hidden_b=self.hidden_b.astype(np.float32),
            out_w=self.out_w.astype(np.float32),
            header=np.frombuffer(json.dumps(header).encode(), dtype=np.uint8),
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> TaggerModel:
        """Read a model written by ``save``."""
        with np.load(BytesIO(data)) as z:
            header = json.loads(bytes(z["header"]).decode())
            return cls(
                techniques=list(header["techniques"]),
                templates=[int(t) for t in header["templates"]],
                rows=z["rows"].astype(np.int64),
                weights=z["weights"].astype(np.float32),
                bias=z["bias"].astype(np.float32),
                hidden_w=z["hidden_w"].astype(np.float32),
                hidden_b=z["hidden_b"].astype(np.float32),
                out_w=z["out_w"].astype(np.float32),
                thresholds={k: (float(v[0]), float(v[1])) for k, v in header["thresholds"].items()},
                meta=dict(header.get("meta", {})),
            )


def tensor_of(doc: Doc, width: int) -> np.ndarray:
    """The doc's tok2vec tensor as float32 (zeros when the pipeline set none of the expected width)."""
    t = getattr(doc, "tensor", None)
    if t is None or getattr(t, "ndim", 0) != 2 or t.shape[0] != len(doc) or t.shape[1] != width:
        return np.zeros((len(doc), width), dtype=np.float32)
    return np.asarray(t, dtype=np.float32)


class Tagger:
    """Scores tokens with a TaggerModel and decodes technique spans."""

    def __init__(self, model: TaggerModel) -> None:
        self.model = model
        self.W = model.dense()

    def scores(self, feats: np.ndarray, tensor: np.ndarray) -> np.ndarray:
        """(n_tokens, n_techniques) logits from hashed feature slots and tensor rows."""
        m = self.model
        hidden = np.maximum(0.0, tensor @ m.hidden_w + m.hidden_b)
        return self.W[feats[:, m.templates]].sum(axis=1) + hidden @ m.out_w + m.bias

    def probabilities(self, doc: Doc) -> np.ndarray:
        """(n_tokens, n_techniques) probabilities that each token lies in a span of each technique."""
        if len(doc) == 0:
            return np.zeros((0, len(self.model.techniques)), dtype=np.float32)
        z = self.scores(token_features(doc), tensor_of(doc, self.model.hidden_w.shape[0]))
        return 1.0 / (1.0 + np.exp(-z))

    def spans(self, doc: Doc, probs: np.ndarray | None = None) -> list[tuple[int, int, str, float]]:
        """Token spans (start_token, end_token, technique, mean probability) found in ``doc``."""
        if probs is None:
            probs = self.probabilities(doc)
        out: list[tuple[int, int, str, float]] = []
        for k, tech in enumerate(self.model.techniques):
            hi, lo = self.model.thresholds[tech]
            out.extend((s, e, tech, float(probs[s:e, k].mean())) for s, e in decode(doc, probs[:, k], hi, lo))
        return out


def decode(doc: Doc, p: np.ndarray, hi: float, lo: float) -> list[tuple[int, int]]:
    """Runs of tokens seeded by p >= hi and grown over neighbours with p >= lo, within one sentence."""
    n = len(p)
    out: list[tuple[int, int]] = []
    i = 0
    while i < n:
        if p[i] < hi or doc[i].is_punct or doc[i].is_space:
            i += 1
            continue
        s, e = i, i + 1
        while s > 0 and p[s - 1] >= lo and not doc[s - 1].is_sent_end and not doc[s - 1].is_space:
            s -= 1
        while e < n and p[e] >= lo and not doc[e].is_sent_start and not doc[e].is_space:
            e += 1
        # trim punctuation at the edges
        while s < e and doc[s].is_punct:
            s += 1
        while e > s and doc[e - 1].is_punct:
            e -= 1
        if e > s and (not out or s >= out[-1][1]):
            out.append((s, e))
        i = max(e, i + 1)
    return out


@lru_cache(maxsize=1)
def shipped_tagger() -> Tagger:
    """The tagger shipped in the package (loaded once)."""
    ref = resources.files("newsledger").joinpath(MODEL_RESOURCE)
    try:
        data = ref.read_bytes()
    except (FileNotFoundError, OSError) as exc:
        raise FramingModelError(
            f"framing model {MODEL_RESOURCE} is missing from the package; run: python scripts/train_framing.py"
        ) from exc
    return Tagger(TaggerModel.from_bytes(data))
