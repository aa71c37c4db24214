"""Tests of the PTC reader, the held-aside split and the SemEval-2020 SI partial-overlap scoring."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.errors import InputError
from newsledger.evaluate.ptc import Prf, is_held_out, load_ptc, merge_overlapping, score

# (predicted spans, gold spans, expected precision, expected recall), worked by hand from the scorer's
# definition: P = sum |s∩t|/|s| over pairs / #predicted, R = sum |s∩t|/|t| over pairs / #gold.
PRF_CASES = [
    ([(0, 10)], [(0, 10)], 1.0, 1.0),
    ([(0, 10)], [(5, 15)], 0.5, 0.5),
    ([(0, 4)], [(0, 8)], 1.0, 0.5),
    ([(0, 4), (20, 30)], [(0, 8)], 0.5, 0.5),
    ([(0, 10)], [(0, 5), (5, 10)], 1.0, 1.0),
    ([], [(0, 5)], 0.0, 0.0),
    ([(0, 6), (3, 9)], [(0, 9)], 1.0, 1.0),  # overlapping predictions are merged first (scorer option -m)
]


@pytest.mark.parametrize(("pred", "gold", "p", "r"), PRF_CASES)
def test_prf(pred, gold, p, r) -> None:  # type: ignore[no-untyped-def]
    x = Prf()
    x.add(pred, gold)
    assert x.precision == pytest.approx(p)
    assert x.recall == pytest.approx(r)


@pytest.mark.parametrize(
    ("spans", "merged"),
    [([(5, 8), (0, 6)], [(0, 8)]), ([(0, 3), (3, 6)], [(0, 3), (3, 6)]), ([(0, 9), (2, 4)], [(0, 9)])],
)
def test_merge_overlapping(spans, merged) -> None:  # type: ignore[no-untyped-def]
    assert merge_overlapping(spans) == merged


def _mini_ptc(root: Path) -> Path:
    (root / "train-articles").mkdir(parents=True)
    (root / "train-labels-task2-technique-classification").mkdir()
    texts = {"1001": "A title\n\nThe vile scheme of the crooks collapsed.\n", "1002": "Another\n\nNothing loaded here.\n"}
    for aid, text in texts.items():
        (root / "train-articles" / f"article{aid}.txt").write_text(text, encoding="utf-8")
    s = texts["1001"].index("vile")
    c = texts["1001"].index("the crooks")
    (root / "train-labels-task2-technique-classification" / "article1001.task2-TC.labels").write_text(
        f"1001\tLoaded_Language\t{s}\t{s + 4}\n1001\tName_Calling,Labeling\t{c}\t{c + 10}\n", encoding="utf-8"
    )
    return root


def test_load_and_score(tmp_path: Path) -> None:
    root = _mini_ptc(tmp_path / "ptc")
    arts = load_ptc(root)
    assert [a.id for a in arts] == ["1001", "1002"]
    a = arts[0]
    assert [a.text[s:e] for s, e, _ in a.spans] == ["vile", "the crooks"]
    s = a.text.index("vile")
    report = score(arts, {"1001": [(s, s + 11, "Loaded_Language")]}, covered=["Loaded_Language"])
    ll = report.per_technique["Loaded_Language"]
    assert ll.recall == pytest.approx(1.0) and ll.precision == pytest.approx(4 / 11)
    assert report.per_technique["Name_Calling,Labeling"].recall == 0.0
    assert report.to_dict()["covered_micro"]["gold"] == 1


def test_split_is_fixed() -> None:
    ids = [str(700000000 + i) for i in range(500)]
    held = [i for i in ids if is_held_out(i)]
    assert 0.1 < len(held) / len(ids) < 0.3
    assert held == [i for i in ids if is_held_out(i)]
    parts = {p: {a for a in ids if is_held_out(a) == (p == "heldout")} for p in ("heldout", "train")}
    assert not parts["heldout"] & parts["train"]


def test_not_a_ptc_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_ptc(tmp_path)


def test_eval_command(tmp_path: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from newsledger.cli import app

    root = _mini_ptc(tmp_path / "ptc")
    result = CliRunner().invoke(app, ["eval", "ptc", str(root), "--part", "all", "--json"])
    assert result.exit_code == 0, result.output
    assert '"span_identification"' in result.output
