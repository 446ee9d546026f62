# Two commands matter: `make run` and `make test`. Each creates .venv and installs what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test install model eval-model lexicon bench-quality bench-speed clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,build]'
	touch $(STAMP)

install: $(STAMP)

# The web service on http://127.0.0.1:8000/ (create the first login with `kita-anon user add`).
run: $(STAMP)
	$(BIN)/kita-anon serve --host 127.0.0.1 --port 8000

# Installs Chromium and PostgreSQL when missing (as root) and runs the tests against a throw-away
# PostgreSQL server (.ci/test); without root the browser/database tests skip and say why.
test: $(STAMP)
	.ci/test $(BIN)/python -m pytest

model: $(STAMP)
	$(BIN)/python -m anonymizer.training.train

eval-model: $(STAMP)
	$(BIN)/python -m anonymizer.training.evaluate

lexicon: $(STAMP)
	$(BIN)/python -m anonymizer.detection.build_wordlists

# BENCH_ARGS=--quick: a smaller sample (100 records per NER corpus, 2 fills per document template).
bench-quality: $(STAMP)
	$(BIN)/python benchmarks/quality.py $(BENCH_ARGS)

bench-speed: $(STAMP)
	$(BIN)/python benchmarks/speed.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
