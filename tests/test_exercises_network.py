"""Checks of notebooks 15 and 16: right answers pass, characteristic wrong ones fail, with hints."""

import pytest

from helpers import receptive_field_sizes
from helpers.exercises import EMPTY, RIGHT, WRONG, check_flat_size, check_receptive_field


@pytest.mark.parametrize("answer", [64, 16 * 2 * 2, 64.0])
def test_flat_size_right(answer, capsys):
    assert check_flat_size(answer)
    assert capsys.readouterr().out.startswith(RIGHT)


def test_receptive_field_right_is_the_rule(capsys):
    assert receptive_field_sizes([(5, 1), (2, 2), (5, 1), (2, 2)])[-1] == 16
    assert check_receptive_field(16)
    assert capsys.readouterr().out.startswith(RIGHT)
    # the course's own helper never passes for the answer
    assert not check_receptive_field(receptive_field_sizes([(5, 1), (2, 2), (5, 1), (2, 2)])[-1])
    assert "receptive_field_sizes" in capsys.readouterr().out


WRONG_ANSWERS = [
    (check_flat_size, 16 * 8 * 8, "each 2x2 max pool halves"),  # forgot both poolings
    (check_flat_size, 16 * 4 * 4, "two pooling layers"),  # forgot one pooling
    (check_flat_size, 2 * 2, "multiply by their number"),  # forgot the channels
    (check_flat_size, 8 * 2 * 2, "second convolution's channels"),  # the first layer's channels
    (check_flat_size, 16 * 1 * 1, "above AND below"),  # padding counted once, as a total
    (check_flat_size, 0, "only the pooling layers shrink it"),  # forgot the padding
    (check_flat_size, 65, "layer by layer"),  # anything else
    (check_flat_size, (16, 2, 2), "give one number"),  # the shape, not flattened
    (check_flat_size, "64", "quotes"),
    (check_flat_size, float("nan"), "finite"),
    (check_flat_size, True, "give a number"),
    (check_receptive_field, 1 + 4 + 1 + 4 + 1, "stride-1 rule"),  # strides ignored
    # each layer's own stride included:
    (check_receptive_field, 1 + 4 * 1 + 1 * 2 + 4 * 2 + 1 * 4, "BEFORE it"),
    (check_receptive_field, 1 + 5 + 2 + 10 + 4, "not k"),  # k instead of k - 1
    (check_receptive_field, 1 + 4 + 4 * 2, "pooling layers count too"),  # the pools left out
    # the pools and their strides left out:
    (check_receptive_field, 1 + 4 + 4, "pooling layers count too"),
    (check_receptive_field, 10, "start from 1"),
    (check_receptive_field, 16.5, "whole number"),
    (check_receptive_field, [16], "give one number"),
]


@pytest.mark.parametrize("check,answer,hint", WRONG_ANSWERS,
                         ids=[f"{c.__name__}-{a!r}" for c, a, _ in WRONG_ANSWERS])
def test_a_characteristic_wrong_answer_gets_its_hint(check, answer, hint, capsys):
    assert not check(answer)
    out = capsys.readouterr().out
    assert out.startswith(WRONG) and hint in out


@pytest.mark.parametrize("check", [check_flat_size, check_receptive_field])
def test_no_answer_yet(check, capsys):
    assert not check(None)
    assert capsys.readouterr().out.startswith(EMPTY)
