"""Clustering scores: B-cubed and pairwise precision/recall/F1 of a system partition against a gold one."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from newsledger.evaluate.assignment import max_assignment


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


def _clusters(mapping: Mapping[Hashable, Hashable], items: list[Hashable]) -> list[set[Hashable]]:
    out: dict[Hashable, set[Hashable]] = {}
    for i in items:
        out.setdefault(mapping[i], set()).add(i)
    return list(out.values())


def muc(system: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> PRF:
    """MUC (Vilain et al. 1995): links needed to rebuild each gold chain from the system's partition, and back."""
    items = [i for i in gold if i in system]

    def score(keys: list[set[Hashable]], other: Mapping[Hashable, Hashable]) -> float:
        num = sum(len(k) - len({other[i] for i in k}) for k in keys)
        den = sum(len(k) - 1 for k in keys)
        return num / den if den else 0.0

    return PRF(score(_clusters(system, items), gold), score(_clusters(gold, items), system))


def ceaf_e(system: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> PRF:
    """Entity-based CEAF (Luo 2005, phi4): the best one-to-one alignment of system and gold clusters."""
    items = [i for i in gold if i in system]
    sys_c, gold_c = _clusters(system, items), _clusters(gold, items)
    if not sys_c or not gold_c:
        return PRF(0.0, 0.0)
    sim = [[2 * len(k & r) / (len(k) + len(r)) for r in sys_c] for k in gold_c]
    total = sum(sim[r][c] for r, c in max_assignment(sim))
    return PRF(total / len(sys_c), total / len(gold_c))


def conll(system: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> dict[str, object]:
    """MUC, B-cubed and CEAF-e with their F1 average (the CoNLL F1 the coreference literature reports)."""
    m, b, c = muc(system, gold), bcubed(system, gold), ceaf_e(system, gold)
    return {"muc": m.to_dict(), "bcubed": b.to_dict(), "ceaf_e": c.to_dict(), "conll_f1": round((m.f1 + b.f1 + c.f1) / 3, 4)}
