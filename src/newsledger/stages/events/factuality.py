"""Features of the learned factuality (modality) model: asserted, reported, planned, hypothetical, negated, denied.

The model reads what governs the trigger (its auxiliaries and negation, the verbs above it up to the clause
and the reporting verb: "*plans to* impose", "*did not* meet", "*denied* that ... attacked"), conditional
and future markers, the claim found by the attribution rules, whether the event's own date lies after the
publication date, and the hand-written rule's verdict (``context.modality``) as one more feature.
"""

from __future__ import annotations

from datetime import date

from newsledger.stages.events.features import DocView
from newsledger.stages.events.lexicon import Lexicon

MODALITIES = ("asserted", "reported", "planned", "hypothetical", "negated", "denied")
HAPPENED = frozenset({"asserted", "reported"})
GOVERNOR_DEPTH = 4
# Clauses nested in the trigger's clause (their cues are not the trigger's), and the cue lists read in it.
NESTED = frozenset({"ccomp", "advcl", "relcl", "acl", "csubj", "parataxis"})
CUE_LISTS = ("hypothetical_modals", "future_modals", "plan_verbs", "plan_modifiers", "hypothetical_governors",
             "hypothetical_marks", "denial_verbs", "reporting_verbs", "depiction_words")
NEGATIVE_DETS = frozenset({"no", "none", "neither"})
# Verbs whose complement clause is an event the subject says did not happen.
DENIAL_HEADS = frozenset({"deny", "refute"})
# Words anywhere before the trigger in its sentence that often shift factuality.
SENTENCE_CUES = frozenset({"if", "unless", "whether", "would", "could", "might", "may", "will", "should", "not", "never",
                           "no", "deny", "denied", "plan", "plans", "planned", "proposal", "proposed", "considering",
                           "possible", "potential", "threat", "threatened", "warned", "allegedly", "reportedly",
                           "accused", "alleged", "video", "film", "footage", "simulation", "scenario", "game"})


def modality_features(v: DocView, trig: int, etype: str, rule: str, claim_kind: str | None, denied: bool,
                      when_value: str | None, published: date | None) -> list[str]:
    """Features of one event trigger for the factuality model."""
    f = [f"rule={rule}", f"type={etype}", f"l={v.lemma[trig]}", f"t={v.tag[trig]}", f"p={v.pos[trig]}",
         f"d={v.dep[trig]}", f"claim={claim_kind}", f"denyv={denied}", f"quote={v.in_quote[trig]}|{v.in_marks[trig]}",
         f"rule_claim={rule}|{claim_kind}"]
    for c in v.children[trig]:
        if v.dep[c] in ("aux", "auxpass", "neg", "mark", "det", "amod", "advmod", "prt"):
            f.append(f"c={v.dep[c]}|{v.lemma[c]}")
    t = trig
    for k in range(GOVERNOR_DEPTH):
        h = v.head[t]
        if h == t:
            break
        f += [f"g{k}={v.lemma[h]}|{v.dep[t]}", f"gl={v.lemma[h]}", f"gt{k}={v.tag[h]}"]
        for c in v.children[h]:
            if v.dep[c] in ("aux", "neg", "mark") and c != t:
                f.append(f"gc={v.dep[c]}|{v.lemma[c]}")
        t = h
    f += scope_features(v, trig)
    f += clause_features(v, trig)
    start = v.sent_start[trig]
    for i in range(start, trig):
        if v.lower[i] in SENTENCE_CUES:
            f.append(f"sw={v.lower[i]}")
    if when_value and published is not None and len(when_value) >= 4 and when_value[:4].isdigit():
        iso = published.isoformat()[: len(when_value)]
        f.append("date=future" if when_value > iso else "date=same" if when_value == iso else "date=past")
    return f


def clause_head(v: DocView, trig: int) -> int:
    """The verb heading the trigger's clause: the trigger or the nearest verb above it (at most four hops)."""
    t = trig
    for _ in range(GOVERNOR_DEPTH):
        if v.pos[t] in ("VERB", "AUX") or v.head[t] == t:
            return t
        t = v.head[t]
    return t


def clause_features(v: DocView, trig: int) -> list[str]:
    """Cue classes of the lexicon (modals, plan verbs and modifiers, hypothetical governors and marks, denial
    and reporting verbs, depiction words) anywhere in the trigger's clause, before or after the trigger, and
    their words: the clause is the subtree of its verb, without the clauses nested in it."""
    head = clause_head(v, trig)
    cues = cue_index(v.lex)
    out: set[str] = set()
    stack = [head]
    while stack:
        i = stack.pop()
        for c in v.children[i]:
            if v.dep[c] not in NESTED or c == trig or _above(v, c, trig):
                stack.append(c)
        names = cues.get(v.lower[i], ()) + cues.get(v.lemma[i], ())
        if names:
            side = "self" if i == trig else "before" if i < trig else "after"
            out.update(f for name in names for f in (f"cc={name}|{side}", f"cw={v.lemma[i]}|{name}"))
    return sorted(out)


_CUE_INDEX: list[tuple[Lexicon, dict[str, tuple[str, ...]]]] = []


def cue_index(lex: Lexicon) -> dict[str, tuple[str, ...]]:
    """Word -> the names of the cue lists (``CUE_LISTS``) that hold it (built once per lexicon)."""
    if _CUE_INDEX and _CUE_INDEX[0][0] is lex:
        return _CUE_INDEX[0][1]
    out: dict[str, tuple[str, ...]] = {}
    for name in CUE_LISTS:
        for w in lex.cue(name):
            out[w] = (*out.get(w, ()), name)
    _CUE_INDEX[:] = [(lex, out)]
    return out


def _above(v: DocView, i: int, j: int) -> bool:
    """Token i dominates token j (j's head chain reaches i within the sentence)."""
    for _ in range(12):
        if j == i:
            return True
        if v.head[j] == j:
            return False
        j = v.head[j]
    return False


def _negated(v: DocView, i: int) -> bool:
    return any(v.dep[c] == "neg" or (v.dep[c] == "det" and v.lower[c] in NEGATIVE_DETS) for c in v.children[i])


def scope_features(v: DocView, trig: int) -> list[str]:
    """Where a negation or denial sits relative to the trigger: on it ("did not meet"), on the verb whose
    object it is ("did not sign the agreement"), on its subject ("no shots were fired"), or a denial verb
    above it ("denied that ... attacked")."""
    out = []
    if _negated(v, trig):
        out.append("neg=self")
    h = v.head[trig]
    if h != trig and v.dep[trig] in ("dobj", "nsubjpass", "attr", "pobj", "xcomp") and _negated(v, h):
        out.append("neg=host")
    if any(v.dep[c] in ("nsubj", "nsubjpass") and _negated(v, c) for c in v.children[trig]):
        out.append("neg=subject")
    t = trig
    for _ in range(GOVERNOR_DEPTH):
        h = v.head[t]
        if h == t:
            break
        if v.lemma[h] in v.lex.cue("denial_verbs") and v.dep[t] in ("ccomp", "dobj", "xcomp"):
            out.append(f"deny_gov={v.dep[t]}")
            break
        t = h
    return out


def denied_by_governor(v: DocView, trig: int) -> bool:
    """The trigger sits in the complement clause of a denial verb ("denied that its troops shelled ...")."""
    t = trig
    for _ in range(GOVERNOR_DEPTH):
        h = v.head[t]
        if h == t:
            return False
        if v.dep[t] == "ccomp" and v.lemma[h] in DENIAL_HEADS:
            return True
        if v.dep[t] not in ("ccomp", "conj", "xcomp", "advcl"):
            return False
        t = h
    return False
