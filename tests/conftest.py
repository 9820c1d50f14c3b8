"""Test configuration shared by every test module."""

from hypothesis import settings

# Derandomized: CI and a learner's machine draw the same examples, so a failure reproduces.
settings.register_profile("course", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("course")
