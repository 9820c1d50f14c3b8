# Two commands: `make lab` opens the course, `make test` runs every test.
# Each (re)builds .venv from requirements.txt when it is missing or older than it.
PYTHON ?= python3
# Extra JupyterLab options, e.g. `make lab LAB_ARGS=--port=8889`.
LAB_ARGS ?=
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: lab test lint notebooks lock clean

$(STAMP): requirements.txt requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "The course needs Python 3.11 (found " + sys.version.split()[0] + "). Run: make PYTHON=python3.11 ...  or see README: Other Pythons and Colab")'
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -r requirements.txt
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 $(LAB_ARGS) notebooks/01_cross_correlation.ipynb

lint: $(STAMP)
	$(BIN)/ruff check helpers tests benchmarks notebooks

test: lint
	$(BIN)/python -m pytest

# Re-execute notebooks in place, top to bottom in a fresh kernel, after changing them or helpers
# (one: `make notebooks NB=notebooks/03_edge_detection.ipynb`). No timing metadata is stored.
NB ?= notebooks/*.ipynb
notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.record_timing=False $(NB)

# Re-resolve every dependency from requirements.txt's pins and record the result.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --upgrade pip
	grep -v '^-c ' requirements.txt > .lock-venv/requirements.txt
	.lock-venv/bin/python -m pip install -r .lock-venv/requirements.txt
	{ echo '# Every package the course installs, resolved from requirements.txt on Python 3.11'; \
	  echo '# (Linux x86_64). Used as constraints by requirements.txt. Regenerate: make lock'; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV)
