"""Titles, nominals and pronouns joined to their entity (own sentences)."""

from __future__ import annotations

import pytest

from newsledger.document import Analysis
from newsledger.ingest.text import make_document
from newsledger.pipeline import Pipeline


def run(pipeline: Pipeline, text: str) -> Analysis:
    a = pipeline.analyze_document(make_document(text, id="t"))
    assert not [e for e in a.errors if e.stage == "entities"], a.errors
    return a


def owner(a: Analysis, surface: str, occurrence: int = 1) -> tuple[str, str] | None:
    """(entity name, mention kind) of the k-th occurrence of ``surface`` as a mention."""
    text = a.document.text
    start = -1
    for _ in range(occurrence):
        start = text.index(surface, start + 1)
    for e in a.entities:
        for m in e.mentions:
            if (m.start, m.end) == (start, start + len(surface)):
                return e.name, m.kind
    return None


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        ("North Korean leader Kim Jong Un toured a farm. The DPRK leader praised the harvest.",
         "The DPRK leader", "Kim Jong Un"),
        ("North Korean leader Kim Jong Un toured a farm. Later the North Korean leader left.",
         "the North Korean leader", "Kim Jong Un"),
        ("South Korean President Yoon Suk Yeol met reporters. Later the ROK president left for Tokyo.",
         "the ROK president", "Yoon Suk Yeol"),
        ("President Amara Diallo signed the bill on Monday. The centrist president said it was overdue.",
         "The centrist president", "Amara Diallo"),
        ("President Dana Cole signed the bill. Republican senators cheered as the Republican president smiled.",
         "the Republican president", "Dana Cole"),
        ("Ines Moreau, a senior French diplomat, arrived in Rome. The talks began at noon.",
         "a senior French diplomat", "Ines Moreau"),
        ("Russian Chief of Staff Valery Petrov reported progress. Petrov spoke for ten minutes.",
         "Russian Chief of Staff Valery Petrov", "Valery Petrov"),
    ],
)
def test_title_phrases_join_the_person(pipeline: Pipeline, text: str, surface: str, name: str) -> None:
    assert owner(run(pipeline, text), surface) == (name, "title")


def test_title_country_must_agree(pipeline: Pipeline) -> None:
    text = ("North Korean leader Kim Jong Un met Russian leader Vladimir Putin. "
            "The Russian leader spoke first, then the DPRK leader replied.")
    a = run(pipeline, text)
    assert owner(a, "The Russian leader") == ("Vladimir Putin", "title")
    assert owner(a, "the DPRK leader") == ("Kim Jong Un", "title")


@pytest.mark.parametrize(
    ("text", "surface", "occurrence", "name"),
    [
        ("Senator Mary Walsh criticised the plan on Friday. She said it was rushed.", "She", 1, "Mary Walsh"),
        ("Governor Tom Reyes vetoed the bill. He called it wasteful.", "He", 1, "Tom Reyes"),
        ("Chancellor Olaf Weber spoke to President Ana Silva. Silva told him the talks were over.", "him", 1,
         "Olaf Weber"),
        ("Minister Lars Holm met Anna Berg. Holm thanked her for his invitation.", "his", 1, "Lars Holm"),
        ("Maria Ivanova arrived late. According to her, the road was closed.", "her", 1, "Maria Ivanova"),
    ],
)
def test_personal_pronouns(pipeline: Pipeline, text: str, surface: str, occurrence: int, name: str) -> None:
    assert owner(run(pipeline, text), surface, occurrence) == (name, "pronoun")


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        ("The European Commission fined the bank. It said the fine was final.", "It", "European Commission"),
        ("Japan raised rates, and its currency rose.", "its", "Japan"),
    ],
)
def test_organisation_and_country_pronouns(pipeline: Pipeline, text: str, surface: str, name: str) -> None:
    assert owner(run(pipeline, text), surface) == (name, "pronoun")


@pytest.mark.parametrize(
    "text",
    [
        "Germany signed the pact. It was raining in the capital, and it is hard to say why.",
        "The talks ended. It is unclear whether they will resume.",
    ],
)
def test_expletive_it_is_left_alone(pipeline: Pipeline, text: str) -> None:
    a = run(pipeline, text)
    assert not [m for e in a.entities for m in e.mentions if m.text.lower() == "it"]


@pytest.mark.parametrize(
    ("text", "surface", "name", "kind"),
    [
        ("The House Budget Committee met. Later the committee voted.", "the committee", "House Budget Committee",
         "nominal"),
        ("The Budget Committee met. The budget committee adjourned.", "budget committee", "Budget Committee",
         "alias"),
        ("The Senate Intelligence Committee met. Later the intel committee voted.", "the intel committee",
         "Senate Intelligence Committee", "nominal"),
        ("The Trump administration raised tariffs.", "Trump administration", "Trump administration", "name"),
        ("North Korean leader Kim Jong Un spoke. Critics of the Kim regime disagreed.", "the Kim regime",
         "North Korea", "alias"),
        ("North Korea and South Korea met. The North sent two envoys.", "The North", "North Korea", "alias"),
    ],
)
def test_nominal_mentions(pipeline: Pipeline, text: str, surface: str, name: str, kind: str) -> None:
    assert owner(run(pipeline, text), surface) == (name, kind)
