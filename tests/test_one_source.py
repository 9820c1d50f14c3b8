"""One source for each fact the repository repeats, and the copies that cannot read it held to it.

The supported Pythons: pyproject.toml's classifiers (the Makefile, .ci/run and tests/pinning.py
read them; ci.yml's matrix and the README's list are checked here). The figure line's prefix:
helpers.figures.PREFIX (the website's Python and JavaScript find the line by it).
"""

import re
import subprocess
from pathlib import Path

from helpers.figures import PREFIX

from pinning import SUPPORTED

ROOT = Path(__file__).parent.parent
VERSIONS = [f"{major}.{minor}" for major, minor in SUPPORTED]


def test_the_classifiers_match_requires_python():
    text = (ROOT / "pyproject.toml").read_text()
    low, high = re.search(r'requires-python = ">=(3\.\d+),<(3\.\d+)"', text).groups()
    assert VERSIONS[0] == low and VERSIONS == [f"3.{m}" for m in range(11, int(high[2:]))]


def test_the_makefile_reads_the_supported_pythons():
    database = subprocess.run(["make", "-pn", "help"], cwd=ROOT, capture_output=True,
                              text=True, env={"PATH": "/usr/bin:/bin"}).stdout
    line = re.search(r"^SUPPORTED := (.*)$", database, flags=re.M).group(1)
    assert line.split() == VERSIONS[::-1]
    assert re.search(r"^SUPPORTED := \$\(shell sed .*Programming Language", (ROOT / "Makefile")
                     .read_text(), flags=re.M), "the Makefile lists Pythons of its own"


def test_ci_matrix_lists_the_supported_pythons():
    workflow = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    matrix = re.search(r"python-version: \[(.*)\]", workflow).group(1)
    assert re.findall(r'"(3\.\d+)"', matrix) == VERSIONS


def test_the_readme_lists_the_supported_pythons():
    words = ", ".join(VERSIONS[:-1]) + f" or {VERSIONS[-1]}"
    assert f"Python {words}" in (ROOT / "README.md").read_text()


def test_ci_run_reads_the_supported_pythons():
    run = (ROOT / ".ci" / "run").read_text()
    assert "Programming Language :: Python" in run
    assert not re.search(r"for v in 3\.", run), ".ci/run lists Pythons of its own"


def test_the_website_finds_the_figure_line_by_the_one_prefix():
    book = (ROOT / "book" / "course_book.py").read_text()
    script = (ROOT / "book" / "_static" / "accessibility.js").read_text()
    assert re.search(r'^FIGURE = "(.*?)"', book, flags=re.M).group(1) == PREFIX
    assert re.search(r'^const FIGURE = "(.*?)";', script, flags=re.M).group(1) == PREFIX
