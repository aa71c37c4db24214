"""Features of the learned factuality (modality) model: asserted, reported, planned, hypothetical, negated, denied.

The model reads what governs the trigger (its auxiliaries and negation, the verbs above it up to the clause
and the reporting verb: "*plans to* impose", "*did not* meet", "*denied* that ... attacked"), conditional
and future markers, the claim found by the attribution rules, whether the event's own date lies after the
publication date, and the hand-written rule's verdict (``context.modality``) as one more feature.
"""

from __future__ import annotations

from datetime import date

from newsledger.stages.events.features import DocView

MODALITIES = ("asserted", "reported", "planned", "hypothetical", "negated", "denied")
HAPPENED = frozenset({"asserted", "reported"})
GOVERNOR_DEPTH = 4
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
    start = v.sent_start[trig]
    for i in range(start, trig):
        if v.lower[i] in SENTENCE_CUES:
            f.append(f"sw={v.lower[i]}")
    if when_value and published is not None and len(when_value) >= 4 and when_value[:4].isdigit():
        iso = published.isoformat()[: len(when_value)]
        f.append("date=future" if when_value > iso else "date=same" if when_value == iso else "date=past")
    return f


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
