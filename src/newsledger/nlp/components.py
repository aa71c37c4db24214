"""Compatibility alias: the spaCy factories moved to ``newsledger.runtime.components`` (importing either registers them)."""

from newsledger.runtime.components import Context, StagesComponent, make_newsledger, make_stage

__all__ = ["Context", "StagesComponent", "make_newsledger", "make_stage"]
