"""Name mentions of a document: spaCy NER corrected by the gazetteer, place heads and junk filters.

``collect(ctx)`` returns candidate mentions (``Cand``) sorted by offset. Rules, in order:

1. spaCy entities are trimmed (leading "the", trailing "'s" and punctuation; "Article 4 of the X" -> X).
2. Gazetteer matches (countries and their aliases, demonyms, cities, regions, known organisations)
   relabel the spaCy span they coincide with (PRODUCT "Kursk" -> GPE), replace a span made only of
   places ("U.S.-South Korea"), and stand alone when trusted (countries, demonyms, big cities) or when a
   locative preposition or a place head noun vouches for them. A match inside a longer name ("Armed
   Forces of Ukraine") only lends that name its country.
3. "NAME region/oblast/district/border area/..." becomes one GPE span (``place_heads.txt``).
4. Junk: no mentions in removed spans, in "Label: value" segments of a parenthesis (language glosses
   such as transliteration labels), in call-to-action sentences ("Subscribe to ..."), from strings
   without Latin letters, or from spans holding ordinary words in capitals or lower case; PRODUCT and
   WORK_OF_ART spans that no rule turned into a place are dropped.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsledger.geo.places import Place
from newsledger.runtime.doctext import doc_ents, doc_starts, doc_text, doc_words
from newsledger.runtime.tokcols import token_columns
from newsledger.stages.entities.gazetteer import MAX_NAME_TOKENS, Gazetteer, gazetteer
from newsledger.stages.entities.repair import first_name_people

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from newsledger.registry import Context

# spaCy labels that become ledger entities; PRODUCT/WORK_OF_ART are kept only when a rule rescues them.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "LAW", "EVENT"})
RESCUABLE_LABELS = frozenset({"PRODUCT", "WORK_OF_ART"})
LOCATIVE_PREPS = frozenset({"in", "to", "from", "near", "at", "into", "across", "toward", "towards", "outside",
                            "around", "inside", "throughout", "via", "of"})
# Prepositions after which a town's name that spaCy reads as a person is the town ("marched through Valencia"):
# the subset of LOCATIVE_PREPS that do not also introduce people ("spoke to X", "a letter from X", "son of X").
PERSON_PLACE_PREPS = frozenset({"in", "near", "into", "across", "throughout", "outside", "inside", "through", "around"})
# Lower-case words that may sit inside a proper name ("Republic of Korea", "Bosnia and Herzegovina").
NAME_FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "on", "de", "del", "da", "al", "el", "bin", "van",
                                 "von", "la", "le", "du", "des", "in", "at", "&"})
# Parts of speech a lower-case word inside a name may have ("House intelligence committee").
NAME_WORD_POS = frozenset({"NOUN", "ADJ", "PROPN"})
# spaCy labels of a token that rule out a lone gazetteer match ("In March" is a DATE, not a town).
NOT_PLACE_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
# Finite verb tags: a sentence without one that opens with a call-to-action verb is an imperative even
# when the tagger reads the title-cased verb as a proper noun ("Follow Example News on Telegram").
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_LEAD_DROP = frozenset({"the", "a", "an"})
_TRAIL_DROP = frozenset({"'s", "’s", "'", "’", ",", ".", "‘", "“", "”", '"', "-", ":", ";"})
_ARTICLE_RE = re.compile(r"^(?:Article|Section|Clause|Paragraph|Chapter|Part)\s+\S+\s+of\s+(?:the\s+)?", re.I)
# A parenthesis without nested brackets; its ;-separated segments of the form "Label: value" are glosses.
_PAREN_RE = re.compile(r"\(([^()]{0,2000})\)")
_GLOSS_SEG_RE = re.compile(r"^\s*[^\s:;]{1,24}(?:\s[^\s:;]{1,24})?:\s")
_ACRONYM_RE = re.compile(r"^(?:[A-Z]\.?){2,8}$")  # "DPRK", "U.S.", "EU"
# Lines and segments that name no entity of the story: photo credits ("REUTERS/Jane Roe/File Photo", "(Photo: Jane
# Roe)", "Photo by ...", "Credit: ..."), gallery labels ("Slideshow (24 Images)"), bylines ("By Jane Roe and John Doe",
# "Jane Roe | Staff Writer") and promo labels ("BREAKING:", "WATCH:", "READ MORE:").
_CREDIT_RE = re.compile(
    r"(?:\b(?:REUTERS|AP|AFP|Getty Images|EPA|Xinhua)/[^\n]{0,80}?(?:/File Photo|/Pool|/Handout|(?=\n)|$)"
    r"|\((?:Photo|Image|Credit|Video)s?(?: by|:)[^)\n]{0,80}\)"
    r"|\b(?:Photo|Photograph|Image|Credit|Photo credit)s?(?: by|:) [^\n]{0,80})")
_FILE_PHOTO_RE = re.compile(r"[^\n]{0,60}/File Photo\b")  # (run only where "/File Photo" occurs: it backtracks)
_LINE_JUNK_RE = re.compile(
    r"^[ \t]*(?:(?:Slideshow|Gallery|Photo gallery|Photos)\b[^\n]{0,40}|[^\n]{0,60}\(\d+ (?:Images|Photos|Pictures)\)"
    r"|By [A-Z][^\n]{0,80}|[A-Z][\w .'-]{0,40} \| (?:Staff|Reuters|Associated Press|AP|AFP)\b[^\n]{0,40})[ \t]*$",
    re.MULTILINE)
_PROMO_RE = re.compile(r"^[ \t]*(BREAKING|WATCH|EXCLUSIVE|UPDATE|READ MORE|RELATED|ADVERTISEMENT|SEE ALSO|MORE|VIDEO)"
                       r"(?: NEWS)?\b", re.MULTILINE)
_LATIN_RE = re.compile(r"[A-Za-z]")
_CACHE_ZONES = "mentions.junk_zones"  # ctx.cache key: junk_zones() of the document (entities asks twice)


@dataclass
class Cand:
    """A candidate mention: a character span with a label and what the gazetteer knows about it."""

    start: int
    end: int
    text: str
    label: str
    kind: str = "name"  # name | alias | acronym | title | pronoun | demonym
    country: str | None = None
    place: Place | None = None  # the gazetteer entry this mention names, if any
    tok_start: int = -1
    tok_end: int = -1
    base: str | None = None  # "Kursk" for "Kursk region": places with one base name are one entity


def _trim(span: Span) -> tuple[int, int] | None:
    """Token bounds of an entity span without a leading article or trailing possessive/punctuation."""
    s, e = span.start, span.end
    doc = span.doc
    while s < e and doc[s].lower_ in _LEAD_DROP:
        s += 1
    while e > s and (doc[e - 1].text in _TRAIL_DROP or doc[e - 1].is_space):
        e -= 1
    return (s, e) if s < e else None


def _cand(doc: Doc, s: int, e: int, label: str, **kw: object) -> Cand:
    start, end = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
    return Cand(start, end, doc_text(doc)[start:end], label, tok_start=s, tok_end=e, **kw)  # type: ignore[arg-type]


def gazetteer_matches(doc: Doc, gz: Gazetteer) -> list[Cand]:
    """Longest-first gazetteer matches over capitalised token runs (and the parts of hyphen compounds)."""
    out: list[Cand] = []
    text = doc_text(doc)
    texts, _ = doc_words(doc)
    starts = doc_starts(doc)
    n = len(doc)
    i = 0
    while i < n:
        if not texts[i][:1].isupper():
            i += 1
            continue
        found = None
        for j in range(min(n, i + MAX_NAME_TOKENS), i, -1):
            if j - 1 > i and not texts[j - 1][:1].isupper():
                continue  # a name ends on a capitalised token
            surface = text[starts[i] : starts[j - 1] + len(texts[j - 1])]
            place = gz.lookup(surface)
            if place is not None:
                kind = "name" if surface in (place.name, place.name.upper()) else (
                    "acronym" if _ACRONYM_RE.match(surface) else "alias")
                found = _cand(doc, i, j, place.type, kind=kind, place=place, country=place.country)
            else:
                a3 = gz.demonym(surface)
                if a3 is not None:
                    found = _cand(doc, i, j, "NORP", kind="demonym", country=a3)
            if found is not None:
                out.append(found)
                i = j
                break
        if found is None:
            if "-" in texts[i]:
                parts, resume = _hyphen_parts(doc, doc[i], gz)
                out.extend(parts)
                i = resume
            else:
                i += 1
    return out


def _hyphen_parts(doc: Doc, tok: Token, gz: Gazetteer) -> tuple[list[Cand], int]:
    """Countries inside a hyphenated token ("U.S.-South" + "Korea"); also returns the token to resume at."""
    out = []
    text = doc_text(doc)
    pos = tok.idx
    parts = tok.text.split("-")
    resume = tok.i + 1
    for k, part in enumerate(parts):
        found = None
        if k == len(parts) - 1 and part:  # the last part may go on in the next tokens: "-South" "Korea"
            for j in range(min(len(doc), tok.i + MAX_NAME_TOKENS), tok.i + 1, -1):
                surface = text[pos : doc[j - 1].idx + len(doc[j - 1].text)]
                place = gz.lookup(surface)
                if place is not None and place.kind == "country":
                    found, resume = (surface, place), j
                    break
        if found is None and part:
            place = gz.lookup(part)
            if place is not None and place.kind == "country":
                found = (part, place)
        if found is not None:
            surface, place = found
            out.append(Cand(pos, pos + len(surface), surface, place.type, place=place, country=place.country,
                            tok_start=tok.i, tok_end=resume if surface != part else tok.i + 1))
        pos += len(part) + 1
    return out, resume


def junk_zones(ctx: Context, gz: Gazetteer) -> list[tuple[int, int]]:
    """Character ranges that yield no mentions: parenthetical glosses, credits, gallery labels, bylines, promo
    labels and call-to-action sentences."""
    cached = ctx.cache.get(_CACHE_ZONES)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    text = ctx.text
    zones: list[tuple[int, int]] = []
    for m in _PAREN_RE.finditer(text):
        pos = m.start(1)
        for seg in m.group(1).split(";"):
            if _GLOSS_SEG_RE.match(seg):
                zones.append((pos, pos + len(seg)))
            pos += len(seg) + 1
    zones.extend(m.span() for m in _CREDIT_RE.finditer(text))
    if "/File Photo" in text:
        zones.extend(m.span() for m in _FILE_PHOTO_RE.finditer(text))
    zones.extend(m.span() for m in _LINE_JUNK_RE.finditer(text))
    zones.extend(m.span(1) for m in _PROMO_RE.finditer(text))
    sents = list(ctx.doc.sents)
    k = 0
    while k < len(sents):
        sent = sents[k]
        first = next((t for t in sent if t.is_alpha), None)
        if (first is not None and first.lower_ in gz.cta_verbs
                and (first.tag_ == "VB" or not any(t.tag_ in FINITE_TAGS for t in sent))
                and not any(t.dep_ in ("nsubj", "nsubjpass") for t in sent)):
            end = sent.end_char
            # a sentence split inside a word ("Site.Ru") continues the same call to action
            while k + 1 < len(sents) and not sents[k][-1].whitespace_:
                k += 1
                end = sents[k].end_char
            zones.append((sent.start_char, end))
        k += 1
    ctx.cache[_CACHE_ZONES] = zones
    return zones


def _in_zones(c: Cand, zones: list[tuple[int, int]]) -> bool:
    return any(a < c.end and c.start < b for a, b in zones)


def _looks_like_name(doc: Doc, c: Cand, gz: Gazetteer) -> bool:
    """False for spans without Latin letters or with ordinary words (verbs and the like in lower case,
    stop words in capitals such as "OUT")."""
    if not _LATIN_RE.search(c.text):
        return False
    if c.place is not None or c.kind == "demonym":
        return True
    cols = token_columns(doc)  # (lists, not Token objects)
    toks = range(c.tok_start, c.tok_end)
    first = next((cols.text[i] for i in toks if cols.text[i][:1].isalpha() and cols.lower[i] not in NAME_FUNCTION_WORDS),
                 None)
    if first is None or not any(ch.isupper() for ch in first):
        return False  # a name's first word has a capital ("eBay", "105th Armored Division"); "intel" is no name
    for i in toks:
        if cols.is_punct[i] or cols.lower[i] in NAME_FUNCTION_WORDS or cols.like_num[i]:
            continue
        word = cols.text[i]
        if word[:1].islower() and cols.pos[i] not in NAME_WORD_POS:
            return False
        if word.isupper() and len(word) > 1 and cols.is_stop[i] and cols.space_after[i] and gz.lookup(word) is None:
            return False
    return True


def _place_head(doc: Doc, end: int, gz: Gazetteer) -> int:
    """Token index just after a place head noun starting at ``end`` (or ``end`` when there is none)."""
    lowers = doc_words(doc)[1]
    if end >= len(lowers) or lowers[end] not in gz.place_head_starts:
        return end
    for head in gz.place_heads:
        k = end + len(head)
        if k <= len(doc) and all(lowers[end + q] == w for q, w in enumerate(head)):
            return k
    return end


def _reconcile(doc: Doc, spacy_cands: list[Cand], gz_cands: list[Cand]) -> tuple[list[Cand], set[int]]:
    """Merge gazetteer matches into the spaCy spans (module docstring, rule 2); also the ids of matches
    that spaCy confirmed by tagging the same span."""
    out: list[Cand] = []
    used: set[int] = set()
    confirmed: set[int] = set()
    # gazetteer matches by start offset: only those starting within one match length before a span's
    # start can overlap it (the same lists, in the same order, as scanning every match)
    by_start = sorted(range(len(gz_cands)), key=lambda k: gz_cands[k].start)
    starts = [gz_cands[k].start for k in by_start]
    longest = max((g.end - g.start for g in gz_cands), default=0)
    for s in spacy_cands:
        near = sorted(by_start[bisect.bisect_left(starts, s.start - longest) : bisect.bisect_left(starts, s.end)])
        window = [gz_cands[k] for k in near]
        inside = [g for g in window if s.start <= g.start and g.end <= s.end]
        over = [g for g in window if g.start < s.end and s.start < g.end and g not in inside]
        exact = next((g for g in inside if g.start == s.start and g.end == s.end), None)
        if exact is not None:
            used.add(id(exact))
            prev = doc[s.tok_start - 1].lower_ if s.tok_start > 0 else ""
            if exact.kind != "demonym" and exact.place is not None and exact.place.kind == "city" \
                    and not exact.place.trusted and ((s.label == "PERSON" and prev not in PERSON_PLACE_PREPS)
                                                     or (s.label == "ORG" and prev not in LOCATIVE_PREPS)):
                out.append(s)  # a town's name that spaCy reads as a person or an agency ("Xinhua") stays so
                continue
            confirmed.add(id(exact))
            out.append(exact)
            continue
        covering = next((g for g in over if g.start <= s.start and s.end <= g.end), None)
        if covering is not None:
            continue  # "Korea" inside "North Korea": the gazetteer span is kept below
        only_places = inside and s.label in ("GPE", "LOC", "NORP") and all(
            ch in " -&,/" for ch in _uncovered(s, inside))
        if only_places:
            continue  # "U.S.-South Korea" -> its places
        for g in inside:
            used.add(id(g))
            lends = g.kind == "demonym" or (g.place is not None and g.place.kind in ("country", "region"))
            if s.country is None and g.country is not None and lends:
                s.country = g.country
            if g.place is not None and g.place.kind == "country":
                out.append(g)  # "Ukraine" inside "Armed Forces of Ukraine" is a mention of Ukraine too
        out.append(s)
    for g in gz_cands:
        if id(g) in used or any(o.start < g.end and g.start < o.end for o in out if o is not g):
            continue
        out.append(g)
    return out, confirmed


def _uncovered(s: Cand, parts: list[Cand]) -> str:
    chars = list(s.text)
    for p in parts:
        for k in range(p.start - s.start, p.end - s.start):
            chars[k] = " "
    return "".join(chars)


def _vouched(doc: Doc, c: Cand, gz: Gazetteer) -> bool:
    """A lone gazetteer match counts when trusted, after a locative preposition, or before a place head."""
    if doc[c.tok_start].ent_type_ in NOT_PLACE_LABELS:
        return False
    if c.kind == "demonym" or c.place is None or c.place.trusted:
        return True
    prev = doc[c.tok_start - 1] if c.tok_start > 0 else None
    return (prev is not None and prev.lower_ in LOCATIVE_PREPS) or _place_head(doc, c.tok_end, gz) > c.tok_end


def collect(ctx: Context) -> list[Cand]:
    """Candidate name mentions of the document, sorted by offset (rules in the module docstring)."""
    gz = gazetteer()
    doc = ctx.doc
    spacy_cands: list[Cand] = []
    for ent in doc_ents(doc):
        if ent.label_ not in ENTITY_LABELS and ent.label_ not in RESCUABLE_LABELS:
            continue
        bounds = _trim(ent)
        if bounds is None:
            continue
        c = _cand(doc, bounds[0], bounds[1], ent.label_)
        m = _ARTICLE_RE.match(c.text) if c.label == "LAW" else None
        if m:
            skip = len(m.group(0))
            tok = next((t.i for t in doc[c.tok_start : c.tok_end] if t.idx >= c.start + skip), None)
            if tok is None:
                continue
            c = _cand(doc, tok, c.tok_end, "LAW")
        spacy_cands.append(c)
    spacy_cands = first_name_people(doc, gz, spacy_cands, Cand)
    gz_cands = gazetteer_matches(doc, gz)
    merged, confirmed = _reconcile(doc, spacy_cands, gz_cands)
    gz_ids = {id(g) for g in gz_cands} - confirmed
    zones = junk_zones(ctx, gz)
    out: list[Cand] = []
    for c in merged:
        if id(c) in gz_ids and not _vouched(doc, c, gz):
            continue
        head_end = _place_head(doc, c.tok_end, gz)
        if head_end > c.tok_end and c.label not in ("NORP", "PERSON") and c.kind != "demonym" \
                and (c.place is None or c.place.kind != "country"):
            base = c.place.name if c.place is not None else c.text
            c = _cand(doc, c.tok_start, head_end, "GPE", country=c.country)
            c.place = Place(c.text, "GPE", c.country, "region")
            c.base = base
        elif c.label in RESCUABLE_LABELS:
            continue
        if ctx.removed_at(c.start, c.end) or _in_zones(c, zones) or not _looks_like_name(doc, c, gz):
            continue
        out.append(c)
    out.sort(key=lambda c: (c.start, -c.end))
    return out
