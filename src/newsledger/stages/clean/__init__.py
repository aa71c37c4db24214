"""The clean stage: mark boilerplate, off-topic splices and near-duplicates (the text is never cut)."""
