"""The checks of notebooks 12-14: right answers pass, characteristic wrong ones fail with a hint."""

import pytest
import torch

from helpers.exercises_layers import RIGHT, WRONG, check_pooling_prediction


def verdicts(capsys):
    return capsys.readouterr().out


@pytest.mark.parametrize("shape,gradient", [((3, 3), 4), ([3, 3], 4.0), (torch.Size([3, 3]),
                                                                        torch.tensor(4.0))])
def test_pooling_prediction_right(capsys, shape, gradient):
    assert check_pooling_prediction(shape, gradient) is True
    out = verdicts(capsys)
    assert out.count(RIGHT) == 2 and WRONG not in out


@pytest.mark.parametrize("shape,gradient,hint", [
    ((4, 4), 4, "rounded down, not up"),  # a rounding slip: the ceiling
    ((6, 6), 4, "that is stride 1"),  # the window sliding one cell at a time
    ((2, 2), 4, "the default stride"),  # the stride taken to be the window
    ((3, 3), 1, "they add up"),  # the overlap bug: one window's gradient only
    ((3, 3), 9, "not all 9 windows"),  # every window
    ((3, 3), 4 / 9, "how an average shares it"),  # another method: average pooling
    ((3, 3), 0, "wins every window"),
    ((3, 3), 2, "count the 3x3 windows"),
])
def test_pooling_prediction_wrong(capsys, shape, gradient, hint):
    assert check_pooling_prediction(shape, gradient) is False
    out = verdicts(capsys)
    assert WRONG in out and hint in out


@pytest.mark.parametrize("shape,gradient,message", [
    (None, None, "Not answered yet"), ((3, 3), None, "Not answered yet"),
    ("3x3", 4, "whole numbers"), ((3, 3, 1), 4, "give 2 numbers"), ((3, 3), "four", "a number"),
])
def test_pooling_prediction_never_raises_on_a_malformed_answer(capsys, shape, gradient, message):
    assert check_pooling_prediction(shape, gradient) is False
    assert message in verdicts(capsys)
