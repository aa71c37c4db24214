"""The gold evaluation's scores: per field P/R/F1 and accuracies, per document and in total, and their table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.table import Table

from newsledger.evaluate.matching import PRF, Ratio

FIELDS = ("removed", "timexes", "entities", "quotes", "events", "framing")


@dataclass
class FieldScore:
    """P/R/F1 of one field plus accuracies on matched items."""

    prf: PRF = field(default_factory=PRF)
    acc: dict[str, Ratio] = field(default_factory=dict)
    sub: dict[str, PRF] = field(default_factory=dict)  # further P/R/F1 views (e.g. type-agnostic events)
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    def ratio(self, name: str) -> Ratio:
        return self.acc.setdefault(name, Ratio())

    def add(self, other: FieldScore) -> None:
        self.prf.add(other.prf)
        for k, r in other.acc.items():
            self.ratio(k).add(r)
        for k, p in other.sub.items():
            self.sub.setdefault(k, PRF()).add(p)
        self.misses += other.misses
        self.false_alarms += other.false_alarms

    def to_dict(self, details: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = self.prf.to_dict()
        for k, r in sorted(self.acc.items()):
            out[k] = r.to_dict()
        for k, p in sorted(self.sub.items()):
            out[k] = p.to_dict()
        if details:
            out["misses"] = self.misses
            out["false_alarms"] = self.false_alarms
        return out


@dataclass
class Report:
    """Scores per document and over all documents."""

    documents: dict[str, dict[str, FieldScore]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def total(self) -> dict[str, FieldScore]:
        tot = {f: FieldScore() for f in FIELDS}
        for scores in self.documents.values():
            for f in FIELDS:
                tot[f].add(scores[f])
        return tot

    def to_dict(self, details: bool = False) -> dict[str, Any]:
        return {
            "total": {f: s.to_dict(details) for f, s in self.total().items()},
            "documents": {d: {f: s.to_dict(details) for f, s in sc.items()} for d, sc in self.documents.items()},
            "errors": self.errors,
        }


def print_report(report: Report, console: Console, details: bool = False) -> None:
    """Print the total figures per field (and the misses when asked)."""
    table = Table(title=f"newsledger eval gold: {len(report.documents)} document(s)")
    for col in ("field", "P", "R", "F1", "gold", "pred", "accuracies on matches"):
        table.add_column(col)
    for name, fs in report.total().items():
        accs = ", ".join(f"{k} {r.value:.2f} ({r.ok}/{r.n})" for k, r in sorted(fs.acc.items()))
        accs += "".join(f"; {k} P {p.precision:.3f} R {p.recall:.3f} F1 {p.f1:.3f}" for k, p in sorted(fs.sub.items()))
        table.add_row(name, f"{fs.prf.precision:.3f}", f"{fs.prf.recall:.3f}", f"{fs.prf.f1:.3f}",
                      str(fs.prf.n_gold), str(fs.prf.n_pred), accs)
    console.print(table)
    if details:
        for doc, scores in report.documents.items():
            console.rule(doc)
            for name, fs in scores.items():
                for m in fs.misses:
                    console.print(f"  [red]miss[/red] {name}: {m}", markup=True, highlight=False)
                for m in fs.false_alarms:
                    console.print(f"  [yellow]false alarm[/yellow] {name}: {m}", markup=True, highlight=False)
    for e in report.errors:
        console.print(f"[red]error[/red] {e}")
