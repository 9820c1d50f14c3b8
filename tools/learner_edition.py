"""The learner's edition, learner/: notebooks/ as a learner opens it (`make learner` runs this).

One recipe, which `make learner` writes and tests/test_learner.py checks (it imports this file):
- the cells tagged `solution` are dropped (the solutions stay in notebooks/);
- the cells tagged `hide-answer-output` keep their code and lose their outputs (an output that
  would give an answer away);
- before the first code cell (the imports) comes the install cell, INSTALL: where `helpers` is
  not importable (Colab, Kaggle, a notebook downloaded alone) it installs the course from the
  repository's address, pyproject.toml's `[project.urls] Repository`, with d2l without its pins;
  in a clone, on Binder or in `make lab` it does nothing and prints nothing.
Every other cell and output is kept as stored.
"""

import re
import shutil
import sys
import tomllib
from pathlib import Path

import nbformat
from nbconvert.exporters import NotebookExporter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "notebooks"
LEARNER = ROOT / "learner"
INSTALL_ID = "install-the-course"  # the install cell's id in every learner's notebook


def repository() -> str:
    """Return the repository's address, pyproject.toml's [project.urls] Repository."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["urls"]["Repository"]


def pin(requirements: str, name: str) -> str:
    """Return the line `name==version` that a requirements file of the repository pins."""
    text = (ROOT / requirements).read_text(encoding="utf-8")
    found = re.search(rf"^{re.escape(name)}==[^\s;#]+", text, re.M)
    if not found:
        raise ValueError(f"{requirements} pins no {name}")
    return found.group(0)


def install_source(address: str | None = None) -> str:
    """Return the install cell's code, which installs the course from `address` (a pip URL;
    default: git+ the repository's address). Its pins are the course's for Python 3.12+: d2l
    as requirements.txt pins it (installed without its own pins, which need Python 3.11) and
    mlxtend as requirements-py312.txt does; the `notebooks` extra (pyproject.toml) brings what
    the notebooks and d2l import that the running Python lacks."""
    address = address or f"git+{repository()}"
    d2l, mlxtend = pin("requirements.txt", "d2l"), pin("requirements-py312.txt", "mlxtend")
    return (
        "# Colab, Kaggle or a notebook downloaded alone: install the course (in a clone: nothing)\n"
        "import importlib.util\n"
        "\n"
        'if importlib.util.find_spec("helpers") is None:\n'
        f'    %pip install --quiet "conv2d-course-helpers[notebooks] @ {address}"\n'
        f"    %pip install --quiet --no-deps {d2l} {mlxtend}"
    )


class InsertInstallCell(Preprocessor):
    """Insert the install cell before the notebook's first code cell."""

    def preprocess(self, nb, resources):
        first = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
        cell = nbformat.v4.new_code_cell(install_source(), id=INSTALL_ID)
        nb.cells.insert(first, cell)
        return nb, resources


def learner_edition(path: Path) -> str:
    """Return the learner's edition of the source notebook at `path`, as learner/ holds it."""
    exporter = NotebookExporter()
    exporter.register_preprocessor(TagRemovePreprocessor(
        enabled=True, remove_cell_tags={"solution"},
        remove_all_outputs_tags={"hide-answer-output"}), enabled=True)
    exporter.register_preprocessor(InsertInstallCell(enabled=True), enabled=True)
    body, _ = exporter.from_filename(str(path))
    return body


def main() -> None:
    """Remake learner/ from notebooks/ (a notebook gone from notebooks/ goes from learner/)."""
    shutil.rmtree(LEARNER, ignore_errors=True)
    LEARNER.mkdir()
    for path in sorted(SOURCES.glob("*.ipynb")):
        (LEARNER / path.name).write_text(learner_edition(path), encoding="utf-8")
    print(f"learner/: {len(list(LEARNER.glob('*.ipynb')))} notebooks", file=sys.stderr)


if __name__ == "__main__":
    main()
