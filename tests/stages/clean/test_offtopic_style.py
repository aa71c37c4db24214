"""House-style features of the off-topic model (stages/clean/offtopic_style.py)."""

from __future__ import annotations

import pytest

from newsledger.stages.clean.offtopic_style import (
    MARKERS,
    STYLE_FEATURES,
    compare,
    style_counts,
    style_features,
)

NAMES = [name for name, _ in MARKERS]


@pytest.mark.parametrize(("text", "marker", "spelling"), [
    ("The mayor’s plan", "apostrophe", 0),
    ("The mayor's plan", "apostrophe", 1),
    ("“We will build,” she said.", "double_quote", 0),
    ('"We will build," she said.', "double_quote", 1),
    ("a bridge — and a road", "dash", 0),
    ("a bridge -- and a road", "dash", 1),
    ("rents rose 4 percent", "percent", 0),
    ("rents rose 4 per cent", "percent", 1),
    ("rents rose 4%", "percent", 2),
    ("the U.S. embassy", "us", 0),
    ("the US embassy", "us", 1),
    ("at 9 a.m. on Monday", "clock", 0),
    ("at 9am on Monday", "clock", 1),
    ("on Feb. 3 the council", "month", 0),
    ("on February 3 the council", "month", 1),
    ("Mr. Castell said", "honorific", 0),
    ("Mr Castell said", "honorific", 1),
])
def test_style_counts_finds_each_spelling(text: str, marker: str, spelling: int) -> None:
    counts = style_counts(text)[NAMES.index(marker)]
    assert counts[spelling] >= 1
    assert sum(counts) == counts[spelling]


def test_compare_counts_conflicts_and_agreements() -> None:
    own = style_counts("The mayor's plan, she said, costs 4 percent more.")
    rest = style_counts("The council’s vote. The port’s cranes. Fares rose 2 percent.")
    conflicts, agreements, strong, surprise = compare(own, rest)
    assert (conflicts, agreements, strong) == (1, 1, 0)  # straight apostrophe against curly; "percent" shared
    same = compare(style_counts("The mayor’s plan costs 4 percent more."), rest)
    assert same[0] == 0 and same[3] < surprise


def test_spliced_block_in_another_house_style_stands_out() -> None:
    article = [
        "The harbour board’s chair said the terminal will open in March, a year late.",
        "“It has been a long wait,” Mira Castell told reporters on the quay.",
        "Fares on the ferry rose 4 percent, and the board’s budget is $12 million — the largest yet.",
        "The oyster farmers' association said \"nobody asked us\" -- and it's going to court.",  # another outlet's
        "The board’s engineers expect the dredging to end — weather allowing — before the spring tides.",
        "Castell said the port’s new cranes arrive “within weeks.”",
    ]
    rows = style_features(article, 2)
    assert len(rows) == 4 and all(len(r) == len(STYLE_FEATURES) for r in rows)
    conflicts = [r[STYLE_FEATURES.index("style_conflicts")] for r in rows]
    assert conflicts[1] >= 3 and conflicts[1] == max(conflicts)
    assert conflicts[0] == conflicts[2] == conflicts[3] == 0
    flag = STYLE_FEATURES.index("style_far:apostrophe")
    assert rows[1][flag] == 1.0 and rows[2][flag] == -1.0


def test_far_rest_leaves_out_the_neighbours() -> None:
    # two pasted paragraphs agree with each other, so only the far comparison sees their conflict
    article = ["The board’s plan.", "The port’s cranes.", "The farmer's court case.", "The farmer's lawyer's fee.",
               "The board’s reply."]
    rows = style_features(article, 2)
    near, far = STYLE_FEATURES.index("style_conflicts"), STYLE_FEATURES.index("style_far_conflicts")
    assert rows[0][far] == 1.0 and rows[1][far] == 1.0
    assert rows[0][near] == 0.0  # its neighbour writes ' too
    assert rows[2][far] == 0.0


def test_empty_and_markerless_text() -> None:
    assert style_features([], 0) == []
    row = style_features(["plain words here", "more plain words"], 0)[0]
    assert row == [0.0] * len(STYLE_FEATURES)


@pytest.mark.parametrize(("text", "expected"), [
    ("The Elnor Strait (Greek: Στενό Έλνορ) is a channel.", True),
    ("The council (Ukrainian: Київська міська рада; romanized: Kyivska) met.", True),
    ("The Velden court (VC; Korean: 벨덴 법원; Hanja: 法院) ruled.", True),
    ("The Elnor Strait (Greek for 'narrow water') is a channel.", False),  # no native script
    ("She wrote (translated: 'we will stay') in her letter.", False),
    ("Kim (김) said so.", False),  # a script without a label
    ("Fares rose (Source: harbour board) by 4 percent.", False),
    ("(Photo: @harbour/Instagram)", False),
])
def test_encyclopedia_gloss(text: str, expected: bool) -> None:
    from newsledger.stages.clean.offtopic_style import has_encyclopedia_gloss

    assert has_encyclopedia_gloss(text) is expected
