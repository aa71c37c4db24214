from __future__ import annotations

import pytest

from newsledger.stages.clean.blocks import split_blocks
from newsledger.stages.clean.boilerplate import find_boilerplate
from newsledger.stages.clean.boilerplate_turns import (
    in_speech,
    is_answered_question,
    is_reporting,
    is_turn,
    turn_label,
)

# Contexts written for these tests; "LINE" is replaced by each row's line.
CONTEXTS = {
    # a mayor's re-election speech, transcribed paragraph by paragraph
    "speech": [
        "Good evening, everyone, and thank you for coming out on such a cold night to the old tram depot.",
        "Four years ago I stood on this same stage and promised you a city that works for the people who keep it running.",
        "LINE",
        "We fixed the bridges. We hired back the bus drivers we had lost. We opened the night clinics in every district.",
        "And tonight I am asking you for four more years, so that we can finish what we started together.",
    ],
    # an interview with initials as turn labels
    "interview": [
        "Economist Tomas Ferreira has spent a decade tracing money that leaves poor countries. We asked him about his "
        "new estimate of what is hidden offshore.",
        "MK: Where does the missing money end up?",
        "TF: Most of it sits in a handful of financial centres, and almost none of it is taxed there.",
        "LINE",
        "TF: We compared what countries say they own abroad with what the rest of the world says it owes them.",
    ],
    # a news story with a question put in the text and answered, and a list of questions sent to a minister
    "questions": [
        "The harbour district of Velden flooded for the third time this winter on Sunday, when a storm surge topped "
        "the sea wall near the ferry terminal and filled the lower streets with water.",
        "LINE",
        "Engineers blame a sea wall that was built a metre too low in 1962 and never raised since.",
        "The audit committee sent the port minister a list of written questions on Monday.",
        "What did you know about the dredging tender before it was announced?",
        "When did you first meet the lawyer of the winning bidder?",
        "Did you discuss the contract with anyone in your office?",
    ],
    # plain wire copy
    "wire": [
        "The regional water board shut two pumping stations on the Velden river on Thursday after tests found "
        "diesel in the intake pipes, leaving about 40,000 households on bottled water.",
        "Board chair Ilse Marrow said the leak had been traced to a barge that ran aground near the lock on Tuesday "
        "night and that the stations would reopen once three clean samples in a row were taken.",
        "LINE",
        "The barge's owner, a shipping firm based in Kesten, did not answer calls on Thursday.",
        "Residents queued for water at four schools, where the army set up tanks in the afternoon.",
    ],
}
NAMES = frozenset({"tomas", "ferreira", "ilse", "marrow"})


def _text(context: str, line: str) -> str:
    return "\n\n".join(line if p == "LINE" else p for p in CONTEXTS[context])


def _kept(context: str, line: str) -> bool:
    text = _text(context, line)
    start = text.index(line)
    removed = find_boilerplate(text, split_blocks(text), names=NAMES)
    return not any(r.start <= start < r.end for r in removed)


@pytest.mark.parametrize("line, context, keep", [
    # speech addressing its audience, among the speech's own first- and second-person paragraphs
    ("As you may remember, nobody gave us a chance back then.", "speech", True),
    ("They never tell you what it costs.", "speech", True),
    ("And Priya, thank you for everything.", "speech", True),
    ("Let me tell you what that looked like.", "speech", True),
    # interview turns and a speaker's name the article knows
    ("MK: How did you arrive at that figure?", "interview", True),
    ("MK: So a lot of money is simply missing from the books.", "interview", True),
    ("FERREIRA: The numbers have been public for years.", "interview", True),
    # a question answered in the next paragraph
    ("Why does the harbour keep flooding?", "questions", True),
    # furniture stays furniture in every context
    ("Sign up for our newsletter to follow the campaign.", "speech", False),
    ("Share this interview with your friends.", "interview", False),
    ("Got a news tip? Email our newsroom.", "questions", False),
    ("Follow us on Mastodon for updates.", "wire", False),
    ("Comments are closed for this story.", "wire", False),
])
def test_reporting_is_kept_and_furniture_removed(line: str, context: str, keep: bool) -> None:
    assert _kept(context, line) is keep


@pytest.mark.parametrize("context, line, expected", [
    ("speech", "They never tell you what it costs.", True),
    ("wire", "They never tell you what it costs.", False),  # no run of speech around it: a reader prompt's voice
    ("speech", "Read: why the depot closed.", False),
    ("speech", "You can unsubscribe at any time", False),  # no sentence end
])
def test_a_line_of_speech_needs_speech_around_it(context: str, line: str, expected: bool) -> None:
    blocks = split_blocks(_text(context, line))
    i = next(k for k, b in enumerate(blocks) if b.text == line)
    assert in_speech(blocks, i) is expected


@pytest.mark.parametrize("line, label", [
    ("LN: How did you get the figure?", "LN"),
    ("Q: Will the rules change?", "Q"),
    ("JANE ROE, HOST:", "JANE ROE"),
    ("Read more: the depot's history", None),
    ("VIDEO: The flooded streets", None),
    ("UPDATE: The road has reopened.", None),
    ("Photos show the flooded streets.", None),
])
def test_turn_labels(line: str, label: str | None) -> None:
    assert turn_label(line) == label


@pytest.mark.parametrize("lines, names, turn", [
    (["Q: Will the rules change?", "A: Not this year, I think."], (), [True, True]),
    (["LN: How did you get the figure?", "The figure is large."], (), [False, False]),  # one label alone: no turns
    (["Ferreira: The numbers were public.", "He said so twice."], ("ferreira",), [True, False]),
    (["Ferreira: The numbers were public.", "He said so twice."], (), [False, False]),  # not a name of the article
    (["Dick Roe:", "Protect your savings with this book"], ("dick", "roe"), [False, False]),  # a label over an ad
    (["JANE ROE, HOST:", "Good morning, and welcome back to the programme."], ("jane", "roe"), [True, False]),
    (["Jane Roe: Why the port matters", "The port matters a great deal."], ("jane", "roe"), [False, False]),
])
def test_interview_turns(lines: list[str], names: tuple[str, ...], turn: list[bool]) -> None:
    blocks = split_blocks("\n\n".join(lines))
    assert [is_turn(blocks, i, names) for i in range(len(blocks))] == turn


@pytest.mark.parametrize("lines, answered", [
    (["Why does the harbour flood?", "The wall was built too low in 1962."], [True, False]),
    (["Want more stories like this? Sign up?", "The wall was built too low."], [False, False]),
    (["Do you have a story to tell?", "The wall was built too low in 1962."], [False, False]),  # asks the reader
    (["Did you know of the tender?", "When did you meet the bidder?", "Did you tell your staff?"], [True, True, True]),
    (["Did you know of the tender?", "When did you meet the bidder?"], [False, False]),
])
def test_answered_questions(lines: list[str], answered: list[bool]) -> None:
    blocks = split_blocks("\n\n".join(lines))
    assert [is_answered_question(blocks, i) for i in range(len(blocks))] == answered


def test_reporting_combines_the_three() -> None:
    blocks = split_blocks(_text("questions", "Why does the harbour keep flooding?"))
    assert [is_reporting(blocks, i) for i in range(len(blocks))][1] is True
    wire = split_blocks(_text("wire", "Do you have a story to tell us?"))
    assert not any(is_reporting(wire, i) for i in range(len(wire)))


@pytest.mark.parametrize("note, speech", [
    ("[The mayor thanked the drivers' union by name, which she had not done in her first campaign, and several of its "
     "officers stood up to applaud. — Field notes]", True),
    ("[Photo]", False),  # a short bracketed label is no text around the line
])
def test_an_editors_note_inside_a_transcript_is_text_around_a_line(note: str, speech: bool) -> None:
    lines = [*CONTEXTS["speech"][:2], note, "They never tell you what it costs.", *CONTEXTS["speech"][3:]]
    blocks = split_blocks("\n\n".join(lines))
    assert in_speech(blocks, 3) is speech
