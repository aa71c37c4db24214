"""The events stage's data files load, and bad rows are refused with a helpful message."""

from __future__ import annotations

import pytest

from newsledger.stages.events.context import precision_of
from newsledger.stages.events.lexicon import EVENT_TYPES, LexiconError, load_lexicon, parse_triggers


def test_lexicon_loads_with_every_rule_typed() -> None:
    lex = load_lexicon()
    rules = [r for rs in lex.triggers.values() for r in rs]
    assert len(rules) > 100
    assert {r.type for r in rules} <= EVENT_TYPES
    assert {r.pos for r in rules} == {"VERB", "NOUN"}
    assert lex.phrases and all(p.type in EVENT_TYPES for p in lex.phrases)


@pytest.mark.parametrize(
    ("lemma", "pos", "etype"),
    [("sign", "VERB", "AGREE"), ("liberation", "NOUN", "ASSAULT"), ("deployment", "NOUN", "MOBILIZE"), ("condemn", "VERB", "DISAPPROVE")],
)
def test_lookup(lemma: str, pos: str, etype: str) -> None:
    assert load_lexicon().rules(lemma, pos)[0].type == etype


@pytest.mark.parametrize(
    ("name", "iso3"),
    [("North Korean", "PRK"), ("the United States", "USA"), ("Ukrainian", "UKR"), ("Atlantis", None)],
)
def test_country_lookup(name: str, iso3: str | None) -> None:
    c = load_lexicon().country(name)
    assert (c.iso3 if c else None) == iso3


@pytest.mark.parametrize(
    "row",
    [
        {"lemma": "zap", "pos": "ADV", "type": "ASSAULT"},
        {"lemma": "zap", "pos": "VERB", "type": "ZAPPING"},
        {"lemma": "", "pos": "VERB", "type": "ASSAULT"},
        {"lemma": "zap", "pos": "VERB", "type": "ASSAULT", "to_type": "NOPE"},
    ],
)
def test_bad_rows_are_refused(row: dict[str, str]) -> None:
    with pytest.raises(LexiconError, match="fix the row"):
        parse_triggers([row])


@pytest.mark.parametrize(
    ("value", "precision"),
    [("2024-06", "month"), ("2024-06-12", "day"), ("2019-W30", "week"), ("2016", "year"), ("2024-06-12T13:00", "time")],
)
def test_precision_of(value: str, precision: str) -> None:
    assert precision_of(value) == precision
