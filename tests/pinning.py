"""Reading the course's requirement files: shared by the tests of the pins, the locks and Binder."""

import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_.\-\[\]]*)==([^\s#;]+)\s*(?:;\s*(.+))?$")
# The supported Pythons: pyproject.toml's classifiers, their one list. Two stacks: Python 3.11
# runs d2l's own pins, 3.12 and newer a current stack.
SUPPORTED = tuple(sorted(tuple(map(int, m.group(1).split(".")))
                         for m in re.finditer(r'"Programming Language :: Python :: (3\.\d+)"',
                                              (ROOT / "pyproject.toml").read_text())))
STACKS = {"3.11": ("requirements.txt", "requirements.lock"),
          "3.12+": ("requirements-py312.txt", "requirements-py312.lock")}
# The tests' tools, installed on top of either stack and held to its lock.
TEST_REQUIREMENTS = "requirements-test.txt"


def stack_of(version_info=sys.version_info):
    """Return the name of the stack (a key of STACKS) for a Python version."""
    return "3.11" if tuple(version_info[:2]) == (3, 11) else "3.12+"


def normalize(name):
    """Return a package name as pip compares it: lower case, runs of -_. as one -."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_lines(path):
    """Return the lines of a requirements file without comments and blank lines."""
    lines = (line.split("#", 1)[0].strip() for line in (ROOT / path).read_text().splitlines())
    return [line for line in lines if line]


def pins(path):
    """Return ``{name: [(version, marker or None), ...]}`` of the ``name==version`` lines."""
    found = {}
    for m in map(PIN.match, requirement_lines(path)):
        if m:
            found.setdefault(normalize(m.group(1)), []).append((m.group(2), m.group(3)))
    return found


def direct_pins(path, python=None):
    """Return ``{name: version}`` of a file of direct dependencies, for the Python version
    ``python`` (e.g. "3.15"; default: this one) where a pin has a marker."""
    from packaging.markers import Marker

    env = None if python is None else {"python_version": python,
                                        "python_full_version": python + ".0"}
    return {name: version for name, entries in pins(path).items()
            for version, marker in entries if marker is None or Marker(marker).evaluate(env)}


def find_pythons():
    """Return ``{(major, minor, micro): executable}`` of the supported Pythons on this machine:
    the system's python3, every python3.1x on PATH that runs, and pyenv's versions."""
    candidates = ["/usr/bin/python3", "python3"] + ["python%d.%d" % v for v in SUPPORTED]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates += sorted(str(p) for p in pyenv.glob("3.1[1-5]*/bin/python3"))
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
    """Resolve the requirements of ``python``'s stack and the tests' tools for a new venv of
    that Python, with pip, installing nothing. Returns ``(version, {name: version resolved},
    lock_file, error text or None)``.

    The venv has no pip of its own: this environment's pip (today's, as `make` installs it,
    which reads each package's metadata without its wheel) runs in it with ``--python``, so the
    markers are evaluated for that Python.
    """
    version, exe = python
    requirements, lock_file = STACKS[stack_of(version)]
    venv = workdir / "py{}.{}.{}".format(*version)
    made = subprocess.run([exe, "-m", "venv", "--without-pip", str(venv)],
                          capture_output=True, text=True)
    if made.returncode != 0:
        return version, {}, lock_file, f"python -m venv failed: {made.stderr[-500:]}"
    report = venv / "report.json"
    cmd = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"),
           "install", "--dry-run", "--ignore-installed", "--quiet", "--report", str(report),
           "-r", requirements, "-r", TEST_REQUIREMENTS]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        return version, {}, lock_file, result.stderr[-3000:]
    report = json.loads(report.read_text())
    ran_on = report["environment"]["python_full_version"]
    if ran_on != "{}.{}.{}".format(*version):
        return version, {}, lock_file, f"pip resolved for Python {ran_on}, not {exe}"
    resolved = {normalize(item["metadata"]["name"]): item["metadata"]["version"]
                for item in report["install"]}
    return version, resolved, lock_file, None


def resolve_everywhere(workdir):
    """Run ``dry_run`` for every supported Python here, all at once (they mostly wait on the
    package index); return the list of their results, ordered by version."""
    pythons = find_pythons()
    if not pythons:
        return []
    with ThreadPoolExecutor(max_workers=len(pythons)) as pool:
        return list(pool.map(lambda p: dry_run(p, workdir), sorted(pythons.items())))
