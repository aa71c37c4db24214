"""Train the framing tagger on the PTC train split (held-aside articles excluded) and write the shipped model.

Usage: python training/framing.py [--ptc ../shared/data/ptc] [--out src/newsledger/stages/framing/models/framing-ptc.npz]
       [--cache /tmp/ptc-views.pkl]

Steps, per technique: parse every non-held-out PTC article once with the project's spaCy model; label each
token with whether a gold span of the technique covers it; build the learned lexicons (smoothed in-span rate
of each form, lemma and bigram) out-of-fold, so that a token's features never include its own label; fit a
small ensemble of numpy MLPs (Adam, fixed seeds); pick the span thresholds (hi, lo) on a development fifth
of the training articles (crc32(id) % 5 == 1); then rebuild lexicons and refit on all training articles.
A technique ships when its development span precision and F1 are useful. About 10 CPU minutes.
"""

from __future__ import annotations

import argparse
import time
import zlib
from pathlib import Path

from common import PACKAGE, ROOT
from common.framing_fit import (
    DEV_RESIDUE,
    MIN_F1,
    MIN_PRECISION,
    SEEDS,
    TECHNIQUES,
    choose_thresholds,
    fit_technique,
    parse,
)
from newsledger.stages.framing.model import Tagger, TaggerModel


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ptc", type=Path, default=ROOT.parent / "shared" / "data" / "ptc")
    ap.add_argument("--out", type=Path, default=PACKAGE / "stages" / "framing" / "models" / "framing-ptc.npz")
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the parsed articles, reused when present")
    ap.add_argument("--technique", action="append", dest="techniques", help=f"train only these (default: {TECHNIQUES})")
    ap.add_argument("--dev-only", action="store_true", help="report development figures only, write nothing")
    args = ap.parse_args()
    techniques = args.techniques or TECHNIQUES
    t0 = time.process_time()
    items = parse(args.ptc, args.cache)
    print(f"parsed {len(items)} training articles, {sum(len(x[3]) for x in items):,} tokens ({time.process_time() - t0:.0f}s CPU)")
    is_dev = [zlib.crc32(x[0].encode()) % 5 == DEV_RESIDUE for x in items]
    fit_items = [x for x, d in zip(items, is_dev, strict=True) if not d]
    dev_items = [x for x, d in zip(items, is_dev, strict=True) if d]
    shipped = []
    for tech in techniques:
        hi, lo, prf = choose_thresholds(fit_technique(fit_items, tech), dev_items)
        ok = prf.precision >= MIN_PRECISION and prf.f1 >= MIN_F1
        print(f"  {tech:24s} dev ({len(dev_items)} articles) hi={hi} lo={lo} P={prf.precision:.3f} R={prf.recall:.3f} "
              f"F1={prf.f1:.3f} pred={prf.p_den} gold={prf.r_den} {'ship' if ok else 'drop'} ({time.process_time() - t0:.0f}s CPU)", flush=True)
        if ok and not args.dev_only:
            tm = fit_technique(items, tech)
            tm.hi, tm.lo, tm.dev = hi, lo, prf.to_dict()
            shipped.append(tm)
    if args.dev_only:
        return
    model = TaggerModel(
        models=shipped,
        meta={"trained_on": "PTC train articles with crc32(id) % 5 != 0", "articles": len(items), "seeds": list(SEEDS)},
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(str(args.out))
    Tagger(TaggerModel.from_bytes(args.out.read_bytes()))  # check it loads
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB) in {time.process_time() - t0:.0f}s CPU")


if __name__ == "__main__":
    main()
