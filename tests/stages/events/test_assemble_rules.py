"""Grammar rules of the events assembly: the subject matter of an investigation, and acts done 'without' an event."""

from __future__ import annotations

import pytest

from newsledger.document import Role
from newsledger.pipeline import Pipeline
from newsledger.stages.events.assemble import inherited_actor, topic_target, without_it
from newsledger.stages.events.detect import Trigger
from tests.stages.events.test_wordvecs import view


def trigger(v, word: str, etype: str) -> Trigger:  # type: ignore[no-untyped-def]
    """A trigger of one token: the first one spelled ``word``."""
    i = v.lower.index(word)
    return Trigger(i, i, i, etype, 1.0)


@pytest.mark.parametrize(
    ("text", "word", "etype", "target"),
    [
        ("Senators asked about the pace of the Ukraine investigation on Tuesday.", "investigation", "INVESTIGATE", "Ukraine"),
        ("The Kremlin mocked the Finland probe in a short statement.", "probe", "INVESTIGATE", "Finland"),
        ("The committee released a criminal investigation report.", "investigation", "INVESTIGATE", None),
        # only investigations: a country modifying an attack is its actor ("the Syria strike" is left to the model)
        ("Officials described the Syria strike as limited.", "strike", "ASSAULT", None),
    ],
)
def test_named_modifier_of_an_investigation_is_its_target(pipeline: Pipeline, text: str, word: str, etype: str,
                                                          target: str | None) -> None:
    v = view(pipeline, text)
    role = topic_target(v, trigger(v, word, etype), None)
    assert (role.name if role else None) == target


def test_the_topic_is_never_the_actor_again(pipeline: Pipeline) -> None:
    v = view(pipeline, "Lawmakers discussed the Ukraine investigation at length.")
    t = trigger(v, "investigation", "INVESTIGATE")
    found = topic_target(v, t, None)
    assert found is not None
    assert topic_target(v, t, Role(found.name, found.entity)) is None


@pytest.mark.parametrize(
    ("text", "word", "negated"),
    [
        ("The rebels left the town without resistance on Sunday.", "resistance", True),
        ("The convoy crossed the border without any attack from the militia.", "attack", True),
        ("The garrison pulled out of the port without firing a shot.", "firing", True),
        ("The rebels met resistance outside the town.", "resistance", False),
        ("The army shelled the town without warning.", "shelled", False),
    ],
)
def test_an_event_done_without_did_not_happen(pipeline: Pipeline, text: str, word: str, negated: bool) -> None:
    v = view(pipeline, text)
    assert without_it(v, v.lower.index(word)) is negated


@pytest.mark.parametrize(
    ("text", "word", "actor"),
    [
        ("The mayor thanked the volunteers and apologized for the delays.", "apologized", "mayor"),
        ("The minister promised to apologize for the leak.", "apologize", "minister"),
        ("Finland signed the treaty but later withdrew from it.", "withdrew", "Finland"),
        # object control: the army withdraws, not the one who asks
        ("Parliament asked the army to withdraw from the capital.", "withdraw", None),
        # a passive governor: the one arrested is no actor of the release
        ("The journalist was arrested on Monday and released a day later.", "released", None),
        ("Belgium condemned the raid.", "condemned", None),  # its own subject is the model's to choose
    ],
)
def test_a_verb_without_subject_takes_its_governors(pipeline: Pipeline, text: str, word: str, actor: str | None) -> None:
    v = view(pipeline, text)
    role = inherited_actor(v, trigger(v, word, "DISAPPROVE"))
    assert (role.name if role else None) == actor or (actor is not None and role is not None and actor in role.name)
