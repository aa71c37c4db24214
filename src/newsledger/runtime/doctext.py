"""Text and token words of a spaCy Doc, cached in ``doc.user_data`` (spaCy rebuilds them on every access)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# doc.user_data key of the document text (set by the pipeline, else built once by ``doc_text``).
DOC_TEXT_KEY = "newsledger.text"


def doc_text(doc: Doc) -> str:
    """The text of a Doc, cached in ``doc.user_data`` (spaCy rebuilds ``doc.text`` on every access)."""
    text = doc.user_data.get(DOC_TEXT_KEY)
    if text is None:
        text = doc.user_data[DOC_TEXT_KEY] = doc.text
    return text  # type: ignore[no-any-return]


def doc_words(doc: Doc) -> tuple[list[str], list[str]]:
    """Token texts and lower-case forms of a Doc, built once (creating spaCy Token objects is slow)."""
    words = doc.user_data.get("newsledger.words")
    if words is None:
        text = doc_text(doc)
        starts, lengths = _offsets(doc)
        texts = [text[s : s + n] for s, n in zip(starts, lengths, strict=True)]
        words = doc.user_data["newsledger.words"] = (texts, [w.lower() for w in texts])
    return words  # type: ignore[no-any-return]


def _offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """Character offsets and lengths of the tokens, read in one call (no Token objects).

    Two flat lists, not a [start, length] list per token: a list per token allocates as many small
    containers, and their allocation sets off the garbage collector.
    """
    from spacy.attrs import IDX, LENGTH

    if not len(doc):
        return [], []
    starts, lengths = doc.to_array([IDX, LENGTH]).T.tolist()
    return starts, lengths


def doc_starts(doc: Doc) -> list[int]:
    """Character offset of every token of a Doc, built once."""
    starts = doc.user_data.get("newsledger.starts")
    if starts is None:
        starts = doc.user_data["newsledger.starts"] = _offsets(doc)[0]
    return starts  # type: ignore[no-any-return]


SENTS_KEY = "newsledger.sents"


def _cached_sents(doc: Doc) -> Iterator[Span]:
    """``doc.sents`` as spaCy makes them, made once per Doc and then replayed (a ``user_hooks["sents"]``)."""
    sents = doc.user_data.get(SENTS_KEY)
    if sents is None:
        del doc.user_hooks["sents"]  # spaCy's own sentence iterator, once
        try:
            sents = tuple(doc.sents)
        finally:
            doc.user_hooks["sents"] = _cached_sents
        doc.user_data[SENTS_KEY] = sents
    return iter(sents)


def prepare(doc: Doc, text: str) -> None:
    """Ready a freshly parsed Doc for the stages: its text is ``text``, and its sentences are made once.

    spaCy rebuilds ``doc.text`` on every access, and ``doc.sents`` walks every token and makes new Span objects on
    every call, which seven stages do; with the hook every call after the first replays the same spans.
    """
    doc.user_data[DOC_TEXT_KEY] = text
    if doc.has_annotation("SENT_START"):  # (with the hook spaCy would report sentences a Doc without them lacks)
        doc.user_hooks["sents"] = _cached_sents


def release(doc: Doc) -> None:
    """Drop what ``prepare`` cached: the sentence spans refer back to the Doc, and that cycle would keep every
    parsed Doc in memory until a full garbage collection."""
    doc.user_hooks.pop("sents", None)
    doc.user_data.pop(SENTS_KEY, None)
