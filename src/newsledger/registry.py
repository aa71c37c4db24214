"""The stage registry: stages register by name and run in dependency order."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsledger.document import Analysis, Document

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass
class Context:
    """What a stage reads: the document, its one spaCy parse, and the records of earlier stages."""

    document: Document
    doc: Doc
    analysis: Analysis
    cache: dict[str, Any] = field(default_factory=dict)  # shared per-document scratch (e.g. pronoun links)
    accurate: bool = False  # opt-in slower modes (MiniLM; docs/minilm.md) for the stages that have one
    _removed_starts: list[int] | None = None

    @property
    def text(self) -> str:
        return self.document.text

    def _index(self) -> list[int]:
        if self._removed_starts is None:
            self.analysis.removed.sort(key=lambda r: r.start)
            self._removed_starts = [r.start for r in self.analysis.removed]
        return self._removed_starts

    def removed_at(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps a span marked as not the article."""
        starts = self._index()
        i = bisect.bisect_right(starts, end - 1) - 1
        # removed spans do not overlap each other, so looking back a few is enough
        for j in range(max(0, i - 2), min(len(starts), i + 1)):
            r = self.analysis.removed[j]
            if r.start < end and start < r.end:
                return True
        return False

    def reset_removed_index(self) -> None:
        """Call after changing ``analysis.removed``."""
        self._removed_starts = None


StageFunc = Callable[[Context], list[Any]]


@dataclass(frozen=True)
class Stage:
    """A named stage: a pure function of the context that returns the records for one contract key."""

    name: str
    key: str
    func: StageFunc
    requires: tuple[str, ...] = ()
    # Token annotations the stage reads (see runtime/model.py ANNOTATION_COMPONENTS); None = all of them.
    needs: frozenset[str] | None = None


_REGISTRY: dict[str, Stage] = {}
# Annotations read by built-in stages that do not pass ``needs=`` themselves (kept next to the registry so
# that the speed-up does not depend on editing each stage module); a stage's own ``needs=`` wins.
DECLARED_NEEDS: dict[str, frozenset[str]] = {}


def register(
    name: str, key: str, requires: Iterable[str] = (), needs: Iterable[str] | None = None
) -> Callable[[StageFunc], StageFunc]:
    """Decorator: register ``func`` as the stage ``name`` filling ``analysis.<key>``.

    ``needs`` lists the token annotations the stage reads from ``ctx.doc`` ("tokens", "sents", "tag", "pos",
    "morph", "lemma", "dep", "ents"); the pipeline runs only the spaCy components that some stage needs.
    Leave it out (None) and every component runs.
    """

    def deco(func: StageFunc) -> StageFunc:
        declared = frozenset(needs) if needs is not None else DECLARED_NEEDS.get(name)
        _REGISTRY[name] = Stage(name=name, key=key, func=func, requires=tuple(requires), needs=declared)
        return func

    return deco


def registered() -> dict[str, Stage]:
    """All registered stages by name (the built-in ones once ``newsledger.stages.builtin`` is imported)."""
    return dict(_REGISTRY)


def ordered(names: Iterable[str] | None = None) -> list[Stage]:
    """The stages (all, or the named ones plus what they require) in dependency order."""
    reg = registered()
    wanted = list(names) if names is not None else list(reg)
    out: list[Stage] = []
    seen: set[str] = set()

    def visit(n: str, path: tuple[str, ...]) -> None:
        if n in seen:
            return
        if n in path:
            raise ValueError(f"stage dependency cycle: {' -> '.join(path + (n,))}")
        if n not in reg:
            raise KeyError(f"unknown stage {n!r}; known stages: {', '.join(sorted(reg))}")
        for dep in reg[n].requires:
            visit(dep, path + (n,))
        seen.add(n)
        out.append(reg[n])

    for n in wanted:
        visit(n, ())
    return out
