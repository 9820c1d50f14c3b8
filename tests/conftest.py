"""Test configuration shared by every test module.

Every notebook runs twice per test session, under two different environments:
- nbval (over notebooks/) compares every stored output with a fresh run made under the settings
  below, which differ from those `make notebooks` stored them with: one torch thread instead of
  the machine's cores, another time zone and locale, and PyTorch's plain (not vectorized) CPU
  kernels, which add numbers in another order, as a processor with other vector instructions
  would. So no stored output may depend on any of them.
- tests/test_browser.py runs every notebook in JupyterLab with the learner's own environment
  (LEARNER_ENV), from a copy in another directory whose path has a space in it.
"""

import os
import shutil
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import settings

# Derandomized: CI and a learner's machine draw the same examples, so a failure reproduces.
settings.register_profile("course", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("course")

LEARNER_ENV = dict(os.environ)
OTHER_THREADS = "1" if (os.cpu_count() or 1) > 1 else "2"
REPRODUCIBILITY_ENV = {"OMP_NUM_THREADS": OTHER_THREADS, "MKL_NUM_THREADS": OTHER_THREADS,
                       "TZ": "Pacific/Kiritimati", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8",
                       "ATEN_CPU_CAPABILITY": "default"}
# Set before any kernel starts: nbval's kernels inherit this process's environment.
os.environ.update(REPRODUCIBILITY_ENV)

_SUMMARY = pytest.StashKey[list]()
_TIMES = pytest.StashKey[dict]()
_START = pytest.StashKey[float]()
_RESOLUTION = pytest.StashKey[object]()
RESOLVE_TEST = "test_the_requirements_resolve_on_every_supported_python_here"


@pytest.fixture
def summary_line(request):
    """Return a function that adds a line to the section printed before pytest's summary."""
    return request.config.stash.setdefault(_SUMMARY, []).append


def pytest_collection_modifyitems(session, config, items):
    """Start pip's resolution on every Python in the background, and check it last."""
    resolve = [item for item in items if item.name == RESOLVE_TEST]
    if not resolve:
        return
    items[:] = [item for item in items if item.name != RESOLVE_TEST] + resolve
    from test_requirements import resolve_everywhere

    workdir = Path(tempfile.mkdtemp(prefix="resolve-"))
    pool = ThreadPoolExecutor(max_workers=1)
    config.stash[_RESOLUTION] = (pool.submit(resolve_everywhere, workdir), pool, workdir)


@pytest.fixture
def resolution(request):
    """Return a function that waits for the background resolution and returns its results."""
    future, pool, workdir = request.config.stash[_RESOLUTION]

    def wait():
        try:
            return future.result(timeout=900)
        finally:
            pool.shutdown()
            shutil.rmtree(workdir, ignore_errors=True)
    return wait


def part_of(nodeid):
    """Return which part of the suite a test belongs to, for the timing summary."""
    path = nodeid.split("::", 1)[0]
    if path.endswith(".ipynb"):
        return "nbval: every notebook, stored outputs compared"
    name = path.rsplit("/", 1)[-1]
    return {"test_browser.py": "JupyterLab in Chromium: every notebook",
            "test_book.py": "the website: built and opened in Chromium",
            "test_requirements.py": "the pins, and pip resolving them on every Python here",
            "test_binder.py": "Binder (repo2docker --no-build)"}.get(name, "unit tests")


def pytest_sessionstart(session):
    session.config.stash[_START] = time.monotonic()


def pytest_configure(config):
    config.stash[_TIMES] = defaultdict(float)

    class _Timer:
        @staticmethod
        def pytest_runtest_logreport(report):
            config.stash[_TIMES][part_of(report.nodeid)] += report.duration

    config.pluginmanager.register(_Timer(), "course-timer")


def pytest_terminal_summary(terminalreporter, config):
    lines = config.stash.get(_SUMMARY, [])
    times = config.stash.get(_TIMES, {})
    if not (lines or times):
        return
    terminalreporter.section("measured by the tests")
    for line in lines:
        terminalreporter.write_line(line)
    if times:
        terminalreporter.write_line("time per part (setup, run and teardown of its tests):")
        for part, seconds in sorted(times.items(), key=lambda kv: -kv[1]):
            terminalreporter.write_line(f"  {seconds:6.1f} s  {part}")
        wall = time.monotonic() - config.stash.get(_START, time.monotonic())
        terminalreporter.write_line(f"  {wall:6.1f} s  in all (pytest's wall time, collection "
                                    "included)")
    terminalreporter.write_line(
        f"nbval ran with {OTHER_THREADS} torch thread(s), TZ={REPRODUCIBILITY_ENV['TZ']}, "
        "ATEN_CPU_CAPABILITY=default; JupyterLab with the learner's environment")
