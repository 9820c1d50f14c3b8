"""Test configuration shared by every test: tests/ and nbval over notebooks/ (hence at the root).

Every notebook runs twice per test session, under two different environments:
- nbval (over notebooks/) compares every stored output with a fresh run made under the settings
  below, which differ from those `make notebooks` stored them with: one torch thread instead of
  the machine's cores, another time zone and locale, and PyTorch's plain (not vectorized) CPU
  kernels, which add numbers in another order, as a processor with other vector instructions
  would. So no stored output may depend on any of them.
- tests/test_browser.py runs every notebook in JupyterLab with the learner's own environment
  (LEARNER_ENV), from a copy in another directory whose path has a space in it.

`make test` runs the suite on several processes (pytest-xdist, `-n auto --dist loadscope`):
each test module, and each notebook's cells, stay together in one process, so the JupyterLab
tests share one server while nbval runs the notebooks beside them.
"""

import json
import os
import time
from collections import defaultdict

import pytest
from hypothesis import settings

# Derandomized: CI and a learner's machine draw the same examples, so a failure reproduces.
settings.register_profile("course", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("course")

OTHER_THREADS = "1" if (os.cpu_count() or 1) > 1 else "2"
REPRODUCIBILITY_ENV = {"OMP_NUM_THREADS": OTHER_THREADS, "MKL_NUM_THREADS": OTHER_THREADS,
                       "TZ": "Pacific/Kiritimati", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8",
                       "ATEN_CPU_CAPABILITY": "default"}
# The learner's values, kept in the environment itself: pytest-xdist's worker processes
# inherit the environment already changed below.
os.environ.setdefault("COURSE_LEARNER_ENV", json.dumps(
    {name: os.environ.get(name) for name in REPRODUCIBILITY_ENV}))
LEARNER_ENV = {name: value for name, value in {
    **os.environ, **json.loads(os.environ["COURSE_LEARNER_ENV"])}.items() if value is not None}
# Set before any kernel starts: nbval's kernels inherit this process's environment.
os.environ.update(REPRODUCIBILITY_ENV)

_LINES = pytest.StashKey[list]()
_TIMES = pytest.StashKey[dict]()
_START = pytest.StashKey[float]()
SUMMARY = "measured"  # the user_properties key of a line for the section below


@pytest.fixture
def summary_line(request):
    """Return a function that adds a line to the section printed before pytest's summary.

    The line travels with the test's report, so it reaches the terminal from any process.
    """
    return lambda line: request.node.user_properties.append((SUMMARY, line))


@pytest.hookimpl(optionalhook=True)  # an xdist hook: `-p no:xdist` runs without it
def pytest_xdist_auto_num_workers(config):
    """`-n auto`: one process per core, at most 4 (each imports torch; the JupyterLab tests
    keep one process busy, nbval and the unit tests share the others)."""
    return max(1, min(4, os.cpu_count() or 1))


def pytest_collection_modifyitems(session, config, items):
    """Run the JupyterLab tests first, then the other tests and the notebooks (the later ones
    first: they take longer).

    The JupyterLab tests are the longest part that must stay in one process (one server, one
    page): started first, they run beside everything else (pytest_configure below tells
    pytest-xdist to hand out the modules in this order).
    """
    def path(item):
        return item.nodeid.split("::", 1)[0]

    # from the last notebook to the first: the short ones fill the end best
    notebooks = sorted({path(item) for item in items if path(item).endswith(".ipynb")},
                       reverse=True)

    def rank(item):
        if path(item) in notebooks:
            return 2, notebooks.index(path(item))
        return (0, 0) if path(item) == "tests/test_browser.py" else (1, 0)

    items.sort(key=rank)  # stable: the order within each module or notebook is kept


def part_of(nodeid):
    """Return which part of the suite a test belongs to, for the timing summary."""
    path = nodeid.split("::", 1)[0]
    if path.endswith(".ipynb"):
        return "nbval: every notebook, stored outputs compared"
    name = path.rsplit("/", 1)[-1]
    return {"test_browser.py": "JupyterLab in Chromium: every notebook",
            "test_book.py": "the website: built and opened in Chromium",
            "test_requirements.py": "the pins and the locks",
            "test_binder.py": "Binder (repo2docker --no-build)"}.get(name, "unit tests")


def pytest_configure(config):
    # `--dist loadscope` hands out the modules in the order pytest_collection_modifyitems
    # gives, not sorted by their number of tests (as --no-loadscope-reorder asks).
    if getattr(config.option, "dist", "no") == "loadscope":
        config.option.loadscopereorder = False
    config.stash[_START] = time.monotonic()
    config.stash[_TIMES] = defaultdict(float)
    config.stash[_LINES] = []

    class _Collector:
        """Sums each part's durations and gathers the summary lines, in the main process."""

        @staticmethod
        def pytest_runtest_logreport(report):
            config.stash[_TIMES][part_of(report.nodeid)] += report.duration
            if report.when == "teardown":
                config.stash[_LINES] += [v for k, v in report.user_properties if k == SUMMARY]

    config.pluginmanager.register(_Collector(), "course-summary")


def pytest_terminal_summary(terminalreporter, config):
    lines, times = config.stash.get(_LINES, []), config.stash.get(_TIMES, {})
    if not (lines or times):
        return
    terminalreporter.section("measured by the tests")
    for line in sorted(lines):
        terminalreporter.write_line(line)
    workers = getattr(config.option, "numprocesses", None)
    terminalreporter.write_line(
        "time per part (setup, run and teardown of its tests"
        + (", on several processes at once" if workers else "") + "):")
    for part, seconds in sorted(times.items(), key=lambda kv: -kv[1]):
        terminalreporter.write_line(f"  {seconds:6.1f} s  {part}")
    wall = time.monotonic() - config.stash[_START]
    terminalreporter.write_line(f"  {wall:6.1f} s  pytest's wall time, start to summary")
    terminalreporter.write_line(
        f"nbval ran with {OTHER_THREADS} torch thread(s), TZ={REPRODUCIBILITY_ENV['TZ']}, "
        "ATEN_CPU_CAPABILITY=default; JupyterLab with the learner's environment")
