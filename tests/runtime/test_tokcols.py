"""The per-document token columns hold exactly the values of spaCy's Token attributes."""

from __future__ import annotations

import pytest

from tests.articles import PARAGRAPHS

TEXTS = [
    *PARAGRAPHS,
    "Mr. O'Neill's 3 dogs -- and 42% of the U.S. voters -- said: \"We'll see.\"  Then   nothing.\n\nEnd",
    "  \n\tIndented: a line with\ttabs, numbers like 1,200 or twelve, and an emoji-free “quote”.",
    "One.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_columns_match_token_attributes(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    from newsledger.runtime.tokcols import token_columns

    doc = nlp(text)
    c = token_columns(doc)
    assert token_columns(doc) is c  # computed once per Doc
    assert len(c) == len(doc)
    for t in doc:
        i = t.i
        got = (c.idx[i], c.length[i], c.text[i], c.lower[i], c.lemma[i], c.lemma_lower[i], c.pos[i], c.tag[i],
               c.dep[i], c.head[i], c.leaf[i], c.sent_start[i], c.sent_end[i], c.space_after[i], c.is_alpha[i], c.is_punct[i], c.is_space[i],
               c.is_stop[i], c.like_num[i])
        want = (t.idx, len(t), t.text, t.lower_, t.lemma_, t.lemma_.lower(), t.pos_, t.tag_, t.dep_, t.head.i, not any(True for _ in t.children),
                t.is_sent_start is True, t.is_sent_end is True, bool(t.whitespace_), t.is_alpha, t.is_punct, t.is_space,
                t.is_stop, t.like_num)
        assert got == want, t.text


def test_empty_doc(nlp) -> None:  # type: ignore[no-untyped-def]
    from newsledger.runtime.tokcols import token_columns

    c = token_columns(nlp(""))
    assert len(c) == 0 and c.sent_end == [] and c.lower == []


def test_string_cache_is_bounded(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from newsledger.runtime import tokcols

    monkeypatch.setattr(tokcols, "MAX_STRINGS", 3)
    tokcols.strings_of(nlp.make_doc("a b c d e"), [0])
    doc = nlp.make_doc("alpha beta gamma delta")
    assert tokcols.strings_of(doc, [t.orth for t in doc]) == ["alpha", "beta", "gamma", "delta"]
    assert len(tokcols._STRINGS) <= 3 + 4


@pytest.mark.parametrize("text", TEXTS)
def test_span_root_equals_spacy(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    """The root of every span of up to eight tokens, and of whole sentences, as Span.root finds it."""
    from newsledger.runtime.tokcols import span_root, token_columns

    doc = nlp(text)
    c = token_columns(doc)
    for s in range(len(doc)):
        for e in range(s + 1, min(len(doc), s + 8) + 1):
            assert span_root(c, s, e) == doc[s:e].root.i, (s, e)
    for sent in doc.sents:
        assert span_root(c, sent.start, sent.end) == sent.root.i


@pytest.mark.parametrize("text", TEXTS)
def test_children_equal_spacy(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    from newsledger.runtime.tokcols import children_of

    doc = nlp(text)
    kids = children_of(doc)
    assert children_of(doc) is kids
    assert all(kids.get(t.i, []) == [ch.i for ch in t.children] for t in doc)
