"""The brat attribution scorer: parsing, annotator choice, matching and the speech-only view."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.document import Analysis, Document, Quote, Speaker, TextSpan
from newsledger.evaluate.brat import evaluate_docs, load_corpus, parse_ann, score, words

TEXT = 'Mayor Ana Lopez said the bridge would open in May. "It is safe," she told us. Critics think it is not.'


def _span(text: str, sub: str) -> tuple[int, int]:
    start = text.index(sub)
    return start, start + len(sub)


def _ann(text: str) -> str:
    rows = [
        ("Source", "Mayor Ana Lopez"),
        ("Cue", "said"),
        ("Content", "the bridge would open in May"),
        ("Source", "she"),
        ("Cue", "told"),
        ("Content", '"It is safe,"'),
        ("Source", "Critics"),
        ("Cue", "think"),
        ("Content", "it is not"),
    ]
    lines = []
    for n, (label, sub) in enumerate(rows, start=1):
        a, b = _span(text, sub)
        lines.append(f"T{n}\t{label} {a} {b}\t{sub}")
    lines.append("E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3")
    lines.append("E2\tAttribution:T5 Source:T4 Cue:T5 Content:T6")
    lines.append("E3\tAttribution:T8 Source:T7 Cue:T8 Content:T9")
    return "\n".join(lines) + "\n"


def _quote(qid: str, kind: str, content: str, cue: str, speaker: str) -> Quote:
    c, k, s = _span(TEXT, content), _span(TEXT, cue), _span(TEXT, speaker)
    return Quote(qid, kind, Speaker(speaker, None, *s), TextSpan(*k, cue), TextSpan(*c, content))


def test_parse_ann_and_speech_classes() -> None:
    gold = parse_ann(_ann(TEXT), TEXT)
    assert [g.cue_text for g in gold] == ["said", "told", "think"]
    assert [g.speech for g in gold] == [True, True, False]


@pytest.mark.parametrize(
    ("ours", "exact", "overlap"),
    [
        ("the bridge would open in May", 1, 1),
        ("that the bridge would open in May", 1, 1),  # the complementizer does not count
        ("the bridge would open", 0, 1),  # 4 of 6 words: Jaccard 0.67
        ("the bridge", 0, 0),  # Jaccard 0.33
    ],
)
def test_matching(ours: str, exact: int, overlap: int) -> None:
    text = "Mayor Ana Lopez said that the bridge would open in May."
    gold = parse_ann(
        f"T1\tCue 16 20\tsaid\nT2\tContent {_span(text, 'the bridge would open in May')[0]} {len(text) - 1}\tx\nE1\tAttribution:T1 Cue:T1 Content:T2\n",
        text,
    )
    pred = [type(gold[0])(content=[_span(text, ours)], cue=[(16, 20)])]
    counts, _ = score(text, gold, pred)
    assert (counts.exact, counts.overlap, counts.cue_ok) == (exact, overlap, overlap)


def test_words_ignore_punctuation() -> None:
    assert words('"It is safe,"', [(0, 13)]) == words('"It is safe,"', [(1, 11)])


def test_report_all_and_speech_only() -> None:
    gold_doc = load_corpus_from(TEXT)
    quotes = [
        _quote("Q1", "indirect", "the bridge would open in May", "said", "Mayor Ana Lopez"),
        _quote("Q2", "direct", "It is safe", "told", "Critics"),  # wrong speaker
    ]
    analysis = Analysis(document=Document(id="x", text=TEXT), quotes=quotes)
    report = evaluate_docs([gold_doc], [analysis]).to_dict()
    assert report["all"]["gold"] == 3 and report["all"]["pred"] == 2
    assert report["all"]["content_exact"]["p"] == 1.0
    assert report["all"]["speaker_accuracy"] == 0.5
    assert report["speech"]["gold"] == 2 and report["speech"]["content_jaccard"]["r"] == 1.0


def load_corpus_from(text: str):  # type: ignore[no-untyped-def]
    from newsledger.evaluate.brat import BratDoc

    return BratDoc(name="x", text=text, gold=parse_ann(_ann(text), text), annotator="a")


def test_load_corpus_picks_one_annotator(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "outlet_2016-01-02_story.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "outlet_2016-01-02_story_zz99.ann").write_text("", encoding="utf-8")
    (tmp_path / "attributions" / "outlet_2016-01-02_story_aa11.ann").write_text(_ann(TEXT), encoding="utf-8")
    (tmp_path / "metadata.tsv").write_text(
        "compartment\tfilename\tpublisher\tpublication_date\ndev\toutlet_2016-01-02_story\toutlet\t2016-01-02\n", encoding="utf-8"
    )
    docs = load_corpus(tmp_path)
    assert [(d.annotator, len(d.gold), str(d.published), d.outlet) for d in docs] == [("aa11", 3, "2016-01-02", "outlet")]


def test_load_corpus_explains_a_wrong_folder(tmp_path: Path) -> None:
    from newsledger.errors import InputError

    with pytest.raises(InputError, match="text/ and attributions/"):
        load_corpus(tmp_path)


@pytest.mark.shared
@pytest.mark.slow
def test_polnear_dev_sample_runs(pipeline) -> None:  # type: ignore[no-untyped-def]
    from newsledger.evaluate.brat import BratReport
    from tests.conftest import shared_path

    directory = shared_path("data", "polnear", "data", "dev")
    docs = load_corpus(directory, limit=3)
    analyses = [pipeline.analyze_document(Document(id=d.name, text=d.text, published=d.published)) for d in docs]
    report: BratReport = evaluate_docs(docs, analyses)
    assert report.all.gold > 0 and report.all.overlap > 0
