# Svar: `make run` serves the demo, `make test` runs the suite. See README.md.
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
WEB_WORKERS ?= 3
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: install run migrate demo test lint bench model-mpnet serve clean draft-check screenshots

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# torch first, pinned: the CPU build on disk. A bare "torch" pulls a multi-GB CUDA build.
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo
	$(PY) manage.py kb_rebuild_index

run: demo
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .

# The pages as the browser tests see them, into docs/screenshots/ (needs Chromium).
screenshots: install
	SVAR_SCREENSHOTS=docs/screenshots $(VENV)/bin/pytest -q -m browser

# Benchmarks (not part of `make test`): suggest latency, public search load, rebuild, memory.
# BENCH_PG=postgres://postgres@127.0.0.1:5432 puts the scratch handbooks in PostgreSQL.
bench: demo
	$(PY) bench/run_all.py $(BENCH_ARGS)

# The larger English encoder, for teams with the cores for it (docs/performance.md,
# "Choosing the model"): then SVAR_EMBEDDING_MODEL=var/models/all-mpnet-base-v2.
model-mpnet: install
	$(PY) bench/fetch_mpnet.py

# Production-style: gunicorn workers + a Celery worker + Celery beat, against DATABASE_URL and
# CELERY_BROKER_URL (both required). Ctrl+C stops all three.
# gunicorn binds to HOST (127.0.0.1): put a reverse proxy on this machine in front; its
# X-Forwarded-For is believed (SVAR_TRUSTED_PROXIES), so customers keep separate rate limits.
serve: install
	@test -n "$$DATABASE_URL" || (echo "make serve needs DATABASE_URL"; exit 2)
	@test -n "$$CELERY_BROKER_URL" || (echo "make serve needs CELERY_BROKER_URL"; exit 2)
	DJANGO_SETTINGS_MODULE=project.settings_production $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=project.settings_production WHITENOISE_USE_FINDERS=0 \
		$(PY) manage.py collectstatic --noinput -v0
	trap 'kill 0' INT TERM EXIT; \
	DJANGO_SETTINGS_MODULE=project.settings_production $(VENV)/bin/celery -A project worker \
		--concurrency 1 --loglevel INFO & \
	DJANGO_SETTINGS_MODULE=project.settings_production $(VENV)/bin/celery -A project beat \
		--loglevel INFO --schedule var/celerybeat-schedule & \
	DJANGO_SETTINGS_MODULE=project.settings_production WHITENOISE_USE_FINDERS=0 \
		$(VENV)/bin/gunicorn project.wsgi -c project/gunicorn.conf.py \
		--bind $(HOST):$(PORT) --workers $(WEB_WORKERS); \
	wait

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache

# Draft quality on the shared development set against a fresh server (bench/draft_check.py).
draft-check: install
	nice -n 5 $(PY) bench/draft_check.py $(DRAFT_CHECK_ARGS)
