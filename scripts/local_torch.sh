#!/bin/sh
# Exit 0 when torch==2.13.0 resolves to a wheel on this machine's disk (pip's find-links: /opt/wheels from
# pip.conf, or $PIP_FIND_LINKS), without downloading anything. `make test` installs the ml extra (and so runs
# the --accurate tests) only then: elsewhere pip would fetch a multi-GB CUDA build of torch.
# Usage: sh scripts/local_torch.sh [python]
py="${1:-python3}"
"$py" -m pip install --dry-run --ignore-installed --no-deps --no-index --quiet --report - "torch==2.13.0" 2>/dev/null \
  | grep -q '"url": "file://'
