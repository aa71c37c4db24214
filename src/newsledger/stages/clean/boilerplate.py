"""In-body boilerplate: prompts, ads, credits, captions, related links, notices (learned line model and patterns)."""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newsledger.document import Removed
from newsledger.stages.clean.blocks import Block
from newsledger.stages.clean.boilerplate_model import shipped_line_model
from newsledger.stages.clean.boilerplate_prose import (
    PROSE_MARGIN,
    continues,
    continues_quotation,
    is_date_line,
    is_dated_dateline,
    is_headline,
    is_news_prose,
    repeats_title,
)
from newsledger.stages.clean.boilerplate_turns import is_reporting

LEXICON = "lexicons/boilerplate.tsv"

# Longest block (characters) that a "start"/"whole" pattern may claim: boilerplate lines are short, and a
# long paragraph that merely begins with "Subscribe" is more likely prose (the longest credit lines seen in
# AP/Reuters copy, listing several writers and cities, are ~250 characters).
MAX_START_CHARS = 300
# Longest block an "anywhere" pattern may claim: photo widgets carry a whole caption (NPR's "Hide caption"
# blocks run to ~500 characters).
MAX_ANYWHERE_CHARS = 700
# Longest sentence inside a longer paragraph that may be claimed on its own.
MAX_SENTENCE_CHARS = 220
# Reasons that may be claimed for a single sentence inside a longer paragraph; the others need their own line.
SENTENCE_REASONS = frozenset(
    {"subscribe prompt", "follow prompt", "share prompt", "related link", "app prompt", "cookie notice", "copyright"}
)
SEPARATOR_REASON = "contributor credit"
# An embedded post: its text with the author's attribution ("... — Jane Roe (@janeroe) May 4, 2024"), or the
# attribution alone under it. It says who said what (the quotes stage reads it), so it is kept as article text.
EMBEDDED_POST_RE = re.compile(r"(?:^|\s)[—–]\s?[^()\n]{2,60}\(@\w{1,30}\)\s+(?:on\s+)?[A-Z][a-z]{2,8}\.?\s\d{1,2},\s\d{4}\s*$")
# A block a pattern names needs a model score this much lower (log-odds): the patterns were written for such lines, and
# the model, trained mostly on short lines, doubts long prompts ("Sign up for ... and get ... every morning.").
PATTERN_MARGIN = 1.5
# A photo gallery flattened into one block ("Photos: ... Hide Caption 1 of 24 ... Hide Caption 2 of 24"): two slides
# or more make the whole block gallery text, however long (its captions bring other stories' quotes and dates).
GALLERY_RE = re.compile(r"\b(?:hide|show)\s+caption\s*\d{1,3}\s+of\s+\d{1,3}\b", re.IGNORECASE)
GALLERY_REASON = "photo gallery"
# Reason of a block that the line model removes and no pattern names (its strongest cue words follow).
MODEL_REASON = "site furniture (line model)"

SOCIAL = (
    r"(?:telegram|facebook|twitter|x(?:\s*\(formerly\s+twitter\))?|instagram|youtube|tiktok|linkedin|whatsapp|"
    r"viber|vk|vkontakte|odnoklassniki|rutube|dzen|zen|yandex\s*(?:news|zen)?|google\s+news|flipboard|reddit|"
    r"pinterest|snapchat|threads|mastodon|bluesky|truth\s+social|gab|gettr|rumble|parler|rss|apple\s+news|"
    r"apple\s+podcasts|spotify|podcasts?|soundcloud|substack|newsletter|e-?mail|(?:the\s+)?app)"
)
OUTLET = r"(?:(?:the\s+)?[\w.&'’-]+(?:\s+[\w.&'’-]+){0,3})"
URL = r"(?:https?://\S+|www\.\S+|[\w-]+\.(?:com|org|net|ru|ua|uk|co|io|news|info)\S*)"
BULLET_RE = re.compile(r"^(?:[-–—•·*>»]|\d{1,2}[.)])\s+")
SEPARATOR_RE = re.compile(r"[_\-–—=*~•·#\s]{3,}")


@dataclass(frozen=True)
class Pattern:
    """One boilerplate pattern of the lexicon."""

    reason: str
    scope: str  # start | anywhere | whole
    regex: re.Pattern[str]


def _expand(regex: str) -> str:
    return regex.replace("{SOCIAL}", SOCIAL).replace("{OUTLET}", OUTLET).replace("{URL}", URL)


def parse_lexicon(lines: Iterable[str]) -> list[Pattern]:
    """Parse the TSV lexicon (reason, scope, regex); raises ValueError naming the bad line."""
    out: list[Pattern] = []
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 3 or parts[1] not in ("start", "anywhere", "whole"):
            raise ValueError(f"{LEXICON}:{n}: expected 'reason<TAB>start|anywhere|whole<TAB>regex'")
        reason, scope, regex = parts
        body = _expand(regex)
        if scope == "whole":
            body = rf"(?:{body})\Z"
        try:
            compiled = re.compile(body, re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"{LEXICON}:{n}: bad regular expression ({exc}); fix the pattern") from exc
        out.append(Pattern(reason, scope, compiled))
    return out


@lru_cache(maxsize=1)
def patterns() -> tuple[Pattern, ...]:
    """The shipped patterns (loaded once)."""
    ref = resources.files("newsledger.stages.clean").joinpath(LEXICON)
    return tuple(parse_lexicon(ref.read_text(encoding="utf-8").splitlines()))


def classify(text: str, sentence: bool = False) -> str | None:
    """The boilerplate reason of one block (or one sentence inside a paragraph), or None."""
    t = BULLET_RE.sub("", text.strip())
    n = len(t)
    if not t:
        return None
    for p in patterns():
        if sentence and (p.reason not in SENTENCE_REASONS or p.scope == "anywhere" or n > MAX_SENTENCE_CHARS):
            continue
        if p.scope == "anywhere":
            if n <= MAX_ANYWHERE_CHARS and p.regex.search(t):
                return p.reason
        elif n <= MAX_START_CHARS and p.regex.match(t):
            return p.reason
    return None


def _prose(blocks: list[Block], i: int, title: str | None = None, names: Collection[str] = ()) -> bool:
    """Whether block ``i`` is news prose, a dated agency dateline, the document's headline, a hard-wrapped line or a
    further paragraph of a quotation (boilerplate_prose), or speech, an interview turn or an answered question
    (boilerplate_turns)."""
    text = blocks[i].text
    headline = i == 0 and not repeats_title(text, title) and is_headline(
        text, over_date=len(blocks) > 1 and is_date_line(blocks[1].text))
    return (is_news_prose(text) or is_dated_dateline(text) or headline
            or (i > 0 and (continues(blocks[i - 1].text, text) or continues_quotation(blocks[i - 1].text, text)))
            or (i + 1 < len(blocks) and continues(text, blocks[i + 1].text)) or is_reporting(blocks, i, names))


def _is_separator(text: str) -> bool:
    return bool(SEPARATOR_RE.fullmatch(text)) and any(ch not in " \t" for ch in text)


def find_boilerplate(
    text: str, blocks: list[Block], sentences: list[tuple[int, int]] | None = None, page: bool = False,
    title: str | None = None, names: Collection[str] = (),
) -> list[Removed]:
    """Boilerplate spans of the text: whole blocks (the learned line model over words, layout and the patterns; the
    patterns alone without the model file), or single sentences inside longer blocks (patterns).

    Adjacent boilerplate blocks (e.g. a ``___`` separator and the credit line under it) become one span.
    ``sentences`` are (start, end) character spans of the parse, used inside paragraphs; ``page``: the text is the
    body the HTML reader extracted from a web page (patterns only); ``title``: the document's own title (a first line that
    repeats it is a copy; any other headline-like first line is the story's headline and kept unless clearly furniture);
    ``names``: the lower-cased words of the people the parse names (a line labelled with one is an interview turn).
    """
    found: list[tuple[int, int, str, float]] = []
    patterns: list[str | None] = [classify(b.text) for b in blocks]
    labels = list(patterns)
    scores = [1.0] * len(blocks)
    # A page body (the HTML reader's text: trafilatura already left the page chrome out) keeps to the patterns: there the
    # model's short lines are mostly the page's own tables, lists and headings (docs/clean.md, body extraction).
    line_model = None if page else shipped_line_model()
    if line_model is not None:
        logits = line_model.logits(blocks, patterns)
        for i, (b, z) in enumerate(zip(blocks, logits, strict=True)):
            margin = -PATTERN_MARGIN if patterns[i] else 0.0
            band = line_model.threshold <= z < line_model.threshold + PROSE_MARGIN
            if not patterns[i] and band and _prose(blocks, i, title, names):
                margin = PROSE_MARGIN
            if z < line_model.threshold + margin or EMBEDDED_POST_RE.search(b.text):
                labels[i] = None
            else:
                cues = line_model.cue_words(b.text)
                labels[i] = patterns[i] or (MODEL_REASON + (f" ({', '.join(cues)})" if cues else ""))
                scores[i] = round(1.0 / (1.0 + math.exp(-1.0 - max(0.0, float(z) - line_model.threshold))), 3)
    for i, b in enumerate(blocks):
        if labels[i] is None and ("aption" in b.text or "APTION" in b.text) and len(GALLERY_RE.findall(b.text)) >= 2:
            labels[i], scores[i] = GALLERY_REASON, 1.0
    for i, b in enumerate(blocks):
        if labels[i] is None or not _is_separator(b.text):
            continue
        nxt = labels[i + 1] if i + 1 < len(blocks) else SEPARATOR_REASON
        if nxt is None:
            labels[i] = None  # a scene break inside the story, not a credit separator
    sent_list = sorted(sentences or [])
    for i, b in enumerate(blocks):
        if labels[i] is not None:
            found.append((b.start, b.end, labels[i] or "", scores[i]))
            continue
        inner = [(s, e) for s, e in sent_list if s >= b.start and e <= b.end]
        if len(inner) < 2:
            continue
        for s, e in inner:
            seg = text[s:e].strip()
            reason = classify(seg, sentence=True)
            if reason:
                lead = len(text[s:e]) - len(text[s:e].lstrip())
                found.append((s + lead, s + lead + len(seg), reason, 1.0))
    return _merge(text, found)


def _merge(text: str, spans: list[tuple[int, int, str, float]]) -> list[Removed]:
    out: list[Removed] = []
    for s, e, reason, score in sorted(spans):
        if out and not text[out[-1].end:s].strip():
            last = out[-1]
            if reason not in last.reason.split(" + "):
                last.reason = f"{last.reason} + {reason}"
            last.end = max(last.end, e)
            last.score = min(last.score or 1.0, score)
            continue
        out.append(Removed(start=s, end=e, kind="boilerplate", reason=reason, score=score))
    return out
