"""Every compared cell prints the same when a learner runs it twice in a row.

A cell that trains must build its model and seed inside itself; a cell that calls backward()
must start from zero gradients. This runs each notebook top to bottom in one kernel, every
compared cell (those nbval compares: not tagged `nbval-ignore-output`) twice in a row, and
compares the two runs' text outputs (tests/stored_outputs.py).

It costs one more run of every notebook, so it is not part of `make test`: `make check-reruns`
runs it (marker `reruns`), and so does `.ci/run`.
"""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from stored_outputs import ignored, text_of

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))

pytestmark = pytest.mark.reruns


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_cell_prints_the_same_when_run_twice(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    differ = []
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            client.execute_cell(cell, index)
            if ignored(cell):
                continue
            first = text_of(cell.outputs)
            client.execute_cell(cell, index)
            second = text_of(cell.outputs)
            if first != second:
                differ.append(f"cell {index}: first {first!r}\n  second {second!r}")
    assert not differ, f"{path.name}: cells that print something else when run again:\n" + \
        "\n".join(d[:1500] for d in differ)
