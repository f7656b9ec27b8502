# Two commands (see README): `make demo` runs the product, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DJANGO_DEBUG ?= 1
HOST ?= 127.0.0.1:8000

.PHONY: demo test install lint format messages clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Compiled with polib, so a fresh machine needs no GNU gettext.
messages: $(STAMP)
	$(BIN)/python manage.py compile_translations

demo: install messages
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py demo_setup --url http://$(HOST)/
	DJANGO_COMPRESSED_STATIC=1 $(BIN)/python manage.py collectstatic --noinput -v0
	DJANGO_COMPRESSED_STATIC=1 $(BIN)/python manage.py runserver $(HOST)

test: install messages
	DATABASE_CONN_MAX_AGE=0 $(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python benchmarks/extraction.py ../shared/corpus/seeds/gold.json
	$(BIN)/python benchmarks/extraction.py ../shared/corpus/dev/gold.json

clean:
	rm -rf $(VENV) var/staticfiles
