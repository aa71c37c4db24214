from __future__ import annotations

import pytest

from newsledger.stages.clean.blocks import split_blocks
from newsledger.stages.clean.boilerplate import find_boilerplate
from newsledger.stages.clean.boilerplate_prose import (
    continues,
    continues_quotation,
    is_date_line,
    is_dated_dateline,
    is_headline,
    is_news_prose,
    repeats_title,
)

# Wire copy written for these tests: short paragraphs, one of them replaced by each case's line.
WIRE = [
    "The regional water board shut two pumping stations on the Velden river on Thursday after tests found "
    "diesel in the intake pipes, leaving about 40,000 households on bottled water.",
    "Board chair Ilse Marrow said the leak had been traced to a barge that ran aground near the lock on Tuesday "
    "night and that the stations would reopen once three clean samples in a row were taken.",
    "LINE",
    "The barge's owner, a shipping firm based in Kesten, did not answer calls on Thursday.",
    "Residents queued for water at four schools, where the army set up tanks in the afternoon.",
]


def _removed(line: str) -> bool:
    text = "\n".join(line if p == "LINE" else p for p in WIRE)
    start = text.index(line)
    return any(r.start <= start < r.end for r in find_boilerplate(text, split_blocks(text)))


@pytest.mark.parametrize("line", [
    "Both inspectors asked not to be named.",
    "The ministry had no comment.",
    "He has worked on the river for 31 years, Marrow said.",
    "``We have never seen a spill this close to the intake,'' Marrow told reporters.",
    "“Nobody drinks from the tap until we say so,” she said.",
    "Federal investigators made no immediate comment.",
    "The firm's insurer was not available for comment.",
    "Officials expected the tests to take two days.",
])
def test_short_wire_paragraphs_are_kept(line: str) -> None:
    assert is_news_prose(line)
    assert not _removed(line)


@pytest.mark.parametrize("line", [
    "Comments are closed for this story.",
    "Ilse Marrow is a senior reporter at the Velden Courier.",
    "This story has been updated with comment from the board.",
    "Sign up for our river newsletter to get alerts.",
    "Read: Why the barges keep running aground.",
    "The Kesten Gazette contributed to this report.",
    "Follow us on Mastodon for updates.",
    "Advertisement",
    "Photo: a tanker at the lock, taken on Tuesday.",
    "Der Vorstand hat die Pumpwerke am Donnerstag geschlossen.",
])
def test_furniture_and_other_languages_are_not_news_prose(line: str) -> None:
    assert not is_news_prose(line)


@pytest.mark.parametrize("line, dated", [
    ("TALLINN, March 3 (AFP) --", True),
    ("PORT ELNOR, Velden, Sept. 14 (Reuters) -", True),
    ("KESTEN, November 2 (Xinhua)--", True),
    ("TALLINN (AP) --", False),
    ("March 3, 2025 —", False),
    ("TALLINN, March 3 (Harbour Wire) —", False),
])
def test_only_dated_agency_datelines_are_protected(line: str, dated: bool) -> None:
    assert is_dated_dateline(line) is dated
    text = "\n".join([line, *(p for p in WIRE if p != "LINE")])
    kept = not any(r.start <= text.index(line) < r.end for r in find_boilerplate(text, split_blocks(text)))
    assert kept or not dated


def test_hard_wrapped_prose_lines_are_kept() -> None:
    lines = ["The board said the two stations would stay shut until the samples of the",
             "intake pipes came back clean, which could take",
             "until the end of the week."]
    text = "\n".join([WIRE[0], *lines, WIRE[3]])
    removed = find_boilerplate(text, split_blocks(text))
    assert not any(r.start < text.index(lines[-1]) + 5 and text.index(lines[0]) < r.end for r in removed)


def test_page_bodies_keep_to_the_patterns() -> None:
    text = "\n".join([WIRE[0], "Gallery", "Share this story", WIRE[1]])
    on_page = {text[r.start:r.end] for r in find_boilerplate(text, split_blocks(text), page=True)}
    assert on_page == {"Share this story"}
    assert any("Gallery" in text[r.start:r.end] for r in find_boilerplate(text, split_blocks(text)))


@pytest.mark.parametrize("prev, block, wrapped", [
    ("the samples of the", "intake pipes came back clean", True),
    ("which could take,", "until the end of the week.", True),
    ("The stations stay shut.", "then the board met.", False),
    ("Share this story", "Gallery", False),
])
def test_a_line_that_carries_on_a_sentence_is_wrapped_prose(prev: str, block: str, wrapped: bool) -> None:
    assert continues(prev, block) is wrapped


@pytest.mark.parametrize("prev, block, further", [
    ('"The second ferry carries medicine.', '"We need more."', True),
    ('“The pumps failed twice this week.', '“Fix them.”', True),
    ('"The second ferry carries medicine," she said.', '"We need more."', False),
    ('"The pumps failed twice this week."', '"Fix them."', False),
    ("The board met on Monday.", '"We need more."', False),
])
def test_a_further_paragraph_of_a_quotation(prev: str, block: str, further: bool) -> None:
    assert continues_quotation(prev, block) is further


def test_a_short_last_paragraph_of_a_quotation_is_kept() -> None:
    quote = ['"The first ferry leaves at dawn.', '"The second one carries medicine.', '"We need more."']
    text = "\n\n".join(["Ana Lopez, the harbour master, said on Monday:", *quote])
    removed = find_boilerplate(text, split_blocks(text))
    assert not any(text.index(quote[-1]) < r.end for r in removed)


def test_a_flattened_photo_gallery_is_boilerplate_however_long() -> None:
    slides = " ".join(f"Photos: The flood in Velden – Residents wade through the main square on day {k} of the flood, "
                      f"as the river rose past its banks. Hide Caption {k} of 12" for k in range(1, 13))
    text = "\n".join([WIRE[0], slides, WIRE[1]])
    removed = find_boilerplate(text, split_blocks(text))
    assert [(text[r.start:r.end], r.reason) for r in removed] == [(slides, "photo gallery")]
    one = "A caption under one photo. Hide Caption 1 of 12 " + "and more prose of the story. " * 40
    assert find_boilerplate(one, split_blocks(one)) == []


@pytest.mark.parametrize("line, over_date, headline", [
    ("Velden board shuts two Kesten pumping stations", False, True),
    ("Kesten barge owner faces 2 inquiries", False, True),
    ("Water board shuts pumping stations", True, True),   # over a date line: the article's header
    ("Water board shuts pumping stations", False, False),  # one capital: a related-story link or a notice
    ("Ilse Marrow, and Tom Aske", False, False),  # a byline of names
    ("By Ilse Marrow and Tom Aske", False, False),
    ("Skip to main content of the Velden Courier", False, False),
    ("Home > Regional > Velden", False, False),
    ("Share this story with Velden friends", False, False),
    ("VELDEN WATER BOARD SHUTS STATIONS", False, False),
    ("Subscribe: Velden Courier Daily Briefing", False, False),
    ("Ir al contenido principal", False, False),
])
def test_only_a_headline_like_first_line_is_a_headline(line: str, over_date: bool, headline: bool) -> None:
    assert is_headline(line, over_date=over_date) is headline


@pytest.mark.parametrize("line, date", [("June 13 , 2005", True), ("13 June 2005", True), ("2005-06-13", True),
                                        ("June 13, 2005: the board met", False), ("Thursday", False)])
def test_a_date_alone_is_a_date_line(line: str, date: bool) -> None:
    assert is_date_line(line) is date


def test_a_first_line_headline_is_kept_and_the_date_under_it_goes() -> None:
    head, date = "Velden water board shuts two pumping stations", "June 13 , 2005"
    text = "\n".join([head, date, *WIRE[:2], *WIRE[3:]])
    removed = [text[r.start:r.end] for r in find_boilerplate(text, split_blocks(text))]
    assert not any(head in r for r in removed)
    assert repeats_title(head, "Velden Water Board Shuts Two Pumping Stations")
    assert not repeats_title(head, "Barge owner silent after spill")
