"""Reading the course's requirement files: shared by the tests of the pins, the locks and Binder."""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_.\-\[\]]*)==([^\s#;]+)\s*(?:;\s*(.+))?$")
# The two stacks: Python 3.11 runs d2l's own pins, 3.12 and newer a current stack.
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
