"""Text and token words of a spaCy Doc, cached in ``doc.user_data`` (spaCy rebuilds them on every access)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

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
        texts = [text[s : s + n] for s, n in _offsets(doc)]
        words = doc.user_data["newsledger.words"] = (texts, [w.lower() for w in texts])
    return words  # type: ignore[no-any-return]


def _offsets(doc: Doc) -> list[list[int]]:
    """[character offset, length] of every token, read in one call (no Token objects)."""
    from spacy.attrs import IDX, LENGTH

    return doc.to_array([IDX, LENGTH]).tolist() if len(doc) else []  # type: ignore[no-any-return]


def doc_starts(doc: Doc) -> list[int]:
    """Character offset of every token of a Doc, built once."""
    starts = doc.user_data.get("newsledger.starts")
    if starts is None:
        starts = doc.user_data["newsledger.starts"] = [s for s, _ in _offsets(doc)]
    return starts  # type: ignore[no-any-return]
