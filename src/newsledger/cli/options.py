"""Option checks shared by commands."""

from __future__ import annotations

import typer

from newsledger.errors import OptionalDependencyError


def needs_ml(value: bool) -> bool:
    """Callback of --accurate: without the ml extra the command stops at once, naming the install command."""
    if value:
        from newsledger.runtime.minilm import require

        try:
            require()
        except OptionalDependencyError as exc:
            raise typer.BadParameter(str(exc)) from None
    return value
