"""Short news prose that the boilerplate line model must not take for site furniture without much stronger evidence.

Wire copy has one-sentence paragraphs ("Both officials requested anonymity.", "He has used 29 aliases, Freeh said.")
that look, by their length and layout, like the short lines of a page's furniture. A block that reads as an English
news sentence (capital or quote first, a sentence end last, a finite verb, third person, no link or handle, none of
the furniture phrasings below) or as a quote paragraph needs PROSE_MARGIN more log-odds to be removed by the model.
So does a document's own headline on its first line ("Airline wins order worth $15bn", MEANTIME's Wikinews texts):
the story's words, not site furniture; the date line under it still goes. So does a news agency's dated filing line ("HAVANA, March 12 (Xinhua) --"): its date is the story's, which the
timexes stage reads (TimeML annotates it); undated datelines and the site datelines of the families still go.
"""

from __future__ import annotations

import re

# Extra log-odds a news-prose block needs before the line model removes it: more than the model's highest score over
# its threshold on the protected TimeBank+AQUAINT lines (+3.0); no calibration boilerplate line reads as prose (docs/clean.md).
PROSE_MARGIN = 4.0
MIN_WORDS = 4
MAX_WORDS = 80
WORD_RE = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
OPEN_RE = re.compile(r"^(?:[\"“‘'`]{1,2}\s?)?[A-Z0-9]")
CLOSE_RE = re.compile(r"[.!?][\"”’'`)]{0,3}$")
QUOTE_RE = re.compile(r"[\"“”]|``|''")
# Past tense, reporting and auxiliary forms: one of them makes a sentence of the block (a label has none).
FINITE_RE = re.compile(
    r"\b(?:said|says|told|tells|added|asked|declared|noted|stated|announced|warned|insisted|denied|confirmed|explained"
    r"|was|were|is|are|has|had|have|did|does|will|would|could|can|should|may|might|must|could(?:n['’]t)?|can['’]t"
    r"|won['’]t|didn['’]t|doesn['’]t|isn['’]t|wasn['’]t|hasn['’]t|made|began|fell|rose|took|gave|met|came|went|won"
    r"|lost|left|found|saw|knew|thought|got|held|put|set|ran|led|paid|sent|spent|built|brought|bought|kept|became"
    r"|[a-z]{2,}ed)\b")
# Second person and the site's own voice ("we", "our"): furniture addresses the reader; news prose does so in quotes.
READER_RE = re.compile(r"\b(?:you|your|yours|we|our|us)\b", re.I)
# Furniture that is a well-formed sentence: credits, bios, notices, prompts, corrections, media and ad labels.
FURNITURE_RE = re.compile(
    r"contributed to th|reported from|(?:originally|first) (?:appeared|published|ran)|appeared (?:first |originally )?"
    r"(?:in|on|at)\b|all rights reserved|can be reached|comments? (?:are|is|have been) (?:closed|disabled|moderated)|"
    r"views expressed|opinions expressed|\b(?:is|was) (?:the |an? )?(?:[\w-]+ ){0,4}(?:reporter|writer|editor|correspondent|"
    r"columnist|journalist|producer|contributor|author|fellow|analyst|photographer|intern|host)\b|"
    r"\b(?:writes|covers|reports) (?:about|on|for)\b|editing by|reporting by|writing by|sign(?:ing)? up|newsletter|"
    r"podcast|click|download|subscri|advertis|cookie|sponsor|affiliate|commission|brought to you|javascript|browser|"
    r"\bvideo|photo|image|caption|getty|terms of|privacy|this (?:story|article|report|post|page|content) (?:was|has|is|"
    r"first|originally|appeared|contains|includes|may)|\bupdated?\b|correction|read (?:more|also|the)|follow\b|"
    r"\bshare\b|\bapp\b|log ?in|loading|transcript|earlier version|produced by|,\s(?:left|right|center|centre|top|bottom)\b|"
    r"\bpictured\b", re.I)
# A label before a colon opens the line ("Read: ...", "Note: ...", "Jane Roe: ..."): a link or a notice, not a sentence.
LABEL_RE = re.compile(r"^[\w’'.-]+(?:\s[\w’'.-]+){0,2}:\s")
LINK_RE = re.compile(r"https?://|www\.|\S@\S|(?<!\w)[@#]\w|©|\s[|•·]\s|\.(?:com|org|net)\b", re.I)
# A wire's dated filing line: CITY[, Region], Month Day (Agency) --
DATED_DATELINE_RE = re.compile(
    r"^[A-Z][A-Z .'-]{1,40}(?:,\s[A-Z][\w.]*(?:\s[\w.]+)?)?,\s(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
    r"[a-z]{0,6}\.?\s\d{1,2}\s\((?:AP|AFP|Reuters|Xinhua|UPI|dpa|Kyodo|Yonhap|ANSA|EFE|TASS|PTI|IANS|Bernama|"
    r"Anadolu|Interfax|APA|CNA|KUNA|WAM|MENA|IRNA)\s?\)\s*(?:--|[—–_-])?$")


def is_dated_dateline(text: str) -> bool:
    """Whether a block is a news agency's filing line with its date ("NICOSIA, August 8 (Xinhua) --")."""
    return bool(DATED_DATELINE_RE.match(text.strip()))


# A headline is short; a first line that opens like a page's navigation is furniture, not a headline.
HEADLINE_MAX_WORDS = 20
NAV_RE = re.compile(r"^(?:skip to|menu\b|search\b|sign in|home\b|breaking\b|live\b|watch\b|listen\b|advertisement|link copied)"
                    r"|[>›»]", re.I)
# A byline opens with "by" in the languages of the boilerplate families (a headline never does).
BYLINE_RE = re.compile(r"^(?:by|oleh|por|von|par|di|door|av|af|de)\s", re.I)
# A headline names someone or something: two words that open with a capital or a digit ("Airline wins $15bn order"
# has one, "Boeing unveils 787" two). A sentence-case line with one capital is a related-story link or a notice.
HEADLINE_MIN_NAMES = 2
NAME_LIST_WORDS = frozenset({"and", "or", "with", "of", "the", "de", "van", "von", "da", "al", "bin"})


def repeats_title(text: str, title: str | None) -> bool:
    """Whether a first line repeats the document's own title (kept apart by the reader): a copy, not the story."""
    if not title:
        return False
    line, head = (WORD_RE.findall(x.lower()) for x in (text, title))
    return bool(line) and sum(1 for w in line if w in set(head)) >= 0.8 * len(line)


# A line that is only a date ("June 13 , 2005", "13 June 2005", "2005-06-13"): under a headline it is the article's header.
DATE_LINE_RE = re.compile(
    r"^(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?\s\d{1,2}\s?,?\s\d{4}"
    r"|\d{1,2}\s(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?,?\s\d{4}|\d{4}-\d{2}-\d{2})$")


def is_headline(text: str, over_date: bool = False) -> bool:
    """Whether a document's first block reads as the story's own headline (a title, not a line of furniture);
    ``over_date``: the next block is a date line alone, which makes a header of the two (no named word needed)."""
    t = text.strip()
    words = WORD_RE.findall(t)
    if not MIN_WORDS <= len(words) <= HEADLINE_MAX_WORDS or not OPEN_RE.match(t) or t.endswith(":") or t.isupper():
        return False
    letters = [c for c in t if c.isalpha()]
    if sum(1 for c in letters if c.isascii()) < 0.95 * len(letters):
        return False
    if not over_date and sum(1 for w in t.split() if w[:1].isupper() or w[:1].isdigit()) < HEADLINE_MIN_NAMES:
        return False
    if not any(w.islower() and w not in NAME_LIST_WORDS for w in words):
        return False  # a list of names ("Jane Roe, and John Doe") is a byline, not a headline
    return not (LINK_RE.search(t) or FURNITURE_RE.search(t) or LABEL_RE.match(t) or READER_RE.search(t)
                or NAV_RE.search(t) or BYLINE_RE.match(t))


def is_date_line(text: str) -> bool:
    """Whether a block is a date alone."""
    return bool(DATE_LINE_RE.match(text.strip()))


def is_news_prose(text: str) -> bool:
    """Whether a block reads as an English news sentence or quote paragraph, not as a line of site furniture."""
    t = text.strip()
    words = WORD_RE.findall(t)
    if not MIN_WORDS <= len(words) <= MAX_WORDS or not OPEN_RE.match(t) or not CLOSE_RE.search(t):
        return False
    letters = [c for c in t if c.isalpha()]
    if sum(1 for c in letters if c.isascii()) < 0.95 * len(letters):
        return False
    if LINK_RE.search(t) or FURNITURE_RE.search(t) or LABEL_RE.match(t):
        return False
    quoted = bool(QUOTE_RE.search(t))
    if READER_RE.search(t) and not quoted:
        return False
    return quoted or bool(FINITE_RE.search(" ".join(w for w in words[1:]).lower() if len(words) > 1 else ""))


UNFINISHED_RE = re.compile(r"[\w,;(\-–]$")
QUOTE_OPEN_RE = re.compile(r"^[\"“«]")


def _unclosed(text: str) -> bool:
    """Whether a quotation opened in the text is still open at its end."""
    return text.count('"') % 2 == 1 or text.count("“") > text.count("”") or text.count("«") > text.count("»")


def continues_quotation(prev: str, block: str) -> bool:
    """Whether ``block`` is a further paragraph of a quotation that runs over paragraphs: both open with a quotation
    mark and ``prev`` does not close it (the convention of news copy), however short ``block`` is ('"We need more."')."""
    p, b = prev.strip(), block.strip()
    return bool(QUOTE_OPEN_RE.match(p) and QUOTE_OPEN_RE.match(b) and _unclosed(p))


def continues(prev: str, block: str) -> bool:
    """Whether ``block`` carries on the sentence of ``prev``: a hard-wrapped line of prose (``prev`` ends mid-sentence
    with a word or a comma and ``block`` opens in lower case)."""
    p, b = prev.rstrip(), block.lstrip()
    return bool(p and b and UNFINISHED_RE.search(p) and b[0].islower())
