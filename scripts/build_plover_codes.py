"""Build ledger/lexicons/plover_codes.tsv: export codes of each PLOVER type and mode, from the PLOVER sources.

Reads (in place, never copied) ``../shared/data/plover``:

* ``CAMEO2PLOVER-2021.txt`` read backwards: for each PLOVER type, the CAMEO root (the two-digit code whose
  line maps to the type; the most common root of its codes when several do) and, for each type and mode,
  the most general CAMEO code that maps to it (fewest digits, then lowest);
* ``PLOVER_MANUAL.tex``: the quad category of each type (its "Quad category" subsection) and the numeric
  conflict/cooperation scores (section "Numeric conflict/cooperation scores", the table in force; a mode
  without a score of its own takes its type's).

Writes one row per type and mode: TYPE, mode ("" for the type itself), CAMEO root, CAMEO code, QuadClass
(1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict), quad name, score.

Run after updating the PLOVER files:  python scripts/build_plover_codes.py ../shared/data/plover
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/newsledger/ledger/lexicons/plover_codes.tsv"
QUADS = {"VERBAL COOPERATION": 1, "MATERIAL COOPERATION": 2, "VERBAL CONFLICT": 3, "MATERIAL CONFLICT": 4}
# The manual's table prints ACCUSE as "3" while every ACCUSE mode is negative (-2 to -3.5) and the type is
# VERBAL CONFLICT: a lost minus sign, read as -3 (documented in docs/ledgerweb.md).
SIGN_FIXES = {("ACCUSE", ""): -3.0}


def cameo(path: Path) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """(type -> CAMEO root, (type, mode) -> most general CAMEO code)."""
    roots: dict[str, Counter[str]] = defaultdict(Counter)
    codes: dict[tuple[str, str], list[str]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,\s*([^,#]*))?", line)
        if not m:
            continue
        code, ptype, mode = m.group(1), m.group(2), (m.group(3) or "").strip().lower()
        if len(code) == 2:
            roots[ptype][code] += 100  # the root's own line names its type
        roots[ptype][code[:2]] += 1
        codes[(ptype, mode)].append(code)
        codes[(ptype, "")].append(code)
    best = {k: sorted(v, key=lambda c: (len(c), c))[0] for k, v in codes.items()}
    return {t: c.most_common(1)[0][0] for t, c in roots.items()}, best


def manual(path: Path) -> tuple[dict[str, str], dict[tuple[str, str], float]]:
    """(type -> quad name, (type, mode) -> score)."""
    tex = path.read_text(encoding="utf-8")
    quads, section = {}, None
    for line in tex.splitlines():
        s = re.match(r"\\section\{([A-Z]+)\}", line)
        if s:
            section = s.group(1)
        q = re.search(r"Quad category:\s*([A-Z ]+)\}", line)
        if q and section:
            quads[section] = q.group(1).strip()
    start = tex.index("\\section{Numeric conflict/cooperation scores}")
    block = tex[start : tex.index("\\chapter", start)]
    scores: dict[tuple[str, str], float] = {}
    for line in block.splitlines():
        if line.lstrip().startswith("%") or "&" not in line:
            continue
        cells = [re.sub(r"\\cellcolor\{[^}]*\}|\\\\|\\hline", "", c).strip() for c in line.split("&")]
        for name, value in zip(cells[::2], cells[1::2], strict=False):
            if not re.match(r"^[A-Z]+(:\s*[\w-]+)?$", name) or not re.match(r"^-?\d+(\.\d+)?$", value):
                continue
            ptype, _, mode = name.partition(":")
            scores[(ptype.strip(), mode.strip().lower())] = float(value)
    scores.update(SIGN_FIXES)
    return quads, scores


def main(folder: Path) -> None:
    roots, codes = cameo(folder / "CAMEO2PLOVER-2021.txt")
    quads, scores = manual(folder / "PLOVER_MANUAL.tex")
    keys = sorted(set(codes) | set(scores))
    rows = []
    for ptype, mode in keys:
        if ptype not in quads:
            continue
        score = scores.get((ptype, mode), scores.get((ptype, "")))
        quad = quads[ptype]
        rows.append("\t".join([ptype, mode, roots.get(ptype, ""), codes.get((ptype, mode), codes.get((ptype, ""), "")),
                               str(QUADS[quad]), quad.lower(), "" if score is None else f"{score:g}"]))
    header = ("# PLOVER type and mode -> CAMEO root and code (CAMEO2PLOVER-2021 read backwards), QuadClass and quad name\n"
              "# (manual's quad categories), conflict/cooperation score (manual's numeric scores). Built by\n"
              "# scripts/build_plover_codes.py from ../shared/data/plover; do not edit by hand.\n"
              "# TYPE<TAB>mode<TAB>cameo_root<TAB>cameo_code<TAB>quad_class<TAB>quad<TAB>score\n")
    OUT.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} rows -> {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/plover"))
