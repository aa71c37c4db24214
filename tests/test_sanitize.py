"""Text hygiene at the edges: capped one-line messages, terminal-safe strings, lone surrogates, strict JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest

from newsledger.sanitize import MAX_MESSAGE_CHARS, clean_text, dumps, one_line, terminal_safe


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("file not found", "file not found"),
        ("  \n  first real line\nsecond line", "first real line…"),  # the first non-blank line, marked as cut
        ("", ""),
        ("bad \udc80 byte", "bad \ufffd byte"),
    ],
)
def test_one_line(message: str, expected: str) -> None:
    assert one_line(message) == expected


def test_one_line_caps_a_huge_first_line() -> None:
    out = one_line("x" * 10_000_000 + "\nmore")
    assert len(out) == MAX_MESSAGE_CHARS and out.endswith("…")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain name.txt", "plain name.txt"),
        ("alert\x1b[31mred", "alert\\x1b[31mred"),  # colour change shown, not obeyed
        ("title\x1b]0;owned\x07", "title\\x1b]0;owned\\x07"),  # window-title sequence
        ("evil\u202etxt.exe", "evil\\u202etxt.exe"),  # right-to-left override
        ("line\nbreak\r", "line\\x0abreak\\x0d"),
        ("\x9bC1 control", "\\x9bC1 control"),
        ("lone \ud83d", "lone \\ud83d"),
        ("café 🌊", "café 🌊"),  # ordinary non-ASCII text is left alone
    ],
)
def test_terminal_safe(value: str, expected: str) -> None:
    out = terminal_safe(value)
    assert out == expected
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in out)


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        ({"score": float("nan"), "top": float("inf"), "low": float("-inf")}, {"score": None, "top": None, "low": None}),
        ({"tags": ("a", "\ud800"), 3: {"x"}}, {"tags": ["a", "\ufffd"], "3": ["x"]}),
        ({"plain": [1, 2.5, True, None, "text"]}, {"plain": [1, 2.5, True, None, "text"]}),
    ],
)
def test_dumps_is_strict_json(obj: Any, expected: Any) -> None:
    out = dumps(obj)
    out.encode("utf-8")  # no lone surrogate left
    assert json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} written")) == expected


def test_clean_text_keeps_offsets() -> None:
    text = "a\ud83db\udc00c"
    assert clean_text(text) == "a\ufffdb\ufffdc" and len(clean_text(text)) == len(text)
