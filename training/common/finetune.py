"""The MiniLM fine-tuning loop shared by training/framing_minilm.py, training/offtopic_story.py and
training/events_minilm.py.

They train private copies of MiniLM's top layers plus a new head on cached lower-layer states: AdamW with
one learning rate for the tuned layers and one for the new parameters, a linear warm-up over the first share
of the steps then a linear decay, and a running loss printed every 100 steps. The token taggers (framing,
event triggers) share the network (``Net``) and the cache of the frozen layers' states (``lower_states``).
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import torch
from torch import nn

from newsledger.runtime.minilm_layers import run_layers
from newsledger.stages.framing.minilm import MiniLMTaggerModel, Window, pad_batch

T = TypeVar("T")
HEAD_DROPOUT = 0.1
LOWER_BATCH = 16  # windows per forward pass when caching the frozen layers' states


def optimizer(tuned: list[Any], new: list[Any], lr: float, new_lr: float, weight_decay: float, steps: int,
              warmup: float) -> tuple[torch.optim.Optimizer, torch.optim.lr_scheduler.LambdaLR]:
    """AdamW over the tuned layers (``lr``) and the new parameters (``new_lr``), with warm-up then linear decay."""
    opt = torch.optim.AdamW([{"params": tuned, "lr": lr}, {"params": new, "lr": new_lr}], weight_decay=weight_decay)
    warm = max(1, int(warmup * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm))))
    return opt, sched


@dataclass
class Progress:
    """Steps taken so far and the running (exponentially smoothed) loss."""

    step: int = 0
    loss: float = 0.0


def train_epoch(items: list[T], shuffle: Callable[[list[T]], None], batch: int, loss_of: Callable[[list[T]], torch.Tensor],
                opt: torch.optim.Optimizer, sched: torch.optim.lr_scheduler.LambdaLR, progress: Progress, epoch: int,
                time_batches: int = 0, total_steps: int | None = None, unit: str = "") -> bool:
    """One epoch over ``items`` (shuffled in place first) in batches; False when ``time_batches`` steps were timed
    (the caller then stops)."""
    shuffle(items)
    t_ep = time.time()
    for b in range(0, len(items), batch):
        loss = loss_of(items[b : b + batch])
        opt.zero_grad()
        loss.backward()  # type: ignore[no-untyped-call]
        opt.step()
        sched.step()
        progress.step += 1
        progress.loss = 0.98 * progress.loss + 0.02 * loss.item() if progress.step > 1 else loss.item()
        if time_batches and progress.step == time_batches:
            per = (time.time() - t_ep) / progress.step
            print(f"{per:.2f}s wall per step{unit} -> {per * len(items) / batch / 60:.1f} min per epoch", flush=True)
            return False
        if progress.step % 100 == 0:
            of = f"/{total_steps}" if total_steps else ""
            print(f"  epoch {epoch + 1} step {progress.step}{of} loss {progress.loss:.4f} ({time.time() - t_ep:.0f}s)", flush=True)
    return True


def layer_weights(layers: Sequence[nn.Module], first: int) -> dict[str, np.ndarray]:
    """The tuned layers' weights under the encoder's state-dict names ("encoder.layer.<first + i>. ...")."""
    return {f"encoder.layer.{first + i}.{k}": v.detach().numpy().copy()
            for i, layer in enumerate(layers) for k, v in layer.state_dict().items()}


class Net(nn.Module):
    """The top MiniLM layers (trainable copies) + dropout + a linear token head, over cached lower states."""

    def __init__(self, encoder: nn.Module, n_out: int, tuned: int) -> None:
        super().__init__()
        layers: Any = encoder.get_submodule("encoder.layer")
        self.first = len(layers) - tuned
        self.layers = nn.ModuleList(copy.deepcopy(layers[self.first :]))
        self.drop = nn.Dropout(HEAD_DROPOUT)
        self.head = nn.Linear(encoder.config.hidden_size, n_out)  # type: ignore[union-attr]

    def forward(self, batch: list[tuple[Window, torch.Tensor]]) -> torch.Tensor:
        width = max(len(w.ids) for w, _ in batch)
        hidden = torch.zeros((len(batch), width, self.head.in_features))
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for r, (w, h) in enumerate(batch):
            hidden[r, : len(w.ids)] = h.float()
            mask[r, : len(w.ids)] = 1
        out = run_layers(list(self.layers), hidden, mask)
        rows = torch.tensor([r for r, (w, _) in enumerate(batch) for _ in w.first])
        cols = torch.tensor([c for w, _ in batch for c in w.first])
        return self.head(self.drop(out[rows, cols]))

    def export(self, techniques: list[str], thresholds: dict[str, tuple[float, float]], meta: dict[str, object]) -> MiniLMTaggerModel:
        weights = layer_weights(list(self.layers), self.first)
        return MiniLMTaggerModel(weights, self.head.weight.detach().numpy().copy(), self.head.bias.detach().numpy().copy(),
                                 techniques, thresholds, meta)


def lower_states(encoder: nn.Module, windows: list[Window], first: int) -> list[torch.Tensor]:
    """The frozen layers' output (the input of layer ``first``) of every window, float16."""
    out: list[torch.Tensor] = []
    with torch.inference_mode():
        for b in range(0, len(windows), LOWER_BATCH):
            chunk = windows[b : b + LOWER_BATCH]
            ids, mask = pad_batch(chunk)
            hs = encoder(input_ids=ids, attention_mask=mask, output_hidden_states=True).hidden_states[first]
            out += [hs[r, : len(w.ids)].half().clone() for r, w in enumerate(chunk)]
    return out
