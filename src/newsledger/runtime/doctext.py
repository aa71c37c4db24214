"""Text and token words of a spaCy Doc, cached in ``doc.user_data`` (spaCy rebuilds them on every access)."""

from __future__ import annotations

from bisect import bisect_right
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


def expand_tokens(doc: Doc, start: int, end: int) -> range | None:
    """The token indices of ``doc.char_span(start, end, alignment_mode="expand")`` (None when it is None), with no
    Span or Token objects: a token owns its characters and its trailing whitespace, as spaCy's ``token_by_char``."""
    starts = doc_starts(doc)
    n = len(doc_text(doc))
    if not 0 <= start < n or not 0 < end <= n:
        return None
    first = bisect_right(starts, start) - 1
    last = bisect_right(starts, end - 1) - 1
    if start == starts[first] + len(doc_words(doc)[0][first]):  # the whitespace after a token: not that token
        first += 1
    return range(first, last + 1)


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


ENTS_KEY = "newsledger.ents"


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, made once per Doc (spaCy makes a new Span per entity on every access; ``Span.ents`` too)."""
    ents = doc.user_data.get(ENTS_KEY)
    if ents is None:
        ents = doc.user_data[ENTS_KEY] = tuple(doc.ents)
    return ents  # type: ignore[no-any-return]


def span_ents(span: Span) -> list[Span]:
    """``span.ents`` from the cached entities: the entities wholly inside ``span``, in order."""
    start, end = span.start, span.end
    return [e for e in doc_ents(span.doc) if e.start >= start and e.end <= end]


def prepare(doc: Doc, text: str) -> None:
    """Ready a freshly parsed Doc for the stages: its text is ``text``, and its sentences are made once.

    spaCy rebuilds ``doc.text`` on every access, and ``doc.sents`` walks every token and makes new Span objects on
    every call, which seven stages do; with the hook every call after the first replays the same spans.
    """
    doc.user_data[DOC_TEXT_KEY] = text
    if doc.has_annotation("SENT_START"):  # (with the hook spaCy would report sentences a Doc without them lacks)
        doc.user_hooks["sents"] = _cached_sents


def release(doc: Doc) -> None:
    """Drop the cached sentences and entities: their spans refer back to the Doc, and that cycle would keep every
    parsed Doc in memory until a full garbage collection."""
    doc.user_hooks.pop("sents", None)
    doc.user_data.pop(SENTS_KEY, None)
    doc.user_data.pop(ENTS_KEY, None)
