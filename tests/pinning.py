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
# The two stacks: Python 3.11 runs d2l's own pins, 3.12 and newer a current stack.
SUPPORTED = ((3, 11), (3, 12), (3, 13))
STACKS = {"3.11": ("requirements.txt", "requirements.lock"),
          "3.12+": ("requirements-py312.txt", "requirements-py312.lock")}


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


def direct_pins(path):
    """Return ``{name: version}`` of a file of direct dependencies (one unconditional pin each)."""
    return {name: entries[0][0] for name, entries in pins(path).items()}


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


def _run_niced(cmd, **kwargs):
    """Run ``cmd`` at a lower priority (pip waits on the index while the notebooks run) and
    return the finished process, its output captured as text."""
    return subprocess.run(cmd, capture_output=True, text=True, preexec_fn=lambda: os.nice(10),
                          **kwargs)


def dry_run(python, workdir):
    """Resolve the requirements of ``python``'s stack with pip in a new venv, installing nothing.

    Returns ``(version, {name: version resolved}, lock_file, error text or None)``.
    """
    version, exe = python
    requirements, lock_file = STACKS[stack_of(version)]
    venv = workdir / "py{}.{}.{}".format(*version)
    made = _run_niced([exe, "-m", "venv", str(venv)])
    if made.returncode != 0:
        return version, {}, lock_file, f"python -m venv failed: {made.stderr[-500:]}"
    pip = [str(venv / "bin" / "python"), "-m", "pip"]
    # As `make` does: today's pip, which reads each package's metadata without its wheel.
    upgraded = _run_niced([*pip, "install", "--quiet", "--upgrade", "pip"], timeout=300)
    if upgraded.returncode != 0:
        return version, {}, lock_file, f"pip could not upgrade itself: {upgraded.stderr[-500:]}"
    report = venv / "report.json"
    cmd = [*pip, "install", "--dry-run", "--ignore-installed",
           "--quiet", "--report", str(report), "-r", requirements]
    result = _run_niced(cmd, cwd=ROOT, timeout=900)
    if result.returncode != 0:
        return version, {}, lock_file, result.stderr[-3000:]
    resolved = {normalize(item["metadata"]["name"]): item["metadata"]["version"]
                for item in json.loads(report.read_text())["install"]}
    return version, resolved, lock_file, None


def resolve_everywhere(workdir):
    """Run ``dry_run`` for every supported Python here, all at once (they mostly wait on the
    package index); return the list of their results, ordered by version."""
    pythons = find_pythons()
    if not pythons:
        return []
    with ThreadPoolExecutor(max_workers=len(pythons)) as pool:
        return list(pool.map(lambda p: dry_run(p, workdir), sorted(pythons.items())))


def write_resolution(workdir, path):
    """Run ``resolve_everywhere`` and write its results to ``path`` as JSON (for conftest.py)."""
    try:
        results = resolve_everywhere(workdir)
    except Exception as err:  # report it through the test, which reads this file
        results = [((0, 0, 0), {}, "", f"the resolution failed: {type(err).__name__}: {err}")]
    tmp = Path(str(path) + ".part")
    tmp.write_text(json.dumps(results))
    tmp.replace(path)  # the reader never sees half a file
