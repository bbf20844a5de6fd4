# WalletCare — two commands for a new user: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test bench lint translations sysdeps clean

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q -c constraints.txt -e .
	$(PY) -m walletcare.i18n_build
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install -q -c constraints.txt -e '.[test]'
	touch $@

run: $(VENV)/.installed
	@PYTHON=$(PY) sh tools/sysdeps.sh run
	$(PY) -m walletcare gui

translations: $(VENV)/.installed
	$(PY) -m walletcare.i18n_build

sysdeps: $(VENV)/.installed
	@PYTHON=$(PY) sh tools/sysdeps.sh test

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check walletcare tests benchmarks tools

test: $(VENV)/.installed-test sysdeps translations lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

bench: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) build *.egg-info benchmarks/results/latest.json
