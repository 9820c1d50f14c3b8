# Two commands: `make lab` opens the course, `make test` runs every test.
# Each (re)builds the virtual environment when it is missing, made by another Python, or older
# than the requirements it was installed from: `make lab` installs the course alone
# (requirements.txt or requirements-py312.txt), the tests' targets add requirements-test.txt.
#
# PYTHON: the newest supported python3.x on PATH, or `python3` if it is one of them. Choose
# another: `make test PYTHON=python3.12` or `make lab PYTHON=/usr/bin/python3`.
# SUPPORTED: pyproject.toml's classifiers, their one list, newest first.
SUPPORTED := $(shell sed -n 's/^ *"Programming Language :: Python :: \(3\.[0-9]*\)",*$$/\1/p' \
	pyproject.toml | sort -t. -k2,2nr)
OLDEST := $(lastword $(SUPPORTED))
NEWEST := $(firstword $(SUPPORTED))
runs = $(shell $(1) -c 'import sys; sys.exit("%d.%d" % sys.version_info[:2] not in "$(SUPPORTED)".split())' \
	>/dev/null 2>&1 && echo $(1))
PYTHON ?= $(firstword $(foreach v,$(SUPPORTED),$(call runs,python$(v))) $(call runs,python3) python3)
PYVER := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
# Python 3.11: d2l's own pinned stack. Python 3.12 and newer: a current stack, d2l without its pins.
ifeq ($(PYVER),3.11)
REQUIREMENTS := requirements.txt
LOCK := requirements.lock
else
REQUIREMENTS := requirements-py312.txt
LOCK := requirements-py312.lock
endif
D2L := $(shell grep -o '^d2l==[^ ]*' requirements.txt)
# pytest on one process per core (at most 4): JupyterLab's tests, started first, run beside
# nbval's and the others (conftest.py orders the modules).
PYTEST_ARGS ?= -n auto --dist loadscope
# Extra JupyterLab options, e.g. `make lab LAB_ARGS=--port=8889`.
LAB_ARGS ?=
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-python$(PYVER)
# The tests' tools, installed on top of the course (requirements-test.txt, held to the same lock).
TEST_REQUIREMENTS := requirements-test.txt
TEST_STAMP := $(VENV)/.installed-test-python$(PYVER)
# JupyterLab settings the course installs for everyone (no "news" pop-up); Binder's postBuild
# installs the same file.
OVERRIDES := binder/overrides.json
# The website's own environment (see `make book` below) and the assets it serves itself.
BOOK_PYTHON ?= $(or $(PYTHON),python3)
BOOK_VENV ?= .venv-book
BOOK_STAMP := $(BOOK_VENV)/.installed
BOOK_HTML := book/_build/html
BOOK_ASSETS := book/_build/vendor/.complete

.PHONY: help lab learner test unit lint notebooks lock check-pins check-reruns check-colab \
	check-experiments experiments check-website clean
.DEFAULT_GOAL := help

help:
	@echo "The course's commands (README.md and CONTRIBUTING.md say more):"
	@echo "  make lab           open the course in JupyterLab (your copy of the learner's edition)"
	@echo "  make test          every test: unit tests, nbval, JupyterLab and the website (offline)"
	@echo "  make unit          the unit tests of helpers alone, in seconds"
	@echo "  make lint          ruff over helpers, tests, tools, benchmarks and the notebooks; mypy over helpers"
	@echo "  make notebooks     re-execute notebooks in place (one: NB=notebooks/NN_name.ipynb)"
	@echo "  make learner       remake learner/, the learner's edition, from notebooks/"
	@echo "  make book          build the website into book/_build/html"
	@echo "  make lock          re-resolve requirements*.lock with uv (needs the network)"
	@echo "  make check-pins    pip's dry run of the pins on every Python here (needs the network)"
	@echo "  make check-reruns  run every cell of every notebook twice in a row; record the colours"
	@echo "  make check-colab   run each learner's notebook alone on a Colab-like stack (Python 3.12)"
	@echo "  make check-experiments  rerun notebooks 15-18's sweep over seeds, compare with the results file"
	@echo "  make experiments   rerun that sweep and write helpers/training/results.json"
	@echo "  make check-website the website's audits: axe-core, page weight, phone, keyboard"
	@echo "  make clean         remove the environments and the built website"
	@echo "Python: PYTHON=python3.12 (any of $(OLDEST) to $(NEWEST)); environment: VENV=.venv"

$(STAMP): $(REQUIREMENTS) $(LOCK) pyproject.toml $(OVERRIDES)
	@version=$$($(PYTHON) -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null) \
	  || { echo "'$(PYTHON)' is not a Python that runs here: install Python $(OLDEST) to $(NEWEST), or name one, e.g. make ... PYTHON=/path/to/python3.12" >&2; exit 1; }; \
	  case " $(SUPPORTED) " in *" $${version%.*} "*) ;; \
	  *) echo "The course needs Python $(OLDEST) to $(NEWEST) and '$(PYTHON)' is Python $$version: name another, e.g. make ... PYTHON=python3.12" >&2; exit 1;; esac
	@echo "Building $(VENV) with $$($(PYTHON) -c 'import sys; print(sys.executable, sys.version.split()[0])') from $(REQUIREMENTS)"
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -r $(REQUIREMENTS)
	$(if $(filter requirements-py312.txt,$(REQUIREMENTS)),$(BIN)/python -m pip install --no-deps $(D2L))
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp $(OVERRIDES) $(VENV)/share/jupyter/lab/settings/overrides.json
	@# A first import builds matplotlib's font list: once here, not in the first notebook.
	$(BIN)/python -c 'import matplotlib.pyplot, torch; from d2l import torch as d2l'
	touch $(STAMP)

# The tests' tools on top of the course's environment: rebuilt with it (a new .venv has no
# test stamp), and again when requirements-test.txt or the lock changes.
$(TEST_STAMP): $(STAMP) $(TEST_REQUIREMENTS) $(LOCK)
	$(BIN)/python -m pip install -c $(LOCK) -r $(TEST_REQUIREMENTS)
	touch $(TEST_STAMP)

# `make lab` opens your own copy of the learner's edition, my-notebooks/ (git ignores it): a
# notebook is copied there when it is missing, and updated from learner/ only while you have not
# changed it (my-notebooks/.course/ keeps the version it was copied from). A notebook you changed
# is never overwritten: make says where the course's newer version is.
MINE := my-notebooks
FIRST := $(notdir $(firstword $(sort $(wildcard learner/*.ipynb))))
lab: $(STAMP)
	@mkdir -p $(MINE)/.course
	@for nb in learner/*.ipynb; do \
	  name=$$(basename "$$nb"); mine="$(MINE)/$$name"; orig="$(MINE)/.course/$$name"; \
	  if [ ! -e "$$mine" ] || { cmp -s "$$mine" "$$orig" && ! cmp -s "$$nb" "$$orig"; }; then \
	    cp "$$nb" "$$mine" && cp "$$nb" "$$orig"; \
	  elif ! cmp -s "$$nb" "$$orig"; then \
	    echo "Kept your $$mine (you changed it); the course's newer version is $$nb"; \
	  fi; \
	done
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 $(LAB_ARGS) $(MINE)/$(FIRST)

# The learner's edition, learner/: notebooks/ without the cells tagged `solution`, the outputs
# of the cells tagged `hide-answer-output` cleared, the others kept, and before the imports a
# cell that installs the course where it is missing (Colab). One recipe,
# tools/learner_edition.py, which tests/test_learner.py imports. It is what make lab, Binder,
# Colab and the website's launch buttons open. Committed: after changing a notebook,
# `make learner` remakes it (tests/test_learner.py fails while it is out of date).
learner: $(STAMP)
	$(BIN)/python tools/learner_edition.py

lint: $(TEST_STAMP)
	$(BIN)/ruff check helpers tests tools benchmarks notebooks conftest.py
	$(BIN)/python -m mypy

# `make test` also builds the website's environment and assets before pytest starts, as it builds
# .venv: tests/test_book.py then only builds the site. Once every environment is built, it needs
# no network (the checks that ask the package index are `make check-pins`).
test: lint $(BOOK_STAMP) $(BOOK_ASSETS)
	@echo "Testing with Python $$($(BIN)/python -c 'import sys; print(sys.version.split()[0])') ($(PYTHON); $(VENV) from $(REQUIREMENTS) and $(TEST_REQUIREMENTS))"
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The unit tests alone: helpers against its references, the exercise checks, the notebooks'
# hygiene and claims; no notebook is run, no browser started (seconds).
unit: $(TEST_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS) tests -m "not browser and not index and not reruns and not experiments" \
		--ignore=tests/test_binder.py --ignore=tests/test_book.py --ignore=tests/test_colab.py

# Re-execute notebooks in place, top to bottom in a fresh kernel, after changing them or helpers
# (one: `make notebooks NB=notebooks/03_edge_detection.ipynb`). No timing metadata is stored;
# a cell's printed lines are stored as one stream, however the kernel sent them.
NB ?= notebooks/*.ipynb
notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.record_timing=False $(NB)
	$(BIN)/jupyter nbconvert --to notebook --inplace --coalesce-streams $(NB)

# Re-resolve both stacks with uv's resolver, for every Python they serve and every platform at
# once (--universal): requirements.lock for Python 3.11.0 and later 3.11 releases,
# requirements-py312.lock for 3.12 to 3.15. The inputs are the requirement files without their
# constraint line and the editable course package; the current locks are uv's preferences, so
# a package moves only when the requirements make it.
UV := uv==0.13.9
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet $(UV)
	grep -hv '^-[ce] ' requirements.txt $(TEST_REQUIREMENTS) > .lock-venv/py311.in
	grep -hv '^-[ce] ' requirements-py312.txt $(TEST_REQUIREMENTS) > .lock-venv/py312.in
	grep -v '^#' requirements.lock > .lock-venv/py311.txt
	grep -v '^#' requirements-py312.lock > .lock-venv/py312.txt
	.lock-venv/bin/uv pip compile --quiet --universal --python-version 3.11 --no-header \
	  --no-annotate .lock-venv/py311.in -o .lock-venv/py311.txt
	.lock-venv/bin/uv pip compile --quiet --universal --python-version 3.12 --no-header \
	  --no-annotate .lock-venv/py312.in -o .lock-venv/py312.txt
	{ echo '# Every package the course and its tests install on Python 3.11 (3.11.0 and later), any'; \
	  echo '# platform: resolved from requirements.txt and requirements-test.txt by `make lock`'; \
	  echo '# (uv pip compile --universal). Used as constraints by requirements.txt (and by make for'; \
	  echo '# requirements-test.txt).'; \
	  cat .lock-venv/py311.txt; } > requirements.lock
	{ echo '# Every package the course and its tests install on Python 3.12 to 3.15, any platform:'; \
	  echo '# resolved from requirements-py312.txt and requirements-test.txt by `make lock`'; \
	  echo '# (uv pip compile --universal). Used as constraints by requirements-py312.txt (and by'; \
	  echo '# make for requirements-test.txt).'; \
	  cat .lock-venv/py312.txt; } > requirements-py312.lock
	rm -rf .lock-venv

# Ask the package index whether the pins still resolve: pip's dry run of the requirements on
# every supported Python on this machine (needs the network; .ci/run runs it, `make test` does not).
check-pins: $(TEST_STAMP)
	$(BIN)/python -m pytest -m index tests/test_requirements.py

# Run every cell of every notebook twice in a row, in one kernel per notebook, and compare the
# two outputs: a cell a learner runs again must print the same (.ci/run runs it too). Then run
# each once more with the colour maps recorded as they are drawn (tests/test_colours.py).
check-reruns: $(TEST_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS) -m reruns tests/test_reruns.py tests/test_colours.py

# Each learner's notebook copied alone into an empty folder and run on a Colab-like stack
# (Python 3.12, current releases: requirements-colab.txt, no helpers, no d2l), each in a fresh
# environment on top of it: its first cell installs the course from this clone's committed
# HEAD (commit first), every cell runs, the stored text is printed (tests/test_colab.py).
# The stack is built once into .venv-colab (about 6 GB; COLAB_PYTHON=/path/to/python3.12).
COLAB_PYTHON ?= $(firstword $(call runs,python3.12) \
  $(wildcard $(or $(PYENV_ROOT),$(HOME)/.pyenv)/versions/3.12*/bin/python3.12))
COLAB_VENV ?= .venv-colab
COLAB_STAMP := $(COLAB_VENV)/.installed
$(COLAB_STAMP): requirements-colab.txt
	@$(COLAB_PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' 2>/dev/null \
	  || { echo "make check-colab needs Python 3.12 (Colab's): name one, e.g. make check-colab COLAB_PYTHON=/path/to/python3.12" >&2; exit 1; }
	rm -rf $(COLAB_VENV)
	$(COLAB_PYTHON) -m venv $(COLAB_VENV)
	$(COLAB_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(COLAB_VENV)/bin/python -m pip install --quiet -r requirements-colab.txt
	$(COLAB_VENV)/bin/python -c 'import matplotlib.pyplot, torch'
	touch $(COLAB_STAMP)

check-colab: $(TEST_STAMP) $(COLAB_STAMP)
	COLAB_VENV=$(COLAB_VENV) $(BIN)/python -m pytest -n 2 --dist load -m colab tests/test_colab.py

# The experiments of notebooks 15-18 over seeds, rerun and compared with the committed
# helpers/training/results.json (minutes, one thread); `make experiments` writes the file anew.
check-experiments: $(TEST_STAMP)
	$(BIN)/python -m pytest -n 0 -m experiments tests/test_experiments.py

experiments: $(STAMP)
	$(BIN)/python -m helpers.training.sweeps --write

# The website's audits, about how the site serves its readers rather than about the course's
# outputs (tests/test_book.py, marked `audit`; .ci/run runs them, `make test` does not): axe-core
# on every page, the bytes of a first visit, the phone's navigation, the keyboard. Builds the site.
check-website: $(TEST_STAMP) $(BOOK_STAMP) $(BOOK_ASSETS)
	$(BIN)/python -m pytest -p no:xdist -m audit tests/test_book.py

clean:
	rm -rf $(VENV) .venv-book .venv-colab book/_build book/notebooks

# The course as a website: `make book` renders every notebook from its stored outputs (nothing is
# executed) into book/_build/html (open book/_build/html/index.html). Its own venv, .venv-book,
# from requirements-book.txt (any Python 3.11 or newer). The first build fetches MathJax and the
# widget manager with `npm pack` (when npm is there), so that the pages need no network.

$(BOOK_STAMP): requirements-book.txt requirements-book.lock
	rm -rf $(BOOK_VENV)
	$(BOOK_PYTHON) -m venv $(BOOK_VENV)
	$(BOOK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BOOK_VENV)/bin/python -m pip install --quiet -r requirements-book.txt
	touch $(BOOK_STAMP)

.PHONY: book
book: $(BOOK_STAMP)
	rm -rf $(BOOK_HTML)
	$(BOOK_VENV)/bin/python -m sphinx -E -q book $(BOOK_HTML)
	@echo "The website: $(BOOK_HTML)/index.html"

# MathJax and the widget manager the website serves itself, fetched once with `npm pack`
# (book/course_book.py checks their sha512). Without npm it says so, and the site loads them
# from a CDN instead (tests/test_book.py is then skipped with that message).
$(BOOK_ASSETS): book/course_book.py $(BOOK_STAMP)
	$(BOOK_VENV)/bin/python -c 'import sys; sys.path.insert(0, "book"); import course_book; \
	  course_book.vendor_assets()'
