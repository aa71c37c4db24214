"""Readers: one module per input format behind a dispatch table."""

from newsledger.ingest.dispatch import READERS, ReadFailure, read_paths

__all__ = ["READERS", "ReadFailure", "read_paths"]
