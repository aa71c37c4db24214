"""The Doc preparation of runtime/doctext: cached sentences and token words equal spaCy's own, freshly made."""

from __future__ import annotations

import pytest

from tests.articles import PARAGRAPHS

TEXTS = [
    *PARAGRAPHS,
    "One.",
    "No full stop at the end of this line\n\nand a second block after a blank line",
    "He said: \"Go.\" She left. Then -- after a pause -- the room emptied!  Why?",
]


def _bounds(spans) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    return [(s.start, s.end) for s in spans]


@pytest.mark.parametrize("text", TEXTS)
def test_cached_sentences_equal_spacy(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    from newsledger.runtime.doctext import prepare

    plain, doc = nlp(text), nlp(text)
    prepare(doc, text)
    first = list(doc.sents)
    assert _bounds(first) == _bounds(plain.sents)
    assert list(doc.sents) == first and all(a is b for a, b in zip(doc.sents, first, strict=True))  # made once
    for i in range(len(doc)):  # a token's sentence and the sentences a span touches, as spaCy finds them
        assert (doc[i].sent.start, doc[i].sent.end) == (plain[i].sent.start, plain[i].sent.end)
        for j in (i, i + 1, min(len(doc), i + 7)):
            assert _bounds(doc[i:j].sents) == _bounds(plain[i:j].sents), (i, j)


def test_doc_without_sentences_keeps_spacy_behaviour() -> None:
    import spacy

    from newsledger.runtime.doctext import doc_text, prepare

    blank = spacy.blank("en")
    doc = blank("A tokenised text with no parser at all.")
    prepare(doc, doc.text)
    assert doc_text(doc) == "A tokenised text with no parser at all."
    assert not doc.has_annotation("SENT_START")
    with pytest.raises(ValueError, match="E030"):
        list(doc.sents)


@pytest.mark.parametrize("text", ["", "  Two  spaces\tand a tab.\n", "Ünïcode “quotes” — dashes…"])
def test_doc_words_and_starts(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    from newsledger.runtime.doctext import doc_starts, doc_words

    doc = nlp(text)
    assert doc_words(doc) == ([t.text for t in doc], [t.text.lower() for t in doc])
    assert doc_starts(doc) == [t.idx for t in doc]


def test_release_drops_the_cached_sentences(nlp) -> None:  # type: ignore[no-untyped-def]
    """The cached spans refer to their Doc (a cycle); release breaks it and spaCy's own sentences come back."""
    from newsledger.runtime.doctext import SENTS_KEY, prepare, release

    doc = nlp(PARAGRAPHS[0])
    prepare(doc, PARAGRAPHS[0])
    cached = list(doc.sents)
    release(doc)
    assert "sents" not in doc.user_hooks and SENTS_KEY not in doc.user_data
    assert _bounds(doc.sents) == _bounds(cached) and next(iter(doc.sents)) is not cached[0]


def test_pipeline_releases_each_doc(nlp) -> None:  # type: ignore[no-untyped-def]
    from newsledger.document import Document
    from newsledger.pipeline import Pipeline
    from newsledger.runtime.doctext import SENTS_KEY

    pipeline = Pipeline(nlp=nlp, stages=["timexes"])
    doc = nlp(PARAGRAPHS[1])
    pipeline.run_stages(Document(id="d", text=PARAGRAPHS[1]), doc)
    assert "sents" not in doc.user_hooks and SENTS_KEY not in doc.user_data
