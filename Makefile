PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install system-packages run test lint bench clean

$(BIN)/gongkai: requirements.lock setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(BIN)/gongkai

install: $(BIN)/gongkai

# exit code 1 means the run finished with documents in the failures table; that is a result to read
# in the summary, not a failed build
run: install
	$(BIN)/gongkai run corpora/samples --out data || [ $$? -eq 1 ]

# tesseract and LibreOffice, for the tests of the OCR engine and of .doc/.wps files (where apt allows)
system-packages:
	@scripts/system_packages.sh

test: install system-packages
	$(BIN)/ruff check pipeline tests scripts
	$(BIN)/ruff format --check pipeline tests scripts
	$(BIN)/mypy pipeline
	$(BIN)/pytest -q

# speed against the floor (pypdfium2 + jieba), the median of RUNS runs: N and 10×N generated documents,
# REAL distinct copies of the sample PDFs, and each kind of document apart (scripts/bench.py says how)
N ?= 200
RUNS ?= 5
REAL ?= 300
bench: install
	$(BIN)/python scripts/bench.py --n $(N) --runs $(RUNS) --real $(REAL)

clean:
	rm -rf $(VENV) data
