"""training/annotation/union.py: spent blind tests join the training data only when retired.tsv lists them."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

UNION = Path(__file__).resolve().parents[2] / "training" / "annotation" / "union.py"


def _module():
    spec = importlib.util.spec_from_file_location("union_under_test", UNION)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _round(root: Path, name: str, splits: dict[str, list[str]]) -> Path:
    rnd = root / name
    rnd.mkdir()
    lines = ["id\tsplit\tstratum\toutlet\tdate"]
    for split, ids in splits.items():
        lines += [f"{i}\t{split}\tallsides\tdaily\t2026-01-01" for i in ids]
        (rnd / f"{split}.jsonl").write_text("".join(json.dumps({"doc": i}) + "\n" for i in ids), encoding="utf-8")
    (rnd / "split.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return rnd


def test_retired_test_split_becomes_train(tmp_path: Path) -> None:
    union = _module()
    first = _round(tmp_path, "r1", {"train": ["a"], "dev": ["b"], "test": ["c"]})
    spent = _round(tmp_path, "r2", {"test": ["d", "e"]})
    registry = tmp_path / "retired.tsv"
    registry.write_text("round\tscored_once\tcommit\tgate\tnote\nr2\t2026-12-07\tabc\tg\tspent\n", encoding="utf-8")
    counts = union.union([first], tmp_path / "out", [spent], registry)
    assert counts == {"train": 3, "dev": 1}
    train = [json.loads(line)["doc"] for line in (tmp_path / "out" / "train.jsonl").read_text().splitlines()]
    assert train == ["a", "d", "e"]  # r1's own test split ("c") is never copied
    rows = (tmp_path / "out" / "split.tsv").read_text().splitlines()[1:]
    assert {r.split("\t")[0]: r.split("\t")[1] for r in rows} == {"a": "train", "b": "dev", "d": "train", "e": "train"}


def test_unlisted_round_stays_blind(tmp_path: Path) -> None:
    union = _module()
    first = _round(tmp_path, "r1", {"train": ["a"], "dev": ["b"]})
    blind = _round(tmp_path, "r3", {"test": ["f"]})
    registry = tmp_path / "retired.tsv"
    registry.write_text("round\tscored_once\tcommit\tgate\tnote\nr2\t2026-12-07\tabc\tg\tspent\n", encoding="utf-8")
    with pytest.raises(union.NotRetiredError, match="still blind"):
        union.union([first], tmp_path / "out", [blind], registry)
    assert not (tmp_path / "out").exists()
