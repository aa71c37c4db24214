"""What kind of source a speaker phrase is: pronoun, name, role, group, institution, document or no source.

The head nouns are listed in ``lexicons/source_nouns.tsv`` (``lemma<TAB>class``). ``clean_source`` cuts a
source phrase down to the part that can name a speaker: the words after a dateline dash ("NEW DELHI (AP) —
President X") and after a line break (a headline or caption glued to the sentence by the parser).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from spacy.tokens import Span, Token

LEXICON = "lexicons/source_nouns.tsv"
CLASSES = ("person", "group", "organisation", "document", "inanimate")
DASHES = ("—", "–", "--", "―")
PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her"})
THING_PRONOUNS = frozenset({"it", "its"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
FIRST_PERSON = frozenset({"i", "me", "we", "us", "my", "our"})
DEFINITE = frozenset({"the", "this", "that"})


@lru_cache(maxsize=1)
def source_nouns() -> dict[str, str]:
    """lemma -> class of the shipped source-noun lexicon."""
    text = resources.files("newsledger.stages.quotes").joinpath(LEXICON).read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lemma, cls = (line.split("\t") + [""])[:2]
        if cls.strip() not in CLASSES:
            raise ValueError(f"{LEXICON}: class {cls!r} of {lemma!r} must be one of {CLASSES}")
        out[lemma.strip()] = cls.strip()
    return out


def noun_class(head: Token) -> str | None:
    """The lexicon class of a source phrase's head noun ("official" -> person), or None."""
    if head.pos_ not in ("NOUN", "PRON", "ADJ", "DET"):
        return None
    nouns = source_nouns()
    return nouns.get(head.lemma_.lower()) or nouns.get(head.lower_)


def is_pronoun(head: Token) -> bool:
    low = head.lower_
    return head.pos_ == "PRON" or low in PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS | FIRST_PERSON


def is_definite(source: Span) -> bool:
    """True for a singular definite phrase ("the official", "this spokesman")."""
    return source[0].lower_ in DEFINITE and source.root.tag_ in ("NN", "NNP")


def clean_source(source: Span, text: str) -> Span | None:
    """The source without a dateline before a dash and without words before a line break."""
    doc = source.doc
    dash = next((t for t in reversed(source) if t.text in DASHES), None)
    if dash is not None and dash.i + 1 < source.end:
        source = doc[dash.i + 1 : source.end]  # "NEW DELHI (AP) — President Donald Trump"
    cut = source.start
    for t in source[:-1]:
        if "\n" in t.whitespace_ or "\n" in t.text:
            cut = t.i + 1
    if cut > source.start:
        source = doc[cut : source.end]
    while len(source) and (source[0].is_space or source[0].is_punct):
        source = doc[source.start + 1 : source.end]
    return source if len(source) and "\n" not in text[source.start_char : source.end_char] else None
