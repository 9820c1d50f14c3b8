"""The environment is pinned, and the pins install on every Python the course accepts.

Two stacks: Python 3.11 (3.11.0 and later) installs requirements.txt, d2l's own pinned stack;
Python 3.12 and 3.13 install requirements-py312.txt, a current stack, and then d2l without its
pins. Each file pins its direct dependencies with ==, and a lock resolved for every Python of its
stack at once (`make lock`) holds every other package.
"""

import json
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker

from pinning import PIN, ROOT, STACKS, direct_pins, normalize, pins, requirement_lines, stack_of

SUPPORTED = ((3, 11), (3, 12), (3, 13))


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
    for name, version in direct_pins(requirements).items():
        locked = {v for v, _ in lock.get(name, [])}
        assert locked == {version}, f"{name}: {requirements} pins {version}, {lock_file} {locked}"


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


def find_pythons():
    """Return ``{(major, minor, micro): executable}`` of the supported Pythons on this machine:
    the system's python3, every python3.1x on PATH that runs, and pyenv's versions."""
    candidates = ["/usr/bin/python3", "python3", "python3.11", "python3.12", "python3.13"]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates += sorted(str(p) for p in pyenv.glob("3.1[123]*/bin/python3"))
    found = {}
    for name in candidates:
        exe = shutil.which(name)
        if exe is None:
            continue
        probe = subprocess.run(
            [exe, "-c", "import sys; print(*sys.version_info[:3], sys.executable)"],
            capture_output=True, text=True)
        if probe.returncode != 0:
            continue  # e.g. a pyenv shim for a version that is installed but not selected
        *version, executable = probe.stdout.split()
        version = tuple(map(int, version))
        if version[:2] in SUPPORTED:
            found.setdefault(version, executable)
    return found


def dry_run(python, workdir):
    """Resolve the requirements of ``python``'s stack with pip in a new venv, installing nothing.

    Returns ``(version, {name: version resolved}, lock_file, error text or None)``.
    """
    version, exe = python
    requirements, lock_file = STACKS[stack_of(version)]
    venv = workdir / "py{}.{}.{}".format(*version)
    made = subprocess.run([exe, "-m", "venv", str(venv)], capture_output=True, text=True)
    if made.returncode != 0:
        return version, {}, lock_file, f"python -m venv failed: {made.stderr[-500:]}"
    pip = [str(venv / "bin" / "python"), "-m", "pip"]
    # As `make` does: today's pip, which reads each package's metadata without its wheel.
    upgraded = subprocess.run([*pip, "install", "--quiet", "--upgrade", "pip"],
                              capture_output=True, text=True, timeout=300)
    if upgraded.returncode != 0:
        return version, {}, lock_file, f"pip could not upgrade itself: {upgraded.stderr[-500:]}"
    report = venv / "report.json"
    cmd = [*pip, "install", "--dry-run", "--ignore-installed",
           "--quiet", "--report", str(report), "-r", requirements]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        return version, {}, lock_file, result.stderr[-3000:]
    resolved = {normalize(item["metadata"]["name"]): item["metadata"]["version"]
                for item in json.loads(report.read_text())["install"]}
    return version, resolved, lock_file, None


def test_the_requirements_resolve_on_every_supported_python_here(tmp_path, summary_line):
    pythons = find_pythons()
    assert pythons, "found no Python 3.11, 3.12 or 3.13 on this machine"
    with ThreadPoolExecutor(max_workers=len(pythons)) as pool:  # they mostly wait on the index
        results = list(pool.map(lambda p: dry_run(p, tmp_path), sorted(pythons.items())))
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
