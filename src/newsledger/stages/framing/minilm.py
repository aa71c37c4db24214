"""Opt-in persuasion-technique tagger: all-MiniLM-L6-v2 with its top layers and a token head fine-tuned on PTC.

Only the fine-tuned top layers and the head ship (src/newsledger/stages/framing/models/framing-minilm.npz, float16); they
replace those layers in a private copy of the packaged MiniLM at load time, so the shared encoder of
``newsledger.runtime.minilm`` stays untouched and tagging costs what the base model costs. Tokens are the
spaCy tokens of ``ctx.doc``: whole sentences are packed into windows of at most WINDOW_PIECES wordpieces,
each token is read at its first wordpiece, and the head gives one probability per technique (inside a
span or not; techniques may overlap). Spans are decoded as in the cheap tagger (framing_model.decode).
Training: training/framing_minilm.py.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from io import BytesIO
from typing import TYPE_CHECKING, Any

import numpy as np
import torch
from torch import nn

from newsledger.runtime.minilm import load_minilm
from newsledger.runtime.minilm_layers import run_layers, with_own_layers
from newsledger.runtime.minilm_layers import tuned_layers as layer_indices
from newsledger.stages.framing.model import FramingModelError, TokenView, decode, shipped_tagger

if TYPE_CHECKING:
    from spacy.tokens import Doc

MODEL_RESOURCE = "models/framing-minilm.npz"
# Wordpieces per window including [CLS] and [SEP]: the brief's CPU budget (attention cost grows with the
# square of the length; PTC sentences average ~30 pieces, so ~4 sentences share a window).
WINDOW_PIECES = 128
# A token longer than this many wordpieces (URLs, hashtags) is read from its first pieces only.
MAX_PIECES_PER_TOKEN = 8
# Windows per forward pass at inference (padding waste vs per-call overhead; packed windows are near-equal).
BATCH_WINDOWS = 16
# ctx.cache key (plus the layer count) of a document's windows and lower-layer states (shared_windows).
SHARED_KEY = "minilm.windows"


@dataclass
class Window:
    """One encoder input: wordpiece ids (with [CLS]/[SEP]), and per covered token its index and first piece."""

    ids: list[int]
    tokens: list[int]
    first: list[int]


def token_pieces(tokenizer: Any, words: Sequence[str]) -> list[list[int]]:
    """The wordpiece ids of every token on its own (whitespace tokens get none)."""
    if not words:
        return []
    enc = tokenizer(list(words), add_special_tokens=False)["input_ids"]
    return [ids[:MAX_PIECES_PER_TOKEN] for ids in enc]


def sentence_ranges(view: TokenView) -> list[tuple[int, int]]:
    """(start, end) token ranges of the sentences of a view."""
    out: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(view) + 1):
        if i == len(view) or view.sent_start[i]:
            out.append((start, i))
            start = i
    return out


def make_windows(view: TokenView, pieces: list[list[int]], cls_id: int, sep_id: int) -> list[Window]:
    """Pack whole sentences greedily into windows of at most WINDOW_PIECES pieces; split longer sentences."""
    budget = WINDOW_PIECES - 2
    groups: list[list[int]] = []  # token indices per window
    current: list[int] = []
    used = 0
    for s, e in sentence_ranges(view):
        toks = [i for i in range(s, e) if pieces[i]]
        size = sum(len(pieces[i]) for i in toks)
        if current and used + size > budget:
            groups.append(current)
            current, used = [], 0
        for i in toks:
            if used + len(pieces[i]) > budget:
                groups.append(current)
                current, used = [], 0
            current.append(i)
            used += len(pieces[i])
    if current:
        groups.append(current)
    out: list[Window] = []
    for group in groups:
        ids, first = [cls_id], []
        for i in group:
            first.append(len(ids))
            ids.extend(pieces[i])
        ids.append(sep_id)
        out.append(Window(ids, group, first))
    return out


def pad_batch(windows: Sequence[Window]) -> tuple[torch.Tensor, torch.Tensor]:
    """input_ids and attention_mask tensors of a batch of windows (pad id 0)."""
    width = max(len(w.ids) for w in windows)
    ids = torch.zeros((len(windows), width), dtype=torch.long)
    mask = torch.zeros((len(windows), width), dtype=torch.long)
    for r, w in enumerate(windows):
        ids[r, : len(w.ids)] = torch.tensor(w.ids)
        mask[r, : len(w.ids)] = 1
    return ids, mask


def shared_windows(view: TokenView, first: int, cache: dict[str, Any] | None = None) -> list[tuple[Window, torch.Tensor]]:
    """The view's windows with the shared encoder's states after its first ``first`` layers, computed once per
    document when ``cache`` (``ctx.cache``) is given: the MiniLM taggers that tune only layers from ``first`` on
    (framing, event triggers) share this part of the pass."""
    key = f"{SHARED_KEY}.{first}"
    if cache is not None and key in cache:
        return cache[key]  # type: ignore[no-any-return]
    base = load_minilm()
    tok = base.tokenizer
    windows = make_windows(view, token_pieces(tok, view.lower), tok.cls_token_id, tok.sep_token_id)
    out: list[tuple[Window, torch.Tensor]] = []
    lower = list(base.model.encoder.layer[:first])
    for b in range(0, len(windows), BATCH_WINDOWS):
        chunk = windows[b : b + BATCH_WINDOWS]
        ids, mask = pad_batch(chunk)
        with torch.inference_mode():
            hidden = run_layers(lower, base.model.embeddings(input_ids=ids), mask)
        out += [(w, hidden[r, : len(w.ids)]) for r, w in enumerate(chunk)]
    if cache is not None:
        cache[key] = out
    return out


def top_states(layers: Sequence[nn.Module], chunk: Sequence[tuple[Window, torch.Tensor]]) -> torch.Tensor:
    """The last hidden state at the first piece of every covered token, from lower states through ``layers``."""
    width = max(len(w.ids) for w, _ in chunk)
    hidden = torch.zeros((len(chunk), width, chunk[0][1].shape[-1]))
    mask = torch.zeros((len(chunk), width), dtype=torch.long)
    for r, (w, h) in enumerate(chunk):
        hidden[r, : len(w.ids)] = h
        mask[r, : len(w.ids)] = 1
    out = run_layers(layers, hidden, mask)
    rows = torch.tensor([r for r, (w, _) in enumerate(chunk) for _ in w.first])
    cols = torch.tensor([c for w, _ in chunk for c in w.first])
    return out[rows, cols]


@dataclass
class MiniLMTaggerModel:
    """What ships: the fine-tuned top layers' weights, the head, and per technique the thresholds (hi, lo)."""

    weights: dict[str, np.ndarray]  # state-dict names of the encoder ("encoder.layer.5....") -> tensor
    head_weight: np.ndarray  # (n_techniques, 384)
    head_bias: np.ndarray
    techniques: list[str]  # all head outputs, in order
    thresholds: dict[str, tuple[float, float]]  # the shipped techniques only
    meta: dict[str, object] = field(default_factory=dict)
    # per technique the weight of the MiniLM probability when averaged with the cheap tagger's (1.0: MiniLM only)
    mix: dict[str, float] = field(default_factory=dict)

    def save(self, path: str) -> None:
        """Write an npz of float16 weights (float32 head bias) and a JSON header."""
        arrays = {f"w.{k}": v.astype(np.float16) for k, v in self.weights.items()}
        arrays["head.weight"] = self.head_weight.astype(np.float16)
        arrays["head.bias"] = self.head_bias.astype(np.float32)
        header = {"techniques": self.techniques, "thresholds": self.thresholds, "meta": self.meta, "mix": self.mix}
        arrays["header"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
        np.savez(path, **arrays)  # type: ignore[arg-type]

    @classmethod
    def from_bytes(cls, data: bytes) -> MiniLMTaggerModel:
        """Read a file written by save()."""
        try:
            z = np.load(BytesIO(data))
            header = json.loads(bytes(z["header"]).decode())
            return cls(
                weights={k[2:]: z[k].astype(np.float32) for k in z.files if k.startswith("w.")},
                head_weight=z["head.weight"].astype(np.float32), head_bias=z["head.bias"].astype(np.float32),
                techniques=list(header["techniques"]),
                thresholds={t: (float(h), float(lo)) for t, (h, lo) in header["thresholds"].items()},
                meta=dict(header.get("meta", {})),
                mix={t: float(w) for t, w in header.get("mix", {}).items()},
            )
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise FramingModelError(f"unreadable MiniLM framing model ({exc}); re-create it with training/framing_minilm.py") from exc


def tuned_layers(
    weights: dict[str, np.ndarray], error: type[Exception] = FramingModelError, what: str = "the MiniLM framing model"
) -> set[int]:
    """The encoder layers the model file replaces; it may hold nothing else (the base stays shared)."""
    return layer_indices(weights, error, what)


class MiniLMTagger:
    """The packaged MiniLM with private copies of the fine-tuned layers, the head, and span decoding."""

    def __init__(self, model: MiniLMTaggerModel) -> None:
        base = load_minilm()
        self.model = model
        self.tokenizer = base.tokenizer
        self.encoder = with_own_layers(base.model, tuned_layers(model.weights))
        state = {k: torch.from_numpy(v) for k, v in model.weights.items()}
        unexpected = self.encoder.load_state_dict(state, strict=False).unexpected_keys
        if unexpected:
            raise FramingModelError(f"the MiniLM framing model has weights the encoder lacks: {unexpected[:3]}; retrain it")
        self.first = min(tuned_layers(model.weights))
        self.top = list(self.encoder.encoder.layer[self.first :])
        self.head_w = model.head_weight
        self.head_b = model.head_bias
        self.columns = [model.techniques.index(t) for t in model.thresholds]

    @property
    def techniques(self) -> list[str]:
        """The techniques this tagger emits."""
        return list(self.model.thresholds)

    def probabilities(self, view: TokenView, cache: dict[str, Any] | None = None) -> np.ndarray:
        """(n_tokens, n_head_outputs) probabilities; tokens without wordpieces get 0. The lower layers' pass is
        shared through ``cache`` (shared_windows)."""
        out = np.zeros((len(view), len(self.model.techniques)), dtype=np.float32)
        windows = shared_windows(view, self.first, cache)
        for b in range(0, len(windows), BATCH_WINDOWS):
            chunk = windows[b : b + BATCH_WINDOWS]
            with torch.inference_mode():
                states = top_states(self.top, chunk).numpy()
            logits = states @ self.head_w.T + self.head_b
            out[[i for w, _ in chunk for i in w.tokens]] = 1 / (1 + np.exp(-logits))
        return out

    def technique_probabilities(self, view: TokenView, cache: dict[str, Any] | None = None) -> dict[str, np.ndarray]:
        """Per shipped technique the token probabilities, averaged with the cheap tagger's where ``mix`` says."""
        probs = self.probabilities(view, cache)
        cheap = {tm.technique: tm for tm in shipped_tagger().model.models}
        out: dict[str, np.ndarray] = {}
        for tech, col in zip(self.techniques, self.columns, strict=True):
            w = self.model.mix.get(tech, 1.0)
            p = probs[:, col]
            if w < 1.0 and tech in cheap:
                p = w * p + (1.0 - w) * cheap[tech].probabilities(view)
            out[tech] = p
        return out

    def spans(self, doc: Doc, cache: dict[str, Any] | None = None) -> list[tuple[int, int, str, float]]:
        """Token spans (start_token, end_token, technique, mean probability) of the shipped techniques."""
        view = TokenView.from_doc(doc)
        out: list[tuple[int, int, str, float]] = []
        for tech, p in self.technique_probabilities(view, cache).items():
            hi, lo = self.model.thresholds[tech]
            out.extend((s, e, tech, float(p[s:e].mean())) for s, e in decode(view, p, hi, lo))
        return out


@lru_cache(maxsize=1)
def shipped_minilm_tagger() -> MiniLMTagger:
    """The packaged MiniLM framing tagger (loaded once per process; needs the ml extra)."""
    try:
        data = resources.files("newsledger.stages.framing").joinpath(MODEL_RESOURCE).read_bytes()
    except FileNotFoundError as exc:
        raise FramingModelError(f"{MODEL_RESOURCE} is missing; re-create it with training/framing_minilm.py") from exc
    return MiniLMTagger(MiniLMTaggerModel.from_bytes(data))
