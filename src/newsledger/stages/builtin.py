"""The built-in stages: importing this module registers them (in this order) with ``newsledger.registry``."""

from newsledger.stages.clean import stage as _clean  # noqa: F401
from newsledger.stages.entities import stage as _entities  # noqa: F401
from newsledger.stages.events import stage as _events  # noqa: F401
from newsledger.stages.framing import stage as _framing  # noqa: F401
from newsledger.stages.geo import stage as _geo  # noqa: F401
from newsledger.stages.quotes import stage as _quotes  # noqa: F401
from newsledger.stages.timexes import stage as _timexes  # noqa: F401
