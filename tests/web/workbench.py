"""A hand-written corpus of 30 short harbour-dispute reports for search, filter and paging tests (own texts)."""

from __future__ import annotations

from datetime import date, timedelta

from newsledger.document import (
    Analysis,
    Document,
    Entity,
    Event,
    Mention,
    Quote,
    Role,
    Speaker,
    TextSpan,
    When,
)

OUTLETS = ("North Gazette", "Southern Ledger", "Eastern Wire")
# (sentence with the event, event type, trigger word, modality); {actor} and {target} are filled in.
PATTERNS = (
    ("{actor} imposed sanctions on {target} over the harbour fees.", "SANCTION", "sanctions", "asserted"),
    ("{actor} sanctioned {target} after the harbour inspection.", "SANCTION", "sanctioned", "reported"),
    ("Dock workers protested against {target} at the harbour gates.", "PROTEST", "protested", "asserted"),
    ("{actor} may sanction {target} if the harbour dispute drags on.", "SANCTION", "sanction", "hypothetical"),
    ("{actor} met {target} to discuss the harbour lease.", "CONSULT", "met", "asserted"),
)
ACTOR, TARGET = "Varna Council", "Delmar Lines"
START = date(2016, 11, 20)


def _span(text: str, needle: str) -> TextSpan:
    s = text.index(needle)
    return TextSpan(s, s + len(needle), needle)


def article(i: int) -> Analysis:
    """Report number i: one event of a rotating kind, a quote, two entities; dates every 6 days from START."""
    sentence, etype, trigger, modality = PATTERNS[i % len(PATTERNS)]
    published = START + timedelta(days=6 * i)
    body = sentence.format(actor=ACTOR, target=TARGET)
    quote = f"We will keep the port open, report {i}"
    text = (f"{body} The talks in Port Varna continued on {published.strftime('%d %B %Y')}.\n\n"
            f"\"{quote},\" said Mara Eld, a spokeswoman for {TARGET}.")
    doc = Document(f"wb-{i:02d}", text, published, OUTLETS[i % len(OUTLETS)], None, f"Harbour report {i}: {etype.lower()}")
    names = [(ACTOR, "ORG"), (TARGET, "ORG"), ("Mara Eld", "PERSON")]
    entities = [Entity(f"e{k}", n, t, [Mention(*_at(text, n), n)]) for k, (n, t) in enumerate(names) if n in text]
    ids = {e.name: e.id for e in entities}
    actor = Role(ACTOR, ids[ACTOR]) if ACTOR in ids and etype != "PROTEST" else Role("Dock workers", None)
    event = Event("v1", etype, _span(text, trigger), actor=actor, target=Role(TARGET, ids[TARGET]),
                  when=When(published.isoformat(), "day"), modality=modality, summary=f"{actor.name} {trigger} {TARGET}")
    speaker = _span(text, "Mara Eld")
    q = Quote("q1", "direct", Speaker("Mara Eld", ids["Mara Eld"], speaker.start, speaker.end), _span(text, "said"),
              _span(text, quote))
    return Analysis(doc, entities=entities, quotes=[q], events=[event])


def _at(text: str, needle: str) -> tuple[int, int]:
    s = text.index(needle)
    return s, s + len(needle)


def workbench_corpus(n: int = 30) -> list[Analysis]:
    return [article(i) for i in range(n)]
