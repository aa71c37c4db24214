"""The entities stage: name mentions, aliases, coreference and the entity gazetteer."""
