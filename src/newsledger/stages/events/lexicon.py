"""Load the events stage's data files: PLOVER triggers and cue words (lexicons/), and countries (newsledger.geo)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from newsledger.errors import NewsledgerError
from newsledger.geo.countries import Country, event_countries

# The PLOVER categories (Halterman et al., PLOVER codebook) plus STATEMENT for notable public statements.
EVENT_TYPES = frozenset(
    ["AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "INVESTIGATE", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT", "FIGHT", "CRIME", "STATEMENT"]
)
TRIGGER_POS = frozenset({"VERB", "NOUN"})
# Coarse spaCy tags a rescued trigger (rescued_triggers.tsv) may carry: the trigger model's candidate tags.
RESCUE_POS = frozenset({"VERB", "NOUN", "PROPN", "ADJ"})


class LexiconError(NewsledgerError):
    """A lexicon file of the events stage is malformed."""


@dataclass(frozen=True)
class TriggerRule:
    """One row of plover_triggers.tsv."""

    lemma: str
    pos: str
    type: str
    needs: frozenset[str] = frozenset()
    to_type: str | None = None
    notes: str = ""
    avoid: frozenset[str] = frozenset()  # "!word" in needs: the rule does not apply near these words
    direct: frozenset[str] = frozenset()  # "=word" in needs: a direct dependent ("called for", "called on")


@dataclass(frozen=True)
class Phrase:
    """A multi-word trigger: lemmas in order, with small gaps allowed."""

    lemmas: tuple[str, ...]
    type: str
    needs: frozenset[str] = frozenset()


@dataclass
class Lexicon:
    """Everything the events stage reads from its data files."""

    triggers: dict[tuple[str, str], list[TriggerRule]]
    phrases: list[Phrase]
    phrase_max_gap: int
    cues: dict[str, frozenset[str]]
    sectors: dict[str, str]  # noun lemma -> sector
    from_role: dict[str, str]
    countries: dict[str, Country]  # lower-case name/demonym -> country
    extra: dict[str, Any] = field(default_factory=dict)
    rescued: dict[tuple[str, str], str] = field(default_factory=dict)  # (lemma, spaCy POS) -> type, see parse_rescued

    def rules(self, lemma: str, pos: str) -> list[TriggerRule]:
        """Trigger rules for a lemma with a coarse POS (VERB or NOUN)."""
        return self.triggers.get((lemma, pos), [])

    def cue(self, name: str) -> frozenset[str]:
        """A named cue list of event_cues.json."""
        return self.cues.get(name, frozenset())

    def country_by_iso3(self, iso3: str) -> Country | None:
        """The country with an ISO 3166 alpha-3 code, if listed."""
        return next((c for c in self.countries.values() if c.iso3 == iso3), None)

    def country(self, name: str) -> Country | None:
        """The country a name, alias or demonym refers to."""
        key = name.lower().strip()
        if key.startswith("the "):
            key = key[4:]
        return self.countries.get(key)


def _read(name: str) -> str:
    return resources.files("newsledger.stages.events").joinpath("lexicons", name).read_text(encoding="utf-8")


def _rows(name: str) -> list[dict[str, str]]:
    lines = [ln for ln in _read(name).splitlines() if ln.strip() and not ln.startswith("#")]
    return [dict(r) for r in csv.DictReader(lines, delimiter="\t")]


def _split(value: str | None) -> frozenset[str]:
    return frozenset(x.strip().lower() for x in (value or "").split(",") if x.strip())


def parse_triggers(rows: list[dict[str, str]]) -> dict[tuple[str, str], list[TriggerRule]]:
    """Validate and index trigger rows by (lemma, pos)."""
    out: dict[tuple[str, str], list[TriggerRule]] = {}
    for n, row in enumerate(rows, start=2):
        lemma, pos, typ = (row.get(k, "").strip() for k in ("lemma", "pos", "type"))
        to_type = (row.get("to_type") or "").strip() or None
        if not lemma or pos not in TRIGGER_POS or typ not in EVENT_TYPES or (to_type and to_type not in EVENT_TYPES):
            raise LexiconError(
                f"plover_triggers.tsv row {n} ({row}): need a lemma, pos VERB|NOUN and a known type; fix the row"
            )
        words = _split(row.get("needs"))
        needs = frozenset(w for w in words if w[0] not in "!=")
        avoid = frozenset(w[1:] for w in words if w.startswith("!"))
        direct = frozenset(w[1:] for w in words if w.startswith("="))
        rule = TriggerRule(lemma.lower(), pos, typ, needs, to_type, (row.get("notes") or "").strip(), avoid, direct)
        out.setdefault((rule.lemma, pos), []).append(rule)
    return out


def parse_rescued(rows: list[dict[str, str]]) -> dict[tuple[str, str], str]:
    """Validate and index rescued_triggers.tsv rows by (lemma, spaCy coarse POS)."""
    out: dict[tuple[str, str], str] = {}
    for n, row in enumerate(rows, start=2):
        lemma, pos, typ = ((row.get(k) or "").strip() for k in ("lemma", "pos", "type"))
        if not lemma or pos not in RESCUE_POS or typ not in EVENT_TYPES:
            raise LexiconError(
                f"rescued_triggers.tsv row {n} ({row}): need a lemma, pos VERB|NOUN|PROPN|ADJ and a known type; fix the row"
            )
        out[(lemma.lower(), pos)] = typ
    return out


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read and check the data files once per process."""
    triggers = parse_triggers(_rows("plover_triggers.tsv"))
    raw = json.loads(_read("event_cues.json"))
    phrases = []
    for p in raw.get("phrases", []):
        if p.get("type") not in EVENT_TYPES or not p.get("lemmas"):
            raise LexiconError(f"event_cues.json phrase {p}: need lemmas and a known type; fix the entry")
        phrases.append(Phrase(tuple(x.lower() for x in p["lemmas"]), p["type"], frozenset(p.get("needs", []))))
    cues = {k: frozenset(x.lower() for x in v) for k, v in raw.items() if isinstance(v, list) and k != "phrases"}
    sectors = {noun: sector for sector, nouns in raw.get("sector_nouns", {}).items() for noun in nouns}
    return Lexicon(
        triggers=triggers,
        phrases=phrases,
        phrase_max_gap=int(raw.get("phrase_max_gap", 2)),
        cues=cues,
        sectors=sectors,
        from_role=dict(raw.get("from_role", {})),
        countries=event_countries(),
        rescued=parse_rescued(_rows("rescued_triggers.tsv")),
    )
