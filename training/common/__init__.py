"""Helpers of the training commands (training/<model>.py); importing it puts this checkout's src/ first on sys.path."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "newsledger"  # where the commands write the shipped model files
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))
