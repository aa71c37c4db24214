"""The token scans of the events stage pick exactly the tokens the full rules would look at."""

from __future__ import annotations

import pytest

from newsledger.stages.events.lexicon import load_lexicon
from newsledger.stages.events.rules import match_rule
from newsledger.stages.events.scan import phrase_hits, trigger_tokens
from tests.articles import PARAGRAPHS

TEXTS = [
    *PARAGRAPHS,
    "Rebels attacked the convoy on Monday and the army demanded their surrender; talks were held later.",
    "The minister called for calm after the strikes, and the union threatened new protests.",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_trigger_tokens_cover_every_rule_match(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    lex = load_lexicon()
    demand = lex.cue("demand_verbs")
    doc = nlp(text)
    wanted = [t.i for t in doc if match_rule(t, lex) is not None or t.lemma_.lower() in demand]
    picked = trigger_tokens(doc, lex, demand)
    assert set(wanted) <= set(picked)
    # and it is a pre-filter, not everything: function words never qualify
    assert not any(doc[i].is_stop and doc[i].pos_ in ("DET", "ADP", "PUNCT") for i in picked)


def _reference_phrase_hits(doc, lex):  # type: ignore[no-untyped-def]
    hits = []
    for sent in doc.sents:
        lemmas = [t.lemma_.lower() for t in sent]
        for phrase in lex.phrases:
            for i, lem in enumerate(lemmas):
                if lem != phrase.lemmas[0]:
                    continue
                j, ok = i, True
                for want in phrase.lemmas[1:]:
                    window = lemmas[j + 1 : j + 2 + lex.phrase_max_gap]
                    if want not in window:
                        ok = False
                        break
                    j = j + 1 + window.index(want)
                if ok and (not phrase.needs or phrase.needs & set(lemmas)):
                    hits.append((sent[i].i, sent[j].i, phrase))
    return hits


@pytest.mark.parametrize("text", TEXTS)
def test_phrase_hits_as_a_token_walk(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    lex = load_lexicon()
    doc = nlp(text)
    assert [(a.i, b.i, p) for a, b, p in phrase_hits(doc, lex)] == _reference_phrase_hits(doc, lex)


@pytest.mark.parametrize(("text", "lemmas", "expected"), [
    ("She accused him and then suggested that they leaked it.", frozenset({"accuse", "suggest"}), ["accused", "suggested"]),
    ("The accusation was suggested by nobody.", frozenset({"accuse"}), []),
    ("", frozenset({"say"}), []),
])
def test_verbs_with_lemma(nlp, text: str, lemmas: frozenset[str], expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    from newsledger.stages.events.scan import verbs_with_lemma

    doc = nlp(text)
    assert [doc[i].text for i in verbs_with_lemma(doc, load_lexicon(), lemmas)] == expected
    assert verbs_with_lemma(doc, load_lexicon(), lemmas) == [
        t.i for t in doc if t.pos_ == "VERB" and t.lemma_.lower() in lemmas]
