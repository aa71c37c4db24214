"""Worker processes die with their parent: a killed run must not leave workers analysing for nobody.

``tie_to_parent`` (called first thing in every worker) asks Linux to send the worker SIGKILL when its
parent dies (``prctl(PR_SET_PDEATHSIG)`` through ctypes), and starts a watchdog thread that exits the
worker as soon as its parent process id changes (the fallback on other systems, and for the window
before prctl took effect).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
# Seconds between two looks at the parent (the watchdog costs nothing in between).
WATCH_INTERVAL = 1.0


def _pdeathsig() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int, interval: float) -> None:
    while True:
        time.sleep(interval)
        if os.getppid() != parent:
            os._exit(1)


def tie_to_parent(parent: int | None = None, interval: float = WATCH_INTERVAL, deathsig: bool = True) -> bool:
    """Make this process exit when ``parent`` (default: its current parent) dies; True when prctl took.

    Without ``deathsig`` only the watchdog watches: Linux sends the death signal when the *thread* that
    started the process ends, so a process started from a pool thread that may retire must not ask for it."""
    parent = parent if parent is not None else os.getppid()
    armed = _pdeathsig() if deathsig else False
    if os.getppid() != parent:  # the parent died before we were armed
        os._exit(1)
    threading.Thread(target=_watch, args=(parent, interval), daemon=True, name="newsledger-lifeline").start()
    return armed
