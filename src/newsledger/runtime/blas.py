"""Keep numpy's OpenBLAS to one thread per process: our matrix products are small and we run one process per core.

numpy's bundled OpenBLAS starts one thread per core for every product above a small size, and its idle
threads spin while they wait for work. The framing tagger's hidden layer ((tokens x 96) @ (96 x 128)) is
such a product: measured on the shared 2-core machine, 5.6 ms of CPU (17.8 ms wall) per article with the
default threads against 0.28 ms (1.2 ms wall) with one thread. With two worker processes on two cores the
extra threads also steal the other worker's core. So every process that loads the model limits OpenBLAS to
one thread, unless the user chose a thread count through the usual environment variables.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from pathlib import Path

log = logging.getLogger(__name__)

# Environment variables through which a user picks the thread count; when one is set we leave it alone.
THREAD_ENV = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
# Setter names exported by OpenBLAS builds: numpy's wheels ship "scipy_openblas" with a 64 suffix.
_SETTERS = ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads", "openblas_set_num_threads64_",
            "openblas_set_num_threads")


def _loaded_openblas() -> list[str]:
    """Paths of the OpenBLAS libraries mapped into this process (Linux: /proc/self/maps)."""
    maps = Path("/proc/self/maps")
    if not maps.exists():
        return []
    paths = {line.split()[-1] for line in maps.read_text().splitlines() if "openblas" in line.lower()}
    return sorted(p for p in paths if p.startswith("/"))


def limit_blas_threads(threads: int = 1) -> bool:
    """Set OpenBLAS to ``threads`` threads in this process; False when the user chose or nothing was found."""
    if any(os.environ.get(name) for name in THREAD_ENV):
        return False
    for name in THREAD_ENV:  # processes started from here (spawned workers) start with the same limit
        os.environ[name] = str(threads)
    if "numpy" not in sys.modules:
        return True  # the variables take effect when numpy loads
    done = False
    for path in _loaded_openblas():
        try:
            lib = ctypes.CDLL(path)
        except OSError:  # pragma: no cover - depends on the platform
            continue
        for setter in _SETTERS:
            if hasattr(lib, setter):
                getattr(lib, setter)(ctypes.c_int(threads))
                done = True
                break
    if not done:
        log.debug("no OpenBLAS thread setter found; BLAS threads left as they are")
    return done
