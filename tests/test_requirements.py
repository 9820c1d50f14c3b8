"""The environment is pinned, and the pins install on every Python the course accepts.

Two stacks: Python 3.11 (3.11.0 and later) installs requirements.txt, d2l's own pinned stack;
Python 3.12 to 3.15 install requirements-py312.txt, a current stack, and then d2l without its
pins. Each file pins its direct dependencies with ==, and a lock resolved for every Python of its
stack at once (`make lock`) holds every other package. The course's files hold what the course
needs alone (`make lab` installs it); requirements-test.txt holds the tests' tools, installed on
top of either stack and held to its lock.

The test marked `index` asks the package index (pip's dry run on every Python here): it is not
part of `make test`, which runs offline once the environments exist, but of `make check-pins`.
"""

import os
import re
import shutil
import subprocess
import sys
from importlib import metadata

import pytest
from packaging.markers import Marker

from pinning import (
    PIN,
    ROOT,
    STACKS,
    TEST_REQUIREMENTS,
    direct_pins,
    pins,
    requirement_lines,
    resolve_everywhere,
    stack_of,
)


@pytest.mark.parametrize("stack", STACKS)
def test_every_direct_dependency_is_pinned_and_the_lock_is_used(stack):
    requirements, lock = STACKS[stack]
    lines = requirement_lines(requirements)
    assert f"-c {lock}" in lines
    assert "-e ." in lines
    loose = [line for line in lines if not line.startswith("-") and not PIN.match(line)]
    assert not loose, f"{requirements}: not pinned with ==: {loose}"


@pytest.mark.parametrize("stack", STACKS)
def test_the_lock_agrees_with_the_direct_pins(stack):
    requirements, lock_file = STACKS[stack]
    lock = pins(lock_file)
    assert all(PIN.match(line) for line in requirement_lines(lock_file)), \
        f"{lock_file} holds only name==version lines (with markers)"
    assert "conv2d-course-helpers" not in lock, "the editable course package is not locked"
    for path in (requirements, TEST_REQUIREMENTS):
        for name, entries in pins(path).items():
            wanted, locked = {v for v, _ in entries}, {v for v, _ in lock.get(name, [])}
            assert locked == wanted, f"{name}: {path} pins {wanted}, {lock_file} {locked}"


def test_the_tests_tools_are_pinned_apart_from_the_course():
    """requirements-test.txt pins every tool with ==; the course's files hold none of them."""
    lines = requirement_lines(TEST_REQUIREMENTS)
    loose = [line for line in lines if not PIN.match(line)]
    assert not loose, f"{TEST_REQUIREMENTS}: not pinned with ==: {loose}"
    tools = set(pins(TEST_REQUIREMENTS))
    assert {"pytest", "nbval", "ruff", "mypy", "playwright", "jupyter-repo2docker"} <= tools
    for requirements, _ in STACKS.values():
        both = tools & set(pins(requirements))
        assert not both, f"{requirements} installs the tests' {sorted(both)}: {TEST_REQUIREMENTS}"


def make_dry_run(workdir, target):
    """Return what ``make -n target`` would run in ``workdir`` (a copy of the Makefile)."""
    # Not the make that runs these tests: its command-line variables (`make test VENV=...`,
    # as .ci/run's Python 3.15 leg calls it) reach a child make through MAKEFLAGS.
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "VENV", "PYTHON")}
    run = subprocess.run(["make", "-n", target, f"PYTHON={sys.executable}"], cwd=workdir,
                         capture_output=True, text=True, check=True, env=env)
    return run.stdout


def test_make_lab_installs_the_course_alone_and_each_file_rebuilds_what_it_should(tmp_path):
    """The stamps: a change of a requirement file rebuilds what depends on it, nothing else."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    version = "%d.%d" % sys.version_info[:2]
    requirements, lock = STACKS["3.11" if version == "3.11" else "3.12+"]
    files = [requirements, lock, TEST_REQUIREMENTS, "requirements.txt", "pyproject.toml",
             "Makefile", "binder/overrides.json"]
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "learner").mkdir()
    (tmp_path / "learner" / "00_x.ipynb").write_text("{}")
    course, test = (tmp_path / ".venv" / f".installed-python{version}",
                    tmp_path / ".venv" / f".installed-test-python{version}")
    course.parent.mkdir()

    def age(old, new):  # the requirement files at time 1000, the stamps after them
        for name in files:
            os.utime(tmp_path / name, (1000, 1000))
        for stamp, when in ((course, 2000), (test, 3000)):
            stamp.touch()
            os.utime(stamp, (when, when))
        for name in new:
            os.utime(tmp_path / name, (4000, 4000))

    age(files, [])
    assert "pip install" not in make_dry_run(tmp_path, "lab")
    assert "pip install" not in make_dry_run(tmp_path, "unit")
    age(files, [TEST_REQUIREMENTS])  # a new test tool: the course's venv stays
    assert "pip install" not in make_dry_run(tmp_path, "lab")
    unit = make_dry_run(tmp_path, "unit")
    assert f"pip install -c {lock} -r {TEST_REQUIREMENTS}" in unit and "rm -rf" not in unit
    age(files, [requirements])  # a course pin: everything is rebuilt
    lab = make_dry_run(tmp_path, "lab")
    assert "rm -rf .venv" in lab and f"pip install -r {requirements}" in lab
    assert TEST_REQUIREMENTS not in lab, "make lab installs the tests' tools"
    assert f"-r {TEST_REQUIREMENTS}" in make_dry_run(tmp_path, "unit")
    age(files, [lock])  # the lock holds both: both are remade
    unit = make_dry_run(tmp_path, "unit")
    assert "rm -rf .venv" in unit and f"-r {TEST_REQUIREMENTS}" in unit


def test_d2l_comes_without_its_pins_on_the_current_stack():
    """d2l 1.0.3 pins numpy 1.23.5, which does not install on Python 3.12+: the Makefile adds
    it with --no-deps, at the version requirements.txt pins."""
    assert "d2l" not in pins("requirements-py312.txt")
    assert direct_pins("requirements.txt")["d2l"] == "1.0.3"
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"pip install --no-deps \$\(D2L\)", makefile)
    assert "D2L := $(shell grep -o '^d2l==[^ ]*' requirements.txt)" in makefile


def applies(marker):
    return marker is None or Marker(marker).evaluate()


def test_this_environment_follows_its_lock():
    _, lock_file = STACKS[stack_of()]
    differ = {}
    for name, entries in pins(lock_file).items():
        wanted = [v for v, marker in entries if applies(marker)]
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # a package for another platform, or one this stack leaves out
        if wanted and installed not in wanted:
            differ[name] = (installed, wanted)
    assert not differ, f"installed versions differ from {lock_file}: {differ}"


@pytest.mark.index
def test_the_requirements_resolve_on_every_supported_python_here(tmp_path, summary_line):
    """pip resolves the pins on every supported Python here (see pinning.resolve_everywhere)."""
    results = resolve_everywhere(tmp_path)
    assert results, "no supported Python found on this machine"
    failures = []
    for version, resolved, lock_file, error in results:
        name = "Python {}.{}.{}".format(*version)
        if error:
            failures.append(f"{name}: pip could not resolve:\n{error}")
            continue
        env = {"python_version": "{}.{}".format(*version),
               "python_full_version": "{}.{}.{}".format(*version)}
        for pkg, entries in pins(lock_file).items():
            wanted = [v for v, m in entries if m is None or Marker(m).evaluate(env)]
            if pkg in resolved and wanted and resolved[pkg] not in wanted:
                failures.append(f"{name}: {pkg} resolved to {resolved[pkg]}, {lock_file} {wanted}")
        if "torch" not in resolved:
            failures.append(f"{name}: torch was not part of the resolution")
    summary_line("pip install --dry-run resolves on: " + ", ".join(
        "{}.{}.{}".format(*v) + ("" if not err else " (FAILED)") for v, _, _, err in results))
    assert not failures, "\n".join(failures)
