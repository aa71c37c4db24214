"""Definite descriptions of people ("the former governor", "the spokeswoman", "Mr. President") by a learned ranker.

A decision is a singular definite noun phrase headed by a title word (``titles.txt``) that is no part of a name
mention or a pre-name title. Its candidates are the people of the document mentioned before it (the latest
``MAX_CANDIDATES``) and "no one" (a new or anonymous person: "the official"). Each candidate is a feature vector:
was the person introduced with that title (pre-name title or apposition) and does its country agree, does
another person hold it too, do the description's modifiers ("former", "Republican") appear in the person's
title mentions, how far back and how recently the person was mentioned, how often, as a subject, in the same
paragraph. Hard constraints: a country the description names ("the Russian leader") and a gendered title
("the spokeswoman") must agree with the person's. A conditional-logit model
(``models/nominals.json``, written by ``training/nominals.py`` from the annotation round's train split: gold
entity mentions) scores them; the best wins and the phrase becomes a ``title`` mention of that person.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from newsledger.runtime.doctext import doc_text
from newsledger.stages.entities.aliases import Cluster
from newsledger.stages.entities.coref import (
    GENDERED_TITLES,
    Coref,
    _country_in,
    description_start,
)

MODEL = "models/nominals.json"
MAX_CANDIDATES = 8
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
FEATURES = (
    "null", "null_no_role", "null_no_people",
    "role", "role_country", "role_shared", "mod_overlap", "title_head",
    "sent0", "sent1", "sent2", "sent4", "sent10",
    "rank1", "rank2", "rank3", "rank4",
    "log_count", "most_named", "last_subj", "same_para", "last_title", "last_pronoun",
    "gender_match", "role_qualified", "appos", "copula",
    # the same facts again when nobody of the document was introduced with the description's title word
    "free_rank1", "free_sent0", "free_sent1", "free_same_para", "free_last_subj", "free_most_named",
)
FREE = ("rank1", "sent0", "sent1", "same_para", "last_subj", "most_named")
# Words that make a title another office ("vice president", "deputy minister"): a feature, when the
# description does not repeat them.
QUALIFIERS = frozenset({"vice", "deputy", "assistant", "acting", "lieutenant", "under", "vice-"})
INDEX = {name: k for k, name in enumerate(FEATURES)}


@dataclass
class Decision:
    """One description: its token span, head, country modifier, and candidates (None = no one) with features."""

    left: int
    head: int
    country: str | None
    options: list[Cluster | None] = field(default_factory=list)
    x: list[list[float]] = field(default_factory=list)


@dataclass(frozen=True)
class NominalModel:
    """Weights over ``FEATURES``."""

    weights: list[float]

    def pick(self, d: Decision) -> Cluster | None:
        scores = [sum(w * v for w, v in zip(self.weights, x, strict=True) if v) for x in d.x]
        return d.options[max(range(len(scores)), key=scores.__getitem__)]


@lru_cache(maxsize=1)
def shipped_nominals() -> NominalModel | None:
    """The model file beside the stage (None when absent; ValueError naming the command when stale)."""
    path = resources.files("newsledger.stages.entities").joinpath(MODEL)
    if not path.is_file():
        return None
    raw = json.loads(path.read_text(encoding="utf-8"))
    if tuple(raw["features"]) != FEATURES:
        raise ValueError(f"{MODEL} was trained on other features; refit with: python training/nominals.py")
    return NominalModel([float(v) for v in raw["weights"]])


class Nominals:
    """The description decisions of one document, in text order, over the clusters of a ``Coref``."""

    def __init__(self, coref: Coref) -> None:
        self.coref, self.doc = coref, coref.doc
        self.sent_of: list[int] = []  # sentence of each token and line breaks: built on the first decision
        self.breaks: list[int] = []

    def _index(self) -> None:
        self.sent_of = [0] * len(self.doc)
        for k, sent in enumerate(self.doc.sents):
            self.sent_of[sent.start : sent.end] = [k] * (sent.end - sent.start)
        self.breaks = [m.start() for m in re.finditer("\n", doc_text(self.doc))]

    def heads(self) -> list[tuple[int, int, str | None]]:
        """(first token, head token, country) of every definite title description outside the mentions."""
        coref, doc = self.coref, self.doc
        out = []
        for t in coref._tokens(coref.gz.titles):
            if t.i in coref.taken or t.i in coref.by_tok or t.pos_ not in ("NOUN", "PROPN") or t.tag_ in ("NNS", "NNPS"):
                continue
            nxt = coref.by_tok.get(t.i + 1)
            if nxt is not None and nxt.label == "PERSON":
                continue  # a pre-name title ("President Jane Roe"): the title pass has it
            left = description_start(doc, t, coref.by_tok)
            if left is None:
                continue
            out.append((left, t.i, _country_in(coref.by_tok, left, t.i)))
        return out

    def decision(self, left: int, head: int, country: str | None) -> Decision:
        """The candidates of one description and their features."""
        if not self.sent_of:
            self._index()
        coref, doc = self.coref, self.doc
        role = doc[head].lower_
        described = {doc[i].lower_ for i in range(left, head)}
        mods = {doc[i].lower_ for i in range(left, head) if doc[i].pos_ in ("ADJ", "NOUN", "PROPN")}
        holders = {id(cl) for r, _c, cl in coref.roles if r == role}
        here = self.sent_of[head]
        rows: list[tuple[int, Cluster, int]] = []
        for cl in coref.g.clusters:
            if cl.type != "PERSON" or self._clash(cl, role, country):
                continue  # hard constraints, as for pronouns: a country the description names, a gendered title
            before = [m for m in cl.mentions if 0 <= m.tok_start < left]
            if before:
                rows.append((max(m.tok_start for m in before), cl, len(before)))
        rows.sort(key=lambda r: -r[0])
        rows = rows[:MAX_CANDIDATES]
        counts = {id(cl): n for _t, cl, n in rows}
        ranked = sorted(counts.values(), reverse=True)
        top = next((k for k, n in counts.items() if n == ranked[0]), None) if ranked and (
            len(ranked) == 1 or ranked[0] > ranked[1]) else None  # the one most named person, if there is one
        d = Decision(left, head, country)
        null = [0.0] * len(FEATURES)
        null[INDEX["null"]] = 1.0
        if not holders:
            null[INDEX["null_no_role"]] = 1.0
        if not rows:
            null[INDEX["null_no_people"]] = 1.0
        d.options.append(None)
        d.x.append(null)
        para = bisect.bisect_right(self.breaks, doc[head].idx)
        t = doc[head]
        linked = {t.head.i} if t.dep_ == "appos" else set()  # "Jane Roe, the former governor"
        linked |= {c.i for c in t.children if c.dep_ == "appos"}  # "the former governor, Jane Roe"
        subjects = {c.i for c in t.head.children if c.dep_ in SUBJECT_DEPS} if t.dep_ == "attr" else set()  # "Roe is the governor"
        for rank, (tok, cl, n) in enumerate(rows, start=1):
            x = [0.0] * len(FEATURES)
            roles = [(r, c) for r, c, other in coref.roles if other is cl]
            titles = {w.lower() for m in cl.mentions if m.kind == "title" and m.tok_start < left for w in m.text.split()}
            if any(r == role for r, _c in roles):
                x[INDEX["role"]] = 1.0
                if country is not None and any(r == role and c == country for r, c in roles):
                    x[INDEX["role_country"]] = 1.0
                if len(holders) > 1:
                    x[INDEX["role_shared"]] = 1.0
            if mods & titles:
                x[INDEX["mod_overlap"]] = 1.0
            if role in titles:
                x[INDEX["title_head"]] = 1.0
            gap = here - self.sent_of[tok]
            x[INDEX["sent0" if gap <= 0 else "sent1" if gap == 1 else "sent2" if gap <= 3 else "sent4" if gap <= 9
                    else "sent10"]] = 1.0
            x[INDEX[f"rank{min(rank, 4)}"]] = 1.0
            x[INDEX["log_count"]] = math.log1p(n)
            if id(cl) == top:
                x[INDEX["most_named"]] = 1.0
            last = max((m for m in cl.mentions if 0 <= m.tok_start < left), key=lambda m: m.tok_start)
            root = doc[last.tok_start : last.tok_end].root
            if root.dep_ in SUBJECT_DEPS:
                x[INDEX["last_subj"]] = 1.0
            if bisect.bisect_right(self.breaks, last.start) == para:
                x[INDEX["same_para"]] = 1.0
            if last.kind in ("title", "nominal"):
                x[INDEX["last_title"]] = 1.0
            elif last.kind == "pronoun":
                x[INDEX["last_pronoun"]] = 1.0
            toks = {i for m in cl.mentions if m.tok_start >= 0 for i in range(m.tok_start, m.tok_end)}
            if linked & toks:
                x[INDEX["appos"]] = 1.0
            if subjects & toks:
                x[INDEX["copula"]] = 1.0
            for m in cl.mentions:
                tw = m.text.lower().split()
                if m.kind == "title" and role in tw[1:] and tw[tw.index(role) - 1] in QUALIFIERS - described:
                    x[INDEX["role_qualified"]] = 1.0
            if not holders:
                for name in FREE:
                    if x[INDEX[name]]:
                        x[INDEX["free_" + name]] = 1.0
            if role in GENDERED_TITLES and coref.gender_of(cl) is not None:
                x[INDEX["gender_match"]] = 1.0
            d.options.append(cl)
            d.x.append(x)
        return d

    def _clash(self, cl: Cluster, role: str, country: str | None) -> bool:
        if country is not None and cl.title_country and cl.title_country != country:
            return True
        g = self.coref.gender_of(cl) if role in GENDERED_TITLES else None
        return g is not None and g != GENDERED_TITLES[role]

    def link(self, model: NominalModel) -> None:
        """Join every description to the person the model picks (in text order, so later ones see earlier links)."""
        for left, head, country in self.heads():
            if head in self.coref.taken:
                continue
            cl = model.pick(self.decision(left, head, country))
            if cl is not None:
                self.coref._add(cl, left, head + 1, "title")

