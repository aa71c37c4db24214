"""newsledger: a ledger of what happened in the news and who says so, with offsets into the source."""

from newsledger.document import SCHEMA_VERSION, Analysis, Document
from newsledger.pipeline import Pipeline, analyze
from newsledger.version import __version__

__all__ = ["SCHEMA_VERSION", "Analysis", "Document", "Pipeline", "analyze", "__version__"]
