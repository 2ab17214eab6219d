# The two commands of the README, and a few conveniences. Every target sets itself up first
# (scripts/setup.sh is a fast no-op when nothing changed), so each works on a fresh clone.
#   make site    set up, validate sources/ and build the site into site/
#   make test    set up (with a headless Chromium) and run the whole test suite
#   make serve   preview with live reload on http://127.0.0.1:8000
#   make lint    the pre-commit checks, run from .venv (no network needed)

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
VENV := .venv
BIN := $(VENV)/bin
# Two workers: the suite runs in about half the time on the 2-core machines CI uses.
PYTEST_ARGS ?= -n 2
# The set-up step every target runs first (tests replace it with `true`).
SETUP ?= scripts/setup.sh

.PHONY: setup setup-browser site test serve validate lint help

help:
	@sed -n '2,6p' Makefile

setup:
	@$(SETUP)

setup-browser:
	@$(SETUP) --browser

site: setup
	$(BIN)/briefing build

validate: setup
	$(BIN)/briefing validate

serve: setup
	$(BIN)/briefing serve

# pytest exits 5 when it collected no test: that is a failure here, never a silent pass.
test: setup-browser
	@status=0; $(BIN)/python -m pytest $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; \
	exit $$status

lint: setup
	$(BIN)/briefing validate
	$(BIN)/check-jsonschema --schemafile schema/event.schema.json sources/events/*.yaml
	for list in actors operations places glossary reviews; do \
	  $(BIN)/check-jsonschema --schemafile schema/$$list.schema.json sources/$$list.yaml; done
	$(BIN)/yamllint --strict -c .yamllint.yaml sources/ .github/ mkdocs.yml .pre-commit-config.yaml
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(BIN)/zizmor --offline --persona=auditor --min-severity=medium .github/workflows
	$(BIN)/ruff check builder/
