"""Imports every built-in stage module so that each registers itself."""

from newsledger.clean import stage as _clean  # noqa: F401
from newsledger.nlp import entities as _entities  # noqa: F401
from newsledger.nlp import events as _events  # noqa: F401
from newsledger.nlp import framing as _framing  # noqa: F401
from newsledger.nlp import quotes as _quotes  # noqa: F401
from newsledger.nlp import timexes as _timexes  # noqa: F401
