"""In-document alias resolution: candidate mentions grouped into one cluster per real entity.

Rules (``group(doc, cands)``):
- Gazetteer mentions group by the place they name: "DPRK", "North Korea" and "Democratic People's
  Republic of Korea" are one country; demonyms ("North Korean") join their country with kind "demonym".
- Persons: a full name opens a cluster; a partial name ("Gerasimov", "Kim", "Bernie") joins the full
  name whose words contain it, preferring a surname match, then the most mentioned, then the latest.
  A span spaCy mislabelled (ORG "Trump") becomes PERSON when it is such a name part.
- Acronyms: "Armed Forces of Ukraine (AFU)" defines AFU; later "AFU" tokens join with kind "acronym".
  An all-caps token whose letters are the initials of an organisation of the document joins it too.
- Organisations, laws and events group by a bag of content words where demonyms and country names
  become the country code and "Ministry of X Affairs" = "X Ministry"; a shorter name whose words are a
  subset with the same head ("Strategic Partnership Agreement") joins the longer one; case variants
  found anywhere in the text ("comprehensive strategic partnership agreement") join with kind "alias".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsledger.geo.places import Place
from newsledger.runtime.doctext import doc_text, doc_words
from newsledger.stages.entities.gazetteer import Gazetteer
from newsledger.stages.entities.mentions import Cand
from newsledger.stages.entities.repair import name_key

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Words left out of an organisation's bag-of-words key: "Ministry of Foreign Affairs" = "Foreign Ministry".
_BAG_STOP = frozenset({"of", "the", "and", "for", "on", "affairs", "'s", "’s", "-"})
# Acronyms have this many letters (2 = "UN", 8 covers "KPAGF"-style military acronyms with room to spare).
MIN_ACRONYM, MAX_ACRONYM = 2, 8
NAME_TYPES = ("ORG", "LAW", "EVENT", "FAC")
# Name suffixes of a junior: a bare surname never means him.
JUNIOR = frozenset({"jr", "sr", "ii", "iii", "iv"})
HONORIFIC_GENDER = {"mr.": "m", "mr": "m", "mrs.": "f", "mrs": "f", "ms.": "f", "ms": "f", "miss": "f"}


@dataclass
class Cluster:
    """One real entity of a document while it is being built."""

    type: str
    mentions: list[Cand] = field(default_factory=list)
    place_name: str | None = None  # canonical name from the gazetteer
    title_country: str | None = None  # the country of a person's learnt title
    gender: str | None = None
    full_name: str | None = None  # a name no single mention spells out ("(Hillary) Clinton")

    def names(self) -> list[Cand]:
        return [m for m in self.mentions if m.kind in ("name", "alias", "acronym")]

    def country(self) -> str | None:
        if self.title_country:
            return self.title_country
        counts = Counter(m.country for m in self.mentions if m.country and m.kind != "pronoun")
        return counts.most_common(1)[0][0] if counts else None

    def first(self) -> int:
        return min(m.start for m in self.mentions)


def bag_key(words: list[str], gz: Gazetteer) -> frozenset[str]:
    """Order-free key of a name: lower-case content words, countries and demonyms as their code."""
    out = set()
    text = " ".join(words)
    for w in words:
        a3 = gz.demonym(w)
        place = gz.lookup(w)
        if a3:
            out.add(a3)
        elif place is not None and place.kind == "country" and place.country:
            out.add(place.country)
        elif w.lower() not in _BAG_STOP:
            out.add(w.lower())
    for form, a3 in (("North Korea", "PRK"), ("South Korea", "KOR")):
        if form.lower() in text.lower():  # two-word countries whose words alone are not countries
            out -= {"north", "south", "korea", "korean"}
            out.add(a3)
    return frozenset(out)


def initials(words: list[str]) -> set[str]:
    """Possible acronyms of a name: initials of its capitalised words, with and without function words."""
    parts = [p for w in words for p in w.replace("-", " ").split() if p[:1].isalpha()]
    caps = "".join(p[0] for p in parts if p[0].isupper()).upper()
    every = "".join(p[0] for p in parts if p.lower() not in ("'s",)).upper()
    return {caps, every}


def _acronym_text(t: str) -> str | None:
    letters = t.replace(".", "")
    if MIN_ACRONYM <= len(letters) <= MAX_ACRONYM and letters.isalpha() and letters.isupper():
        return letters
    return None


class Grouper:
    """Builds clusters from the candidate mentions of one document."""

    def __init__(self, doc: Doc, gz: Gazetteer) -> None:
        self.doc = doc
        self.gz = gz
        self.clusters: list[Cluster] = []
        self.of: dict[int, Cluster] = {}  # id(Cand) -> its cluster
        self.by_place: dict[str, Cluster] = {}
        self.by_person: dict[str, Cluster] = {}
        self.by_bag: dict[tuple[str, frozenset[str]], Cluster] = {}
        self.acronyms: dict[str, Cluster] = {}

    def words(self, c: Cand) -> list[str]:
        return doc_words(self.doc)[0][c.tok_start : c.tok_end]  # token texts, built once per document

    def join(self, cl: Cluster, c: Cand) -> None:
        cl.mentions.append(c)
        self.of[id(c)] = cl

    def _get(self, table: dict, key: object, type_: str, c: Cand) -> Cluster:  # type: ignore[type-arg]
        cl = table.get(key)
        if cl is None:
            cl = Cluster(type=type_)
            self.clusters.append(cl)
            table[key] = cl
        self.join(cl, c)
        return cl

    def add_place(self, c: Cand) -> None:
        if c.kind == "demonym" and c.country:
            cl = self._get(self.by_place, c.country, "GPE", c)
            cl.place_name = self.gz.country_name(c.country)
            return
        if c.place is None:
            self._get(self.by_place, "text:" + c.text.lower(), c.label, c)
            return
        p = c.place
        key = p.country if p.kind == "country" and p.country else p.name
        if p.kind == "city" and self.gz.capitals.get(p.name) == p.country and p.country and self._acts(c):
            key = p.country  # "Moscow said", "Beijing's refusal": the capital stands for its government
            c.kind = "alias"
            cl = self._get(self.by_place, key, "GPE", c)
            cl.place_name = cl.place_name or self.gz.country_name(p.country)
            return
        if c.base:
            key = "region:" + c.base
        cl = self._get(self.by_place, key, p.type, c)
        cl.place_name = cl.place_name or p.name
        if p.type == "ORG":
            self.by_bag.setdefault(("ORG", bag_key(p.name.split(), self.gz)), cl)

    def _acts(self, c: Cand) -> bool:
        """True when a place name is the subject, possessor or agent of what is said or done (not a location)."""
        root = self.doc[c.tok_start : c.tok_end].root
        if root.dep_ in ("nsubj", "nsubjpass", "poss"):
            return True
        return root.dep_ == "pobj" and root.head.dep_ == "agent"

    def add_person(self, c: Cand) -> None:
        self._get(self.by_person, name_key(self.words(c)), "PERSON", c)

    def type_of(self, c: Cand) -> str:
        words = self.words(c)
        if c.label == "LAW" or words[-1].lower() in self.gz.law_heads:
            return "LAW"
        return c.label if c.label in ("EVENT", "FAC") else "ORG"

    def add_named(self, c: Cand) -> None:
        type_ = self.type_of(c)
        kind = "ORG" if type_ == "FAC" else type_
        cl = self.by_bag.get((kind, bag_key(self.words(c), self.gz)))
        if cl is None:
            cl = self._get(self.by_bag, (kind, bag_key(self.words(c), self.gz)), type_, c)
        else:
            self.join(cl, c)

    def define_acronyms(self, cands: list[Cand]) -> None:
        """'NAME (ACR)': remember ACR for the cluster of NAME."""
        doc = self.doc
        for c in cands:
            if c.tok_end + 2 >= len(doc) or doc[c.tok_end].text != "(" or doc[c.tok_end + 2].text not in (")", ";"):
                continue
            acr = _acronym_text(doc[c.tok_end + 1].text)
            cl = self.of.get(id(c))
            if acr and cl is not None and acr in initials(self.words(c)):
                self.acronyms[acr] = cl

    def resolve_partial(self, c: Cand) -> None:
        """A one-word person name joins a full name containing it: a surname match first, of a compatible
        gender, the closest one (before it, else after); a junior ("... Jr.") only by his own first name.
        Else a place of that name found elsewhere in the document."""
        word = name_key(self.words(c))
        prev = self.doc[c.tok_start - 1].lower_ if c.tok_start > 0 else ""
        gender = HONORIFIC_GENDER.get(prev)
        title = prev if prev in self.gz.titles else None
        best: tuple[int, int] | None = None
        target = None
        for key, cl in self.by_person.items():
            parts = key.split()
            if len(parts) < 2 or word not in parts:
                continue
            surname = parts[-1] == word or (parts[-1].rstrip(".").lower() in JUNIOR and parts[-2] == word)
            if surname and parts[-1].rstrip(".").lower() in JUNIOR:
                continue  # "Trump" is not "Donald Trump Jr."
            first_gender = self.gz.first_names.get(parts[0])
            if gender is not None and first_gender is not None and first_gender != gender:
                continue  # "Mrs. Clinton" is not "Bill Clinton"
            if title is not None and self._titles(cl) and title not in self._titles(cl):
                continue  # "President Trump" is not "Fred Trump, the developer" titled otherwise
            before = [m.start for m in cl.mentions if m.start < c.start]
            closeness = max(before) if before else -min(m.start for m in cl.mentions) - 10**9
            score = (int(surname), closeness)
            if best is None or score > best:
                best, target = score, cl
        if target is None:  # no person of that name: a place the document names so ("in Valencia" ... "Valencia")
            target = next((cl for key, cl in self.by_place.items() if cl.mentions and cl.type in ("GPE", "LOC")
                           and (key == word or cl.place_name == word)), None)
        if target is not None:
            c.kind = "alias"
            self.join(target, c)
        else:
            self.add_person(c)

    def _titles(self, cl: Cluster) -> set[str]:
        """Title words written right before the names of a person ("Senator", "President")."""
        doc = self.doc
        return {doc[m.tok_start - 1].lower_ for m in cl.mentions
                if m.tok_start > 0 and doc[m.tok_start - 1].lower_ in self.gz.titles}

    def merge(self, src: Cluster, dst: Cluster) -> None:
        for m in src.mentions:
            self.join(dst, m)
        if dst.type == "ORG" and src.type == "LAW":
            dst.type = "LAW"
        src.mentions = []

    def merge_subsets(self) -> None:
        """A shorter organisation/law name whose words are a subset with the same head joins the longer."""
        named = [(key, cl) for key, cl in self.by_bag.items() if cl.mentions and cl.type in NAME_TYPES]
        for key, cl in named:
            if len(key[1]) < 2 or not cl.mentions:
                continue
            head = self.words(cl.mentions[0])[-1].lower()
            hosts = [h for k2, h in named if h is not cl and h.mentions and k2[0] == key[0] and key[1] < k2[1]
                     and self.words(h.mentions[0])[-1].lower() == head]
            if len(set(map(id, hosts))) == 1:
                self.merge(cl, hosts[0])


def _is_town(place: Place | None) -> bool:
    return place is not None and place.kind == "city"


def group(doc: Doc, cands: list[Cand], gz: Gazetteer, allowed: Callable[[int, int], bool]) -> Grouper:
    """Group candidate mentions into clusters (rules in the module docstring); ``allowed`` vets new spans."""
    g = Grouper(doc, gz)
    full_names = {" ".join(g.words(c)) for c in cands if c.label == "PERSON" and c.tok_end - c.tok_start > 1}
    name_words = {w for n in full_names for w in n.split() if w[:1].isupper()}
    # a bare one-word "person" that is also a town's name is no evidence that the town is a person
    name_words |= {c.text for c in cands if c.label == "PERSON" and (
        c.tok_end - c.tok_start > 1 or not _is_town(gz.lookup(c.text)))}
    partial: list[Cand] = []
    acronym_like: list[Cand] = []
    for c in cands:
        town = c.place is not None and c.place.kind == "city" and not c.place.trusted
        if (c.place is None or town) and c.kind != "demonym" and c.label in ("ORG", "LOC", "GPE", "FAC") and (
                c.text in full_names or c.text in name_words):
            c.label, c.place, c.country = "PERSON", None, None  # ORG "Trump" where the document names a person Trump
        last = doc[c.tok_end - 1].lower_
        if c.place is None and c.kind != "demonym" and c.label in ("GPE", "LOC", "NORP", "PERSON") and (
                last in gz.law_heads or (last in gz.org_heads and c.label != "PERSON")):
            c.label = "LAW" if last in gz.law_heads else "ORG"  # "Black Sea Grain Initiative Agreement" (LOC)
        elif c.place is None and c.label in ("ORG", "GPE", "LOC") and c.tok_start > 0 \
                and doc[c.tok_start - 1].lower_ in gz.titles and last not in gz.org_heads \
                and all(t.pos_ == "PROPN" for t in doc[c.tok_start : c.tok_end]):
            c.label = "PERSON"  # "Chancellor Olaf Scholz" read as ORG: a person title precedes it
        if c.place is not None or c.kind == "demonym" or c.label in ("GPE", "LOC", "NORP"):
            g.add_place(c)
        elif c.label == "PERSON":
            if c.tok_end - c.tok_start > 1:
                g.add_person(c)
            else:
                partial.append(c)
        elif c.tok_end - c.tok_start == 1 and _acronym_text(c.text):
            acronym_like.append(c)
        else:
            g.add_named(c)
    g.define_acronyms(cands)
    for c in partial:
        g.resolve_partial(c)
    _join_bracketed_names(g, [c for c in cands if c.label == "PERSON"])
    org_initials: dict[str, Cluster] = {}
    for cl in g.clusters:
        if cl.type in NAME_TYPES:
            for m in cl.names():
                if m.tok_end - m.tok_start > 1:
                    for acr in initials(g.words(m)):
                        org_initials.setdefault(acr, cl)
    for c in acronym_like:
        acr = _acronym_text(c.text) or ""
        host = g.acronyms.get(acr) or org_initials.get(acr)
        if host is not None:
            c.kind = "acronym"
            g.join(host, c)
        else:
            g.add_named(c)
    g.merge_subsets()
    covered = {i for c in cands for i in range(c.tok_start, c.tok_end)}
    _scan_more(g, covered, allowed)
    g.clusters = [cl for cl in g.clusters if cl.mentions]
    return g


def _join_bracketed_names(g: Grouper, persons: list[Cand]) -> None:
    """'(Hillary) Clinton': person names separated only by brackets are one person."""
    doc = g.doc
    for a, b in zip(persons, persons[1:], strict=False):
        gap = doc[a.tok_end : b.tok_start]
        ca, cb = g.of.get(id(a)), g.of.get(id(b))
        if 0 < len(gap) <= 2 and all(t.text in "()[]" for t in gap) and ca and cb and ca is not cb:
            g.merge(cb, ca) if len(ca.mentions) >= len(cb.mentions) else g.merge(ca, cb)
            host = g.of[id(a)]
            host.full_name = f"{a.text} {b.text}"
            g.by_person.setdefault(host.full_name, host)


def _scan_more(g: Grouper, covered: set[int], allowed: Callable[[int, int], bool]) -> None:
    """Further occurrences spaCy missed: defined acronyms, person surnames, case variants of long names."""
    doc = g.doc
    exact: dict[str, tuple[Cluster, str]] = {acr: (cl, "acronym") for acr, cl in g.acronyms.items()}
    phrases: dict[str, list[tuple[tuple[str, ...], Cluster]]] = {}
    for cl in g.clusters:
        if cl.type == "PERSON":
            for m in cl.names():
                words = g.words(m)
                if len(words) > 1 and words[-1][:1].isupper():
                    exact.setdefault(words[-1], (cl, "alias"))
        elif cl.type in NAME_TYPES:
            for m in cl.names():
                lowered = tuple(w.lower() for w in g.words(m))
                if len(lowered) > 1:
                    phrases.setdefault(lowered[0], []).append((lowered, cl))
    texts, lowers = doc_words(doc)
    n = len(doc)
    i = 0
    while i < n:
        if i in covered or (texts[i] not in exact and lowers[i] not in phrases):
            i += 1
            continue
        tok = doc[i]
        hit = exact.get(tok.text)
        if hit is not None and tok.text[:1].isupper() and allowed(tok.idx, tok.idx + len(tok.text)):
            cl, kind = hit
            g.join(cl, Cand(tok.idx, tok.idx + len(tok.text), tok.text, cl.type, kind=kind, tok_start=i, tok_end=i + 1))
            i += 1
            continue
        for phrase, cl in sorted(phrases.get(tok.lower_, []), key=lambda p: -len(p[0])):
            j = i + len(phrase)
            if j <= n and all(lowers[i + q] == w and (i + q) not in covered for q, w in enumerate(phrase)):
                start, end = tok.idx, doc[j - 1].idx + len(doc[j - 1].text)
                if allowed(start, end):
                    g.join(cl, Cand(start, end, doc_text(doc)[start:end], cl.type, kind="alias", tok_start=i, tok_end=j))
                    i = j - 1
                break
        i += 1
