"""B-cubed and pairwise scores on hand-checked partitions."""

from __future__ import annotations

import pytest

from newsledger.evaluate.clustering import bcubed, pairwise

GOLD = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}


@pytest.mark.parametrize(("system", "b3", "pw"), [
    (GOLD, (1.0, 1.0), (1.0, 1.0)),
    ({"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}, (1.0, (1 / 3 * 3 + 1 / 2 * 2) / 5), (1.0, 0.0)),
    ({"a": 1, "b": 1, "c": 1, "d": 1, "e": 1}, ((3 / 5 * 3 + 2 / 5 * 2) / 5, 1.0), (4 / 10, 1.0)),
    ({"a": 1, "b": 1, "c": 2, "d": 2, "e": 2}, ((2 * 1 + 1 / 3 + 2 * 2 / 3) / 5, (2 * 2 / 3 + 1 / 3 + 2) / 5), (2 / 4, 2 / 4)),
])
def test_scores(system: dict[str, int], b3: tuple[float, float], pw: tuple[float, float]) -> None:
    s = bcubed(system, GOLD)
    assert (s.precision, s.recall) == pytest.approx(b3)
    p = pairwise(system, GOLD)
    assert (p.precision, p.recall) == pytest.approx(pw)
