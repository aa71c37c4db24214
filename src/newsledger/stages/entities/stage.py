"""The ``entities`` stage: one record per real entity with all its mentions, plus a lookup API for later stages.

Flow: ``mentions.collect`` (spaCy NER corrected by the gazetteer and junk filters) -> ``aliases.group``
(surnames, acronyms, country aliases, organisation variants) -> ``coref.Coref`` (titles, nominals,
pronouns) -> ``Entity`` records with ids "E1", "E2", ... in order of first mention.

API for other stages (see docs/entities.md):
- ``entity_at(analysis_or_ctx, start, end) -> Entity | None``: the entity owning the mention that
  overlaps [start, end) most (ties: the shorter mention, so [start, end) of "DPRK" inside "The DPRK
  leader" gives North Korea while the whole phrase gives Kim Jong Un).
- ``resolve_pronoun(ctx, token_or_span) -> Entity | None``: the entity a pronoun was joined to.
- ``entity_by_id(analysis_or_ctx, eid) -> Entity | None``.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from newsledger.document import Analysis, Entity, Mention
from newsledger.registry import Context, register
from newsledger.stages.entities.aliases import Cluster, group
from newsledger.stages.entities.coref import Coref
from newsledger.stages.entities.extents import descriptors, place_pairs, with_article
from newsledger.stages.entities.gazetteer import gazetteer
from newsledger.stages.entities.mentions import ENTITY_LABELS, collect, junk_zones
from newsledger.stages.entities.nominals import Nominals, shipped_nominals

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["ENTITY_LABELS", "entity_at", "entity_by_id", "extract_entities", "resolve_pronoun"]

_CACHE_INDEX = "entities.index"
_CACHE_PRONOUNS = "entities.pronouns"  # token index -> entity id


def prepare(ctx: Context, link_nominals: Callable[[Coref], None] | None = None) -> Coref:
    """Every step of the stage before pronouns: mentions, clusters, titles and nominals (training reads this;
    ``link_nominals`` replaces the learned description ranker there)."""
    gz = gazetteer()
    zones = junk_zones(ctx, gz)

    def allowed(start: int, end: int) -> bool:
        return not ctx.removed_at(start, end) and not any(a < end and start < b for a, b in zones)

    cands = collect(ctx)
    g = group(ctx.doc, cands, gz, allowed)
    coref = Coref(g, gz, allowed)
    coref.titles()
    coref.leader_groups()
    if link_nominals is not None:
        link_nominals(coref)
    else:
        model = shipped_nominals()
        if model is not None:
            Nominals(coref).link(model)
        else:
            coref.nominals()
    coref.org_nominals()
    coref.compass()
    descriptors(coref)
    place_pairs(coref)
    return coref


@register("entities", key="entities", requires=("clean",))
def extract_entities(ctx: Context) -> list[Entity]:
    """Entities of the document with their mentions (name, alias, acronym, title, demonym, pronoun)."""
    coref = prepare(ctx)
    coref.pronouns()
    g = coref.g
    entities = _records([cl for cl in g.clusters if cl.mentions and _is_entity(cl)], ctx)
    ids = {id(cl): e.id for cl, e in entities}
    ctx.cache[_CACHE_PRONOUNS] = {i: ids[id(cl)] for i, cl in coref.pronoun_links.items() if id(cl) in ids}
    ctx.cache.pop(_CACHE_INDEX, None)
    return [e for _, e in entities]


def _is_entity(cl: Cluster) -> bool:
    """A cluster made only of pronouns or titles is not an entity; neither is a bare NORP group."""
    return any(m.kind in ("name", "alias", "acronym", "demonym") for m in cl.mentions)


def _canonical(cl: Cluster) -> str:
    if cl.place_name:
        return cl.place_name
    names = [m for m in cl.names() if m.kind != "acronym"] or cl.names()
    if not names:
        return cl.mentions[0].text
    if cl.full_name and all(len(cl.full_name.split()) >= len(m.text.split()) for m in names):
        return cl.full_name

    def rank(m: Any) -> tuple[int, int, int, int]:
        words = m.text.split()
        caps = sum(1 for w in words if w[:1].isupper())
        return (len(words), caps, int(m.kind == "name"), -m.start)

    return max(names, key=rank).text


def _records(clusters: list[Cluster], ctx: Context) -> list[tuple[Cluster, Entity]]:
    clusters.sort(key=lambda cl: cl.first())
    doc = ctx.doc
    out = []
    for n, cl in enumerate(clusters, start=1):
        seen: set[tuple[int, int]] = set()
        mentions = []
        for m in sorted(cl.mentions, key=lambda m: (m.start, m.end)):
            starts = [m.start]
            if cl.type != "PERSON" and m.kind in ("name", "acronym", "alias") and with_article(doc, m.tok_start, m.tok_end, m.text):
                starts.insert(0, doc[m.tok_start - 1].idx)  # "the EU" as well: the noun phrase of a short name
            for start in starts:
                if (start, m.end) not in seen:
                    seen.add((start, m.end))
                    mentions.append(Mention(start=start, end=m.end, text=ctx.text[start : m.end], kind=m.kind))
        name = _canonical(cl)
        aliases = sorted({m.text for m in cl.mentions if m.kind in ("name", "alias", "acronym") and m.text != name
                          and "," not in m.text})
        country = cl.country() if cl.type != "PERSON" or cl.title_country else None
        out.append((cl, Entity(id=f"E{n}", name=name, type=cl.type, mentions=mentions, aliases=aliases,
                               country=country)))
    return out


def _entities(source: Analysis | Context) -> list[Entity]:
    return source.analysis.entities if isinstance(source, Context) else source.entities


def _index(source: Analysis | Context) -> tuple[list[int], list[tuple[int, int, Entity]]]:
    """Mentions sorted by start (cached on a Context)."""
    if isinstance(source, Context) and _CACHE_INDEX in source.cache:
        return source.cache[_CACHE_INDEX]  # type: ignore[no-any-return]
    rows = sorted((m.start, m.end, e) for e in _entities(source) for m in e.mentions)
    index = ([r[0] for r in rows], rows)
    if isinstance(source, Context):
        source.cache[_CACHE_INDEX] = index
    return index


def entity_at(source: Analysis | Context, start: int, end: int) -> Entity | None:
    """The entity owning the smallest mention that overlaps [start, end), or None."""
    starts, rows = _index(source)
    best: tuple[int, int, Entity] | None = None
    best_rank = (0, 0)
    hi = bisect.bisect_left(starts, end)
    for k in range(hi - 1, -1, -1):
        s, e, ent = rows[k]
        if start - s > _MAX_MENTION_CHARS:
            break
        overlap = min(e, end) - max(s, start)
        rank = (overlap, -(e - s))
        if overlap > 0 and (best is None or rank > best_rank):
            best, best_rank = (s, e, ent), rank
    return best[2] if best else None


# Mentions longer than this are not looked for further back by ``entity_at`` (long names are ~60 chars).
_MAX_MENTION_CHARS = 200


def entity_by_id(source: Analysis | Context, eid: str) -> Entity | None:
    """The entity with id ``eid``."""
    return next((e for e in _entities(source) if e.id == eid), None)


def resolve_pronoun(ctx: Context, token_or_span: Token | Span) -> Entity | None:
    """The entity a pronoun token (or a one-token span) was joined to by the entities stage, or None."""
    i = token_or_span.i if hasattr(token_or_span, "i") else token_or_span.start
    eid = ctx.cache.get(_CACHE_PRONOUNS, {}).get(i)
    return entity_by_id(ctx, eid) if eid else None
