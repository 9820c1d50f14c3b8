"""`make check-colab`: every learner's notebook, alone in an empty folder on a Colab-like stack,
installs the course from its first cell, runs without an error and prints the stored text.

That is what Colab's button does (and Kaggle, or a learner who downloads one notebook): it opens
learner/NN_name.ipynb in an empty folder, on Colab's own packages (Python 3.12, current
releases, not the course's pins) with neither `helpers` nor d2l. Here:
- the stack is .venv-colab (COLAB_VENV), built by `make check-colab` from requirements-colab.txt;
- each notebook gets a fresh environment of its own on top of it (a venv that sees the stack's
  packages and installs into itself), so each first cell installs the course as on Colab,
  without a 5 GB environment per notebook;
- the notebooks are the committed learner/ (HEAD), and their install cell's address is replaced
  by this clone's, `git+file://localhost/...`: pip installs the committed HEAD (commit first);
- the kernel has the learner's environment (conftest.LEARNER_ENV) and the empty folder as its
  working directory.
Not compared: figures, widgets' live models, the cells nbval leaves out and those the learner's
edition stores without output (stored_outputs.py),
the install cell's own output (pip's), and the cells in DIFFERENT, each with its reason.
"""

import json
import os
import re
import subprocess
import sys
import time
import tomllib
from datetime import datetime
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import LEARNER_ENV
from stored_outputs import differences, text_of

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from learner_edition import INSTALL_ID  # noqa: E402

pytestmark = pytest.mark.colab
STACK = Path(os.environ.get("COLAB_VENV", ROOT / ".venv-colab")).absolute()
NOTEBOOKS = sorted((ROOT / "learner").glob("*.ipynb"))
KERNEL = "course-colab-check"
# Cells whose text may differ on the Colab-like stack (at most 5): (notebook, code cell number
# as stored_outputs counts them, the install cell being 1) -> why.
DIFFERENT: dict[tuple[str, int], str] = {}


def git(*args):
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout


def site_packages(python):
    return subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture(scope="module")
def stack():
    if not (STACK / "bin" / "python").exists():
        pytest.skip(f"no Colab-like stack at {STACK}: `make check-colab` builds it")
    version = subprocess.run([STACK / "bin" / "python", "-c", "import sys; print(sys.version)"],
                             capture_output=True, text=True, check=True).stdout
    assert version.startswith("3.12."), f"the Colab-like stack runs Python {version}"
    for absent in ("helpers", "d2l", "mlxtend"):  # what the first cell must install
        found = subprocess.run([STACK / "bin" / "python", "-I", "-c", f"import {absent}"],
                               capture_output=True)
        assert found.returncode != 0, f"{STACK} has {absent}: it must come from the first cell"
    return STACK


def fresh_environment(stack, where):
    """Return the Python of a new venv that sees the stack's packages and installs into itself."""
    subprocess.run([stack / "bin" / "python", "-m", "venv", "--without-pip", where], check=True)
    python = where / "bin" / "python"
    Path(site_packages(python), "colab-stack.pth").write_text(
        f"import site; site.addsitedir({site_packages(stack / 'bin' / 'python')!r})\n")
    return python


def kernel_environment(python, kernels):
    """The learner's environment, with this fresh venv's Python first and no test venv in it."""
    env = {k: v for k, v in LEARNER_ENV.items()
           if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "COURSE_LEARNER_ENV")
           and not k.startswith(("PYTEST", "JUPYTER", "MPLBACKEND"))}
    path = [p for p in env.get("PATH", os.defpath).split(os.pathsep)
            if not Path(p, "activate").exists()]
    env["PATH"] = os.pathsep.join([str(python.parent), *path])
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Colab-like stack", "language": "python"}))
    return env


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_learner_notebook_runs_alone_on_a_colab_like_stack(stack, path, tmp_path, monkeypatch,
                                                           summary_line):
    repository = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"][
        "Repository"]
    nb = nbformat.reads(git("show", f"HEAD:learner/{path.name}"), as_version=4)
    install = next(c for c in nb.cells if c.cell_type == "code")
    assert install.id == INSTALL_ID and install.source.count(f"git+{repository}") == 1
    install.source = install.source.replace(f"git+{repository}", f"git+file://localhost{ROOT}")
    stored = tmp_path / "stored.ipynb"
    nbformat.write(nb, stored)

    folder = tmp_path / "content"  # Colab's empty folder: the notebook alone
    folder.mkdir()
    nbformat.write(nb, folder / path.name)
    python = fresh_environment(stack, tmp_path / "venv")
    env = kernel_environment(python, tmp_path / "jupyter" / "kernels" / KERNEL)
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))

    start = time.perf_counter()
    NotebookClient(nb, kernel_name=KERNEL, timeout=900,
                   resources={"metadata": {"path": str(folder)}}).execute(env=env)
    seconds = time.perf_counter() - start
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    timing = code[0].metadata.get("execution", {})
    installing = (datetime.fromisoformat(timing["shell.execute_reply"].replace("Z", "+00:00"))
                  - datetime.fromisoformat(timing["iopub.execute_input"].replace("Z", "+00:00")))
    summary_line(f"check-colab {path.name}: {seconds:.0f} s, of which the install cell "
                 f"{installing.total_seconds():.0f} s")
    printed = text_of(code[0].outputs)
    assert all(kind in ("stdout", "stderr") for kind, _ in printed), printed
    ran = [[] if c is code[0] else c.outputs for c in code]  # pip's lines are not compared
    found = differences(stored, ran)
    listed = {n for name, n in DIFFERENT if name == path.name}
    cells = {d: re.match(r"code cell (\d+):", d) for d in found}
    unexpected = [d for d, cell in cells.items() if not cell or int(cell[1]) not in listed]
    assert not unexpected, f"learner/{path.name} on the Colab-like stack:\n" + "\n".join(
        unexpected)
    gone = listed - {int(cell[1]) for cell in cells.values() if cell}
    assert not gone, f"{path.name}: code cells {sorted(gone)} print the stored text now: " \
        "remove them from DIFFERENT"


def test_at_most_five_cells_differ():
    assert len(DIFFERENT) <= 5 and all(reason for reason in DIFFERENT.values())
