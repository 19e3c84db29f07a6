# Developer entry points. `make test` is the README's test command: it sets everything up and runs the suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: install services services-stop lint test test-unit sim demo-export run up

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -U pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

services: install
	scripts/services start

services-stop:
	scripts/services stop

lint: install
	$(BIN)/ruff check .

# Integration tests find the services through the URLs `scripts/services env` prints.
test: services
	eval "$$(scripts/services env)" && $(BIN)/pytest $(PYTEST_ARGS)

test-unit: install
	$(BIN)/pytest tests/unit $(PYTEST_ARGS)

# The Jira simulator alone, for trying the product's Jira side by hand.
sim: install
	$(BIN)/jiraex-jira-sim --host 127.0.0.1 --port 8081 --mode cloud --issues 500 --seed 1 \
		--email demo@example.com --token demo-token

# The product: `jiraex serve` (API, worker, scheduler, notifier in one process, data in ./data) with the Jira
# simulator beside it and a ready "Demo Jira" connection; prints the URL and the login. Ctrl-C stops both.
run: install
	scripts/run

# The README's run command: export 500 simulated issues in every format into ./demo-export (+ demo-export.zip).
demo-export: install
	scripts/demo-export demo-export

# The distributed fleet as local processes (deploy/Procfile under honcho) against the local services.
up: install
	scripts/fleet-up
