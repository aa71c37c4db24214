"""Clustering scores: B-cubed and pairwise precision/recall/F1 of a system partition against a gold one."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass


@dataclass
class PRF:
    """Precision, recall and F1."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def bcubed(system: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> PRF:
    """B-cubed (Bagga & Baldwin 1998) over the items present in both mappings item -> cluster label."""
    items = [i for i in gold if i in system]
    if not items:
        return PRF(0.0, 0.0)
    pair = Counter((system[i], gold[i]) for i in items)
    sys_size = Counter(system[i] for i in items)
    gold_size = Counter(gold[i] for i in items)
    p = sum(pair[(system[i], gold[i])] / sys_size[system[i]] for i in items) / len(items)
    r = sum(pair[(system[i], gold[i])] / gold_size[gold[i]] for i in items) / len(items)
    return PRF(p, r)


def pairwise(system: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> PRF:
    """Pairwise precision/recall of 'same cluster' links (counted from cluster sizes, no O(n^2) loop)."""
    items = [i for i in gold if i in system]

    def links(counts: Counter[Hashable]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    both = links(Counter((system[i], gold[i]) for i in items))
    sys_links = links(Counter(system[i] for i in items))
    gold_links = links(Counter(gold[i] for i in items))
    return PRF(both / sys_links if sys_links else 1.0, both / gold_links if gold_links else 1.0)
