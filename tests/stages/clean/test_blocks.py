from __future__ import annotations

import pytest

from newsledger.stages.clean.blocks import split_blocks


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One.\nTwo.\n\n  Three.  \n", ["One.", "Two.", "Three."]),
        ("", []),
        ("short line one\nshort two\n\nshort three\nshort four\n\nfive\nsix", ["short line one\nshort two", "short three\nshort four", "five\nsix"]),
    ],
)
def test_split_blocks(text: str, expected: list[str]) -> None:
    blocks = split_blocks(text)
    assert [b.text for b in blocks] == expected
    assert all(text[b.start:b.end] == b.text for b in blocks)
