from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from newsledger.evaluate.splice_sets import Pools, boilerplate_unit, build_case, passage
from newsledger.evaluate.splice_sources import Text, host_paragraphs, is_prose, read_split_file, sentences

# Texts written for these tests.
HOST = Text("allsides:h1", (
    "Harbour terminal opens after long dispute",
    "The harbour authority of Port Elnor opened its container terminal on Monday after a two-year dispute over "
    "dredging permits, officials said.",
    "Chair Mira Castell said the terminal would double the port's capacity and bring three hundred jobs to the town.",
    "Photo: Ana Ruiz / Coastline Images",
    "Oyster farmers fear that silt from the dredged channel will smother their beds, and they have asked the court "
    "to order new water tests.",
    "A court in Velden dismissed the farmers' first complaint about the dredging in January, the ruling shows.",
    "Castell promised to monitor the water in the harbour for five years and to pay the farmers if harvests fall.",
    "The first ship to use the new berths, a feeder from Velden, is due on Thursday morning, the authority said.",
    "Dock workers unload a vessel in Port Elnor on Monday, March 3, 2025.",
), "Harbour terminal opens", "ports")
SAME = Text("allsides:h2", (
    "Ferry line cut", "Lead paragraph of the ferry story, which nobody will splice into anything here.",
    "The ferry operator of Port Elnor will cut its winter timetable to two crossings a day, its director told "
    "councillors on Tuesday, blaming fuel prices.",
    "Councillors asked the operator to keep the early crossing that commuters to Velden rely on, and it agreed "
    "to review the plan in spring.",
), "Ferry line cut", "ports")
RECIPE = Text("train-donors:0", (
    "Whisk two eggs with a spoonful of mustard, then add the oil drop by drop until the sauce turns thick and "
    "glossy. Season with salt and a squeeze of lemon.",
), language="en", genre="recipes")
FAMILY = {"family": "en_test", "category": "share_follow", "language": "en",
          "templates": ["Follow {site} on {platform}", "Share this story"],
          "slots": {"site": ["The Harbour Desk"], "platform": ["Mastodon", "Bluesky"]},
          "blocks": [["Sign up for {site} mornings", "Enter your email", "Sign up"]]}


def _pools() -> Pools:
    return Pools(hosts=[HOST], same_topic={"ports": [HOST, SAME]}, other_news={"allsides": [SAME]},
                 genres={"helper": [RECIPE]}, families=[FAMILY],
                 negatives=[{"language": "en", "line": "Subscriptions to the harbour's bike scheme doubled in May."}])


@pytest.mark.parametrize(("paragraph", "expected"), [
    ("The harbour authority opened its terminal on Monday after a long dispute over the dredging permits.", True),
    ("Share this story", False),
    ("“We will pay the farmers if the harvest fails,” the chair told the council on Monday evening in Velden.", True),
    ("short line.", False),
])
def test_is_prose(paragraph: str, expected: bool) -> None:
    assert is_prose(paragraph) is expected


def test_host_paragraphs_leave_out_credits_and_captions() -> None:
    kept = host_paragraphs(HOST)
    assert not any(p.startswith("Photo:") or p.startswith("Dock workers") for p in kept)
    assert len(kept) == 6


@pytest.mark.parametrize(("paragraph", "count"), [
    ("The chair spoke first. Then the farmers answered! Was it enough? Nobody knew.", 4),
    ("One sentence about the port of Elnor.", 1),
])
def test_sentences(paragraph: str, count: int) -> None:
    assert len(sentences(paragraph)) == count


def test_boilerplate_unit_fills_every_slot() -> None:
    rng = random.Random(3)
    for _ in range(40):
        for line in boilerplate_unit(rng, FAMILY):
            assert "{" not in line and line


def test_passage_units() -> None:
    rng = random.Random(5)
    for _ in range(30):
        got = passage(rng, SAME)
        assert got is not None
        paras, unit = got
        assert unit in ("paragraph", "sentence")
        assert all(120 <= len(p) <= 3000 for p in paras)
        assert all(p in " ".join(SAME.paragraphs[2:]) for p in paras)  # donor text, never its headline or lead


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4, 5])
def test_build_case_offsets_match_inserted_text(seed: int) -> None:
    case = build_case(random.Random(seed), _pools(), HOST)
    host_text = set(host_paragraphs(HOST))
    for ins in case.inserts:
        piece = case.text[ins.start:ins.end]
        assert piece.strip() == piece and piece
        assert piece not in host_text
        if ins.kind == "boilerplate":
            assert "\n" not in piece  # each boilerplate line is its own gold unit
    kinds = {i.kind for i in case.inserts}
    assert kinds <= {"off_topic", "boilerplate", "keep"}
    for p in host_paragraphs(HOST):
        assert p in case.text
    assert case == build_case(random.Random(seed), _pools(), HOST)


def test_off_topic_notes_name_kind_source_and_unit() -> None:
    notes = [i.note for s in range(40) for i in build_case(random.Random(s), _pools(), HOST).inserts if i.kind == "off_topic"]
    assert notes
    for note in notes:
        kind, source, unit, language, _genre = note.split("/")
        assert kind in ("same topic", "other news", "genre") and unit in ("paragraph", "sentence") and language == "en"
        assert source in ("allsides", "helper")


def test_committed_lists_are_disjoint() -> None:
    root = Path(__file__).resolve().parents[2] / "data" / "cleaning" / "splits"
    seen: dict[str, str] = {}
    for name in ("test", "calibration", "realnews-eval", "realnews-calibration"):
        for role, doc in read_split_file(root / f"{name}.txt"):
            if role == "source":
                continue
            assert seen.setdefault(doc, name) == name, f"{doc} is in {seen[doc]} and {name}"
    split = (root.parents[1] / "annotations" / "news-2026-12" / "split.tsv").read_text(encoding="utf-8")
    blind = set(re.findall(r"^(\S+)\t(?:dev|test)\t", split, flags=re.MULTILINE))
    assert not blind & set(seen)
