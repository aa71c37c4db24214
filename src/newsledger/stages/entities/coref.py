"""Title phrases and pronouns joined to the entity they refer to (rule-based, within one document).

- Titles are learnt from the document itself: a pre-name title ("North Korean leader Kim Jong Un",
  "Russian Chief of Staff Valery Gerasimov", "President Donald Trump") or an apposition ("Kim Yong Chol,
  a top North Korean official") becomes a mention of kind "title" and teaches the role (its head word
  from ``titles.txt``) and its country (a demonym or country alias inside it).
- A definite nominal ("The DPRK leader", "the Republican president", "Mr. President", "Russia's
  president") joins the person whose learnt role is its head word and whose country agrees (DPRK and
  North Korean are both PRK), the latest one mentioned before it.
- Pronouns (he/him/his/she/her, it/its, they/them/their) join the antecedent the learned ranker of
  ``antecedents.py`` picks among the entities of the last few sentences, or stay unlinked when "no
  antecedent" wins. A person's gender comes from honorifics, gendered titles, feminine surname endings and
  the first-name table. Expletive "it" is left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from typing import TYPE_CHECKING

from newsledger.runtime.doctext import doc_text, doc_words
from newsledger.stages.entities.aliases import Cluster, Grouper
from newsledger.stages.entities.antecedents import Model, Ranker, pronoun_tokens, shipped_model
from newsledger.stages.entities.gazetteer import Gazetteer
from newsledger.stages.entities.mentions import Cand

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

HONORIFICS = {"mr.": "m", "mr": "m", "mrs.": "f", "mrs": "f", "ms.": "f", "ms": "f", "miss": "f"}
GENDERED_TITLES = {"spokesman": "m", "spokeswoman": "f", "chairman": "m", "chairwoman": "f", "king": "m",
                   "queen": "f", "prince": "m", "princess": "f", "congressman": "m", "congresswoman": "f"}
# Slavic surnames with these endings are feminine forms (Zakharova, Matviyenko is not caught: fine).
FEMININE_SURNAME_ENDINGS = ("ova", "eva", "ina", "aya", "skaya")
# Heads after a leader's name: a regime/government is the leader's country, an administration an ORG.
LEADER_COUNTRY_HEADS = frozenset({"regime", "government"})
LEADER_ORG_HEADS = frozenset({"administration", "campaign"})
COMPASS = frozenset({"north", "south"})
# A modifier of a nominal ("the intel committee") must be a prefix of a name word at least this long.
MIN_PREFIX = 3
# Verbs whose "it" subject is a dummy ("it is hard to say", "it seems that", "it was raining").
EXPLETIVE_HEADS = frozenset({"be", "seem", "appear", "happen", "matter", "rain", "snow", "take", "remain"})
_TITLE_STOP_POS = frozenset({"DET", "PUNCT", "VERB", "AUX", "PRON", "CCONJ", "NUM", "SCONJ", "PART"})

_NP_LEFT_DEPS = frozenset({"det", "amod", "compound", "nmod", "poss", "nummod", "advmod", "quantmod", "case"})
Allowed = Callable[[int, int], bool]


def _root(doc: Doc, c: Cand) -> Token:
    span = doc[c.tok_start : c.tok_end]
    return span.root


def _country_in(cands_by_tok: dict[int, Cand], s: int, e: int) -> str | None:
    for i in range(s, e):
        c = cands_by_tok.get(i)
        if c is not None and c.country and (c.kind == "demonym" or (c.place is not None and c.place.kind != "org")):
            return c.country  # a place or nationality, not an organisation ("Republican" is no country)
    return None


def description_start(doc: Doc, t: Token, cands_by_tok: dict[int, Cand]) -> int | None:
    """First token of a definite description headed by the title ``t`` ("the former governor", "Mrs. Mayor",
    "France's minister"), or None when the title is not definite (no "the", honorific or country possessive)."""
    left = min((c.left_edge.i for c in t.lefts), default=t.i)
    poss = next((c for c in t.lefts if c.dep_ == "poss"), None)
    prev = doc[t.i - 1].lower_ if t.i > 0 else ""
    if prev in HONORIFICS or prev == "madam":
        return t.i - 1
    if doc[left].lower_ != "the" and not (poss is not None and _country_in(cands_by_tok, poss.i, poss.i + 1)):
        return None
    return left


def _np_start(head: Token) -> int:
    """First token of the noun phrase left of ``head`` (its determiners, modifiers and compounds)."""
    start = head.i
    for c in reversed(list(head.lefts)):
        if c.dep_ not in _NP_LEFT_DEPS or c.i != start - 1 and c.right_edge.i != start - 1:
            break
        start = c.left_edge.i
    return start


class Coref:
    """Adds title, nominal and pronoun mentions to the clusters of a ``Grouper``."""

    def __init__(self, g: Grouper, gz: Gazetteer, allowed: Allowed) -> None:
        self.g, self.doc, self.gz, self.allowed = g, g.doc, gz, allowed
        self.by_tok: dict[int, Cand] = {}
        for cl in g.clusters:
            for m in cl.mentions:
                for i in range(m.tok_start, m.tok_end):
                    self.by_tok.setdefault(i, m)
        self.roles: list[tuple[str, str | None, Cluster]] = []  # (role, country, person)
        self.taken: set[int] = set()  # tokens inside title mentions
        self.pronoun_links: dict[int, Cluster] = {}

    def _tokens(self, lowers: Collection[str]) -> Iterator[Token]:
        """Tokens whose lower-case form is in ``lowers`` (without building every Token object)."""
        doc = self.doc
        for i, low in enumerate(doc_words(doc)[1]):
            if low in lowers:
                yield doc[i]

    def _add(self, cl: Cluster, s: int, e: int, kind: str) -> Cand | None:
        doc = self.doc
        start, end = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
        if not self.allowed(start, end):
            return None
        c = Cand(start, end, doc_text(doc)[start:end], cl.type, kind=kind, tok_start=s, tok_end=e)
        self.g.join(cl, c)
        self.taken.update(range(s, e))
        return c

    def _learn(self, cl: Cluster, s: int, e: int) -> None:
        role = self.doc[e - 1].lower_
        country = _country_in(self.by_tok, s, e)
        self.roles.append((role, country, cl))
        if country and not cl.title_country:
            cl.title_country = country
        if role in GENDERED_TITLES and not cl.gender:
            cl.gender = GENDERED_TITLES[role]

    def titles(self) -> None:
        """Pre-name titles and appositions of every person name mention."""
        doc = self.doc
        for cl in [c for c in self.g.clusters if c.type == "PERSON"]:
            for m in list(cl.names()):
                self._gender(cl, m)
                s = self._pre_title(m)
                if s is not None:  # the mention covers title and name: "Russian Chief of Staff Valery Gerasimov"
                    self._learn(cl, s, m.tok_start)
                    self._add(cl, s, m.tok_end, "title")
                root = _root(doc, m)
                for a in root.rights:
                    s = _np_start(a)
                    if a.dep_ == "appos" and a.lower_ in self.gz.titles and s > root.i:
                        self._learn(cl, s, a.i + 1)
                        self._add(cl, s, a.i + 1, "title")
                h = root.head
                if root.dep_ == "appos" and h.i < m.tok_start and h.lower_ in self.gz.titles \
                        and all(doc[i].is_punct for i in range(h.i + 1, m.tok_start)):
                    self._learn(cl, _np_start(h), h.i + 1)
                    self._add(cl, _np_start(h), h.i + 1, "title")

    def _gender(self, cl: Cluster, m: Cand) -> None:
        if cl.gender:
            return
        prev = self.doc[m.tok_start - 1].lower_ if m.tok_start > 0 else ""
        if prev in HONORIFICS:
            cl.gender = HONORIFICS[prev]
        elif m.tok_end - m.tok_start > 1 and m.text.lower().endswith(FEMININE_SURNAME_ENDINGS):
            cl.gender = "f"

    def _pre_title(self, m: Cand) -> int | None:
        """Start token of a title right before a name ("Russian Chief of Staff"), if any."""
        doc = self.doc
        k = m.tok_start - 1
        start = None
        while k >= 0:
            t = doc[k]
            other = self.by_tok.get(k)
            if other is not None and self.g.of.get(id(other)) is not None and other.label == "PERSON":
                break
            if t.lower_ == "of" and k > 0 and doc[k - 1].text[:1].isupper():
                k -= 1
                continue
            if t.pos_ in _TITLE_STOP_POS or t.tag_ == "POS" or t.dep_ == "poss" or t.is_space:
                break
            if not (t.lower_ in self.gz.titles or t.text[:1].isupper() or t.dep_ in ("amod", "compound")):
                break
            start = k
            k -= 1
        if start is None:
            return None
        while start < m.tok_start and doc[start].lower_ == "of":
            start += 1
        last = doc[m.tok_start - 1]
        return start if start < m.tok_start and last.lower_ in self.gz.titles else None

    def nominals(self) -> None:
        """Definite title nominals joined to the person that holds the learnt role."""
        doc = self.doc
        roles = {r for r, _, _ in self.roles}
        for t in self._tokens(roles):
            if t.i in self.taken or t.i in self.by_tok or t.pos_ not in ("NOUN", "PROPN"):
                continue
            if t.i + 1 < len(doc) and doc[t.i + 1].i in self.by_tok and self.by_tok[t.i + 1].label == "PERSON":
                continue
            left = description_start(doc, t, self.by_tok)
            if left is None:
                continue
            country = _country_in(self.by_tok, left, t.i)
            person = self._holder(t.lower_, country, doc[left].idx)
            if person is not None:
                self._add(person, left, t.i + 1, "title")

    def _holder(self, role: str, country: str | None, before: int) -> Cluster | None:
        best, best_pos = None, -1
        for r, c, cl in self.roles:
            if r != role or (country is not None and c != country):
                continue
            pos = max((m.start for m in cl.mentions if m.start < before), default=-1)
            if pos > best_pos:
                best, best_pos = cl, pos
        return best

    def leader_groups(self) -> None:
        """'the Kim regime' / "Kim's regime" -> the leader's country; 'the Trump administration' -> an ORG."""
        doc = self.doc
        for cl in [c for c in self.g.clusters if c.type == "PERSON"]:
            for m in list(cl.names()):
                k = m.tok_end + (1 if m.tok_end < len(doc) and doc[m.tok_end].tag_ == "POS" else 0)
                if k >= len(doc):
                    continue
                head = doc[k].lower_
                start = m.tok_start - 1 if m.tok_start > 0 and doc[m.tok_start - 1].lower_ == "the" else m.tok_start
                if head in LEADER_COUNTRY_HEADS and cl.title_country:
                    target = self.g.by_place.get(cl.title_country)
                    if target is None:
                        target = Cluster(type="GPE", place_name=self.gz.country_name(cl.title_country))
                        self.g.clusters.append(target)
                        self.g.by_place[cl.title_country] = target
                    self._add(target, start, k + 1, "alias")
                elif head in LEADER_ORG_HEADS:
                    words = [m.text.split()[-1], doc[k].text]
                    key = ("ORG", frozenset(w.lower() for w in words))
                    target = self.g.by_bag.get(key)
                    if target is None:
                        target = Cluster(type="ORG")
                        self.g.clusters.append(target)
                        self.g.by_bag[key] = target
                    c = self._add(target, m.tok_start, k + 1, "name")
                    if c is not None:
                        c.text = " ".join(words) if c.text.count(" ") + 1 != len(words) else c.text

    def org_nominals(self) -> None:
        """'the committee', 'the intel committee', 'the agreement' -> the latest organisation/law so headed."""
        doc = self.doc
        heads: dict[str, list[tuple[list[str], Cluster]]] = {}
        for cl in self.g.clusters:
            if cl.type not in ("ORG", "LAW"):
                continue
            for m in cl.names():
                words = [w.lower() for w in m.text.split()]
                if len(words) > 1 and (words[-1] in self.gz.org_heads or words[-1] in self.gz.law_heads):
                    heads.setdefault(words[-1], []).append((words, cl))
        for t in self._tokens(set(heads)):
            if t.i in self.taken or t.i in self.by_tok or t.pos_ != "NOUN" \
                    or t.dep_ == "compound" or t.text[:1].isupper():
                continue
            left = min((c.left_edge.i for c in t.lefts), default=t.i)
            if doc[left].lower_ != "the" or any(self.by_tok.get(i) for i in range(left, t.i)):
                continue
            mods = [doc[i].lower_ for i in range(left + 1, t.i)]
            best, best_pos = None, -1
            for words, cl in heads[t.lower_]:
                if not all(len(x) >= MIN_PREFIX and any(w.startswith(x) for w in words) for x in mods):
                    continue
                pos = max((m.start for m in cl.mentions if m.start < t.idx), default=-1)
                if pos > best_pos:
                    best, best_pos = cl, pos
            if best is not None:
                self._add(best, left, t.i + 1, "nominal")

    def compass(self) -> None:
        """'the North' / 'the south' -> the one country of the document named 'North ...' / 'South ...'."""
        doc = self.doc
        for t in self._tokens(COMPASS):
            if t.i in self.taken or t.i == 0 or doc[t.i - 1].lower_ != "the":
                continue
            if t.dep_ in ("amod", "compound") or (t.i + 1 < len(doc) and doc[t.i + 1].pos_ in ("NOUN", "PROPN")):
                continue
            own = self.by_tok.get(t.i)
            if own is not None and own.text.lower() != t.lower_:
                continue
            prefix = t.lower_.capitalize() + " "
            countries = [cl for cl in self.g.clusters if cl.type == "GPE" and cl.mentions
                         and (cl.place_name or "").startswith(prefix)]
            if len(countries) == 1:
                if own is not None:
                    old = self.g.of.get(id(own))
                    if old is not None:
                        old.mentions = [m for m in old.mentions if m is not own]
                self._add(countries[0], t.i - 1, t.i + 1, "alias")

    def pronouns(self, ranker: Ranker | None = None) -> None:
        """Join third-person pronouns to the antecedent the learned ranker picks (``antecedents.py``)."""
        ranker = ranker or self.ranker()
        for t in pronoun_tokens(self.doc):
            if t.i in self.by_tok or (t.lower_ == "it" and self._expletive(t)):
                continue
            ante = ranker.choose(t)
            if ante is not None and self._add(ante, t.i, t.i + 1, "pronoun") is not None:
                self.pronoun_links[t.i] = ante
                ranker.add(ante, t.i, t.i + 1, "pronoun")

    def ranker(self, model: Model | None = None) -> Ranker:
        """The antecedent ranker over the clusters built so far (the shipped model unless one is given)."""
        return Ranker(self.doc, [cl for cl in self.g.clusters if cl.mentions], self.gender_of,
                      model if model is not None else shipped_model())

    def gender_of(self, cl: Cluster) -> str | None:
        """A person's gender from honorifics and titles, else from the first name of a full-name mention."""
        if cl.gender or cl.type != "PERSON":
            return cl.gender
        for m in cl.names():
            if m.tok_end - m.tok_start > 1:
                g = self.gz.first_names.get(self.doc[m.tok_start].text)
                if g is not None:
                    return g
        return None

    @staticmethod
    def _expletive(t: Token) -> bool:
        return t.dep_ == "expl" or t.head.lemma_ in EXPLETIVE_HEADS
