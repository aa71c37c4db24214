"""Accurate-mode story scorer: MiniLM with fine-tuned top layers reading (headline + lead, paragraph) pairs.

The frozen lower layers of the packaged MiniLM encode the context (headline and lead) and each candidate
paragraph separately; private copies of the top layers, fine-tuned by training/offtopic_story.py,
read the two encodings side by side (the candidate's positions marked by a learned segment vector), so
their attention compares what the lead reports with what the paragraph reports, and a linear head gives
the log-odds that the paragraph belongs to this story (not to another story on the same subject). The
file (src/newsledger/stages/clean/models/offtopic-story.npz, float16) holds only the tuned layers, the segment vector
and the head; the base encoder stays shared and unmodified. The link scorer (offtopic-link.npz) is the same
net trained on (paragraph, following paragraph) pairs, read with pair_logits().
"""

from __future__ import annotations

import copy
import json
import zipfile
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from io import BytesIO
from typing import Any

import numpy as np
import torch
from torch import nn

from newsledger.errors import NewsledgerError
from newsledger.runtime.minilm import HIDDEN_SIZE, load_minilm
from newsledger.runtime.minilm_layers import run_layers, tuned_layers

MODEL_RESOURCE = "models/offtopic-story.npz"
# The link scorer: the same net trained on (paragraph, following paragraph) pairs, both encoded as candidates
# ("does this paragraph continue that one's story?"); training/offtopic_story.py --kind link.
LINK_RESOURCE = "models/offtopic-link.npz"
# Wordpieces of the context (headline + lead) and of a candidate paragraph, [CLS]/[SEP] included: a lead
# of ~60 words is ~100 pieces; a paragraph's first ~70 words say what it reports (merged blocks run to
# ~600 pieces, and the attention cost grows with the square of the length).
CONTEXT_PIECES = 128
CANDIDATE_PIECES = 96
# Sequences per forward pass (padding waste vs per-call overhead, as runtime/minilm.py BATCH_SIZE).
BATCH = 16
# Paragraph states of the frozen layers kept for reuse: the story and the link scorer read the same
# paragraphs of one article through the same frozen layers (an article has ~10-40 blocks).
STATE_CACHE_SIZE = 128  # ~150 KB each (96 x 384 float32)
_STATES: OrderedDict[tuple[int, int, str], torch.Tensor] = OrderedDict()


class StoryModelError(NewsledgerError, ValueError):
    """The story scorer's file is missing or does not fit the encoder; re-create it with training/offtopic_story.py."""


@dataclass
class StoryModel:
    """What ships: the tuned top layers (encoder state-dict names), the segment vector, the head."""

    weights: dict[str, np.ndarray]
    segment: np.ndarray  # (384,)
    head_weight: np.ndarray  # (1, 4 * 384)
    head_bias: np.ndarray  # (1,)
    meta: dict[str, object] = field(default_factory=dict)

    def save(self, path: str) -> None:
        """Write an npz of float16 weights (float32 bias) and a JSON header."""
        arrays = {f"w.{k}": v.astype(np.float16) for k, v in self.weights.items()}
        arrays["segment"] = self.segment.astype(np.float16)
        arrays["head.weight"] = self.head_weight.astype(np.float16)
        arrays["head.bias"] = self.head_bias.astype(np.float32)
        arrays["header"] = np.frombuffer(json.dumps({"meta": self.meta}).encode(), dtype=np.uint8)
        np.savez(path, **arrays)  # type: ignore[arg-type]

    @classmethod
    def from_bytes(cls, data: bytes) -> StoryModel:
        """Read a file written by save()."""
        try:
            z = np.load(BytesIO(data))
            return cls(weights={k[2:]: z[k].astype(np.float32) for k in z.files if k.startswith("w.")},
                       segment=z["segment"].astype(np.float32), head_weight=z["head.weight"].astype(np.float32),
                       head_bias=z["head.bias"].astype(np.float32),
                       meta=dict(json.loads(bytes(z["header"]).decode()).get("meta", {})))
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise StoryModelError(f"unreadable story scorer ({exc}); re-create it with training/offtopic_story.py") from exc

    def layer_indices(self) -> list[int]:
        """The encoder layers the file replaces (it may hold nothing else)."""
        return sorted(tuned_layers(self.weights, StoryModelError, "the story scorer"))


class StoryNet(nn.Module):
    """Top layers over [context states; candidate states + segment], then a linear head on (u, v, u * v, |u - v|)
    of the (scaled unit) means u of the candidate's and v of the context's output states (a head on (u, v) alone learnt
    nothing in three epochs on 600 pairs: the comparison has to be spelt out)."""

    def __init__(self, layers: Sequence[nn.Module]) -> None:
        super().__init__()
        self.layers = nn.ModuleList(layers)
        self.segment = nn.Parameter(torch.zeros(HIDDEN_SIZE))
        self.head = nn.Linear(4 * HIDDEN_SIZE, 1)

    def forward(self, pairs: Sequence[tuple[torch.Tensor, torch.Tensor]]) -> torch.Tensor:
        """Log-odds (batch,) for (context states, candidate states) pairs of the lower layers' output."""
        width = max(len(c) + len(p) for c, p in pairs)
        hidden = torch.zeros((len(pairs), width, HIDDEN_SIZE))
        mask = torch.zeros((len(pairs), width), dtype=torch.long)
        cand = torch.zeros((len(pairs), width))
        ctx = torch.zeros((len(pairs), width))
        for r, (c, p) in enumerate(pairs):
            hidden[r, : len(c)] = c.float()
            hidden[r, len(c) : len(c) + len(p)] = p.float() + self.segment
            mask[r, : len(c) + len(p)] = 1
            cand[r, len(c) : len(c) + len(p)] = 1.0 / len(p)
            ctx[r, : len(c)] = 1.0 / len(c)
        out = run_layers(list(self.layers), hidden, mask)
        # unit means scaled by sqrt(width): every head input is of order 1 (raw states have norms of ~10)
        u = nn.functional.normalize((out * cand[:, :, None]).sum(1), dim=1) * HIDDEN_SIZE ** 0.5
        v = nn.functional.normalize((out * ctx[:, :, None]).sum(1), dim=1) * HIDDEN_SIZE ** 0.5
        pooled = torch.cat([u, v, u * v, (u - v).abs()], dim=1)
        return self.head(pooled)[:, 0]


def lower_states(base: Any, first: int, encodings: list[list[int]], types: list[list[int]]) -> list[torch.Tensor]:
    """The output of the frozen layers below ``first`` for every wordpiece sequence (float32, no padding)."""
    out: list[torch.Tensor] = [torch.empty(0)] * len(encodings)
    order = sorted(range(len(encodings)), key=lambda i: len(encodings[i]))
    layers = list(base.encoder.layer)[:first]
    with torch.inference_mode():
        for b in range(0, len(order), BATCH):
            chunk = order[b : b + BATCH]
            width = max(len(encodings[i]) for i in chunk)
            ids = torch.zeros((len(chunk), width), dtype=torch.long)
            tt = torch.zeros((len(chunk), width), dtype=torch.long)
            mask = torch.zeros((len(chunk), width), dtype=torch.long)
            for r, i in enumerate(chunk):
                ids[r, : len(encodings[i])] = torch.tensor(encodings[i])
                tt[r, : len(types[i])] = torch.tensor(types[i])
                mask[r, : len(encodings[i])] = 1
            hidden = run_layers(layers, base.embeddings(input_ids=ids, token_type_ids=tt), mask)
            for r, i in enumerate(chunk):
                out[i] = hidden[r, : len(encodings[i])].clone()
    return out


def encode_context(tokenizer: Any, title: str | None, lead: str) -> tuple[list[int], list[int]]:
    """Wordpiece ids and token types of [CLS] headline [SEP] lead [SEP] (or of the lead alone)."""
    if title and title.strip():
        enc = tokenizer(title.strip(), lead, truncation="only_second", max_length=CONTEXT_PIECES)
        if len(enc["input_ids"]) > CONTEXT_PIECES:  # a headline longer than the budget
            enc = tokenizer(title.strip() + " " + lead, truncation=True, max_length=CONTEXT_PIECES)
    else:
        enc = tokenizer(lead, truncation=True, max_length=CONTEXT_PIECES)
    return list(enc["input_ids"]), list(enc.get("token_type_ids") or [0] * len(enc["input_ids"]))


def encode_candidate(tokenizer: Any, text: str) -> tuple[list[int], list[int]]:
    """Wordpiece ids and token types of [CLS] paragraph [SEP], cut to CANDIDATE_PIECES."""
    enc = tokenizer(text, truncation=True, max_length=CANDIDATE_PIECES)
    return list(enc["input_ids"]), [0] * len(enc["input_ids"])


class StoryScorer:
    """The packaged MiniLM's lower layers (shared) and the story net (private tuned layers)."""

    def __init__(self, model: StoryModel) -> None:
        base = load_minilm()
        self.tokenizer = base.tokenizer
        self.base = base.model
        own = model.layer_indices()
        self.first = own[0]
        if own != list(range(self.first, len(self.base.encoder.layer))):
            raise StoryModelError(f"the story scorer tunes layers {own}, not a top run; retrain it")
        self.net = StoryNet([copy.deepcopy(self.base.encoder.layer[i]) for i in own])
        state = {f"layers.{int(k.split('.')[2]) - self.first}.{k.split('.', 3)[3]}": torch.from_numpy(v)
                 for k, v in model.weights.items()}
        state.update({"segment": torch.from_numpy(model.segment), "head.weight": torch.from_numpy(model.head_weight),
                      "head.bias": torch.from_numpy(model.head_bias)})
        missing, unexpected = self.net.load_state_dict(state, strict=False)
        if missing or unexpected:
            raise StoryModelError(f"the story scorer does not fit the encoder ({(missing + unexpected)[:3]}); retrain it")
        self.net.eval()

    def candidate_states(self, texts: Sequence[str]) -> list[torch.Tensor]:
        """The frozen layers' output for each text encoded as a candidate, shared through a small cache with
        every scorer on the same encoder (the story and the link scorer read the same paragraphs)."""
        keys = [(id(self.base), self.first, t) for t in texts]
        todo = sorted({k for k in keys if k not in _STATES})
        if todo:
            encs = [encode_candidate(self.tokenizer, k[2]) for k in todo]
            for key, st in zip(todo, lower_states(self.base, self.first, [e for e, _ in encs], [t for _, t in encs]),
                               strict=True):
                _STATES[key] = st
        out = []
        for key in keys:
            _STATES.move_to_end(key)
            out.append(_STATES[key])
        while len(_STATES) > max(STATE_CACHE_SIZE, len(set(keys))):
            _STATES.popitem(last=False)
        return out

    def logits(self, title: str | None, lead: str, candidates: Sequence[str]) -> np.ndarray:
        """Log-odds that each candidate paragraph belongs to the story of this headline and lead."""
        if not candidates:
            return np.zeros(0)
        enc, types = encode_context(self.tokenizer, title, lead)
        ctx = lower_states(self.base, self.first, [enc], [types])[0]
        states = self.candidate_states(candidates)
        out = np.zeros(len(candidates))
        with torch.inference_mode():
            for b in range(0, len(candidates), BATCH):
                out[b : b + BATCH] = self.net([(ctx, s) for s in states[b : b + BATCH]]).numpy()
        return out

    def pair_logits(self, texts: Sequence[str], pairs: Sequence[tuple[int, int]]) -> np.ndarray:
        """Log-odds for (context, candidate) index pairs into ``texts``, every text encoded once as a candidate
        (the link scorer: does texts[j] continue the story of texts[i]?)."""
        if not pairs:
            return np.zeros(0)
        used = sorted({i for pair in pairs for i in pair})
        states = dict(zip(used, self.candidate_states([texts[i] for i in used]), strict=True))
        out = np.zeros(len(pairs))
        with torch.inference_mode():
            for b in range(0, len(pairs), BATCH):
                out[b : b + BATCH] = self.net([(states[i], states[j]) for i, j in pairs[b : b + BATCH]]).numpy()
        return out


def _packaged(resource: str) -> StoryScorer:
    try:
        data = resources.files("newsledger.stages.clean").joinpath(resource).read_bytes()
    except FileNotFoundError as exc:
        raise StoryModelError(f"{resource} is missing; re-create it with training/offtopic_story.py") from exc
    return StoryScorer(StoryModel.from_bytes(data))


@lru_cache(maxsize=1)
def shipped_story_scorer() -> StoryScorer:
    """The packaged story scorer (loaded once per process; needs the ml extra)."""
    return _packaged(MODEL_RESOURCE)


@lru_cache(maxsize=1)
def shipped_link_scorer() -> StoryScorer:
    """The packaged link scorer (paragraph -> next paragraph; loaded once per process; needs the ml extra)."""
    return _packaged(LINK_RESOURCE)

