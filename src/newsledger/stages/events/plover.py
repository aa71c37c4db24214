"""Our event types as POLECAT codes them today: the current PLOVER category and its mode (lexicons/polecat_modes.tsv)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newsledger.errors import NewsledgerError
from newsledger.stages.events.lexicon import EVENT_TYPES

# The 16 categories of the current PLOVER / POLECAT coding.
POLECAT_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                           "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})


class PloverMapError(NewsledgerError):
    """polecat_modes.tsv is malformed."""


@dataclass(frozen=True)
class PloverMap:
    """Type -> (category, default mode), and (type -> ordered (mode, words)) rules."""

    types: dict[str, tuple[str | None, str | None]]
    modes: dict[str, list[tuple[str, frozenset[str]]]]

    def code(self, etype: str, words: set[str]) -> tuple[str | None, str | None]:
        """(category, mode) of an event of our type whose trigger phrase and modifiers hold these lemmas."""
        plover, mode = self.types.get(etype, (None, None))
        for m, ws in self.modes.get(etype, []):
            if ws & words:
                return plover, m
        return plover, mode


@lru_cache(maxsize=1)
def plover_map() -> PloverMap:
    """Read and check lexicons/polecat_modes.tsv once per process."""
    text = resources.files("newsledger.stages.events").joinpath("lexicons", "polecat_modes.tsv").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    types: dict[str, tuple[str | None, str | None]] = {}
    modes: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for n, row in enumerate(csv.DictReader(lines, delimiter="\t"), start=2):
        etype, plover = (row.get("type") or "").strip(), (row.get("plover") or "").strip()
        mode, words = (row.get("mode") or "").strip(), (row.get("words") or "").strip()
        if etype not in EVENT_TYPES or (plover and plover not in POLECAT_TYPES):
            raise PloverMapError(f"polecat_modes.tsv row {n} ({row}): unknown type or category; fix the row")
        if words:
            if not mode:
                raise PloverMapError(f"polecat_modes.tsv row {n}: words need a mode")
            modes.setdefault(etype, []).append((mode, frozenset(w.strip() for w in words.split(",") if w.strip())))
        else:
            types[etype] = (plover or None, mode or None)
    missing = EVENT_TYPES - set(types)
    if missing:
        raise PloverMapError(f"polecat_modes.tsv has no type row for {', '.join(sorted(missing))}")
    return PloverMap(types, modes)
