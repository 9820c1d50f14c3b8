"""Checks of notebooks 17 and 18: right answers pass, characteristic wrong ones fail, with hints."""

import numpy as np
import pytest
import torch

from helpers import lenet5, shift
from helpers.exercises import EMPTY, RIGHT, WRONG, check_lenet_flat_size, check_shift_period


@pytest.mark.parametrize("answer", [576, 16 * 6 * 6, 576.0, np.int64(576),
                                    torch.tensor(576)])
def test_lenet_flat_size_right(answer, capsys):
    assert check_lenet_flat_size(answer)
    assert capsys.readouterr().out.startswith(RIGHT)


@pytest.mark.parametrize("answer", [4, 2 * 2, 4.0, np.int64(4)])
def test_shift_period_right(answer, capsys):
    assert check_shift_period(answer)
    assert capsys.readouterr().out.startswith(RIGHT)


def test_the_right_answers_are_what_the_networks_do():
    """576 is the flatten layer's size for a 32x32 image (400 for a 28x28 digit), and 4 pixels
    move LeNet's last maps by one cell."""
    X = torch.zeros(1, 1, 44, 44, dtype=torch.float64)
    X[0, 0, 10:30, 15:25] = torch.rand(20, 10, generator=torch.Generator().manual_seed(0))
    torch.manual_seed(0)
    net = lenet5()
    assert net[:7](torch.zeros(1, 1, 28, 28, dtype=torch.float64)).shape[1] == 400
    assert net[:7](torch.zeros(1, 1, 32, 32, dtype=torch.float64)).shape[1] == 576
    with torch.no_grad():
        still = net[:6](X)
        moved = {d: net[:6](shift(X, d, 0)) for d in range(1, 5)}
    whole_cell = [d for d, Y in moved.items()
                  if torch.allclose(Y[..., 1:], still[..., :-1], atol=1e-12)]
    assert whole_cell == [4]


WRONG_ANSWERS = [
    (check_lenet_flat_size, 400, "grows with the input"),  # 28x28's size, read off notebook 13
    (check_lenet_flat_size, 16 * 8 * 8, "only the first convolution is padded"),
    (check_lenet_flat_size, 16 * 12 * 12, "second pooling"),  # forgot the second pooling
    (check_lenet_flat_size, 16 * 14 * 14, "first pooling"),  # forgot the first pooling
    (check_lenet_flat_size, 16 * 28 * 28, "each of the two poolings"),  # forgot both
    (check_lenet_flat_size, 6 * 6 * 6, "second convolution's channels"),  # the first's channels
    (check_lenet_flat_size, 6 * 6, "multiply by their number"),  # forgot the channels
    (check_lenet_flat_size, 120, "its input"),  # the dense layer's output
    (check_lenet_flat_size, 32 * 32, "the 32x32 input's own pixels"),  # the input, 1024 too
    (check_lenet_flat_size, 577, "layer by layer"),  # anything else
    (check_lenet_flat_size, (16, 6, 6), "give one number"),
    (check_lenet_flat_size, "576", "quotes"),
    (check_lenet_flat_size, 576.5, "whole number"),
    (check_lenet_flat_size, float("inf"), "finite"),
    (check_lenet_flat_size, True, "give a number"),
    (check_shift_period, 1, "whole multiples of its stride"),  # the convolutions' stride
    (check_shift_period, 2, "second pooling has a stride of 2 too"),  # one pooling only
    (check_shift_period, 5, "not its step"),  # the size of the maps
    (check_shift_period, 8, "two poolings, not three"),  # 2 ** 3
    (check_shift_period, 16, "receptive field"),  # notebook 16's answer
    (check_shift_period, 3, "multiply the strides"),  # anything else
    (check_shift_period, [4], "give one number"),
    (check_shift_period, 4.5, "whole number"),
]


@pytest.mark.parametrize("check,answer,hint", WRONG_ANSWERS,
                         ids=[f"{c.__name__}-{a!r}" for c, a, _ in WRONG_ANSWERS])
def test_a_characteristic_wrong_answer_gets_its_hint(check, answer, hint, capsys):
    assert not check(answer)
    out = capsys.readouterr().out
    assert out.startswith(WRONG) and hint in out
    if type(answer) is int:  # the hint does not give the answer away
        assert str(LENET_ANSWERS[check]) not in out.replace(str(answer), "")


LENET_ANSWERS = {check_lenet_flat_size: 576, check_shift_period: 4}


@pytest.mark.parametrize("check", [check_lenet_flat_size, check_shift_period])
def test_no_answer_yet(check, capsys):
    assert not check(None)
    assert capsys.readouterr().out.startswith(EMPTY)


def test_checks_return_a_verdict_that_shows_nothing(capsys):
    verdict = check_shift_period(4)
    assert verdict and hasattr(verdict, "_ipython_display_")
    assert not check_lenet_flat_size(575)
