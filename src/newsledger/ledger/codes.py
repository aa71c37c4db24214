"""Export codes: current PLOVER type and mode, CAMEO root/code, QuadClass, conflict/cooperation score, ACLED types.

* ``plover(type, trigger)``: the events stage's types follow the earlier PLOVER list (ANNOTATION.md); the
  current manual folds some of them into others: INVESTIGATE -> ACCUSE (mode investigate), DISAPPROVE ->
  ACCUSE (disapprove), DEMAND -> REQUEST, FIGHT -> ASSAULT; CRIME and STATEMENT have no PLOVER type. A
  record's own ``plover`` / ``plover_mode`` fields win when the events stage gives them.
* ``plover_codes.tsv`` (built by ``scripts/build_plover_codes.py`` from ``../shared/data/plover``): CAMEO root
  and code (CAMEO2PLOVER read backwards), QuadClass and the manual's numeric score, per type and mode.
* ``acled_type``: the documented PLOVER -> ACLED mapping (``ACLED_TYPES`` below; blank where none exists).
* ``acled_inter``: ACLED's actor codes from the actor's sector.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# Earlier PLOVER types of the events stage -> (current type, mode).
LEGACY = {"INVESTIGATE": ("ACCUSE", "investigate"), "DISAPPROVE": ("ACCUSE", "disapprove"), "DEMAND": ("REQUEST", ""),
          "FIGHT": ("ASSAULT", ""), "CRIME": ("", ""), "STATEMENT": ("", "")}
# Modes read off the trigger when the record gives none (ASSAULT, PROTEST, COERCE: what ACLED distinguishes).
TRIGGER_MODES = [
    ("ASSAULT", r"air ?strike|airstrike|air raid|bombard|warplane|jets?\b", "aerial"),
    ("ASSAULT", r"drone", "drone"),
    ("ASSAULT", r"shell|artillery|missile|rocket|mortar", "heavy-weapons"),
    ("ASSAULT", r"suicide", "suicide-attack"),
    ("ASSAULT", r"bomb|blast|explos|ied\b|landmine", "explosives"),
    ("ASSAULT", r"kidnap|abduct|hostage", "abduct"),
    ("ASSAULT", r"rape|sexual", "sexual"),
    ("ASSAULT", r"shot|shoot|gunfire|gunm", "firearms"),
    ("ASSAULT", r"assassinat", "assassinate"),
    ("PROTEST", r"riot", "riot"),
    ("PROTEST", r"strike|walkout", "strike"),
    ("PROTEST", r"boycott", "boycott"),
    ("PROTEST", r"hunger", "hunger"),
    ("PROTEST", r"protest|demonstrat|rall|march|sit-in", "demo"),
    ("COERCE", r"arrest|detain|detention|custody|jail|imprison", "arrest"),
    ("COERCE", r"deport|expel", "deport"),
    ("COERCE", r"seiz|confiscat|loot", "seize"),
    ("COERCE", r"curfew", "curfew"),
    ("COERCE", r"censor|block", "censor"),
    ("COERCE", r"\bban", "ban"),
]
# (PLOVER type, mode) -> (ACLED event_type, sub_event_type); None as mode is the type's default. ACLED codes
# political violence, demonstrations and some strategic developments; the rest of PLOVER has no ACLED type.
ACLED_TYPES: dict[tuple[str, str | None], tuple[str, str]] = {
    ("ASSAULT", "aerial"): ("Explosions/Remote violence", "Air/drone strike"),
    ("ASSAULT", "drone"): ("Explosions/Remote violence", "Air/drone strike"),
    ("ASSAULT", "heavy-weapons"): ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("ASSAULT", "suicide-attack"): ("Explosions/Remote violence", "Suicide bomb"),
    ("ASSAULT", "explosives"): ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("ASSAULT", "abduct"): ("Violence against civilians", "Abduction/forced disappearance"),
    ("ASSAULT", "sexual"): ("Violence against civilians", "Sexual violence"),
    ("ASSAULT", "battle"): ("Battles", "Armed clash"),  # FIGHT, or armed actors on both sides
    ("ASSAULT", None): ("Violence against civilians", "Attack"),
    ("PROTEST", "riot"): ("Riots", "Violent demonstration"),
    ("PROTEST", None): ("Protests", "Peaceful protest"),
    ("COERCE", "arrest"): ("Strategic developments", "Arrests"),
    ("COERCE", "seize"): ("Strategic developments", "Looting/property destruction"),
    ("AGREE", None): ("Strategic developments", "Agreement"),
    ("MOBILIZE", None): ("Strategic developments", "Change to group/activity"),
}
ACLED_DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
                  "Violence against civilians": "Political violence", "Riots": "Political violence",
                  "Protests": "Demonstrations", "Strategic developments": "Strategic developments"}
# ACLED inter codes: 1 state forces, 2 rebel groups, 3 political militias, 4 identity militias, 5 rioters,
# 6 protesters, 7 civilians, 8 external/other forces; by the actor's sector (events stage) and name words.
ACLED_INTER = {"military": 1, "government": 1, "police": 1, "rebel": 2, "militia": 3, "rioter": 5, "protester": 6,
               "civilian": 7}
_INTER_WORDS = [(r"rebel|insurgen|jihad|taliban|hamas|hezbollah|isis|islamic state|al-qaeda", 2), (r"militia", 3),
                (r"rioter", 5), (r"protester|demonstrator|activist", 6), (r"civilian|resident|villager", 7),
                (r"army|military|troops|soldier|police|forces|government|ministry", 1)]
ARMED_INTER = {1, 2, 3, 4, 8}


@dataclass(frozen=True)
class PloverCode:
    """Export codes of one PLOVER type and mode."""

    cameo_root: str
    cameo_code: str
    quad_class: int
    quad: str
    score: float | None


@lru_cache(maxsize=1)
def table() -> dict[tuple[str, str], PloverCode]:
    """(type, mode) -> codes, from ledger/lexicons/plover_codes.tsv."""
    text = resources.files("newsledger.ledger").joinpath("lexicons/plover_codes.tsv").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        t, mode, root, code, quad_class, quad, score = (line.split("\t") + [""] * 7)[:7]
        out[(t, mode)] = PloverCode(root, code, int(quad_class), quad, float(score) if score else None)
    return out


def plover(etype: str, trigger: str = "", given: str | None = None, given_mode: str | None = None) -> tuple[str, str]:
    """(current PLOVER type, mode) of an event: the record's own fields, else mapped from its type and trigger."""
    if given:
        return given.upper(), (given_mode or "").lower()
    t, mode = LEGACY.get(etype.upper(), (etype.upper(), ""))
    if t and not mode:
        for typ, pattern, m in TRIGGER_MODES:
            if typ == t and re.search(pattern, trigger, re.IGNORECASE):
                mode = m
                break
    return t, mode


def codes(ptype: str, mode: str) -> PloverCode | None:
    """CAMEO and quad codes and the score of a type and mode (the type's when the mode has none)."""
    tab = table()
    return tab.get((ptype, mode)) or tab.get((ptype, ""))


def event_code(code: str) -> str:
    """A CAMEO EventCode of at least three digits (a root "18" is "180", its unspecified code)."""
    return code + "0" if len(code) == 2 else code


def acled_inter(sector: str | None, name: str | None) -> int | None:
    """ACLED's inter code of an actor (None when nothing tells)."""
    if sector and sector.lower() in ACLED_INTER:
        return ACLED_INTER[sector.lower()]
    for pattern, code in _INTER_WORDS:
        if name and re.search(pattern, name, re.IGNORECASE):
            return code
    return None


def acled_type(etype: str, ptype: str, mode: str, inter1: int | None, inter2: int | None) -> tuple[str, str, str]:
    """(disorder_type, event_type, sub_event_type) by the PLOVER -> ACLED mapping; blanks where none exists."""
    if etype.upper() == "FIGHT" or (ptype == "ASSAULT" and inter1 in ARMED_INTER and inter2 in ARMED_INTER and not mode):
        mode = "battle"
    pair = ACLED_TYPES.get((ptype, mode)) or ACLED_TYPES.get((ptype, None))
    if pair is None or (ptype == "COERCE" and mode not in ("arrest", "seize")):
        return "", "", ""
    return ACLED_DISORDER[pair[0]], pair[0], pair[1]
