"""Every stored notebook is what a fresh kernel printed, and carries nothing of anyone's machine."""

import ast
import inspect
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

import helpers

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))
SIZE_BUDGET = 1_000_000  # bytes per notebook
MACHINE = re.compile(
    r"(/home/|/root/|/Users/|/work/|/tmp/|/private/var/|[A-Z]:\\|site-packages|dist-packages)"
)
VARYING = re.compile(r"0x[0-9a-fA-F]{6,}")  # memory addresses change every run


def ids(path):
    return path.name


def code_cells(nb):
    return [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 4, "expected the course's notebooks in notebooks/"


def test_notebook_names_sort_in_reading_order():
    numbers = [int(p.name.split("_", 1)[0]) for p in NOTEBOOKS]
    assert numbers == sorted(set(numbers)), [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_valid_nbformat_and_python3_kernel(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_executed_top_to_bottom_without_errors(path):
    nb = nbformat.read(path, as_version=4)
    cells = code_cells(nb)
    counts = [c.execution_count for _, c in cells]
    assert counts == list(range(1, len(cells) + 1)), (
        f"{path.name}: execution counts {counts}; re-run it with "
        f"`make notebooks NB=notebooks/{path.name}`")
    for i, c in cells:
        errors = [o for o in c.outputs if o.output_type == "error"]
        assert not errors, f"{path.name}, cell {i}: stored error {errors[0].get('ename')}"
        streams = [o for o in c.outputs if o.output_type == "stream" and o.name == "stderr"]
        assert not streams, f"{path.name}, cell {i}: stored stderr {streams[0].text[:200]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_nothing_of_this_machine_and_nothing_that_varies(path):
    nb = nbformat.read(path, as_version=4)
    meta = json.dumps(nb.metadata)
    assert not MACHINE.search(meta), f"{path.name}: a path of a machine in the metadata: {meta}"
    for i, c in enumerate(nb.cells):
        for o in c.get("outputs", []):
            texts = [o.get("text", "")] + [
                v if isinstance(v, str) else json.dumps(v)
                for k, v in o.get("data", {}).items() if not k.startswith("image/")]
            for text in texts:
                hit = MACHINE.search(text) or VARYING.search(text)
                assert not hit, f"{path.name}, cell {i}: output contains {hit.group(0)!r}"


@pytest.mark.parametrize("path", NOTEBOOKS[:-1], ids=ids)
def test_each_notebook_ends_with_a_link_to_the_next(path):
    nb = nbformat.read(path, as_version=4)
    following = NOTEBOOKS[NOTEBOOKS.index(path) + 1].name
    last = nb.cells[-1]
    assert last.cell_type == "markdown" and last.source.startswith("**Next:**"), (
        f"{path.name}: the last cell should be '**Next:** [title]({following})'")
    assert f"]({following})" in last.source, f"{path.name}: the last cell does not link {following}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_no_execution_timestamps(path):
    """Cell timings are wall-clock noise: every re-run would change the file."""
    nb = nbformat.read(path, as_version=4)
    for i, c in enumerate(nb.cells):
        assert "execution" not in c.metadata, (
            f"{path.name}, cell {i}: execution timestamps in its metadata; re-run it with "
            f"`make notebooks NB=notebooks/{path.name}` (it records no timings)")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_size_budget(path):
    size = path.stat().st_size
    assert size < SIZE_BUDGET, f"{path.name} is {size} bytes, over the {SIZE_BUDGET} budget"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_figures_are_png_not_svg(path):
    """nbval compares SVG as text, and matplotlib's SVG carries the date: keep figures PNG."""
    nb = nbformat.read(path, as_version=4)
    for i, c in code_cells(nb):
        for o in c.outputs:
            assert "image/svg+xml" not in o.get("data", {}), f"{path.name}, cell {i}: SVG output"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_no_test_machinery_in_the_cells(path):
    """nbval's cell tags (nbval-ignore-output), never comments a learner reads in the code."""
    nb = nbformat.read(path, as_version=4)
    for i, c in enumerate(nb.cells):
        assert "NBVAL" not in c.source, (
            f"{path.name}, cell {i}: NBVAL in a cell a learner reads; tag the cell "
            "nbval-ignore-output instead")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_no_bare_booleans(path):
    """A check prints its one sentence; the True or False it returns is not echoed."""
    nb = nbformat.read(path, as_version=4)
    for i, c in code_cells(nb):
        for o in c.outputs:
            if o.output_type == "execute_result":
                text = o.get("data", {}).get("text/plain", "")
                assert text not in ("True", "False"), f"{path.name}, cell {i}: a bare {text}"


def imports(cell_source):
    """Return the ``import`` and ``from ... import`` statements of a code cell (magics skipped)."""
    code = "\n".join(line for line in cell_source.splitlines()
                     if not line.lstrip().startswith(("%", "!")))
    return [node for node in ast.walk(ast.parse(code))
            if isinstance(node, (ast.Import, ast.ImportFrom))]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_notebooks_import_from_helpers_alone(path):
    """helpers' public boundary is the package: no notebook reaches into one of its modules,
    and every name it imports is in helpers.__all__."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in code_cells(nb):
        for node in imports(cell.source):
            if isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
                if node.module == "helpers":
                    missing = [a.name for a in node.names if a.name not in helpers.__all__]
                    assert not missing, f"{path.name}, cell {i}: {missing} not in helpers.__all__"
            else:
                modules = [alias.name for alias in node.names]
            inside = [m for m in modules if m.startswith("helpers.")]
            assert not inside, (f"{path.name}, cell {i} imports {inside}: import from helpers "
                                "(export the name in helpers/__init__.py)")


def test_importing_helpers_has_no_side_effects():
    """``import helpers`` loads no timing machinery (torch.utils.benchmark imports
    torch.utils.cpp_extension, which logs a warning on machines without CUDA)."""
    code = "import sys, helpers; print('torch.utils.benchmark' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).parent.parent, check=True)
    assert run.stdout.strip() == "False"
    assert run.stderr == ""


SHOWN = re.compile(r"inspect\.getsource\(([\w.]+)\)")
CHECKS = re.compile(r"^(check_\w+|require_\w+|whole_number|int_pair|real_number)$")


def shown_sources():
    """Return ``(notebook, name)`` for every helper whose source a notebook shows."""
    shown = []
    for path in NOTEBOOKS:
        for _, cell in code_cells(nbformat.read(path, as_version=4)):
            shown += [(path.name, name) for name in SHOWN.findall(cell.source)]
    return shown


@pytest.mark.parametrize("notebook,name", shown_sources())
def test_the_sources_notebooks_show_hold_the_idea_not_the_checks(notebook, name):
    """A taught function is pure: no decorator line, no raise, no call of a check. Its
    checks live in helpers.checks, and helpers.boundary runs them before the public name."""
    obj = helpers
    for part in name.split("."):
        obj = getattr(obj, part)
    tree = ast.parse(textwrap.dedent(inspect.getsource(obj)))
    definition = tree.body[0]
    decorators = [ast.unparse(d) for d in definition.decorator_list
                  if ast.unparse(d) not in ("staticmethod", "classmethod", "property")]
    assert not decorators, f"{notebook} shows {name} under @{decorators[0]}"
    checking = [node for statement in definition.body for node in ast.walk(statement)
                if isinstance(node, ast.Raise)
                or isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and CHECKS.match(node.func.id)]
    assert not checking, (f"{notebook} shows {name}, which checks its arguments itself "
                          f"(line {checking[0].lineno}): move the check to helpers.checks")
