from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from newsledger.evaluate.html import Counts, evaluate_html, gold_text, shingles, tokens


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("URL: http://x.example/\n<p>First para.\n<h>Head\n<l>item", "First para.\nHead\nitem"),
        ('<div id="readability-page-1"><p>Hello <b>there</b></p></div>', "Hello there"),
        ("plain text only", "plain text only"),
    ],
)
def test_gold_text(raw: str, expected: str) -> None:
    assert gold_text(raw).strip() == expected


def test_counts_micro_and_macro() -> None:
    c = Counts()
    c.add(Counter(tokens("a b c d")), Counter(tokens("a b x")))
    f = c.figures()
    assert f["precision"] == pytest.approx(2 / 3, abs=1e-3) and f["recall"] == 0.5
    assert shingles(["a", "b", "c", "d", "e"], 4) == Counter({("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1})


def test_evaluate_html_on_generated_pages(tmp_path: Path) -> None:
    inp = tmp_path / "mini" / "input"
    gold = tmp_path / "mini" / "GoldStandard"
    inp.mkdir(parents=True)
    gold.mkdir()
    (inp / "1.html").write_bytes(b"<html><body><p>the port opens in march</p><p>menu home</p></body></html>")
    (gold / "1.txt").write_text("the port opens in march", encoding="utf-8")
    report = evaluate_html(tmp_path, {"perfect": lambda _: "the port opens in march", "all": lambda _: "the port opens in march menu home"})
    assert report["pages"] == {"mini": 1}
    assert report["tokens"]["perfect"]["all"]["f1"] == 1.0
    assert report["tokens"]["all"]["mini"]["precision"] == pytest.approx(5 / 7, abs=1e-3)


def test_cli_eval_html(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from newsledger.cli import app

    inp = tmp_path / "mini" / "input"
    gold = tmp_path / "mini" / "GoldStandard"
    inp.mkdir(parents=True)
    gold.mkdir()
    body = " ".join(f"The harbour terminal opens in March, sentence {i} of the report." for i in range(30))
    (inp / "1.html").write_text(f"<html><body><article><p>{body}</p></article></body></html>", encoding="utf-8")
    (gold / "1.txt").write_text(body, encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "html", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["tokens"]["newsledger"]["all"]["f1"] > 0.9 and "trafilatura" in report["tokens"]
