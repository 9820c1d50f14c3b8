"""Test configuration shared by every test module."""

import pytest
from hypothesis import settings

# Derandomized: CI and a learner's machine draw the same examples, so a failure reproduces.
settings.register_profile("course", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("course")

_SUMMARY = pytest.StashKey[list]()


@pytest.fixture
def summary_line(request):
    """Return a function that adds a line to the section printed before pytest's summary."""
    return request.config.stash.setdefault(_SUMMARY, []).append


def pytest_terminal_summary(terminalreporter, config):
    lines = config.stash.get(_SUMMARY, [])
    if lines:
        terminalreporter.section("measured by the tests")
        for line in lines:
            terminalreporter.write_line(line)
