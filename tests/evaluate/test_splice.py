"""The splice-set generator and the removal score, on a small corpus written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

from newsledger.document import Removed
from newsledger.evaluate.removal import RemovalScore
from newsledger.evaluate.splice import generate


def _corpus(path: Path) -> None:
    topics = ["ports", "ports", "birds", "birds", "courts", "courts"]
    with path.open("w", encoding="utf-8") as fh:
        for k, topic in enumerate(topics):
            paras = [f"Story {k} paragraph {i} about {topic} goes on with enough words to be a real paragraph of prose, "
                     f"and it ends like a sentence number {i}." for i in range(14)]
            fh.write(json.dumps({"ID": f"a{k}", "title": f"Story {k}", "topic": topic, "text": "\n\n".join(paras)}) + "\n")


def test_generator_inserts_are_exact(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    _corpus(src)
    cases = list(generate(src, n=4, seed=3))
    assert len(cases) == 4
    assert [c.text for c in cases] == [c.text for c in generate(src, n=4, seed=3)]  # deterministic
    for case in cases:
        kinds = sorted(i.kind for i in case.inserts)
        assert kinds.count("boilerplate") == 2 and kinds.count("off_topic") <= 1
        for ins in case.inserts:
            piece = case.text[ins.start:ins.end]
            assert piece == piece.strip() and piece
            if ins.kind == "off_topic":
                assert f"Story {case.id[1:]} " not in piece  # from another article


def test_removal_score(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    _corpus(src)
    case = next(iter(generate(src, n=1, seed=5)))
    gold = [Removed(i.start, i.end, i.kind, "gold") for i in case.inserts]
    perfect = RemovalScore()
    perfect.add(case, gold)
    f = perfect.figures()
    assert f["boilerplate_recall"] == 1.0 and f["boilerplate_precision"] == 1.0
    assert f["article_chars_wrongly_removed_any"] == 0.0
    wrong = RemovalScore()
    wrong.add(case, [Removed(0, 50, "off_topic", "x")])
    g = wrong.figures()
    assert g["boilerplate_recall"] == 0.0 and g["article_chars_wrongly_removed_off_topic"] > 0
