"""Optional extras of the install (Parquet, Dask): what each needs, and the one-line error naming its install."""

from __future__ import annotations

import importlib.util

from newsledger.errors import OptionalDependencyError

# extra -> the modules it provides (pyproject.toml [project.optional-dependencies]).
EXTRAS = {
    "parquet": ("pyarrow", "fsspec"),
    "dask": ("dask", "distributed", "pyarrow", "fsspec"),
}


def install_command(extra: str) -> str:
    """The pip command that installs ``extra``."""
    return f"pip install 'newsledger[{extra}]'  (in a checkout: pip install -e '.[{extra}]')"


def missing(extra: str) -> list[str]:
    """The modules of ``extra`` that are not importable."""
    return [m for m in EXTRAS[extra] if importlib.util.find_spec(m) is None]


def require(extra: str, feature: str) -> None:
    """Raise OptionalDependencyError (one line, with the install command) when ``extra`` is not installed."""
    absent = missing(extra)
    if absent:
        raise OptionalDependencyError(
            f"{feature} needs the {extra} extra ({', '.join(absent)} not installed): {install_command(extra)}")
