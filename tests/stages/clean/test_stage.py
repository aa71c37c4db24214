"""The clean stage on articles written for these tests (a port story with a splice and boilerplate)."""

from __future__ import annotations

from newsledger.ingest.text import make_document
from newsledger.pipeline import Pipeline

STORY = [
    "The harbour authority of Port Elnor said on Tuesday that its new container terminal will open in March, "
    "two years later than planned, after a dispute over dredging permits delayed the works.",
    "Authority chair Mira Castell told reporters the terminal would double the port's container capacity and "
    "bring about four hundred permanent jobs to the harbour district.",
    "Fishermen in Port Elnor had opposed the dredging of the harbour channel, arguing that silt would damage the "
    "oyster beds north of the port; a court in Velden dismissed their complaint in January.",
    "Castell said the authority would monitor water quality in the harbour for five years after the terminal "
    "opens and compensate oyster farmers if their harvest falls.",
    "The terminal dispute began in 2019, when the authority first applied for a dredging permit for the "
    "harbour channel; the permit was granted only after the court ruling in January.",
]
SPLICE = (
    "The common kingfisher (Alcedo atthis) is a small bird of the family Alcedinidae with seven subspecies "
    "recognised within its wide distribution across Eurasia and North Africa. It has the typical short-tailed, "
    "large-headed kingfisher profile, with blue upperparts, orange underparts and a long bill. It feeds mainly on "
    "small fish, caught by diving, and has special visual adaptations to enable it to see prey under water. The "
    "glossy white eggs are laid in a nest at the end of a burrow in a riverbank, and both parents incubate them "
    "for nineteen to twenty days."
)
SUBSCRIBE = "Subscribe to the Elnor Courier Telegram channel, Facebook, RSS!"
AFTER = "Dock workers were briefed separately. The first ship is expected at the new quay in early March."


def test_splice_and_subscribe_line_removed_rest_kept(pipeline: Pipeline) -> None:
    parts = STORY[:4] + [SPLICE, SUBSCRIBE, AFTER, STORY[4]]
    text = "\n".join(parts)
    analysis = pipeline.analyze_document(make_document(text, title="Port Elnor terminal to open in March"))
    removed = {(text[r.start:r.end], r.kind) for r in analysis.removed}
    assert removed == {(SPLICE, "off_topic"), (SUBSCRIBE, "boilerplate")}
    off = next(r for r in analysis.removed if r.kind == "off_topic")
    assert off.score is not None and 0.5 < off.score <= 1.0
    assert analysis.document.text == text  # never cut


def test_clean_article_has_nothing_removed(pipeline: Pipeline) -> None:
    text = "\n\n".join(STORY)
    assert pipeline.analyze_document(make_document(text)).removed == []


def test_entities_skip_removed_passages(pipeline: Pipeline) -> None:
    parts = STORY[:4] + [SPLICE, STORY[4]]
    analysis = pipeline.analyze_document(make_document("\n".join(parts)))
    names = {e.name for e in analysis.entities}
    assert "Eurasia" not in names and "North Africa" not in names
