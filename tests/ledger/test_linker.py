"""The learned linking pass: its pair features on invented reports, its weights file, and hard conflicts it obeys."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from newsledger.document import Analysis, Document, Event, TextSpan, When
from newsledger.ledger import Ledger
from newsledger.ledger.cluster import update
from newsledger.ledger.context import LEAD_CHARS, DocIndex
from newsledger.ledger.event_features import EventFeatures
from newsledger.ledger.linker import FEATURES, LinkerError, LinkModel, learned_join, load_model, pair_features
from tests.ledger.corpus import doc_index

# Our own short articles: two tell of one ferry capsizing on a lake in other words, one of a budget vote.
FERRY_A = ("A ferry capsized on Lake Orvel early on Sunday, and divers searched the cold water for the missing "
           "passengers while the ferry operator counted survivors near the harbour of Pellin.")
FERRY_B = ("Divers searched Lake Orvel for missing passengers after the ferry overturned near Pellin harbour; the "
           "operator of the ferry said survivors were counted on the pier.")
BUDGET = ("The council of Dravik approved a budget for schools and roads after a long vote, and the treasurer "
          "said taxes would stay the same next year.")
TEXTS = {"a": FERRY_A, "b": FERRY_B, "c": BUDGET}
PUBLISHED = {"a": "2031-06-01", "b": "2031-06-02", "c": "2031-06-02"}

CAPSIZE = EventFeatures("a", "v1", "", "capsiz", ["c1"], "c9", "2031-06-01", place_key="pellin", published="2031-06-01",
                        actor="c1", date_source="clause", place_geo=[46.0, 8.0], evidence=[0, 80])
OVERTURN = replace(CAPSIZE, doc_id="b", event_id="v4", lemma="overturn", published="2031-06-02", date=None,
                   date_source=None, evidence=[0, 90])
ALWAYS = LinkModel(tuple(0.0 for _ in FEATURES), 20.0, 0.5)  # says "one happening" to every pair it is shown
NEVER = LinkModel(tuple(0.0 for _ in FEATURES), -20.0, 0.5)


@pytest.fixture
def index() -> DocIndex:
    return doc_index(TEXTS, PUBLISHED, ["a"])


def _feature(x: EventFeatures, y: EventFeatures, name: str, said: dict[str, frozenset[str]] | None = None) -> float:
    row = pair_features(x, y, 0.3, (lambda e: said[e.doc_id]) if said else None)
    assert len(row) == len(FEATURES)
    return row[FEATURES.index(name)]


@pytest.mark.parametrize(("change", "name", "value"), [
    ({"lemma": "capsiz"}, "same_lemma", 1.0),                     # "capsized" in both
    ({}, "same_lemma", 0.0),                                       # "capsized" / "overturned"
    ({"lemma": "kill"}, "same_class", 0.0),                        # no class holds capsizing and killing
    ({}, "same_actor", 1.0),                                       # the ferry operator in both
    ({"actor": "c2", "participants": ["c2"]}, "same_actor", 0.0),  # someone else
    ({}, "shared_participant", 1.0),
    ({}, "same_place", 1.0),                                       # Pellin in both
    ({"place": "c8", "place_key": "tornby", "place_geo": [47.5, 10.5]}, "same_place", 0.0),
    ({}, "one_undated", 1.0),                                      # only the first dates it
    ({"date": "2031-06-01", "date_source": "clause"}, "same_own_day", 1.0),
    ({"date": "2031-06-01", "date_source": "clause"}, "dates_compatible", 1.0),
    ({}, "both_in_lead", 1.0),
    ({"evidence": [LEAD_CHARS + 10, LEAD_CHARS + 90]}, "both_in_lead", 0.0),  # a background paragraph
    ({}, "anchored", 1.0),                                         # the first dates the capsizing itself
    ({}, "wildcard_type", 1.0),                                    # gold mentions carry no type
    ({"type": "ASSAULT"}, "wildcard_type", 1.0),
    ({"published": "2031-06-08"}, "day_gap", 1.0),                 # a week apart: the farthest counted
    ({"published": "2031-06-01"}, "day_gap", 0.0),
    ({"modality": "reported"}, "same_modality", 0.0),
])
def test_pair_features_of_invented_reports(change: dict[str, object], name: str, value: float) -> None:
    assert _feature(CAPSIZE, replace(OVERTURN, **change), name) == value  # type: ignore[arg-type]


def test_typed_reports_of_one_type() -> None:
    a, b = replace(CAPSIZE, type="ASSAULT"), replace(OVERTURN, type="ASSAULT.BOMB")
    assert _feature(a, b, "same_type") == 1.0 and _feature(a, b, "wildcard_type") == 0.0
    assert _feature(a, replace(b, type="PROTEST"), "same_type") == 0.0


def test_trigger_vectors_rank_near_words_first() -> None:
    near = _feature(CAPSIZE, replace(OVERTURN, lemma="sink"), "trigger_cosine")
    far = _feature(CAPSIZE, replace(OVERTURN, lemma="approv"), "trigger_cosine")
    assert near > far + 0.3
    assert _feature(CAPSIZE, replace(OVERTURN, lemma="zzqx"), "trigger_cosine") == 0.0  # not in the table


def test_sentence_overlap_is_the_jaccard_of_content_words() -> None:
    said = {"a": frozenset({"ferry", "capsize", "lake"}), "b": frozenset({"ferry", "lake", "diver", "pier"})}
    assert _feature(CAPSIZE, OVERTURN, "sentence_overlap", said) == pytest.approx(2 / 5)
    assert _feature(CAPSIZE, OVERTURN, "sentence_overlap") == 0.0  # no sentences given


def test_shipped_weights_load() -> None:
    model = load_model()
    assert 0.0 < model.threshold <= 1.0
    assert len(model.weights) == len(FEATURES)
    assert model.probability([1.0] * len(FEATURES)) != model.probability([0.0] * len(FEATURES))


@pytest.mark.parametrize("data", [
    {"features": ["same_lemma"], "weights": [1.0], "bias": 0.0, "threshold": 0.5},  # other features
    {"features": list(FEATURES), "weights": [1.0], "bias": 0.0, "threshold": 0.5},  # too few weights
    {"weights": [0.0] * len(FEATURES)},                                             # no names
])
def test_bad_weights_are_refused(data: dict[str, object]) -> None:
    with pytest.raises(LinkerError, match="expected"):
        LinkModel.from_dict(data)


def test_weights_round_trip() -> None:
    model = LinkModel(tuple(float(i) / 10 for i in range(len(FEATURES))), -1.5, 0.8)
    assert LinkModel.from_dict(json.loads(json.dumps(model.to_dict()))) == model


@pytest.mark.parametrize(("change", "joins"), [
    ({}, True),                                                       # other words, same story, nothing against it
    ({"doc_id": "c"}, False),                                         # an article of another story
    ({"doc_id": "a"}, False),                                         # the same article: not this pass's to join
    ({"participants": ["c2"], "actor": "c2"}, False),                 # another named actor in the same role
    ({"date": "2031-06-03", "date_source": "clause"}, False),         # another day at day precision
    ({"place": "c8", "place_key": "tornby", "place_geo": [47.5, 10.5]}, False),  # a place far from Pellin
    ({"figures": [9.0]}, False),                                      # nine dead against two dead
    ({"type": "PROTEST"}, True),                                      # a typed report against an untyped one
])
def test_conflicting_pairs_stay_apart_whatever_the_model_says(index: DocIndex, change: dict[str, object],
                                                              joins: bool) -> None:
    first = [replace(CAPSIZE, figures=[2.0] if "figures" in change else [])]
    second = [replace(OVERTURN, **change)]  # type: ignore[arg-type]
    assert learned_join(first, second, index, ALWAYS) is joins
    assert learned_join(second, first, index, ALWAYS) is joins
    assert not learned_join(first, second, index, NEVER)


def test_two_types_that_differ_stay_apart(index: DocIndex) -> None:
    assert not learned_join([replace(CAPSIZE, type="ASSAULT")], [replace(OVERTURN, type="PROTEST")], index, ALWAYS)


def _doc(doc_id: str, text: str, published: str, trigger: str, when: str | None = None) -> Analysis:
    s = text.index(trigger)
    ev = Event("v1", "", TextSpan(s, s + len(trigger), trigger), when=When(when, "day") if when else None)
    return Analysis(Document(doc_id, text, date.fromisoformat(published), outlet=f"Outlet {doc_id}"), events=[ev])


@pytest.mark.parametrize(("model", "together"), [(ALWAYS, True), (NEVER, False)])
def test_update_runs_the_learned_pass(tmp_path: Path, model: LinkModel, together: bool) -> None:
    """Through the whole linker: "capsized" and "overturned" name nobody and use other words, so no rule pass
    joins them; the learned pass does when its model says so, and never joins the budget vote of another story."""
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.store(_doc("a", FERRY_A, "2031-06-01", "capsized", "2031-06-01"))
        ledger.store(_doc("b", FERRY_B, "2031-06-02", "overturned"))
        ledger.store(_doc("c", BUDGET, "2031-06-02", "approved"))
        update(ledger.conn, model=model)
        clusters = {r[0]: r[1] for r in ledger.conn.execute("SELECT doc_id, cluster_id FROM cluster_members")}
        assert (clusters["a"] == clusters["b"]) is together
        assert clusters["c"] not in (clusters["a"], clusters["b"])
