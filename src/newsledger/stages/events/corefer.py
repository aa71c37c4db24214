"""One event per real event: a learned pairwise model decides whether a later mention ("the attack", a recap
in paragraph 5) is the same event as an earlier one; the earlier record keeps every mention's offsets."""

from __future__ import annotations

from newsledger.document import Role
from newsledger.stages.events.features import DocView
from newsledger.stages.events.merge import Candidate, absorb
from newsledger.stages.events.model import SparseNet

DEFAULT_THRESHOLD = 0.5
# Mentions further apart than this many sentences are not compared (bounds the pairs of a long article).
MAX_SENTENCES = 40


def _det(v: DocView, i: int) -> str:
    for c in v.children[i]:
        if v.dep[c] in ("det", "poss"):
            return v.lower[c] if v.dep[c] == "det" else "poss"
    return "-"


def _bucket(n: int) -> str:
    return str(n) if n <= 2 else "3-5" if n <= 5 else "6-10" if n <= 10 else "far"


def _same(a: Role | None, b: Role | None) -> str:
    if a is None or b is None:
        return "unk"
    if a.entity and b.entity:
        return "same" if a.entity == b.entity else "diff"
    return "same" if a.name.lower() == b.name.lower() else "diff"


def pair_features(v: DocView, a: Candidate, b: Candidate) -> list[str]:
    """Features of an earlier mention ``a`` and a later mention ``b`` of the same type."""
    ia, ib = a.tok.i, b.tok.i
    la, lb = v.lemma[ia], v.lemma[ib]
    sd = v.sent_no[ib] - v.sent_no[ia]
    wa = a.when.value if a.when else None
    wb = b.when.value if b.when else None
    date = "unk" if not wa or not wb else "same" if wa.startswith(wb) or wb.startswith(wa) else "diff"
    return [f"type={a.type}", f"lem={la == lb}", f"lb={lb}", f"pair={la}|{lb}", f"pa={v.pos[ia]}", f"pb={v.pos[ib]}",
            f"detb={_det(v, ib)}", f"deta={_det(v, ia)}", f"sd={_bucket(sd)}", f"para_a={min(v.para_no[ia], 2)}",
            f"pd={_bucket(v.para_no[ib] - v.para_no[ia])}", f"actor={_same(a.roles.actor, b.roles.actor)}",
            f"target={_same(a.roles.target, b.roles.target)}", f"where={_same(a.roles.where, b.roles.where)}",
            f"date={date}", f"mood={a.modality == b.modality}", f"quote={v.in_quote[ia]}|{v.in_quote[ib]}",
            f"lem_type={la == lb}|{a.type}", f"actor_lem={_same(a.roles.actor, b.roles.actor)}|{la == lb}",
            f"db={v.dep[ib]}", f"pb_det={v.pos[ib]}|{_det(v, ib)}"]


def pairs(v: DocView, cands: list[Candidate]) -> list[tuple[int, int, list[str]]]:
    """(earlier index, later index, features) of every same-type pair of candidates close enough to compare."""
    out = []
    for j, b in enumerate(cands):
        for k in range(j):
            a = cands[k]
            if a.type == b.type and v.sent_no[b.tok.i] - v.sent_no[a.tok.i] <= MAX_SENTENCES:
                out.append((k, j, pair_features(v, a, b)))
    return out


def corefer(v: DocView, cands: list[Candidate], model: SparseNet) -> list[Candidate]:
    """Fold each mention into the earlier record it most probably repeats (when above the threshold)."""
    cands = sorted(cands, key=lambda c: c.start)
    found = pairs(v, cands)
    if not found:
        return cands
    probs = model.scores([f for _, _, f in found])[:, model.class_index.get("1", 1)]
    thr = float(model.meta.get("threshold", DEFAULT_THRESHOLD))  # type: ignore[arg-type]
    best: dict[int, tuple[float, int]] = {}
    for (k, j, _), p in zip(found, probs, strict=True):
        if p >= thr and p > best.get(j, (0.0, -1))[0]:
            best[j] = (float(p), k)
    root = list(range(len(cands)))

    def find(i: int) -> int:
        while root[i] != i:
            i = root[i]
        return i

    for j in sorted(best):
        root[j] = find(best[j][1])
    kept: dict[int, Candidate] = {}
    for i, c in enumerate(cands):
        r = find(i)
        kept[r] = c if r not in kept else absorb(kept[r], c)
    return sorted(kept.values(), key=lambda c: c.start)
