"""Score the events stage against NewsReader MEANTIME (CAT XML): triggers, participants and time anchors.

Mapping (also in docs/events.md): a predicted event matches a MEANTIME EVENT_MENTION when its trigger
overlaps the mention's tokens. Our actor is compared with the HAS_PARTICIPANT Arg0 mention, our target with
Arg1; our date with the TIMEX3 the event is anchored to by a TLINK of type SIMULTANEOUS, IS_INCLUDED or
INCLUDES (the document creation time included). MEANTIME marks every event (business news: "wins",
"order", "said"), PLOVER only political interaction, so trigger recall is reported over all mentions and
over the mentions whose predicate is in our lexicon. Only the beginning of each article is annotated, so
predicted events after the last annotated event mention are left out of precision.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from newsledger.document import Analysis, Document, Event, Role, Timex
from newsledger.errors import InputError
from newsledger.evaluate.matching import PRF, Ratio
from newsledger.pipeline import Pipeline
from newsledger.registry import Context
from newsledger.stages.events.lexicon import load_lexicon
from newsledger.stages.events.stage import extract_events

NO_SPACE_BEFORE = frozenset({",", ".", ":", ";", "!", "?", "'s", "n't", ")", "%", "'", "''", "'re", "'ll", "'ve", "'d", "'m"})
NO_SPACE_AFTER = frozenset({"(", "$", "``", "#"})
ANCHOR_RELTYPES = frozenset({"SIMULTANEOUS", "IS_INCLUDED", "INCLUDES"})
STOPWORDS = frozenset({"the", "a", "an", "of", "'s", "and", "inc", "inc.", "co", "corp"})
DATE_VALUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")


@dataclass
class Mention:
    """A MEANTIME markable: its character span in the rebuilt text and attributes."""

    m_id: str
    start: int
    end: int
    attrs: dict[str, str]


@dataclass
class MeantimeDoc:
    """One CAT XML document, rebuilt as plain text with character offsets."""

    name: str
    text: str
    dct: str | None
    events: list[Mention]
    entities: dict[str, Mention]
    timexes: dict[str, Mention]
    participants: dict[str, dict[str, str]]  # event m_id -> sem_role -> entity m_id
    anchors: dict[str, str]  # event m_id -> timex m_id


def read_cat(path: Path) -> MeantimeDoc:
    """Parse a CAT XML file and rebuild its text (tokens joined with simple detokenisation)."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InputError(str(path), f"not a CAT XML file ({exc}); pass a MEANTIME corpus folder") from exc
    parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    pos, last_sent, prev = 0, None, ""
    for tok in root.iter("token"):
        word = tok.text or ""
        sent = tok.get("sentence")
        if parts:
            sep = "\n" if sent != last_sent else ("" if word in NO_SPACE_BEFORE or prev in NO_SPACE_AFTER else " ")
            parts.append(sep)
            pos += len(sep)
        offsets[tok.get("t_id", "")] = (pos, pos + len(word))
        parts.append(word)
        pos += len(word)
        last_sent, prev = sent, word

    def mention(el: ET.Element) -> Mention | None:
        spans = [offsets[a.get("t_id", "")] for a in el.findall("token_anchor") if a.get("t_id") in offsets]
        if not spans:
            return None
        return Mention(el.get("m_id", ""), min(s for s, _ in spans), max(e for _, e in spans), dict(el.attrib))

    markables = root.find("Markables")
    events, entities, timexes = [], {}, {}
    dct = None
    for el in list(markables) if markables is not None else []:
        if el.tag == "TIMEX3" and el.get("functionInDocument") == "CREATION_TIME":
            dct = el.get("value")
        m = mention(el)
        if el.tag == "TIMEX3":
            timexes[el.get("m_id", "")] = m or Mention(el.get("m_id", ""), -1, -1, dict(el.attrib))
        if m is None:
            continue
        if el.tag == "EVENT_MENTION":
            events.append(m)
        elif el.tag == "ENTITY_MENTION":
            entities[m.m_id] = m
    participants: dict[str, dict[str, str]] = {}
    anchors: dict[str, str] = {}
    relations = root.find("Relations")
    for rel in list(relations) if relations is not None else []:
        src, tgt = rel.find("source"), rel.find("target")
        if src is None or tgt is None:
            continue
        s, t = src.get("m_id", ""), tgt.get("m_id", "")
        if rel.tag == "HAS_PARTICIPANT":
            participants.setdefault(s, {}).setdefault(rel.get("sem_role", ""), t)
        elif rel.tag == "TLINK" and rel.get("reltype") in ANCHOR_RELTYPES:
            if t in timexes and s not in timexes:
                anchors.setdefault(s, t)
            elif s in timexes and t not in timexes:
                anchors.setdefault(t, s)
    return MeantimeDoc(path.stem, "".join(parts), dct, events, entities, timexes, participants, anchors)


def gold_timexes(md: MeantimeDoc) -> list[Timex]:
    """MEANTIME's own TIMEX3 annotations as contract records (for the oracle-date view)."""
    out = []
    for m in md.timexes.values():
        if m.start < 0:
            continue
        value = m.attrs.get("value", "")
        precision = {4: "year", 7: "month", 10: "day"}.get(len(value))
        out.append(Timex(m.start, m.end, md.text[m.start : m.end], m.attrs.get("type", "DATE"), value, precision))
    return out


def _words(s: str) -> set[str]:
    return {w for w in re.findall(r"[\w.'-]+", s.lower()) if w not in STOPWORDS}


def role_matches(a: Analysis, role: Role | None, gold: Mention, text: str) -> bool:
    """Our role names the gold participant: an entity mention overlaps it, or they share a content word."""
    if role is None:
        return False
    ent = next((e for e in a.entities if e.id == role.entity), None) if role.entity else None
    if ent is not None and any(m.start < gold.end and gold.start < m.end for m in ent.mentions):
        return True
    return bool(_words(role.name) & _words(text[gold.start : gold.end]))


@dataclass
class MeantimeReport:
    """Figures over a MEANTIME folder."""

    documents: int = 0
    triggers: PRF = field(default_factory=PRF)
    lexical_recall: Ratio = field(default_factory=Ratio)
    actor: Ratio = field(default_factory=Ratio)
    target: Ratio = field(default_factory=Ratio)
    date: Ratio = field(default_factory=Ratio)
    date_oracle: Ratio = field(default_factory=Ratio)
    dated: Ratio = field(default_factory=Ratio)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "triggers": self.triggers.to_dict(),
            "recall_on_lexicon_predicates": self.lexical_recall.to_dict(),
            "actor_vs_Arg0": self.actor.to_dict(),
            "target_vs_Arg1": self.target.to_dict(),
            "date_vs_anchor": self.date.to_dict(),
            "date_vs_anchor_with_gold_timexes": self.date_oracle.to_dict(),
            "share_of_anchored_matches_dated": self.dated.to_dict(),
        }


def _match(events: list[Event], gold: list[Mention]) -> list[tuple[Event, Mention]]:
    pairs = []
    for e in events:
        g = next((m for m in gold if m.start < e.trigger.end and e.trigger.start < m.end), None)
        if g is not None:
            pairs.append((e, g))
    return pairs


def _anchor_value(md: MeantimeDoc, g: Mention) -> str | None:
    tx = md.timexes.get(md.anchors.get(g.m_id, ""))
    value = tx.attrs.get("value", "") if tx else ""
    return value if DATE_VALUE.match(value) else None


def score_doc(md: MeantimeDoc, pipeline: Pipeline, report: MeantimeReport) -> None:
    """Add one document's figures to the report."""
    published = date.fromisoformat(md.dct[:10]) if md.dct and DATE_VALUE.match(md.dct) and len(md.dct) >= 10 else None
    document = Document(id=md.name, text=md.text, published=published)
    doc = pipeline.nlp(md.text)
    a = pipeline.run_stages(document, doc)
    report.documents += 1
    # MEANTIME annotates the title and first sentences only: predictions after the last annotated event
    # mention are not counted as false alarms
    extent = max((m.end for m in md.events), default=0)
    events = [e for e in a.events if e.trigger.start < extent]
    pairs = _match(events, md.events)
    report.triggers.n_pred += len(events)
    report.triggers.tp_pred += len(pairs)
    report.triggers.n_gold += len(md.events)
    report.triggers.tp_gold += len({g.m_id for _, g in pairs})
    lex = load_lexicon()
    matched = {g.m_id for _, g in pairs}
    for g in md.events:
        pred = g.attrs.get("pred", "").lower()
        if lex.rules(pred, "VERB" if g.attrs.get("pos") == "VERB" else "NOUN"):
            report.lexical_recall.hit(g.m_id in matched)
    for e, g in pairs:
        roles = md.participants.get(g.m_id, {})
        if "Arg0" in roles and roles["Arg0"] in md.entities:
            report.actor.hit(role_matches(a, e.actor, md.entities[roles["Arg0"]], md.text))
        if "Arg1" in roles and roles["Arg1"] in md.entities:
            report.target.hit(role_matches(a, e.target, md.entities[roles["Arg1"]], md.text))
        gold_value = _anchor_value(md, g)
        if gold_value:
            report.date.hit(bool(e.when) and e.when.value == gold_value)  # type: ignore[union-attr]
            report.dated.hit(e.when is not None)
    # the same documents with MEANTIME's own timexes: isolates the events stage's date attachment
    a.timexes = gold_timexes(md)
    oracle = extract_events(Context(document=document, doc=doc, analysis=a))
    for e, g in _match(oracle, md.events):
        gold_value = _anchor_value(md, g)
        if gold_value:
            report.date_oracle.hit(bool(e.when) and e.when.value == gold_value)  # type: ignore[union-attr]


def evaluate_dir(directory: Path, pipeline: Pipeline | None = None) -> MeantimeReport:
    """Score every CAT XML file under a MEANTIME folder (both corpora when given the root)."""
    files = sorted(directory.rglob("*.xml"))
    if not files:
        raise InputError(str(directory), "no CAT XML files found; pass e.g. ../shared/data/meantime")
    pipeline = pipeline or Pipeline()
    report = MeantimeReport()
    for path in files:
        score_doc(read_cat(path), pipeline, report)
    return report
