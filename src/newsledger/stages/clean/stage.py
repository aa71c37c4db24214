"""The ``clean`` stage: spans of the text that are not the article (boilerplate, off-topic passages)."""

from __future__ import annotations

from spacy.tokens import Doc

from newsledger.document import Removed
from newsledger.registry import Context, register
from newsledger.stages.clean.blocks import split_blocks
from newsledger.stages.clean.boilerplate import find_boilerplate
from newsledger.stages.clean.offtopic import find_off_topic


def person_words(doc: Doc) -> frozenset[str]:
    """The lower-cased words of the PERSON entities of the parse (an interview turn's label names one of them)."""
    return frozenset(t.lower_ for e in doc.ents if e.label_ == "PERSON" for t in e if t.is_alpha)


# Documents whose text is a web page's body as the HTML reader extracted it (ingest/html.py, ingest/warc.py).
PAGE_FORMATS = frozenset({"html", "warc"})


@register("clean", key="removed")
def find_removed(ctx: Context) -> list[Removed]:
    """Boilerplate lines first, then off-topic paragraphs among the rest; the text itself is never cut."""
    text = ctx.text
    blocks = split_blocks(text)
    sentences = [(s.start_char, s.end_char) for s in ctx.doc.sents]
    boiler = find_boilerplate(text, blocks, sentences, page=ctx.document.meta.get("format") in PAGE_FORMATS,
                              title=ctx.document.title, names=person_words(ctx.doc))
    taken = [(r.start, r.end) for r in boiler]
    rest = [b for b in blocks if not any(s < b.end and b.start < e for s, e in taken)]
    off = find_off_topic(ctx.doc, rest, ctx.document.title, accurate=ctx.accurate)
    return sorted(boiler + off, key=lambda r: r.start)
