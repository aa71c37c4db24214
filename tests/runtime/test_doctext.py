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


def _ents(spans) -> list[tuple[int, int, str]]:  # type: ignore[no-untyped-def]
    return [(e.start, e.end, e.label_) for e in spans]


@pytest.mark.parametrize("text", TEXTS)
def test_cached_entities_equal_spacy(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    """doc_ents is doc.ents made once; span_ents is Span.ents for every sentence and for spans cutting entities."""
    from newsledger.runtime.doctext import doc_ents, span_ents

    doc = nlp(text)
    first = doc_ents(doc)
    assert _ents(first) == _ents(doc.ents) and doc_ents(doc) is first
    for sent in doc.sents:
        assert _ents(span_ents(sent)) == _ents(sent.ents)
    for i in range(len(doc)):
        for j in (i, i + 1, min(len(doc), i + 5)):
            assert _ents(span_ents(doc[i:j])) == _ents(doc[i:j].ents), (i, j)


def test_release_drops_the_cached_entities(nlp) -> None:  # type: ignore[no-untyped-def]
    from newsledger.runtime.doctext import ENTS_KEY, doc_ents, prepare, release

    doc = nlp(PARAGRAPHS[0])
    prepare(doc, PARAGRAPHS[0])
    assert doc_ents(doc) and ENTS_KEY in doc.user_data
    release(doc)
    assert ENTS_KEY not in doc.user_data


@pytest.mark.parametrize("text", [*TEXTS[-3:], "", "  Leading spaces, trailing too.  ", "A\n\n\nB  C"])
def test_expand_tokens_equal_char_span(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    """Every character range, including ones in whitespace and past the end, as char_span(expand) finds it."""
    from newsledger.runtime.doctext import expand_tokens

    doc = nlp(text)
    for start in range(-1, len(text) + 2):
        for end in range(start, len(text) + 2):
            span = doc.char_span(start, end, alignment_mode="expand")
            got = expand_tokens(doc, start, end)
            assert (None if span is None else range(span.start, span.end)) == got, (start, end)
