# The two set-up commands of the contract: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test install dev lint typecheck unit bench eval-actors eval-events eval-quotes clean vendor fuzz load

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

# The sample corpus goes into its own store (re-running skips what is stored), then
# the web UI serves it on http://127.0.0.1:8000 until Ctrl-C.
SAMPLE_DB ?= build/sample.duckdb
run: install
	@mkdir -p $(dir $(SAMPLE_DB))
	$(BIN)/accord ingest examples/articles --db $(SAMPLE_DB)
	$(BIN)/accord serve --db $(SAMPLE_DB)

lint: dev
	$(BIN)/ruff check src tests benchmarks fuzz
	$(BIN)/ruff format --check src tests benchmarks fuzz

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

# Coverage-guided fuzzing (fuzz/README.md): each harness for FUZZ_TIME seconds, growing its
# corpus in build/fuzz/<harness> from the seeds in fuzz/corpus/; crashing inputs go to
# fuzz/crashes/. FUZZ_DEEP=1 also instruments the parsers that accord hands input to.
# (make test runs each harness briefly: tests/test_fuzz.py.)
FUZZ_TIME ?= 300
fuzz: dev
	@mkdir -p fuzz/crashes build/fuzz/tmp
	@status=0; for h in prepare readers analyze; do \
		if [ $$h = analyze ]; then max=2048; else max=4096; fi; \
		mkdir -p build/fuzz/$$h; \
		TMPDIR=$(CURDIR)/build/fuzz/tmp $(BIN)/python fuzz/fuzz_$$h.py build/fuzz/$$h fuzz/corpus/$$h \
			-max_len=$$max -timeout=30 -max_total_time=$(FUZZ_TIME) \
			-artifact_prefix=fuzz/crashes/ || status=1; \
	done; exit $$status

# The load test of a real server (docs/performance.md).
load: install
	$(BIN)/python benchmarks/load_test.py

# Re-create the vendored front-end files from npm (only to change a pinned version).
vendor:
	scripts/vendor-frontend.sh

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
