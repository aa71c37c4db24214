"""Fine-tuned MiniLM layers: run BERT layers over hidden states, and swap private copies of tuned layers in."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
from torch import nn


def extended_mask(mask: torch.Tensor) -> torch.Tensor:
    """The additive (batch, 1, 1, width) attention mask a BertLayer takes (0 = attend, very negative = padding)."""
    return (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min


def run_layers(layers: Sequence[nn.Module], hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Run BERT layers over hidden states (as BertModel does after its embeddings)."""
    ext = extended_mask(mask)
    for layer in layers:
        out = layer(hidden, attention_mask=ext)
        hidden = out[0] if isinstance(out, tuple) else out
    return hidden


def tuned_layers(weights: dict[str, np.ndarray], error: type[Exception], what: str) -> set[int]:
    """The encoder layers the model file replaces; it may hold nothing else (the base stays shared)."""
    layers: set[int] = set()
    for key in weights:
        parts = key.split(".")
        if parts[:2] != ["encoder", "layer"] or not parts[2].isdigit():
            raise error(f"{what} holds {key!r}, not an encoder layer; retrain it")
        layers.add(int(parts[2]))
    return layers


def with_own_layers(base: Any, own: set[int]) -> Any:
    """A view of ``base`` sharing every module except private copies of the encoder layers in ``own``."""
    encoder: Any = copy.copy(base.encoder)  # a transformers BertModel: ``.encoder.layer`` is its ModuleList
    encoder._modules = dict(base.encoder._modules)
    encoder._modules["layer"] = nn.ModuleList(
        [copy.deepcopy(layer) if i in own else layer for i, layer in enumerate(base.encoder.layer)]
    )
    model: Any = copy.copy(base)
    model._modules = dict(base._modules)
    model._modules["encoder"] = encoder
    return model.eval()
