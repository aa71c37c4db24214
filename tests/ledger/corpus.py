"""A small hand-written corpus of analysed articles (own fixture texts) for ledger, API and UI tests."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from newsledger.document import (
    Analysis,
    ClaimedBy,
    Document,
    Entity,
    Event,
    Framing,
    Mention,
    Quote,
    Removed,
    Role,
    Speaker,
    TextSpan,
    Timex,
    When,
)
from newsledger.ledger.context import DocIndex

HOSTILE = '<script>alert("pwned")</script>'
IMG = '<img src=x onerror=alert(2)>'


def _at(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    pos = -1
    for _ in range(occurrence):
        pos = text.index(needle, pos + 1)
    return pos, pos + len(needle)


class _Builder:
    """Builds one Analysis by naming substrings instead of offsets."""

    def __init__(self, doc_id: str, text: str, outlet: str | None, published: str, title: str, url: str | None = None):
        self.a = Analysis(Document(doc_id, text, date.fromisoformat(published), outlet, url, title))
        self.text = text

    def span(self, needle: str, occurrence: int = 1) -> TextSpan:
        s, e = _at(self.text, needle, occurrence)
        return TextSpan(s, e, needle)

    def entity(self, eid: str, name: str, etype: str, *surfaces: str, aliases: tuple[str, ...] = ()) -> _Builder:
        mentions = []
        for surf in surfaces or (name,):
            s, e = _at(self.text, surf)
            kind = "acronym" if surf.isupper() and len(surf) <= 6 else "name"
            mentions.append(Mention(s, e, surf, kind))
        self.a.entities.append(Entity(eid, name, etype, mentions, list(aliases)))
        return self

    def timex(self, needle: str, value: str, precision: str) -> _Builder:
        s, e = _at(self.text, needle)
        self.a.timexes.append(Timex(s, e, needle, "DATE", value, precision))
        return self

    def quote(self, qid: str, speaker: str, entity: str | None, content: str, cue: str = "said", occurrence: int = 1) -> _Builder:
        sp = self.span(speaker, occurrence)
        self.a.quotes.append(Quote(qid, "direct", Speaker(speaker, entity, sp.start, sp.end), self.span(cue), self.span(content)))
        return self

    def event(self, eid: str, etype: str, trigger: str, actor: tuple[str, str | None] | None, where: tuple[str, str | None] | None,
              when: tuple[str, str] | None, modality: str = "asserted", claimed: str | None = None,
              target: tuple[str, str | None] | None = None) -> _Builder:
        self.a.events.append(Event(
            eid, etype, self.span(trigger),
            actor=Role(*actor) if actor else None, target=Role(*target) if target else None,
            where=Role(*where) if where else None, when=When(*when) if when else None,
            claimed_by=ClaimedBy(claimed, None) if claimed else None, modality=modality,
            summary=f"{actor[0] if actor else '?'} {trigger}",
        ))
        return self

    def framing(self, needle: str, voice: str, contested: bool = False) -> _Builder:
        s, e = _at(self.text, needle)
        self.a.framing.append(Framing(s, e, self.text[s:e], "Loaded_Language", voice, contested=contested))
        return self

    def removed(self, needle: str, kind: str, reason: str) -> _Builder:
        s, e = _at(self.text, needle)
        self.a.removed.append(Removed(s, e, kind, reason))
        return self


LAUNCH_A = (
    "Kim Jong Un oversaw the launch of three cruise missiles from the coast near Wonsan on April 26, 2025, "
    "according to the Korean Central News Agency.\n\n"
    "\"The drills show our readiness,\" Kim Jong Un said after the launch.\n\n"
    "Subscribe to our newsletter for more defence news."
)
LAUNCH_B = (
    "North Korea fired four missiles near Wonsan in April 2025, officials in Seoul said. "
    "Kim Jong-un watched the launch, which the DPRK called routine.\n\n"
    "\"This was a reckless act,\" said Lee Min-ho, a defence ministry spokesman."
)
DENIAL = (
    "The DPRK foreign ministry denied on Monday that any missiles were launched near Wonsan on April 26. "
    "\"Nothing was fired,\" a spokesman said."
)
HOSTILE_TEXT = (
    f"Markets rallied in Valencia on 3 March 2025 {HOSTILE} as traders cheered. "
    f"\"Buy now {IMG} and <b>hold</b>,\" said Ana Ruiz. "
    "Related: click here & win <a href=\"javascript:alert(3)\">prizes</a>"
)


def corpus() -> list[Analysis]:
    """Five analysed articles: one missile launch in three outlets plus a copy, a denial, and a hostile text."""
    a = (_Builder("harbor-1", LAUNCH_A, "Harbor Tribune", "2025-04-27", "Kim oversees cruise missile launch")
         .entity("e1", "Kim Jong Un", "PERSON", "Kim Jong Un")
         .entity("e2", "Wonsan", "GPE")
         .entity("e3", "Korean Central News Agency", "ORG")
         .timex("April 26, 2025", "2025-04-26", "day")
         .quote("q1", "Kim Jong Un", "e1", "The drills show our readiness", cue="said", occurrence=2)
         .event("v1", "ASSAULT", "launch", ("Kim Jong Un", "e1"), ("Wonsan", "e2"), ("2025-04-26", "day"))
         .removed("Subscribe to our newsletter for more defence news.", "boilerplate", "newsletter call to action"))
    copy = _Builder("courier-1", LAUNCH_A, "Coastal Courier", "2025-04-27", "Kim oversees cruise missile launch (wire)")
    copy.a = Analysis(Document("courier-1", LAUNCH_A, date(2025, 4, 27), "Coastal Courier", None, copy.a.document.title),
                      entities=a.a.entities, timexes=a.a.timexes, quotes=a.a.quotes, events=a.a.events, removed=a.a.removed)
    b = (_Builder("meridian-1", LAUNCH_B, "Daily Meridian", "2025-04-28", "North Korea fires missiles")
         .entity("e1", "North Korea", "GPE", "North Korea", "DPRK")
         .entity("e2", "Wonsan", "GPE")
         .entity("e3", "Kim Jong-un", "PERSON", "Kim Jong-un")
         .entity("e4", "Lee Min-ho", "PERSON")
         .entity("e5", "Seoul", "GPE")
         .timex("April 2025", "2025-04", "month")
         .quote("q1", "Lee Min-ho", "e4", "This was a reckless act")
         .event("v1", "ASSAULT", "launch", ("Kim Jong-un", "e3"), ("Wonsan", "e2"), ("2025-04", "month"),
                modality="reported", claimed="officials in Seoul"))
    d = (_Builder("bulletin-1", DENIAL, "Pyongyang Bulletin", "2025-04-28", "Ministry denies launch")
         .entity("e1", "DPRK", "ORG", "DPRK")
         .entity("e2", "Wonsan", "GPE")
         .timex("April 26", "2025-04-26", "day")
         .quote("q1", "a spokesman", None, "Nothing was fired")
         .event("v1", "ASSAULT", "launched", ("Kim Jong Un", None), ("Wonsan", "e2"), ("2025-04-26", "day"),
                modality="denied", claimed="DPRK foreign ministry"))
    h = (_Builder("hostile-1", HOSTILE_TEXT, f"Evil {IMG} Times", "2025-03-04", f"Rally {HOSTILE}",
                  url="javascript:alert(4)")
         .entity("e1", "Valencia", "GPE")
         .entity("e2", "Ana Ruiz", "PERSON")
         .timex("3 March 2025", "2025-03-03", "day")
         .quote("q1", "Ana Ruiz", "e2", f"Buy now {IMG} and <b>hold</b>")
         .framing("cheered", "outlet")
         .framing(HOSTILE, "outlet", contested=True)
         .event("v1", "PROTEST", "rallied", ("Markets", None), ("Valencia", "e1"), ("2025-03-03", "day"))
         .removed("Related: click here & win", "boilerplate", f"link bait {HOSTILE}"))
    return [a.a, copy.a, b.a, d.a, h.a]


def linked_ledger(path: Path, analyses: list[Analysis]) -> Path:
    """A ledger file holding the analyses, linked (canonical entities, event clusters)."""
    from newsledger.ledger import Ledger
    from newsledger.ledger.cluster import update

    with Ledger(path) as ledger:
        ledger.store_many(analyses)
        update(ledger.conn)
    return path


def doc_index(texts: dict[str, str], published: dict[str, str], batch: list[str]) -> DocIndex:
    """A story index (ledger/context.py) over an in-memory table of these documents, built for `batch`."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE documents (id TEXT PRIMARY KEY, text TEXT, published TEXT)")
    conn.executemany("INSERT INTO documents VALUES (?, ?, ?)", [(k, texts[k], published[k]) for k in texts])
    out = DocIndex(conn)
    out.build(batch)
    return out
