# Leisure Lab Limburg — `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000
INSTALLED := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install setup run test lint format bench lock clean cluster cluster-stop cluster-test cluster-bench

help: ## Show this help
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-13s %s\n", $$1, $$2}'

$(INSTALLED): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
		echo "This project needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; \
		echo "Install a newer Python, or run: make PYTHON=python3.12 run"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

install: $(INSTALLED) ## Create .venv and install the locked dependencies

setup: install ## Install, migrate and load the demo content
	@mkdir -p var
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) load_demo_content

run: setup ## Set up and serve the site at http://127.0.0.1:$(PORT)
	PORT=$(PORT) $(MANAGE) ensure_local_admin
	PORT=$(PORT) $(MANAGE) runserver 127.0.0.1:$(PORT)

test: install ## Run the whole test suite (browser tests skip without Chromium)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install ## ruff check, ruff format --check, djhtml --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check $$(find templates */templates -name '*.html' 2>/dev/null)

format: install ## Apply ruff and djhtml formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml $$(find templates */templates -name '*.html' 2>/dev/null)

bench: install ## Load, latency and page weight under gunicorn (DEBUG off); needs wrk
	$(BIN)/python bench/run.py

cluster: install ## Run Varnish, two app nodes, S3, a worker, PostgreSQL and Redis on loopback
	$(BIN)/python deploy/cluster.py start

cluster-stop: ## Stop exactly what make cluster started
	$(BIN)/python deploy/cluster.py stop

cluster-test: install ## Run the cluster tests against a running make cluster
	CLUSTER_TESTS=1 $(BIN)/python -m pytest -m cluster tests/cluster $(PYTEST_ARGS)

cluster-bench: install ## Figures of a running make cluster: Varnish vs one node, mixed-load p99
	$(BIN)/python deploy/cluster_bench.py

lock: ## Re-resolve requirements.lock from pyproject.toml
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url \
		--no-emit-find-links -o requirements.lock pyproject.toml

clean: ## Remove .venv and var/ (database, media, collected static)
	rm -rf $(VENV) var
