# Conciliare: `make run` serves the demo, `make test` runs lint, types and the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8000
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
MANAGE := $(UV) run --frozen python manage.py
CHROMIUM ?= /usr/bin/chromium
PYTEST_ARGS ?=

.PHONY: bench-dashboards bench-ranking bench-submissions help install uv deps assets migrate demo run serve worker totp test lint typecheck pytest bench messages

help:
	@echo "make run    install what is missing, migrate, load the demo, serve http://127.0.0.1:$(PORT)"
	@echo "make test   install what is missing, lint, type-check and run the whole suite"
	@echo "make bench  generate data at scale and measure the key pages (see bench/README.md)"

install: uv deps assets

uv:
	@$(UV) --version >/dev/null 2>&1 || (echo "Installing uv from PyPI..." && python3 -m pip install --quiet uv)

deps: uv
	@$(UV) sync --frozen --quiet

assets: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	@echo "Installing front-end assets (Bootstrap Italia, htmx, axe-core) from the npm registry..."
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

migrate: install
	@$(MANAGE) migrate --no-input -v 0

demo: migrate
	@$(MANAGE) load_demo

run: demo
	@$(MANAGE) collectstatic --no-input -v 0
	@$(MANAGE) demo_accounts
	@$(MANAGE) send_report_reminders --schedule >/dev/null
	@echo "Serving http://127.0.0.1:$(PORT) (task worker running alongside; Ctrl+C stops both)"
	@trap 'kill 0' EXIT INT TERM; \
	  $(MANAGE) db_worker --queue-name default & \
	  DJANGO_DEBUG=1 $(MANAGE) runserver 127.0.0.1:$(PORT)

totp: install
	@$(MANAGE) demo_totp $(EMAIL)

worker: install
	@$(MANAGE) db_worker

lint: install
	@$(UV) run --frozen ruff check .
	@$(UV) run --frozen ruff format --check .
	@$(UV) run --frozen django-upgrade --target-version 5.2 $$(git ls-files '*.py' | grep -v /migrations/) >/dev/null || (echo "django-upgrade would rewrite files: run it" && exit 1)
	@$(UV) run --frozen djade --target-version 5.2 --check $$(git ls-files '*.html')
	@$(MANAGE) makemigrations --check --dry-run >/dev/null || (echo "Missing migrations: run makemigrations" && exit 1)
	@$(MANAGE) check --fail-level WARNING

typecheck: install
	@$(UV) run --frozen mypy .

pytest: install
	@if [ -x "$(CHROMIUM)" ]; then \
	  $(UV) run --frozen pytest $(PYTEST_ARGS); \
	else \
	  echo "Chromium not found at $(CHROMIUM): browser tests are skipped."; \
	  echo "Install it with: sudo apt-get install chromium"; \
	  $(UV) run --frozen pytest -m "not browser" $(PYTEST_ARGS); \
	fi

test: lint typecheck pytest

bench: install
	@$(UV) run --frozen python bench/run.py $(BENCH_ARGS)
	@$(UV) run --frozen python bench/submissions.py $(SUBMISSION_BENCH_ARGS)
	@$(UV) run --frozen python bench/ranking.py $(RANKING_BENCH_ARGS)
	@$(UV) run --frozen python bench/dashboards.py $(DASHBOARD_BENCH_ARGS)

bench-dashboards: install
	@$(UV) run --frozen python bench/dashboards.py $(DASHBOARD_BENCH_ARGS)

bench-ranking: install
	@$(UV) run --frozen python bench/ranking.py $(RANKING_BENCH_ARGS)

bench-submissions: install
	@$(UV) run --frozen python bench/submissions.py $(SUBMISSION_BENCH_ARGS)

messages: install
	@$(MANAGE) makemessages -l en --no-obsolete --ignore=node_modules --ignore=.venv
	@$(MANAGE) compilemessages -l en --ignore=.venv --ignore=node_modules
