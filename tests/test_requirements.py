"""The environment is pinned, and the pins install on every Python the course accepts.

Two stacks: Python 3.11 (3.11.0 and later) installs requirements.txt, d2l's own pinned stack;
Python 3.12 to 3.15 install requirements-py312.txt, a current stack, and then d2l without its
pins. Each file pins its direct dependencies with ==, and a lock resolved for every Python of its
stack at once (`make lock`) holds every other package.

The test marked `index` asks the package index (pip's dry run on every Python here): it is not
part of `make test`, which runs offline once the environments exist, but of `make check-pins`.
"""

import re
from importlib import metadata

import pytest
from packaging.markers import Marker

from pinning import (
    PIN,
    ROOT,
    STACKS,
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
    for name, entries in pins(requirements).items():
        wanted, locked = {v for v, _ in entries}, {v for v, _ in lock.get(name, [])}
        assert locked == wanted, f"{name}: {requirements} pins {wanted}, {lock_file} {locked}"


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
