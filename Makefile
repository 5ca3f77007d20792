# Smarteka — a newcomer needs two commands: `make run` and `make test`.
# Debian's own python3.11 where it can make a venv (python3.11-venv): it is built with profile-guided
# optimisation and LTO, like the production image's (python:3.11-slim), and spends 12-30 % less CPU on a page
# than a plain source build (pyenv's default) — measured on the logged-in load mix (issue 17)
PYTHON ?= $(shell /usr/bin/python3.11 -c "import ensurepip, venv" >/dev/null 2>&1 && echo /usr/bin/python3.11 || echo python3.11)
VENV   := .venv
PY     := $(VENV)/bin/python
STACK  := $(PY) -m smarteka.stack
PYTEST_WORKERS ?= 2

.PHONY: run serve test test-fast lint bench loadtest backup restore pg-upgrade chromium install vendor clean-data

## make run: install what is missing, start PostgreSQL + Redis, migrate, demo data, serve with worker and beat
run: install
	$(STACK) run

## make serve: the production-like stack on the embedded services: DEBUG off, collectstatic (manifest), gunicorn, worker, beat
serve: install
	$(STACK) serve

## make test: the whole suite (unit, integration, real Celery worker, browser tests in Debian's chromium)
test: install chromium
	$(STACK) exec -- $(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

## make test-fast: everything but the browser tests
test-fast: install
	$(STACK) exec -- $(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile -m "not e2e" $(PYTEST_ARGS)

## make lint: ruff and a check that models and migrations agree
lint: install
	$(PY) -m ruff check .
	SMARTEKA_DEV=1 $(STACK) exec -- $(PY) manage.py makemigrations --check --dry-run

## make bench: benchmarks (query counts and timings on large seeded data)
bench: install
	BENCH=1 $(STACK) exec -- $(PY) -m pytest tests/bench -p no:xdist -s -q --create-db $(PYTEST_ARGS)

## make loadtest: gunicorn (DEBUG off) on the bench database of make bench, driven by wrk over loopback:
## an anonymous and a logged-in mix, 50 connections, 30 s each (LOADTEST_ARGS="--seconds 10 --no-cache" …)
loadtest: install
	$(STACK) exec -- $(PY) -m smarteka.loadtest $(LOADTEST_ARGS)

## make backup: dump the database and the media files into var/backups/smarteka-YYYYMMDD-HHMMSS.tar.gz (BACKUP_DIR=… elsewhere)
backup: install
	SMARTEKA_DEV=1 $(STACK) exec -- $(PY) manage.py backup $(if $(BACKUP_DIR),--dir $(BACKUP_DIR))

## make restore FILE=…: bring an archive of make backup back into an empty stack (FORCE=1 wipes a non-empty one)
restore: install
	@test -n "$(FILE)" || { echo "Укажите архив: make restore FILE=var/backups/smarteka-….tar.gz"; exit 1; }
	SMARTEKA_DEV=1 $(STACK) exec -- $(PY) manage.py restore $(FILE) $(if $(FORCE),--force)

## make pg-upgrade: move a var/pgdata of PostgreSQL 16 (the former pgserver) to the embedded PostgreSQL 18
pg-upgrade: install
	$(STACK) pg-upgrade

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Нужен Python 3.11 ($(PYTHON))"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@

chromium:
	@{ command -v chromium && dpkg -s chromium-l10n; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium (with its Russian UI strings) for browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-l10n >/dev/null; \
	  else echo "chromium is missing: run 'sudo apt-get install chromium chromium-l10n'"; exit 1; fi; }

## make vendor: refresh static/vendor from npm packages (versions in static/vendor/VERSIONS)
vendor:
	bash -c 'set -e; d=$$(mktemp -d); cd $$d; npm pack -q bootstrap@5.3.8 htmx.org@2.0.7 chart.js@4.5.1 bootstrap-icons@1.13.1 swagger-ui-dist@5.35.0 >/dev/null; \
	  for f in *.tgz; do mkdir -p x/$$f; tar xzf $$f -C x/$$f; done; V=$(CURDIR)/static/vendor; \
	  cp x/bootstrap-5.3.8.tgz/package/dist/css/bootstrap.min.css* x/bootstrap-5.3.8.tgz/package/dist/js/bootstrap.bundle.min.js* $$V/bootstrap/; \
	  cp x/htmx.org-2.0.7.tgz/package/dist/htmx.min.js $$V/htmx/; cp x/chart.js-4.5.1.tgz/package/dist/chart.umd.min.js $$V/chartjs/; sed -i '/sourceMappingURL=/d' $$V/chartjs/chart.umd.min.js; \
	  cp x/bootstrap-icons-1.13.1.tgz/package/font/bootstrap-icons.min.css $$V/bootstrap-icons/; cp x/bootstrap-icons-1.13.1.tgz/package/font/fonts/* $$V/bootstrap-icons/fonts/; \
	  cp x/swagger-ui-dist-5.35.0.tgz/package/swagger-ui-bundle.js x/swagger-ui-dist-5.35.0.tgz/package/swagger-ui.css x/swagger-ui-dist-5.35.0.tgz/package/LICENSE $$V/swagger-ui/; sed -i '/sourceMappingURL=/d' $$V/swagger-ui/swagger-ui-*.js $$V/swagger-ui/swagger-ui.css'

## make clean-data: forget the local database, Redis data, media and mail
clean-data:
	rm -rf var/
