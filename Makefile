# The two set-up commands of the contract: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test install dev lint typecheck unit bench eval-actors eval-events eval-quotes clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when the project definition changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
dev: $(VENV)/.installed-dev

run: install
	@for f in examples/articles/*.md; do \
		$(BIN)/accord analyze "$$f" --format markdown || exit $$?; \
	done

lint: dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: dev
	$(BIN)/mypy

unit: dev
	$(BIN)/python -m pytest

test: lint typecheck unit

bench: install
	$(BIN)/python benchmarks/bench_pipeline.py

SHARED := ../shared/data
eval-actors: install
	$(BIN)/accord eval actors examples/gold/actors.yaml
	@if [ -f $(SHARED)/events/plover_gsr.jsonl ]; then \
		$(BIN)/accord eval actors $(SHARED)/events/plover_gsr.jsonl; \
	else echo "skipped state recall: $(SHARED) is absent"; fi

eval-events: install
	@if [ -d $(SHARED)/events ]; then \
		$(BIN)/accord eval events $(SHARED)/events/plover_gsr.jsonl; \
		$(BIN)/accord eval events $(SHARED)/events/cameo_manual_examples.jsonl; \
	else echo "skipped: $(SHARED) is absent"; fi

eval-quotes: install
	@if [ -f $(SHARED)/quotes/polnear_train.jsonl ]; then \
		$(BIN)/accord eval quotes $(SHARED)/quotes/polnear_train.jsonl; \
	else echo "skipped: $(SHARED) is absent"; fi

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
