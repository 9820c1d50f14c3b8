"""The README is the front door: its table, links and commands must be true."""

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text()
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
# The README sends a learner to the learner's edition, learner/ (tests/test_learner.py).


def test_the_table_lists_every_notebook_once_in_order():
    rows = re.findall(r"^\| \d+ \| \[[^\]]+\]\(learner/([^)]+\.ipynb)\)", README, re.M)
    assert rows == NOTEBOOKS


def test_every_notebook_link_points_at_a_notebook_that_exists():
    links = re.findall(r"\(((?:notebooks|learner)/[^)#?]+)\)", README)
    binder = re.findall(r"urlpath=lab/tree/(learner/[^)\s]+\.ipynb)", README)
    assert links and binder
    missing = [path for path in links + binder if not (ROOT / path).exists()]
    assert not missing, f"README links to missing files: {missing}"


def test_every_notebook_has_a_binder_link_and_the_badge_opens_the_first():
    binder = re.findall(r"urlpath=lab/tree/learner/([^)\s]+\.ipynb)", README)
    assert set(binder) == set(NOTEBOOKS)
    badge = re.search(r"\[!\[Launch on Binder\][^\n]*urlpath=lab/tree/learner/([^)\s]+)\)",
                      README)
    assert badge and badge.group(1) == NOTEBOOKS[0]


def test_the_two_commands_exist():
    makefile = (ROOT / "Makefile").read_text()
    for target in ("lab", "test"):
        assert f"make {target}" in README
        assert re.search(rf"^{target}:", makefile, re.M), f"Makefile has no '{target}' target"
    lab = re.search(r"^lab:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert "--ServerApp.ip=127.0.0.1" in lab
    assert "allow-root" not in lab and "token=''" not in lab and 'token=""' not in lab


def test_no_absolute_paths_of_a_machine_in_the_project_files():
    """(tests/ is left out: the hygiene tests spell such paths as patterns to look for.)"""
    pattern = re.compile(r"(/home/\w|/root/|/work/|/Users/\w)")
    files = [ROOT / name for name in ("README.md", "Makefile", ".ci/run", "pyproject.toml",
                                      "requirements.txt", "requirements.lock")]
    files += [*ROOT.glob("helpers/*.py"), *ROOT.glob("binder/*"), *ROOT.glob("benchmarks/*.py")]
    for path in files:
        assert not pattern.search(path.read_text()), f"{path.relative_to(ROOT)} names a path"
