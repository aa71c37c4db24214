"""B-cubed and pairwise scores on hand-checked partitions."""

from __future__ import annotations

import pytest

from newsledger.evaluate.clustering import bcubed, ceaf_e, conll, muc, pairwise

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


@pytest.mark.parametrize(("system", "muc_pr", "ceaf_pr"), [
    (GOLD, (1.0, 1.0), (1.0, 1.0)),
    # one mention moved to the other chain: two of three links right each way; phi4 0.8 per aligned pair
    ({"a": 1, "b": 1, "c": 2, "d": 2, "e": 2}, (2 / 3, 2 / 3), (0.8, 0.8)),
    # all singletons: no link at all; each gold chain aligns with one singleton (2/4 and 2/3)
    ({"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}, (0.0, 0.0), ((0.5 + 2 / 3) / 5, (0.5 + 2 / 3) / 2)),
    # everything in one cluster: every gold link found, one chain aligned
    ({"a": 1, "b": 1, "c": 1, "d": 1, "e": 1}, (3 / 4, 1.0), (2 * 3 / 8, 2 * 3 / 8 / 2)),
])
def test_muc_and_ceaf_e(system: dict[str, int], muc_pr: tuple[float, float], ceaf_pr: tuple[float, float]) -> None:
    m, c = muc(system, GOLD), ceaf_e(system, GOLD)
    assert (m.precision, m.recall) == pytest.approx(muc_pr)
    assert (c.precision, c.recall) == pytest.approx(ceaf_pr)
    expected = (m.f1 + bcubed(system, GOLD).f1 + c.f1) / 3
    assert conll(system, GOLD)["conll_f1"] == pytest.approx(expected, abs=1e-4)
