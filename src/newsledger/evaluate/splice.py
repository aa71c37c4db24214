"""Splice-set generator: real articles with passages of other articles and boilerplate lines inserted."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Base articles: long enough to have a lead and a body (AllSides median is ~5,000 characters).
MIN_ARTICLE_CHARS = 1500
MAX_ARTICLE_CHARS = 12000
MIN_PARAGRAPHS = 6
# A spliced passage: 1-2 consecutive paragraphs of another article, at least this long (a shorter
# passage carries too few words for anyone to judge its topic; see docs/clean.md).
MIN_PASSAGE_CHARS = 250
MAX_PASSAGE_CHARS = 1500
# Share of passages whose paragraphs are run together into one long block, and their maximum length.
MERGED_SHARE = 1 / 3
MAX_MERGED_CHARS = 3000
# Share of donors taken from the same AllSides topic (the hard case: same subject, different story).
SAME_TOPIC_SHARE = 0.5
# A base paragraph is kept as prose when it is at least this long and ends like a sentence.
MIN_PROSE_CHARS = 80
PROSE_END_RE = re.compile(r"[.?!][\"”’')]*\s*$")

OUTLETS = ["Pravda.Ru", "The Daily Ledger", "CNN", "Fox News", "Reuters", "The Hill", "NPR", "Breitbart",
           "The Guardian", "RT", "Al Jazeera", "Newsweek", "BBC News", "The Moscow Times", "Kyiv Post",
           "The Korea Herald", "Vox", "Politico", "USA Today", "TASS"]
NETWORKS = ["Telegram", "Facebook", "Twitter", "X", "Instagram", "YouTube", "VK", "WhatsApp", "TikTok", "RSS",
            "LinkedIn", "Flipboard", "Google News"]
NAMES = ["Maria Lopez", "Tom Becker", "Aiko Tanaka", "Oleg Petrov", "Sarah Klein", "Dan Novak", "Lena Ortiz",
         "Hassan Ali", "Kim Soo-jin", "Peter Hall"]
CITIES = ["Seoul", "Moscow", "Washington", "Kyiv", "Beirut", "Brussels", "Tokyo", "Cairo", "London", "Geneva"]
AGENCIES = ["AFP", "Getty Images", "Reuters", "AP Photo", "EPA", "Shutterstock", "Xinhua", "Sputnik"]

# Boilerplate line templates written for this set: {o} outlet, {n}/{n2} network, {p}/{p2} person,
# {c}/{c2} city, {a} agency, {u} URL, {h} handle, {y} year.
BOILERPLATE_TEMPLATES = [
    "Subscribe to {o} {n} channel, {n2}, RSS!",
    "Subscribe to our newsletter to get the day's top stories in your inbox.",
    "Sign up for the {o} morning briefing — it's free.",
    "Don't forget to subscribe to {o} on {n} for breaking updates.",
    "Get the latest headlines delivered straight to your inbox every morning.",
    "Follow us on {n} and {n2} for more news.",
    "Follow {o} on {n}: {h}",
    "Like {o} on {n}",
    "Join our {n} channel to stay informed.",
    "Share this article",
    "Share on {n}",
    "Click here to read the full report.",
    "Click here to download the {o} app.",
    "Support independent journalism — donate today.",
    "Please consider becoming a member to support our reporting.",
    "Join the conversation in the comments below.",
    "Have a news tip? Email us at tips@{d}.",
    "Advertisement",
    "Story continues below advertisement",
    "Sponsored content",
    "Enlarge this image toggle caption {p}/{a} {p}/{a}",
    "Photo: {p}/{a}",
    "Image caption: Protesters gather outside the building on Monday. Credit: {p}/{a}",
    "File photo by {p} / {a}",
    "Hide caption Officials walk past the building in {c}. Previous Next {a}",
    "Copyright {y} {o}. All rights reserved.",
    "© {y} {o}. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "This article originally appeared on {o}.",
    "Read more: {u}",
    "READ MORE: Officials in {c} weigh their next move",
    "Related: What we know so far about the talks in {c}",
    "See also: {o} coverage of the summit",
    "You may also like: Five things to watch this week",
    "Recommended for you: The week in pictures",
    "We use cookies to improve your experience on our site. By continuing to browse, you agree to our use of cookies.",
    "This website uses cookies. Manage cookie settings.",
    "Download the {o} app for iPhone and Android.",
    "Get the {o} app — available on the App Store and Google Play.",
    "Turn on notifications to never miss a story.",
    "Editor's note: This story has been updated with comments from officials.",
    "Correction: An earlier version of this article misstated the date of the meeting.",
    "The views expressed in this article are those of the author and do not reflect those of {o}.",
    "___\n\n{p2} reported from {c}.",
    "___\n\nAssociated Press writer {p} in {c} contributed to this report.",
    "{p} and {p2} contributed to this report.",
    "(Reporting by {p}; Editing by {p2})",
    "{p} reported from {c}. {p2} contributed from {c2}.",
    "Tags: {c}, diplomacy, security",
    "{u}",
]


@dataclass
class Insert:
    """A passage inserted into the base article: [start, end) of the spliced text."""

    start: int
    end: int
    kind: str  # off_topic | boilerplate
    note: str = ""


@dataclass
class SpliceCase:
    """One spliced article with the gold spans of what was inserted."""

    id: str
    title: str
    text: str
    inserts: list[Insert] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "text": self.text,
                "inserts": [vars(i) for i in self.inserts]}


def paragraphs(text: str) -> list[str]:
    """Non-empty paragraphs of an AllSides text (one per line)."""
    return [p.strip() for p in text.split("\n") if p.strip()]


def prose_paragraphs(text: str) -> list[str]:
    """The paragraphs that look like running prose: the scraped AllSides texts also carry captions, credits,
    ads and link lists, which would count as wrongly removed article text if they stayed in the base."""
    return [p for p in paragraphs(text)
            if len(p) >= MIN_PROSE_CHARS and PROSE_END_RE.search(p) and (p[0].isalnum() or p[0] in "\"“‘'")]


def boilerplate_line(rng: random.Random) -> str:
    """One boilerplate line from the templates with random fillers."""
    outlet = rng.choice(OUTLETS)
    domain = outlet.lower().replace(" ", "").replace("the", "", 1) + rng.choice([".com", ".ru", ".org"])
    n, n2 = rng.sample(NETWORKS, 2)
    p, p2 = rng.sample(NAMES, 2)
    c, c2 = rng.sample(CITIES, 2)
    return rng.choice(BOILERPLATE_TEMPLATES).format(
        o=outlet, n=n, n2=n2, p=p, p2=p2, c=c, c2=c2, a=rng.choice(AGENCIES), d=domain, y=rng.randint(2010, 2025),
        u=f"https://www.{domain}/news/{rng.randint(1000, 99999)}", h="@" + outlet.replace(" ", "").replace(".", ""),
    )


def load_articles(path: Path) -> list[dict[str, Any]]:
    """Articles usable as base or donor (length and paragraph bounds)."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            text = rec.get("text") or ""
            if MIN_ARTICLE_CHARS <= len(text) <= MAX_ARTICLE_CHARS and len(prose_paragraphs(text)) >= MIN_PARAGRAPHS:
                out.append(rec)
    return out


def _passage(rng: random.Random, donor: dict[str, Any]) -> str | None:
    """1-2 consecutive donor paragraphs, or (one time in three) 2-4 of them run together as one long
    paragraph, the way scraped encyclopedia text or a pasted sidebar usually arrives."""
    paras = prose_paragraphs(donor["text"])[2:]  # not the donor's headline or lead
    candidates = [i for i, p in enumerate(paras) if len(p) >= 80]
    rng.shuffle(candidates)
    merged = rng.random() < MERGED_SHARE
    for i in candidates:
        k = rng.choice([2, 3, 4]) if merged else rng.choice([1, 1, 2])
        chunk = paras[i:i + k]
        text = (" " if merged else "\n\n").join(chunk)
        if MIN_PASSAGE_CHARS <= len(text) <= (MAX_MERGED_CHARS if merged else MAX_PASSAGE_CHARS):
            return text
    return None


def generate(path: Path, n: int = 300, seed: int = 13, boilerplate_per_article: int = 2) -> Iterator[SpliceCase]:
    """Yield ``n`` spliced articles: each gets one off-topic passage and some boilerplate lines."""
    rng = random.Random(seed)
    articles = load_articles(path)
    by_topic: dict[str, list[dict[str, Any]]] = {}
    for a in articles:
        by_topic.setdefault(str(a.get("topic")), []).append(a)
    order = rng.sample(range(len(articles)), k=min(n, len(articles)))
    for idx in order:
        base = articles[idx]
        same = by_topic.get(str(base.get("topic")), [])
        pool = same if rng.random() < SAME_TOPIC_SHARE and len(same) > 1 else articles
        donor = base
        while donor is base or donor.get("title") == base.get("title"):
            donor = rng.choice(pool)
        passage = _passage(rng, donor)
        paras = prose_paragraphs(base["text"])
        pieces: list[tuple[str, str | None, str]] = [(p, None, "") for p in paras]
        note = "same topic" if pool is same else "other topic"
        if passage:
            pos = rng.randint(3, len(pieces) - 1)
            pieces.insert(pos, (passage, "off_topic", note))
        for _ in range(boilerplate_per_article):
            pos = rng.randint(3, len(pieces))
            pieces.insert(pos, (boilerplate_line(rng), "boilerplate", ""))
        text = ""
        inserts: list[Insert] = []
        for chunk, kind, why in pieces:
            if text:
                text += "\n\n"
            if kind:
                inserts.append(Insert(len(text), len(text) + len(chunk), kind, why))
            text += chunk
        yield SpliceCase(id=str(base.get("ID", idx)), title=str(base.get("title") or ""), text=text, inserts=inserts)
