"""Matching helpers for gold files written as strings: locate strings, compare spans and names."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from newsledger.document import Analysis, Entity

Span = tuple[int, int]

PRONOUNS = {
    "he", "him", "his", "she", "her", "hers", "it", "its", "they", "them", "their", "we", "us", "our", "i", "me", "my",
}
_WORD = re.compile(r"\w+", re.UNICODE)
_QUOTE_CHARS = "\"'“”‘’«»"


def locate(text: str, needle: str, occurrence: int | None = None) -> list[Span]:
    """Every occurrence of ``needle`` in ``text`` (or only the 1-based ``occurrence``-th).

    Exact match first; if there is none, a case- and whitespace-insensitive match.
    """
    if not needle:
        return []
    spans = [(m.start(), m.start() + len(needle)) for m in re.finditer(re.escape(needle), text)]
    if not spans:
        pattern = r"\s+".join(re.escape(part) for part in needle.split())
        spans = [(m.start(), m.end()) for m in re.finditer(pattern, text, flags=re.IGNORECASE)]
    if occurrence is not None:
        return spans[occurrence - 1 : occurrence] if 0 < occurrence <= len(spans) else []
    return spans


def overlaps(a: Span, b: Span) -> bool:
    """True when two half-open spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def char_jaccard(a: Span, b: Span) -> float:
    """Shared characters over the characters of the union of two spans."""
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def tokens(s: str) -> list[str]:
    """Lower-cased word tokens."""
    return [t.lower() for t in _WORD.findall(s)]


def token_jaccard(a: str, b: str) -> float:
    """Jaccard similarity of the token sets of two strings."""
    sa, sb = set(tokens(a)), set(tokens(b))
    if not sa and not sb:
        return 1.0
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def strip_quotes(s: str) -> str:
    """A string without surrounding white space, quote marks and trailing sentence punctuation."""
    s = s.strip().strip(_QUOTE_CHARS).strip()
    return s.rstrip(".,;:!?").strip(_QUOTE_CHARS).strip()


def norm_name(s: str) -> str:
    """Normalise a name for comparison: lower case, no leading article, straight apostrophes."""
    s = s.replace("’", "'").lower().strip()
    s = re.sub(r"^(the|a|an)\s+", "", s)
    s = re.sub(r"'s$", "", s)
    return " ".join(tokens(s))


@dataclass
class NameIndex:
    """Aliases of gold entity names, to compare predicted names with gold names."""

    aliases: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def from_gold(cls, gold_entities: Iterable[dict]) -> NameIndex:  # type: ignore[type-arg]
        idx = cls()
        for ent in gold_entities:
            names = {norm_name(ent["name"])}
            names |= {norm_name(m) for m in ent.get("mentions", []) if norm_name(m) not in PRONOUNS}
            idx.aliases[norm_name(ent["name"])] = {n for n in names if n}
        return idx

    def gold_aliases(self, gold_name: str) -> set[str]:
        n = norm_name(gold_name)
        return self.aliases.get(n, set()) | {n}


def predicted_aliases(analysis: Analysis, name: str | None, entity_id: str | None) -> set[str]:
    """The predicted name plus the names and non-pronoun mentions of its entity."""
    out = {norm_name(name)} if name else set()
    if entity_id:
        ent: Entity | None = next((e for e in analysis.entities if e.id == entity_id), None)
        if ent is not None:
            out.add(norm_name(ent.name))
            out |= {norm_name(a) for a in ent.aliases}
            out |= {norm_name(m.text) for m in ent.mentions if m.kind != "pronoun" and norm_name(m.text) not in PRONOUNS}
    return {n for n in out if n}


def names_match(pred: set[str], gold: set[str]) -> bool:
    """True when a predicted alias equals a gold alias, or one's words contain the other's (surnames)."""
    if pred & gold:
        return True
    for p in pred:
        pt = set(p.split())
        for g in gold:
            gt = set(g.split())
            if pt and gt and (pt <= gt or gt <= pt) and (pt - PRONOUNS) and (gt - PRONOUNS):
                return True
    return False


@dataclass
class PRF:
    """Counts for precision, recall and F1."""

    tp_pred: int = 0  # predicted items that match gold
    n_pred: int = 0  # predicted items counted for precision
    tp_gold: int = 0  # gold items found
    n_gold: int = 0  # gold items counted for recall

    def add(self, other: PRF) -> None:
        self.tp_pred += other.tp_pred
        self.n_pred += other.n_pred
        self.tp_gold += other.tp_gold
        self.n_gold += other.n_gold

    @property
    def precision(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            "n_pred": self.n_pred, "n_gold": self.n_gold,
        }


@dataclass
class Ratio:
    """A count of correct decisions over decisions made (an accuracy)."""

    ok: int = 0
    n: int = 0

    def add(self, other: Ratio) -> None:
        self.ok += other.ok
        self.n += other.n

    def hit(self, good: bool) -> None:
        self.n += 1
        self.ok += int(good)

    @property
    def value(self) -> float:
        return self.ok / self.n if self.n else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {"accuracy": round(self.value, 4), "n": self.n}
