"""training/events_silver.py and common/events_distill.py: the silver pool leaves out every annotated document, and
soft labels teach the sparse trigger network what gold alone does not."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

TRAINING = Path(__file__).resolve().parents[2] / "training"


@pytest.fixture
def training_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(TRAINING))


def _rows(feats: list[list[str]], labels: list[str]):  # type: ignore[no-untyped-def]
    from common.events_rows import Rows

    return Rows(feats=feats, dense=[np.zeros(2, dtype=np.float32) for _ in feats], labels=labels, groups=[0] * len(feats))


@pytest.mark.usefixtures("training_path")
@pytest.mark.parametrize(("weight", "silver_min_count", "learns_silver_word"), [(1.0, 1, True), (0.0, 1, False), (1.0, 0, False)])
def test_soft_labels_teach_a_word_gold_never_shows(weight: float, silver_min_count: int, learns_silver_word: bool) -> None:
    pytest.importorskip("torch")
    from common.events_distill import fit_distilled

    gold = _rows([["w=raid"]] * 20 + [["w=table"]] * 20, ["ASSAULT"] * 20 + ["O"] * 20)
    silver = _rows([["w=ambush"]] * 20, [""] * 20)
    soft = np.tile(np.array([[0.95, 0.05]], dtype=np.float32), (20, 1))  # classes in sorted order: ASSAULT, O
    net = fit_distilled(gold, silver, soft, weight, hidden=8, silver_min_count=silver_min_count, epochs=60, lr=0.05, dropout=0.0)
    p = net.scores([["w=raid"], ["w=table"], ["w=ambush"], []], np.zeros((4, 2), dtype=np.float32))
    assault = net.classes.index("ASSAULT")
    assert p[0, assault] > 0.9 > p[1, assault]
    assert ("w=ambush" in net.index) is learns_silver_word
    if learns_silver_word:
        assert p[2, assault] > 0.8
    else:  # the word has no column: its row is scored as a row without features
        assert np.allclose(p[2], p[3])


@pytest.mark.usefixtures("training_path")
@pytest.mark.parametrize(("row", "power", "expected"), [([0.6, 0.4], 1.0, [0.6, 0.4]), ([0.6, 0.4], 2.0, [0.36 / 0.52, 0.16 / 0.52]),
                                                       ([0.5, 0.5], 3.0, [0.5, 0.5])])
def test_sharpened_soft_labels(row: list[float], power: float, expected: list[float]) -> None:
    from common.events_distill import sharpened

    np.testing.assert_allclose(sharpened(np.array([row], dtype=np.float32), power), [expected], rtol=1e-5)


@pytest.mark.usefixtures("training_path")
def test_read_silver_reorders_the_teacher_classes(tmp_path: Path) -> None:
    import pickle

    from common.events_distill import read_silver

    (tmp_path / "meta.json").write_text(json.dumps({"classes": ["O", "ASSAULT"], "gate": [], "ids": []}), encoding="utf-8")
    with (tmp_path / "part-000.pkl").open("wb") as fh:
        pickle.dump((_rows([["w=raid"]], [""]), [np.array([0.25, 0.75], dtype=np.float16)]), fh)
    rows, soft = read_silver(tmp_path, ["ASSAULT", "O"])
    assert rows.feats == [["w=raid"]]
    assert soft.tolist() == [[0.75, 0.25]]


@pytest.mark.usefixtures("training_path")
def test_silver_pool_leaves_out_annotated_and_judged_documents(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    import events_silver

    root = tmp_path / "repo"
    for name, ids in {"round-a": ["allsides:A1", "wire:W1"], "places-b": ["allsides:A2"]}.items():
        (root / "data" / "annotations" / name).mkdir(parents=True)
        rows = "".join(f"{i}\ttrain\tx\n" for i in ids)
        (root / "data" / "annotations" / name / "split.tsv").write_text(f"id\tsplit\tstratum\n{rows}", encoding="utf-8")
    (root / "data" / "cleaning" / "splits").mkdir(parents=True)
    (root / "data" / "cleaning" / "splits" / "test.txt").write_text("# header\nhost\tallsides:A3\n", encoding="utf-8")
    news = tmp_path / "shared" / "data" / "news"
    news.mkdir(parents=True)
    articles = [("A1", "2015-01-02"), ("A2", "2016-03-04"), ("A3", "2017-05-06"), ("A4", "2013-05-01"), ("A5", "2019-09-09")]
    (news / "allsides-articles.jsonl").write_text("".join(json.dumps({"ID": i, "date": d}) + "\n" for i, d in articles),
                                                  encoding="utf-8")
    wires = [("W1", "2005-01-01"), ("W2", "2006-02-02"), ("W3", "1997-03-03")]
    (news / "te3_silver_afp_xin.jsonl").write_text("".join(json.dumps({"docid": i, "dct": d}) + "\n" for i, d in wires),
                                                   encoding="utf-8")
    excluded = events_silver.excluded_ids(root)
    assert excluded == {"allsides:A1", "wire:W1", "allsides:A2", "allsides:A3"}
    assert events_silver.pool(tmp_path / "shared", excluded) == ["allsides:A5", "wire:W2"]
