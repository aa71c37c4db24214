"""The public imports keep working after the package layout changed (README, docs/architecture.md)."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import spacy

import newsledger


def test_top_level_names() -> None:
    from newsledger import Analysis, Document, Pipeline, analyze
    from newsledger.document import Analysis as DocumentAnalysis
    from newsledger.pipeline import Pipeline as PipelinePipeline

    assert Analysis is DocumentAnalysis and Pipeline is PipelinePipeline
    assert Document.__module__ == "newsledger.document"
    assert callable(analyze) and newsledger.analyze is analyze
    assert newsledger.__version__


def test_readers() -> None:
    from newsledger.ingest import read_paths
    from newsledger.ingest.dispatch import read_paths as dispatch_read_paths

    assert read_paths is dispatch_read_paths


def test_spacy_factories_old_and_new_path() -> None:
    old = importlib.import_module("newsledger.nlp.components")
    new = importlib.import_module("newsledger.runtime.components")
    for name in ("StagesComponent", "make_newsledger", "make_stage", "Context"):
        assert getattr(old, name) is getattr(new, name)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("newsledger_stage", config={"stage": "clean"})
    assert "newsledger_stage" in nlp.pipe_names
    assert nlp("A short text.")._.newsledger.removed == []


def test_registry_and_built_in_stages() -> None:
    from newsledger.pipeline import Pipeline  # noqa: F401  (imports the built-in stages)
    from newsledger.registry import Context, registered

    assert list(registered()) == ["clean", "entities", "events", "framing", "geo", "quotes", "timexes"]
    assert Context.__module__ == "newsledger.registry"


def test_importing_the_package_does_not_load_readers_the_ledger_or_the_web() -> None:
    code = ("import sys, newsledger; "
            "print(sorted(m for m in sys.modules if m.startswith(('newsledger.ingest', 'newsledger.ledger', 'newsledger.web'))))")
    env = {**os.environ, "PYTHONPATH": str(Path(newsledger.__file__).parents[1])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    assert out.strip() == "[]"
