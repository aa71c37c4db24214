"""Entities: spaCy NER grouped into one record per entity (a first version; see the entities issue)."""

from __future__ import annotations

from newsledger.document import Entity, Mention
from newsledger.nlp.registry import Context, register

# spaCy labels kept as entities of the ledger; numbers, dates and money are handled elsewhere.
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "LAW", "EVENT"}


@register("entities", key="entities", requires=("clean",))
def extract_entities(ctx: Context) -> list[Entity]:
    """Group spaCy entity spans by their text, skipping removed passages."""
    groups: dict[tuple[str, str], Entity] = {}
    for ent in ctx.doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        start, end = ent.start_char, ent.end_char
        if ctx.removed_at(start, end):
            continue
        key = (ent.label_, ent.text.lower())
        if key not in groups:
            groups[key] = Entity(id=f"E{len(groups) + 1}", name=ent.text, type=ent.label_)
        groups[key].mentions.append(Mention(start=start, end=end, text=ctx.text[start:end]))
    return list(groups.values())
