"""Complement frames of a cue token (ccomp, dobj, xcomp, prep:<word>, parataxis) and their content spans."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

from spacy.tokens import Token

FRAMES_FILE = "lexicons/cue_frames.tsv"
# Frames whose content is the subtree of one child of the cue.
CHILD_FRAMES = ("ccomp", "dobj", "xcomp")
CUE_POS = ("VERB", "NOUN", "AUX")


def _subtree_chars(tok: Token) -> tuple[int, int]:
    doc = tok.doc
    span = doc[tok.left_edge.i : tok.right_edge.i + 1]
    return span.start_char, span.end_char


def frames_of(tok: Token) -> Iterator[tuple[str, tuple[int, int]]]:
    """Every complement frame of ``tok`` with the character span of its would-be content."""
    if tok.pos_ not in CUE_POS:
        return
    for child in tok.children:
        if child.dep_ in CHILD_FRAMES or (child.dep_ == "acl" and tok.pos_ == "NOUN"):
            yield child.dep_, _subtree_chars(child)
        elif child.dep_ == "prep" and child.i > tok.i:
            pobj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                yield f"prep:{child.lower_}", _subtree_chars(pobj)
    if tok.dep_ in ("parataxis", "ccomp") and tok.head.i < tok.i:
        head = tok.head
        yield "parataxis", (head.left_edge.idx, tok.left_edge.idx)


@lru_cache(maxsize=1)
def learned_frames() -> dict[tuple[str, str], float]:
    """(lemma, frame) -> precision as a cue in PolNeAR train (from the shipped table)."""
    ref = resources.files("newsledger.stages.quotes").joinpath(FRAMES_FILE)
    if not ref.is_file():
        return {}
    out: dict[tuple[str, str], float] = {}
    for line in ref.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        lemma, frame, _gold, _n, precision = line.split("\t")
        out[(lemma, frame)] = float(precision)
    return out
