"""Event figures over all required gold events: roles, factuality, lead recall, F1 with optional items."""

from __future__ import annotations

from typing import Any

import pytest

from newsledger.document import Analysis, Document, Event, Role, TextSpan
from newsledger.evaluate.gold import score_document

TEXT = "Rebels shelled the port on Monday.\nLater the ministry said talks might resume.\nA parade was held."


def _event(word: str, etype: str, actor: str | None = None, modality: str = "asserted") -> Event:
    start = TEXT.index(word)
    return Event(id="V", type=etype, trigger=TextSpan(start, start + len(word), word),
                 actor=Role(actor) if actor else None, modality=modality)


def _gold(**extra: Any) -> dict[str, Any]:
    events = [
        {"type": "ASSAULT", "trigger": "shelled", "actor": "Rebels", "target": "port", "modality": "asserted"},
        {"type": "CONSULT", "trigger": "talks", "actor": None, "modality": "hypothetical"},
        {"type": "MOBILIZE", "trigger": "parade", "optional": True},
    ]
    return {"entities": [{"name": "Rebels", "type": "ORG", "mentions": ["Rebels"]},
                         {"name": "port", "type": "FAC", "mentions": ["port"]}], "events": events, **extra}


def _events(preds: list[Event], **extra: Any) -> dict[str, Any]:
    a = Analysis(document=Document(id="d", text=TEXT), events=preds)
    return score_document(a, _gold(**extra))["events"].to_dict()


def test_unmatched_gold_events_count_as_wrong_roles_and_factuality() -> None:
    out = _events([_event("shelled", "ASSAULT", actor="Rebels")])
    assert out["actor_all"] == {"accuracy": 0.5, "n": 2}  # talks not found: wrong even though its actor is empty
    assert out["target_all"]["accuracy"] == 0.0  # the port is not given as target
    assert out["factuality_all"] == {"accuracy": 0.5, "n": 2}


def test_a_guessed_role_is_wrong_where_gold_leaves_it_empty() -> None:
    out = _events([_event("shelled", "ASSAULT", actor="Rebels"), _event("talks", "CONSULT", actor="ministry", modality="hypothetical")])
    assert out["actor_all"]["accuracy"] == 0.5
    assert out["factuality_all"]["accuracy"] == 1.0
    assert out["modality_all"]["accuracy"] == 1.0


@pytest.mark.parametrize(("modality", "ok"), [("asserted", False), ("reported", False), ("planned", True), ("negated", True)])
def test_factuality_is_happened_versus_not(modality: str, ok: bool) -> None:
    out = _events([_event("shelled", "ASSAULT"), _event("talks", "CONSULT", modality=modality)])
    assert out["factuality_all"]["accuracy"] == (1.0 if ok else 0.5)


def test_lead_recall_counts_events_of_the_first_kept_paragraph() -> None:
    assert _events([_event("talks", "CONSULT")])["lead_recall"] == {"accuracy": 0.0, "n": 1}
    assert _events([_event("shelled", "FIGHT")])["lead_recall_untyped"] == {"accuracy": 1.0, "n": 1}
    removed = [{"kind": "boilerplate", "span": [0, TEXT.index("\n")]}]
    assert _events([_event("talks", "CONSULT")], removed=removed)["lead_recall"] == {"accuracy": 1.0, "n": 1}


def test_f1_with_optional_items_counts_them_as_required() -> None:
    out = _events([_event("shelled", "ASSAULT")])
    assert (out["recall"], out["with_optional"]["recall"]) == (0.5, pytest.approx(1 / 3, abs=1e-3))


MENTIONED = "Rebels shelled the port.\nThe ministry condemned the shelling at length.\nThe shelling went on."


def _recap(pred_word: str, any_mention: bool, occurrence: int = 0) -> dict[str, Any]:
    """Score one predicted ASSAULT on ``pred_word`` against a gold event whose later mention is the last "shelling"."""
    start = -1
    for _ in range(occurrence + 1):
        start = MENTIONED.index(pred_word, start + 1)
    later = MENTIONED.rindex("shelling")
    gold = {"entities": [], "events": [{"type": "ASSAULT", "trigger": "shelled", "spans": [(7, 14)],
                                        "mention_spans": [(later, later + len("shelling"))]}]}
    pred = Event(id="V", type="ASSAULT", trigger=TextSpan(start, start + len(pred_word), pred_word))
    a = Analysis(document=Document(id="d", text=MENTIONED), events=[pred])
    return score_document(a, gold, any_mention=any_mention)["events"].to_dict()


@pytest.mark.parametrize(("word", "occurrence", "any_mention", "found"), [
    ("shelled", 0, True, True),  # the gold trigger itself
    ("shelling", 1, True, True),  # the gold event's later mention
    ("shelling", 1, False, False),  # the old rule: the trigger only
    ("shelling", 0, True, False),  # another word, not a mention of the gold event
])
def test_a_gold_event_is_found_through_any_of_its_mentions(word: str, occurrence: int, any_mention: bool, found: bool) -> None:
    out = _recap(word, any_mention, occurrence)
    assert out["recall"] == (1.0 if found else 0.0)
    assert out["precision"] == (1.0 if found else 0.0)


def test_a_predicted_later_mention_finds_the_gold_event() -> None:
    first = MENTIONED.index("shelling")
    pred = Event(id="V", type="ASSAULT", trigger=TextSpan(first, first + 8, "shelling"), mentions=[TextSpan(7, 14, "shelled")])
    a = Analysis(document=Document(id="d", text=MENTIONED), events=[pred])
    gold = {"entities": [], "events": [{"type": "ASSAULT", "trigger": "shelled", "spans": [(7, 14)]}]}
    assert score_document(a, gold)["events"].to_dict()["recall"] == 1.0
    assert score_document(a, gold, any_mention=False)["events"].to_dict()["recall"] == 0.0
