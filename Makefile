# After the No: build the guide, test it, preview it.
#
#   make html    build the site into _build/html (warnings are errors)
#   make test    lint and run the tests
#   make serve   rebuild and reload in the browser as files change
#   make clean   remove the build output
#
# Each target first makes .venv and installs the project with the pinned versions in
# requirements/constraints.txt, once, and again whenever either file changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BUILD := _build
SPHINXOPTS ?=
SPHINX := $(BIN)/sphinx-build -n -W --keep-going -c . $(SPHINXOPTS)

.PHONY: html test lint serve clean venv lock bench

venv: $(STAMP)

$(STAMP): pyproject.toml requirements/constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--constraint requirements/constraints.txt --editable '.[test]'
	@touch $@

html: $(STAMP)
	$(SPHINX) -b html docs $(BUILD)/html

lint: $(STAMP)
	$(BIN)/ruff check src tests conf.py
	$(BIN)/ruff format --check src tests conf.py

test: lint
	$(BIN)/pytest

serve: $(STAMP)
	$(BIN)/sphinx-autobuild -c . --watch examples --watch snippets --watch src \
		docs $(BUILD)/serve

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
bench: $(STAMP)
	$(BIN)/python bench/run.py --write docs/contributing/performance.md
