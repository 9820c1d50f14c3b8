"""How the exercise tests read a check's verdict, shared by the test modules."""

from helpers.exercises.answers import EMPTY, RIGHT, WRONG, Verdict


def verdict(capsys, result, expected, *hints):
    """Assert the check returned ``expected`` and printed the right verdict and every hint."""
    out = capsys.readouterr().out
    assert isinstance(result, (bool, Verdict)) and bool(result) is expected, out
    if expected:
        assert RIGHT in out and WRONG not in out and EMPTY not in out, out
    else:  # a part may be right, but at least one says what is wrong or missing
        assert WRONG in out or EMPTY in out, out
    for hint in hints:
        assert hint in out, out
    return out
