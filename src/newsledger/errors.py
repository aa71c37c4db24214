"""The small exception hierarchy of newsledger; every message says what to do."""

from __future__ import annotations

from newsledger.sanitize import clean_text, one_line


class NewsledgerError(Exception):
    """Base class of every error newsledger raises on purpose."""


class ModelNotFoundError(NewsledgerError):
    """No usable spaCy model is installed."""


class InputError(NewsledgerError):
    """One input document could not be read (the batch goes on); the message is capped to one short line."""

    def __init__(self, source: str, message: str) -> None:
        source, message = clean_text(str(source)), one_line(message)
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        return (InputError, (self.source, self.message))


class StageFailure(NewsledgerError):
    """A pipeline stage failed on one document."""


class LedgerError(NewsledgerError):
    """The ledger database cannot be opened or migrated."""


class OptionalDependencyError(NewsledgerError):
    """An opt-in feature needs a package that is not installed."""
