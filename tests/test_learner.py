"""The learner's edition, learner/: notebooks/ without its solutions, as `make learner` makes it.

notebooks/ is the source, solutions included (cells tagged `solution`, validated by nbval);
learner/ is what `make lab`, Binder, Colab and the website's launch buttons open. These tests
(selected by `pytest -k learner`, with tests/test_browser.py's run of every learner notebook in
JupyterLab) check that it is up to date, holds no line of a solution and no solution's output,
and that every check in it waits for an answer. The recipe itself is tools/learner_edition.py,
which `make learner` runs: these tests import it.
"""

import json
import re
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from learner_edition import INSTALL_ID, install_source, learner_edition  # noqa: E402

SOURCES = sorted((ROOT / "notebooks").glob("*.ipynb"))
LEARNER = ROOT / "learner"


def text(cell):
    """Return a cell's source and the text of its outputs, one string."""
    parts = [cell.source]
    for out in cell.get("outputs", []):
        parts.append(out.get("text", ""))
        parts += [v for k, v in out.get("data", {}).items()
                  if k.startswith("text/") and isinstance(v, str)]
    return "\n".join(parts)


def solution_lines(nb):
    """Return the lines of the solution cells that appear nowhere else in the notebook.

    (A line such as `plt.show()` belongs to no solution: the notebook's other cells have it.)
    """
    others = "\n".join(text(c) for c in nb.cells if "solution" not in c.metadata.get("tags", []))
    lines = set()
    for cell in nb.cells:
        if "solution" in cell.metadata.get("tags", []):
            for line in text(cell).splitlines():
                line = line.strip()
                if len(line) > 3 and line not in ("# Solution",) and line not in others:
                    lines.add(line)
    return lines


def test_learner_edition_has_every_notebook_and_nothing_else():
    assert sorted(p.name for p in LEARNER.glob("*.ipynb")) == [p.name for p in SOURCES], \
        "learner/ does not match notebooks/: run `make learner`"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_learner_edition_is_up_to_date(path):
    committed = LEARNER / path.name
    assert committed.exists(), f"learner/{path.name} is missing: run `make learner`"
    assert committed.read_text() == learner_edition(path), (
        f"learner/{path.name} is out of date with notebooks/{path.name}: run `make learner`")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_learner_edition_holds_no_line_of_a_solution(path):
    source = nbformat.read(path, as_version=4)
    edition = nbformat.reads(learner_edition(path), as_version=4)
    assert not any("solution" in c.metadata.get("tags", []) for c in edition.cells)
    shown = "\n".join(text(c) for c in edition.cells)
    leaked = sorted(line for line in solution_lines(source) if line in shown)
    assert not leaked, f"learner/{path.name} shows lines of a solution: {leaked[:5]}"
    assert "Right:" not in shown, f"learner/{path.name} shows a check's verdict on an answer"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_learner_checks_wait_for_an_answer(path):
    """In the learner's edition every check is run on the empty answer: "Not answered yet"."""
    edition = nbformat.reads(learner_edition(path), as_version=4)
    for i, cell in enumerate(edition.cells):
        if cell.cell_type == "code" and re.search(r"^check_\w+\(", cell.source, re.M):
            printed = "".join(o.get("text", "") for o in cell.outputs)
            assert printed.startswith("Not answered yet"), (
                f"learner/{path.name}, cell {i}: the check prints {printed[:120]!r}")


def test_every_exercise_has_a_solution_in_the_source():
    """An answer cell (a check of None) is followed by its solution, tagged, in notebooks/."""
    for path in SOURCES:
        nb = json.loads(path.read_text())
        checks = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
                  and re.search(r"^check_\w+\(", "".join(c["source"]), re.M)
                  and "solution" not in c["metadata"].get("tags", [])]
        for i in checks:
            following = nb["cells"][i + 1:i + 4]
            assert any("solution" in c["metadata"].get("tags", []) for c in following), (
                f"{path.name}, cell {i}: an exercise without a solution cell tagged `solution`")


def test_the_recipe_drops_solutions_and_hides_answer_outputs(tmp_path):
    """`solution` cells go; `hide-answer-output` cells keep their code, lose their outputs;
    the install cell comes before the first code cell; every other cell is kept as it is."""
    nb = nbformat.v4.new_notebook()
    shown = nbformat.v4.new_output("stream", name="stdout", text="kept\n")
    answer = nbformat.v4.new_output("stream", name="stdout", text="the answer: 42\n")
    nb.cells = [nbformat.v4.new_markdown_cell("# Title", id="title"),
                nbformat.v4.new_code_cell("import torch", id="imports", outputs=[shown]),
                nbformat.v4.new_code_cell("print(42)", id="solved", outputs=[answer],
                                          metadata={"tags": ["solution"]}),
                nbformat.v4.new_code_cell("show(answer)", id="hidden", outputs=[answer],
                                          metadata={"tags": ["hide-answer-output"]})]
    path = tmp_path / "00_x.ipynb"
    nbformat.write(nb, path)
    edition = nbformat.reads(learner_edition(path), as_version=4)
    assert [c.id for c in edition.cells] == ["title", INSTALL_ID, "imports", "hidden"]
    assert edition.cells[2].outputs == [shown]
    assert edition.cells[3].source == "show(answer)" and edition.cells[3].outputs == []


def repository():
    """pyproject.toml's [project.urls] Repository, read here on its own."""
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Repository"]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_install_cell_comes_before_the_imports(path):
    """Every learner's notebook opens with the install cell: short, readable, from the
    repository's address in pyproject.toml, then the source's first code cell (the imports)."""
    edition = nbformat.read(LEARNER / path.name, as_version=4)
    code = [c for c in edition.cells if c.cell_type == "code"]
    first = next(c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    assert code[0].id == INSTALL_ID and code[0].source == install_source(), \
        f"learner/{path.name}: the install cell is missing or out of date: run `make learner`"
    assert code[1].source == first.source
    lines = code[0].source.splitlines()
    assert len(lines) <= 6 and max(map(len, lines)) <= 100, code[0].source
    assert f"@ git+{repository()}\"" in code[0].source, (
        f"the install cell does not install from pyproject.toml's Repository, {repository()}")
    assert not code[0].outputs and code[0].execution_count is None


class Shell:
    """What the install cell sees of IPython: the magics it runs, recorded, not run."""

    def __init__(self):
        self.magics = []

    def run_line_magic(self, name, line, *args, **kwargs):
        self.magics.append(f"%{name} {line}")


def run_install_cell(helpers_importable, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: (
        real(name, *a) if helpers_importable or name != "helpers" else None))
    shell = Shell()
    exec(TransformerManager().transform_cell(install_source()), {"get_ipython": lambda: shell})
    return shell.magics


def test_install_cell_does_nothing_in_a_clone(monkeypatch, capsys):
    assert run_install_cell(True, monkeypatch) == []
    assert capsys.readouterr() == ("", "")


def test_install_cell_installs_the_course_where_helpers_is_missing(monkeypatch):
    """Outside a clone: the course from the repository's address with what the notebooks import
    (its `notebooks` extra), then d2l and mlxtend without their pins, at the course's versions."""
    pins = {name: re.search(rf"^{name}==\S+", (ROOT / file).read_text(), re.M).group(0)
            for name, file in [("d2l", "requirements.txt"), ("mlxtend", "requirements-py312.txt")]}
    assert run_install_cell(False, monkeypatch) == [
        f'%pip install --quiet "conv2d-course-helpers[notebooks] @ git+{repository()}"',
        f"%pip install --quiet --no-deps {pins['d2l']} {pins['mlxtend']}"]
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]["notebooks"]
    needed = {"torchvision", "pandas", "requests", "scipy", "scikit-learn", "ipywidgets"}
    assert needed <= set(extras), f"the `notebooks` extra lacks {sorted(needed - set(extras))}"


# What each exercise's answer looks like when a cell prints it: (notebook, check, patterns).
# A stored output of the learner's edition that matches one shows the answer before the learner
# has given it (printed before the exercise, or right under it, before anyone runs anything).
# A cell that must print it in notebooks/ is tagged `hide-answer-output`: the learner's edition
# keeps its source and drops its outputs.
ANSWERS_SHOWN = [
    ("00_why_convolution.ipynb", "check_stacked_kernel",
     [r"shape: \(4, 8\)", r"torch\.Size\(\[4, 8\]\)"]),
    ("05_exercises.ipynb", "check_diagonal_prediction", [r"shape \(8, 7\), sum 7"]),
    ("05_exercises.ipynb", "check_second_derivative", [r"tensor\(\[\[ ?3\., -6\., +3\.\]\]\)"]),
    ("05_exercises.ipynb", "check_conv2d_gradients", [r"tensor\(\[\[12\., 18\.\]\]\)"]),
    ("05_exercises.ipynb", "check_window_matrix_shape", [r"\(6, 30\)", r"\[6, 30\]"]),
    ("11_channels_padding_stride.ipynb", "check_output_shape",
     [r"\(1?,? ?8, 11, 10\)", r"\[1, 8, 11, 10\]"]),
    ("12_pooling.ipynb", "check_pooling_prediction", [r"X\.grad\[4, 3\]\W+2"]),
    ("13_one_by_one_and_cost.ipynb", "check_parameter_count", [r"\b4,?640\b"]),
    ("13_one_by_one_and_cost.ipynb", "check_cost_ratio", [r"\b4\.27\b"]),
    ("15_cnn_on_digits.ipynb", "check_flat_size", [r"Flatten\W+\(1, 64\)"]),
    ("16_inside_the_network.ipynb", "check_receptive_field", [r"\b16 ?x ?16 pixels\b",
                                                                r"receptive field\D+16\b"]),
    ("17_lenet5.ipynb", "check_lenet_flat_size", [r"\b576\b"]),
    ("18_invariance_and_saliency.ipynb", "check_shift_period",
     [r"moved 4 pixel\(s\)\W+the maps moved by one whole cell: True"]),
]


def outputs(cell):
    """Return the text of a cell's stored outputs."""
    return "\n".join(text(cell).split("\n")[len(cell.source.split("\n")):]) \
        if cell.cell_type == "code" else ""


@pytest.mark.parametrize("name, check, patterns", ANSWERS_SHOWN,
                         ids=[f"{n[:2]}-{c}" for n, c, _ in ANSWERS_SHOWN])
def test_learner_edition_prints_no_answer_before_it_is_given(name, check, patterns):
    """No stored output of learner/ shows an exercise's answer, before or after its question."""
    edition = nbformat.read(LEARNER / name, as_version=4)
    assert any(re.search(rf"^{check}\(", c.source, re.M) for c in edition.cells), (
        f"learner/{name} has no {check}: update ANSWERS_SHOWN")
    for i, cell in enumerate(edition.cells):
        shown = [p for p in patterns if re.search(p, outputs(cell))]
        assert not shown, (f"learner/{name}, cell {i} ({cell.get('id')}) prints the answer to "
                           f"{check} ({shown[0]}): tag it `hide-answer-output` in notebooks/")
