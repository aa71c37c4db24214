"""Parquet and Dask are extras: without them the commands that need them stop with one line naming the install."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.errors import OptionalDependencyError
from newsledger.extras import EXTRAS, install_command, missing, require
from tests.articles import write_jsonl

_find_spec = importlib.util.find_spec


def _hide(monkeypatch: pytest.MonkeyPatch, *modules: str) -> None:
    """Make ``modules`` look uninstalled to the extras check."""

    def fake(name: str, *args: Any, **kwargs: Any) -> Any:
        return None if name in modules else _find_spec(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", fake)


@pytest.mark.parametrize(("extra", "hidden", "feature"), [
    ("parquet", "pyarrow", "Parquet export"),
    ("dask", "distributed", "--dask"),
    ("dask", "pyarrow", "--dask"),
])
def test_require_names_the_extra_and_its_install(monkeypatch: pytest.MonkeyPatch, extra: str, hidden: str,
                                                  feature: str) -> None:
    _hide(monkeypatch, hidden)
    assert missing(extra) == [hidden]
    with pytest.raises(OptionalDependencyError) as info:
        require(extra, feature)
    message = str(info.value)
    assert message.startswith(feature) and f"newsledger[{extra}]" in message and "\n" not in message


@pytest.mark.parametrize("extra", sorted(EXTRAS))
def test_require_passes_where_the_extra_is_installed(extra: str) -> None:
    if missing(extra):
        pytest.skip(f"the {extra} extra is not installed here")
    require(extra, "anything")
    assert install_command(extra).startswith(f"pip install 'newsledger[{extra}]'")


def _one_line_error(result: Any, extra: str) -> None:
    assert result.exit_code == 2, result.output
    assert f"newsledger[{extra}]" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_export_parquet_without_pyarrow(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _hide(monkeypatch, "pyarrow")
    out = tmp_path / "events.parquet"
    result = CliRunner().invoke(app, ["export", "--what", "events", "--format", "parquet", "--out", str(out),
                                      "--db", str(tmp_path / "none.sqlite")])
    _one_line_error(result, "parquet")
    assert not out.exists()


def test_ingest_without_pyarrow(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _hide(monkeypatch, "pyarrow")
    folder = tmp_path / "parts"
    folder.mkdir()
    _one_line_error(CliRunner().invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "l.sqlite")]), "parquet")


def test_analyze_dask_without_dask(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _hide(monkeypatch, "dask", "distributed")
    corpus = write_jsonl(tmp_path / "c.jsonl", 0, 2)
    result = CliRunner().invoke(app, ["analyze", str(corpus), "--dask", "local", "-o", str(tmp_path / "parts"),
                                      "--model", "blank:en", "--stages", "none", "--no-progress"])
    _one_line_error(result, "dask")
