"""The batch runner gives the same results in input order with 1 or 2 worker processes."""

from __future__ import annotations

from newsledger.distributed.batch import PipelineSpec, Runner
from newsledger.document import Analysis, Document
from newsledger.ingest.text import make_document
from newsledger.pipeline import Failure
from tests.articles import article

BLANK = PipelineSpec(model="blank:en", stages=())


def _docs(n: int) -> list[Document]:
    docs = [make_document(a["text"], id=a["id"]) for a in map(article, range(n))]
    # a text spaCy cannot take (a lone surrogate, built without make_document): it fails alone, the rest go on
    docs.insert(3, Document(id="bad-text", text="A text with a lone \ud83d surrogate."))
    return docs


def _summary(results: list[Analysis | Failure]) -> list[tuple[str, str]]:
    return [(r.source, "failed") if isinstance(r, Failure) else (r.document.id, r.to_json()) for r in results]


def test_two_workers_same_as_one_in_order() -> None:
    docs = _docs(25)
    one = Runner(BLANK, workers=1, batch_size=4)
    two = Runner(BLANK, workers=2, batch_size=4)
    a, b = list(one.run(docs)), list(two.run(docs))
    assert _summary(a) == _summary(b)
    assert [x[0] for x in _summary(b)] == [d.id for d in docs]
    # workers send results back without their documents; the parent puts its own objects back
    assert [r.document for r in b if isinstance(r, Analysis)] == [d for d in docs if d.id != "bad-text"]
    assert all(r.document is d for r, d in zip(b, docs, strict=True) if isinstance(r, Analysis))
    assert two.stats.analysed == 25 and two.stats.failed == 1
    # every reporting process is a worker (which one takes a batch depends on the scheduler under load)
    assert 1 <= len(two.stats.peak_rss) <= 2
    assert all(0 < rss < 1024**3 for rss in two.stats.peak_rss.values())


def test_full_model_in_process(pipeline) -> None:  # type: ignore[no-untyped-def]
    runner = Runner(PipelineSpec(), workers=1)
    out = list(runner.run([make_document(article(1)["text"], id="a1")]))
    assert isinstance(out[0], Analysis)
    assert out[0].to_dict() == pipeline.analyze_document(make_document(article(1)["text"], id="a1")).to_dict()
    assert runner.stats.words == len(article(1)["text"].split())
