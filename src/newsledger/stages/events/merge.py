"""Merging repeated mentions of one event: the candidate record and when two mentions are one event."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsledger.document import Event, Role, When
from newsledger.stages.events.context import Claim
from newsledger.stages.events.roles import Roles

if TYPE_CHECKING:
    from spacy.tokens import Token

# Date sources ranked when two mentions of one event merge: an event's own date beats an attributed one.
# The merged event keeps the trigger of the mention naming most participants (the earliest on a tie).
WHEN_RANK = {"clause": 3, "attribution": 2, "publication": 1}
ASSERTIVE = frozenset({"asserted", "reported"})


@dataclass
class Candidate:
    """An event mention before merging."""

    tok: Token
    start: int
    end: int
    type: str
    roles: Roles
    when: When | None
    claim: Claim | None
    modality: str
    sent: int
    derived: bool = False  # a statement read as an act (critical quote, accusation)
    score: float = 1.0  # the trigger model's confidence that this is an event
    mentions: list[tuple[int, int]] = field(default_factory=list)  # later mentions folded into this one

    def richness(self) -> int:
        """How many participants the mention names itself (dates and claims are merged from any mention)."""
        r = self.roles
        return sum(x is not None for x in (r.actor, r.target, r.where))


def summary(e: Event) -> str:
    """'actor – TYPE – target – place – date' (missing parts shown as '?', no date as 'undated')."""
    parts = [e.actor.name if e.actor else "?", e.type, e.target.name if e.target else "?",
             e.where.name if e.where else "?", e.when.value if e.when else "undated"]
    return " – ".join(parts)


def same_name(a: str, b: str) -> bool:
    """Equal names, or one the final words of the other ('Gerasimov', 'Valery Gerasimov')."""
    wa, wb = a.lower().split(), b.lower().split()
    short, long_ = sorted((wa, wb), key=len)
    return bool(short) and long_[len(long_) - len(short):] == short


def _same(a: Role, b: Role) -> bool:
    return bool(a.entity and a.entity == b.entity) or same_name(a.name, b.name)


def _compatible(a: Role | None, b: Role | None) -> bool:
    return a is None or b is None or _same(a, b)


def _shared(a: Role | None, b: Role | None) -> bool:
    return a is not None and b is not None and _same(a, b)


def _place_compatible(a: Role | None, b: Role | None) -> bool:
    """Places: 'the capital' and 'Pyongyang' do not conflict unless both are resolved entities."""
    return a is None or b is None or not (a.entity and b.entity) or _same(a, b)


def _place_shared(a: Role | None, b: Role | None) -> bool:
    """'the Kursk region' and 'the Kursk border area' share their proper name."""
    if a is None or b is None:
        return False
    proper = [{w for w in r.name.split() if w[:1].isupper() and w.lower() != "the"} for r in (a, b)]
    return _same(a, b) or bool(proper[0] & proper[1])


def _claims_same(a: Claim | None, b: Claim | None) -> bool:
    return a is not None and b is not None and (bool(a.entity and a.entity == b.entity) or same_name(a.name, b.name))


def _claims_compatible(a: Claim | None, b: Claim | None) -> bool:
    """Claims by two different sources stay two ledger entries."""
    return a is None or b is None or _claims_same(a, b)


def mergeable(a: Candidate, b: Candidate) -> bool:
    """Two mentions of one event: same type, compatible roles, dates and modality, and something shared."""
    if a.type != b.type or not (_compatible(a.roles.actor, b.roles.actor) and _compatible(a.roles.target, b.roles.target)
                                and _place_compatible(a.roles.where, b.roles.where)):
        return False
    same_word = a.tok.lemma_ == b.tok.lemma_ and _shared(a.roles.actor, b.roles.actor)
    if not (_claims_compatible(a.claim, b.claim) or _place_shared(a.roles.where, b.roles.where) or same_word):
        return False  # two sources' claims stay two entries, unless they name the same place or act
    verbs = a.tok.pos_ == b.tok.pos_ == "VERB" and a.tok.lemma_ != b.tok.lemma_ and not (a.derived or b.derived)
    if a.sent != b.sent and verbs and a.modality != "planned":
        return False  # "Kim praised ... Kim sent ...": two verbs in two sentences are two events
    if a.when and b.when and not (a.when.value.startswith(b.when.value) or b.when.value.startswith(a.when.value)):
        return False
    if a.modality != b.modality and not {a.modality, b.modality} <= ASSERTIVE:
        return False
    return (a.sent == b.sent or _shared(a.roles.actor, b.roles.actor) or _shared(a.roles.target, b.roles.target)
            or _place_shared(a.roles.where, b.roles.where) or _claims_same(a.claim, b.claim))


def absorb(keep: Candidate, other: Candidate) -> Candidate:
    """Fold a mention into the record: the first mention keeps the trigger (the codebook's "first, clearest
    mention"), roles missing there come from the other, and the other's offsets join ``mentions``."""
    if other.start < keep.start:
        keep, other = other, keep
    keep.mentions = sorted({*keep.mentions, (other.start, other.end), *other.mentions})
    keep.score = max(keep.score, other.score)
    same_source = keep.claim is None or other.claim is None or _claims_same(keep.claim, other.claim)
    for slot in ("actor", "target", "where"):
        # another source's version of who acted is not this claim's actor
        if getattr(keep.roles, slot) is None and (same_source or slot != "actor"):
            setattr(keep.roles, slot, getattr(other.roles, slot))
    keep.when = max((w for w in (keep.when, other.when) if w is not None), default=None,
                    key=lambda w: (WHEN_RANK.get(w.source, 0), len(w.value)))
    return keep  # the claim stays the kept mention's own: a narrator's assertion does not become a quote


def merge(cands: list[Candidate]) -> list[Candidate]:
    """Fold repeated mentions of one event into its most informative mention."""
    out: list[Candidate] = []
    for c in cands:
        for k, kept in enumerate(out):
            if mergeable(kept, c):
                out[k] = absorb(kept, c)
                break
        else:
            out.append(c)
    return sorted(out, key=lambda c: c.start)
