"""Entity repair before grouping: names spaCy missed or mistyped, and name forms normalised for grouping.

- ``first_name_people``: a "person" ending in a building or institution word is a facility or an organisation
  ("Victoria Station"); a run of capitalised proper nouns opening with a known first name
  (``lexicons/first_names.tsv``) is a person: it becomes a PERSON candidate when spaCy missed it, and a
  spaCy span of that exact extent typed ORG, FAC, GPE, LOC or PRODUCT becomes PERSON ("Samantha Power"
  read as ORG), unless the run ends in an organisation, place or building word ("Victoria Station").
- ``name_key``: the form person names are grouped by: no diacritics, no honorifics, hyphens and spaces
  alike ("Jean-Luc Picard" = "Jean Luc Picard", "José" = "Jose").
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from newsledger.runtime.doctext import doc_text, doc_words
from newsledger.stages.entities.gazetteer import Gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsledger.stages.entities.mentions import Cand

# Words that end a building, street or institution name: a first name before them is no person.
FACILITY_HEADS = frozenset({"street", "station", "airport", "bridge", "square", "park", "river", "hall", "center",
                            "centre", "building", "tower", "road", "avenue", "stadium", "hospital", "university",
                            "college", "school", "house", "island", "lake", "bay", "mountain", "county", "city",
                            "foundation", "fund", "institute", "prize", "award", "line", "highway", "memorial"})
RETYPED = frozenset({"ORG", "FAC", "GPE", "LOC", "PRODUCT", "WORK_OF_ART", "NORP"})
MAX_NAME_WORDS = 4
_NAME_WORD = re.compile(r"^(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|[A-Z]\.|Mc[A-Z][a-z]+|O['’][A-Z][a-z]+)$")
HONORIFIC_WORDS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "prof"})


def _ends_in_head(words: list[str], gz: Gazetteer) -> bool:
    last = words[-1].lower()
    return last in FACILITY_HEADS or last in gz.org_heads or last in gz.law_heads or last in gz.place_head_starts


def first_name_people(doc: Doc, gz: Gazetteer, cands: list[Cand], make: type[Cand]) -> list[Cand]:
    """``cands`` with people named by a known first name retyped or added (rules in the module docstring)."""
    for c in cands:
        last = doc[c.tok_end - 1].lower_
        if c.label == "PERSON" and c.tok_end - c.tok_start > 1 and (last in FACILITY_HEADS or last in gz.org_heads):
            c.label = "ORG" if last in gz.org_heads else "FAC"  # "Victoria Station" read as a person
    if not gz.first_names:
        return cands
    covered: dict[int, Cand] = {}
    for c in cands:
        for i in range(c.tok_start, c.tok_end):
            covered.setdefault(i, c)
    added: list[Cand] = []
    n = len(doc)
    texts = doc_words(doc)[0]
    i = 0
    while i < n:
        if texts[i] not in gz.first_names:
            i += 1
            continue
        tok = doc[i]
        prev = doc[i - 1] if i > 0 else None
        inside = prev is not None and prev.tag_ == "NNP" and prev.text[:1].isupper() \
            and prev.lower_.rstrip(".") not in gz.titles and prev.lower_.rstrip(".") not in HONORIFIC_WORDS
        if tok.text not in gz.first_names or tok.tag_ != "NNP" or inside:
            i += 1
            continue
        j = i + 1
        while j < n and j - i < MAX_NAME_WORDS and doc[j].tag_ == "NNP" and _NAME_WORD.match(doc[j].text):
            j += 1
        words = [t.text for t in doc[i:j]]
        if j - i < 2 or _ends_in_head(words, gz) or gz.lookup(" ".join(words)) is not None:
            i = j
            continue
        own = covered.get(i)
        if own is not None and own.tok_start == i and own.tok_end == j and own.label in RETYPED and own.place is None:
            own.label, own.country = "PERSON", None  # "Samantha Power" typed ORG
        elif all(k not in covered for k in range(i, j)):
            start, end = doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)
            added.append(make(start, end, doc_text(doc)[start:end], "PERSON", tok_start=i, tok_end=j))
        i = j
    if not added:
        return cands
    out = cands + added
    out.sort(key=lambda c: (c.start, -c.end))
    return out


def name_key(words: list[str]) -> str:
    """The grouping form of a person name: no diacritics or honorifics, hyphens as spaces, one space."""
    text = " ".join(w for w in words if w.lower().rstrip(".") not in HONORIFIC_WORDS)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.replace("-", " ").replace("‐", " ").split())
