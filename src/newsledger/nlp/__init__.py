"""Compatibility package: ``newsledger.nlp.components`` re-exports the spaCy factories of ``newsledger.runtime``."""
