"""The environment is pinned: direct dependencies with ==, everything else by the lock."""

import re
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_.\-]*)==([^\s#;]+)")


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_lines(path):
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def pins(path):
    return {normalize(m.group(1)): m.group(2)
            for m in map(PIN.match, requirement_lines(path)) if m}


def test_every_direct_dependency_is_pinned_and_the_lock_is_used():
    lines = requirement_lines(ROOT / "requirements.txt")
    assert "-c requirements.lock" in lines
    assert "-e ." in lines
    loose = [line for line in lines if not line.startswith("-") and not PIN.match(line)]
    assert not loose, f"not pinned with ==: {loose}"


def test_the_lock_agrees_with_the_direct_pins():
    lock = pins(ROOT / "requirements.lock")
    lock_lines = requirement_lines(ROOT / "requirements.lock")
    assert all(PIN.match(line) for line in lock_lines), "the lock holds only name==version"
    assert "conv2d-course-helpers" not in lock, "the editable course package is not locked"
    for name, version in pins(ROOT / "requirements.txt").items():
        assert lock.get(name) == version, f"{name}: requirements {version}, lock {lock.get(name)}"


def test_this_environment_follows_the_lock():
    lock = pins(ROOT / "requirements.lock")
    differ = {}
    for name, version in lock.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # a platform-specific package (e.g. CUDA wheels) this machine does not use
        if installed != version:
            differ[name] = (installed, version)
    assert not differ, f"installed versions differ from requirements.lock: {differ}"
