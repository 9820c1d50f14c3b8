"""The stored outputs do not depend on where, when or with how many threads a notebook runs.

pytest's own nbval run (over notebooks/) re-executes every notebook once. This test runs
nbval a second time, in a fresh process, on a copy of the notebooks in another directory,
with another torch thread count, another time zone, another locale's environment, and
PyTorch's plain (not vectorized) CPU kernels, which add numbers in another order, as a
processor with other vector instructions would. Every stored output must match again:
nothing may depend on the working directory, the machine's paths, the thread count, the
processor's vector width or the clock (only cells marked ``# NBVAL_IGNORE_OUTPUT``, which
print timings or a live widget, are exempt).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def other_thread_count():
    """A torch thread count other than this machine's default (its number of cores)."""
    return "1" if (os.cpu_count() or 1) > 1 else "2"


def test_notebooks_reproduce_elsewhere_with_other_threads(tmp_path, summary_line):
    if shutil.which("jupyter", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("jupyter is not installed: pip install -r requirements.txt")
    elsewhere = tmp_path / "another place"  # a space in the path, on purpose
    shutil.copytree(ROOT / "notebooks", elsewhere / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (elsewhere / "pytest.ini").write_text("[pytest]\n")  # not the repository's configuration
    env = dict(os.environ, OMP_NUM_THREADS=other_thread_count(), MKL_NUM_THREADS="1",
               TZ="Pacific/Kiritimati", LC_ALL="C.UTF-8", LANG="C.UTF-8",
               ATEN_CPU_CAPABILITY="default")  # no SIMD: sums in another order
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(elsewhere / "pytest.ini"),
         "--rootdir", str(elsewhere), "-p", "no:cacheprovider", "-q",
         "--nbval", "--nbval-current-env", "notebooks"],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=900)
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, (
        f"nbval failed on a second run elsewhere ({summary}):\n{result.stdout[-6000:]}"
        f"\n{result.stderr[-2000:]}")
    assert " passed" in summary and "failed" not in summary, summary
    summary_line(f"nbval again in another directory, {env['OMP_NUM_THREADS']} torch thread(s), "
                 f"TZ={env['TZ']}, ATEN_CPU_CAPABILITY=default: {summary}")
