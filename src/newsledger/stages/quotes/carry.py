"""Quoted passages with no cue of their own carry the speaker of the attribution that governs them.

News style attributes a run of quotation once: `"A," Darby said. "B."`, `He said the poor bore the brunt.
"This project will support them."`, a quoted paragraph after `The president also said he was at peace with
the decision.`, or the next paragraph of a long quotation. A sentence-like passage with no cue (an
*orphan* of ``direct.py``) is linked to the latest attribution before it, of any kind, when that
attribution is a statement and stands in the same paragraph (at most ``MAX_SENTENCES_BETWEEN`` sentences
back) or ends the paragraph right before the one the passage opens. The linked passage takes that
attribution's speaker and cue, and the learned filter's verdict on it (``stage.py``). A speech verb with a
subject and no content of its own between the two (`Mohamad said this after meeting Robert Mugabe.`) governs
instead: the passage becomes its content; not one in the sentence of that attribution, which relays it
(`"A," X said in a statement, CNN reports. "B."`: B is X's). A paragraph of a quotation that runs on into the next paragraph
(no closing mark) takes the cue of that next paragraph's passage (`"A.\n"B," she said.`). An orphan with none
of these is dropped: no guessed speaker.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from newsledger.stages.quotes.base import Candidate, subject_of, unasserted
from newsledger.stages.quotes.cues import cue_span, verb_cue
from newsledger.stages.quotes.marks import DOUBLE_MARKS

# Sentences that may stand between the attribution and the passage in one paragraph.
MAX_SENTENCES_BETWEEN = 3
# Full paragraphs that may stand between a direct quote and a passage continuing it; other attributions
# govern only the paragraph right after theirs.
DIRECT_PARAGRAPHS_BETWEEN = 1
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
# Overlap share above which an orphan passage is the content of a paraphrase already found.
TAKEN_SHARE = 0.5


def _end(c: Candidate) -> int:
    """Where an attribution ends in the text: after its content, closing mark or cue."""
    cue_end = c.cue.end_char if c.cue is not None else 0
    return max(c.end, c.outer_end or 0, cue_end)


def _governs(parent: Candidate, orphan: Candidate, text: str) -> bool:
    start = orphan.outer_start if orphan.outer_start is not None else orphan.start
    between = text[_end(parent) : start]
    if "\n" not in between:
        return len(_SENTENCE_END.findall(between)) <= MAX_SENTENCES_BETWEEN
    if text[text.rfind("\n", 0, start) + 1 : start].strip():
        return False  # in a later paragraph, only a passage that opens its paragraph goes on
    full = sum(1 for line in between.split("\n")[1:-1] if line.strip())
    return full <= (DIRECT_PARAGRAPHS_BETWEEN if parent.kind == "direct" else 0)


def _overlap(a: Candidate, b: Candidate) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _bare_cue(doc: Doc, text: str, orphan: Candidate, after: int) -> Token | None:
    """The latest speech verb with a subject after ``after`` in the sentences that lead up to the passage:
    those of its own paragraph, or the last sentence of the paragraph before when it opens its paragraph."""
    start = orphan.outer_start if orphan.outer_start is not None else orphan.start
    para = text.rfind("\n", 0, start) + 1
    lo = para
    if not text[para:start].strip():
        prev = text[:para].rstrip()
        if not prev:
            return None
        lo = text.rfind("\n", 0, len(prev)) + 1
    span = doc.char_span(max(lo, after), start, alignment_mode="contract")
    if span is None or not len(span):
        return None
    last_sent = span[-1].sent
    for tok in reversed(span):
        if tok.i < last_sent.start:
            break
        if verb_cue(tok) == "speech" and tok.dep_ not in ("amod", "acl") and not unasserted(tok) and \
                subject_of(tok) is not None:
            return tok
    return None


def _continued_by(orphan: Candidate, found: list[Candidate], text: str) -> Candidate | None:
    """The attributed passage that opens the next paragraph when the orphan's quotation runs on into it."""
    end = orphan.outer_end if orphan.outer_end is not None else orphan.end
    if text[end - 1 : end] in DOUBLE_MARKS or not text[end : end + 1].isspace():
        return None  # closed, or not at the end of its paragraph
    nxt = end + len(text[end:]) - len(text[end:].lstrip())
    return next((c for c in found if c.outer_start == nxt and c.kind == "direct" and c.cue is not None), None)


def carry(found: list[Candidate], orphans: list[Candidate], doc: Doc, text: str) -> list[Candidate]:
    """``found`` plus every orphan that an attribution before it governs (linked by ``inherit_from``, or given
    the cue and source of a content-less speech verb right before it)."""
    speech = [c for c in found if not c.superseded and c.cue_class == "speech" and
              (c.cue is not None or c.inherit_from is not None)]
    out = list(found)
    for orphan in sorted(orphans, key=lambda c: c.start):
        if any(_overlap(orphan, c) > TAKEN_SHARE * (orphan.end - orphan.start) for c in found):
            continue  # a paraphrase finder already holds these words
        start = orphan.outer_start if orphan.outer_start is not None else orphan.start
        before = [c for c in speech if _end(c) <= start]
        parent = max(before, key=_end) if before else None
        bare = _bare_cue(doc, text, orphan, _end(parent) if parent is not None else 0)
        if bare is not None and parent is not None and parent.cue is not None and parent.cue.root.sent == bare.sent:
            bare = None  # a relaying layer in the sentence of the attribution ('"A," X said, CNN reports. "B."')
        orphan.orphan = False
        if bare is not None:
            orphan.cue, orphan.source, orphan.frame = cue_span(bare), subject_of(bare), "carried"
        elif parent is not None and _governs(parent, orphan, text):
            orphan.inherit_from = parent.start
        elif (after := _continued_by(orphan, found, text)) is not None:
            orphan.cue, orphan.source, orphan.cue_class, orphan.frame = after.cue, after.source, after.cue_class, "carried"
        else:
            continue
        speech.append(orphan)
        out.append(orphan)
    return out
