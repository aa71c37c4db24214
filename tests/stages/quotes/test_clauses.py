"""Content spans from the parse: inserted cues, attitudes without a holder, the cue gap inside a content."""

from __future__ import annotations

import pytest

from newsledger.stages.quotes.clauses import cue_gap, impersonal_attitude, inserted_cue, split_around


@pytest.mark.parametrize(
    ("text", "start", "end", "gap", "parts"),
    [
        ("The plan, he said, will fail.", 0, 29, (8, 18), ["The plan", "will fail."]),
        ("The plan will fail.", 0, 19, None, ["The plan will fail."]),
        ("Yes, he said, and.", 0, 18, (3, 13), ["Yes", "and."]),
    ],
)
def test_split_around(text: str, start: int, end: int, gap: tuple[int, int] | None, parts: list[str]) -> None:
    assert [text[a:b] for a, b in split_around(text, start, end, gap)] == parts


@pytest.mark.parametrize(
    ("text", "cue", "gap"),
    [
        ("This winter, the ferry captain says, is the hardest in twenty years.", "says", "the ferry captain says,"),
        ("The museum is expected to reopen in June.", "expected", "is expected"),
    ],
)
def test_cue_gap(nlp, text: str, cue: str, gap: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    tok = next(t for t in doc if t.text == cue)
    found = cue_gap(tok, 0, len(text))
    assert found is not None and text[found[0] : found[1]].strip(" ,") == gap.strip(" ,")


def test_inserted_cue_and_impersonal_attitude(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("This winter, the ferry captain says, is the hardest in twenty years.")
    assert inserted_cue(next(t for t in doc if t.text == "says"))
    doc = nlp("The museum is expected to reopen in June.")
    found = impersonal_attitude(next(t for t in doc if t.text == "expected"))
    assert found is not None and found[1] == "belief" and doc.text[found[0][0] : found[0][1]].startswith("The museum")
    doc = nlp("The director expected a large crowd.")
    assert impersonal_attitude(next(t for t in doc if t.text == "expected")) is None
