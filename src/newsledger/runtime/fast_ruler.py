"""A table-driven drop-in for spaCy's attribute_ruler: same patterns, same output, far fewer Python calls.

spaCy's ``AttributeRuler`` runs a ``Matcher`` over every token and then sets the attributes of every
match through a Span, one Python call per match. On news text that costs about as much as the whole
dependency parser (measured: benchmarks/throughput.py, per component). Nearly all of the small English
model's patterns are single-token tests of TAG, LOWER, DEP and IS_SPACE, so this component evaluates
them once per distinct (tag, lower, dep, is_space) key and caches the merged attributes (a lower-case
form that no pattern names counts as the empty string, so the cache stays small); the few other
patterns (multi-token, REGEX) still go through a small ``Matcher``. Later patterns win, as in spaCy.
Equivalence with the original ruler is tested in tests/runtime/test_fast_ruler.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.parts_of_speech import IDS

if TYPE_CHECKING:
    from spacy.pipeline import AttributeRuler
    from spacy.tokens import Doc

FACTORY = "newsledger_fast_attribute_ruler"
# Token-pattern keys and operators this component evaluates itself; anything else goes to a Matcher.
_KEYS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_OPS = {"IN", "NOT_IN", "REGEX"}
# Attributes written through arrays (all tokens at once) and through Token setters (rare).
_ARRAY_ATTRS = ("POS", "MORPH", "LEMMA")
_TOKEN_ATTRS = ("TAG", "DEP")

# Distinct token keys kept in the cache before it is emptied: bounds the memory of a long-running worker
# (about 1 KB per entry, so ~50 MB). Keyed on the raw lower-case form, 60 news articles gave ~14,000
# distinct keys; with unnamed forms keyed as "" (see _lower_key) 150 articles give 979.
MAX_CACHE = 50_000

Key = tuple[int, ...]  # TAG, LOWER, DEP, IS_SPACE, POS, MORPH, LEMMA of a token (ids/hashes)
Rule = tuple[int, dict[str, Any]]  # (pattern number, attributes)


@dataclass
class _Compiled:
    """What the patterns say about one token key."""

    passes: set[tuple[int, int, int]]  # (rule, alternative, position) whose token test passes
    singles: list[Rule]  # single-token rules that match, in pattern order
    first: list[int]  # multi-token rules whose first token matches
    values: tuple[int, ...]  # POS, MORPH, LEMMA after applying ``singles``
    late: dict[str, Any]  # TAG/DEP set by ``singles`` (through Token setters)


def _supported(alternatives: list[list[dict[str, Any]]], attrs: dict[str, Any]) -> bool:
    if not set(attrs) <= set(_ARRAY_ATTRS) | set(_TOKEN_ATTRS):
        return False
    for pattern in alternatives:
        for spec in pattern:
            if not set(spec) <= set(_KEYS):
                return False
            for value in spec.values():
                if isinstance(value, dict) and not set(value) <= _OPS:
                    return False
    return True


def _test(value: Any, actual: Any) -> bool:
    if isinstance(value, dict):
        if "IN" in value and actual not in value["IN"]:
            return False
        if "NOT_IN" in value and actual in value["NOT_IN"]:
            return False
        return not ("REGEX" in value and not re.search(value["REGEX"], str(actual)))
    return bool(value == actual)


class FastAttributeRuler:
    """Applies the patterns of an AttributeRuler through per-key caches (see module docstring)."""

    def __init__(self, nlp: Language, name: str = "attribute_ruler") -> None:
        self.name = name
        self.vocab = nlp.vocab
        # (pattern number, alternatives, token index, attributes) of every supported pattern
        self.rules: list[tuple[int, list[list[dict[str, Any]]], int, dict[str, Any]]] = []
        self.fallback = Matcher(nlp.vocab)
        self.fallback_rules: dict[int, tuple[int, dict[str, Any]]] = {}
        self._multi: list[int] = []  # rules with a multi-token alternative
        self._cache: dict[Key, _Compiled] = {}  # token key -> what the patterns do to such a token
        self._by_tag: dict[str | None, list[tuple[int, int, int, dict[str, Any]]]] = {}
        # LOWER values the patterns name (equality, IN, NOT_IN) and LOWER regexes: any other word behaves
        # like the empty string, so it is keyed as 0 and the cache stays small (see ``_lower_key``).
        self._lowers: set[str] = set()
        self._lower_regexes: list[re.Pattern[str]] = []
        self._lower_keys: dict[int, int] = {}
        self._normalise_lower = True

    def from_ruler(self, ruler: AttributeRuler) -> FastAttributeRuler:
        """Take over the patterns of a loaded AttributeRuler, in their order."""
        patterns: list[Any] = list(ruler.patterns)
        for i, p in enumerate(patterns):
            alternatives, attrs = p["patterns"], dict(p["attrs"])
            if _supported(alternatives, attrs):
                self.rules.append((i, alternatives, p["index"], attrs))
            else:
                self.fallback.add(str(i), alternatives)
                self.fallback_rules[i] = (p["index"], attrs)
        self._multi = [r for r in range(len(self.rules)) if any(len(a) > 1 for a in self.rules[r][1])]
        for _, alts, _, _ in self.rules:
            for alt in alts:
                for spec in alt:
                    value = spec.get("LOWER")
                    if isinstance(value, str):
                        self._lowers.add(value)
                    elif isinstance(value, dict):
                        self._lowers.update(value.get("IN", ()), value.get("NOT_IN", ()))
                        if "REGEX" in value:
                            self._lower_regexes.append(re.compile(value["REGEX"]))
        # keying unnamed words as "" is only exact if "" itself is neither named nor matched by a regex
        self._normalise_lower = "" not in self._lowers and not any(r.search("") for r in self._lower_regexes)
        # Token tests bucketed by the TAG they require (None: any TAG), so a new key checks a few tests only.
        for r, (_, alts, _, _) in enumerate(self.rules):
            for j, alt in enumerate(alts):
                for p, spec in enumerate(alt):
                    tag = spec.get("TAG")
                    self._by_tag.setdefault(tag if isinstance(tag, str) else None, []).append((r, j, p, spec))
        return self

    def _lower_key(self, lower: int) -> int:
        """``lower`` itself when a pattern can tell it apart, else 0 (every other word: same outcome)."""
        key = self._lower_keys.get(lower)
        if key is None:
            text = self.vocab.strings[lower] if lower else ""
            named = text in self._lowers or any(r.search(text) for r in self._lower_regexes)
            key = lower if named or not self._normalise_lower else 0
            if len(self._lower_keys) >= MAX_CACHE:
                self._lower_keys.clear()
            self._lower_keys[lower] = key
        return key

    def _compile(self, key: Key) -> _Compiled:
        """Evaluate every pattern token against one key (once per distinct key)."""
        s = self.vocab.strings
        actual: dict[str, Any] = {"TAG": s[key[0]] if key[0] else "", "LOWER": s[key[1]] if key[1] else "",
                  "DEP": s[key[2]] if key[2] else "", "IS_SPACE": bool(key[3])}
        candidates = self._by_tag.get(actual["TAG"], []) + self._by_tag.get(None, [])
        passes = {(r, j, p) for r, j, p, spec in candidates if all(_test(v, actual[k]) for k, v in spec.items())}
        hit = sorted({r for r, _, p in passes if p == 0})
        singles = [(self.rules[r][0], self.rules[r][3]) for r in hit
                   if any(len(a) == 1 and (r, j, 0) in passes for j, a in enumerate(self.rules[r][1]))]
        first = [r for r in hit if r in self._multi and any(
            len(a) > 1 and (r, j, 0) in passes for j, a in enumerate(self.rules[r][1]))]
        values, late = self._merge(key[4:], singles)
        c = _Compiled(passes, singles, first, values, late)
        if len(self._cache) >= MAX_CACHE:
            self._cache.clear()
        self._cache[key] = c
        return c

    def _merge(self, start: tuple[int, ...], rules: list[Rule]) -> tuple[tuple[int, ...], dict[str, Any]]:
        values = list(start)
        late: dict[str, Any] = {}
        for _, attrs in rules:
            for col, name in enumerate(_ARRAY_ATTRS):
                if name in attrs:
                    values[col] = self._value(name, attrs[name])
            late.update({k: v for k, v in attrs.items() if k in _TOKEN_ATTRS})
        return tuple(values), late

    def _multi_matches(self, comp: list[_Compiled], i: int, extra: dict[int, list[Rule]]) -> None:
        for r in comp[i].first:
            n, alts, index, attrs = self.rules[r]
            for j, alt in enumerate(alts):
                if len(alt) > 1 and i + len(alt) <= len(comp) and all(
                    (r, j, p) in comp[i + p].passes for p in range(len(alt))
                ):
                    extra.setdefault(i + (index % len(alt)), []).append((n, attrs))

    def __call__(self, doc: Doc) -> Doc:
        arr = doc.to_array([TAG, LOWER, DEP, IS_SPACE, POS, MORPH, LEMMA])
        lower_keys, lower_key = self._lower_keys, self._lower_key
        rows: list[Key] = [
            (t, lower_keys[w] if w in lower_keys else lower_key(w), d, sp, p, m, le)
            for t, w, d, sp, p, m, le in arr.tolist()
        ]
        cache = self._cache
        comp = [cache.get(k) or self._compile(k) for k in rows]
        extra: dict[int, list[Rule]] = {}
        if self._multi:
            for i, c in enumerate(comp):
                if c.first:
                    self._multi_matches(comp, i, extra)
        if self.fallback_rules:
            strings = self.vocab.strings
            for match_id, start, end in self.fallback(doc, allow_missing=True):
                n = int(strings[match_id])
                index, attrs = self.fallback_rules[n]
                extra.setdefault(doc[start:end][index].i, []).append((n, attrs))
        values = [c.values for c in comp]
        late = [(i, c.late) for i, c in enumerate(comp) if c.late]
        for i, rules in extra.items():
            merged = sorted(comp[i].singles + rules, key=lambda rule: rule[0])
            values[i], late_i = self._merge(rows[i][4:], merged)
            late = [x for x in late if x[0] != i] + ([(i, late_i)] if late_i else [])
        doc.from_array([POS, MORPH, LEMMA], numpy.asarray(values, dtype=numpy.uint64))  # type: ignore[arg-type]
        for i, attrs in late:
            if "TAG" in attrs:
                doc[i].tag_ = attrs["TAG"]
            if "DEP" in attrs:
                doc[i].dep_ = attrs["DEP"]
        return doc

    def _value(self, name: str, value: str) -> int:
        if name == "POS":
            return int(IDS[value])
        if name == "MORPH":
            return int(self.vocab.morphology.add(value))
        return int(self.vocab.strings.add(value))


@Language.factory(FACTORY)
def make_fast_attribute_ruler(nlp: Language, name: str) -> FastAttributeRuler:
    """spaCy factory; fill it with ``from_ruler`` (see ``speed_up``)."""
    return FastAttributeRuler(nlp, name)


def speed_up(nlp: Language) -> bool:
    """Replace the pipeline's attribute_ruler by the table-driven one in place; False when there is none."""
    from spacy.pipeline import AttributeRuler

    name = "attribute_ruler"
    if name not in nlp.component_names or not isinstance(nlp.get_pipe(name), AttributeRuler):
        return False
    ruler: Any = nlp.get_pipe(name)
    fast: FastAttributeRuler = replace_pipe(nlp, name, FACTORY)
    fast.from_ruler(ruler)
    return True


def replace_pipe(nlp: Language, name: str, factory: str) -> Any:
    """Put a new ``factory`` component in the place and under the name of ``name`` (kept disabled if it was);
    the caller fills it from the old component, which it still holds."""
    disabled = name in nlp.disabled
    temp = "_fast_" + name
    fast: Any = nlp.add_pipe(factory, name=temp, after=name)
    nlp.remove_pipe(name)
    nlp.rename_pipe(temp, name)
    fast.name = name
    if disabled:
        nlp.disable_pipe(name)
    return fast
