"""The MiniLM fine-tuning loop shared by training/framing_minilm.py and training/offtopic_story.py.

Both train private copies of MiniLM's top layers plus a new head on cached lower-layer states: AdamW with
one learning rate for the tuned layers and one for the new parameters, a linear warm-up over the first share
of the steps then a linear decay, and a running loss printed every 100 steps.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import torch
from torch import nn

T = TypeVar("T")


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
