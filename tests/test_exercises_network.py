"""Checks of notebooks 15 and 16: right answers pass, characteristic wrong ones fail, with hints."""

import pytest

from helpers.exercises import EMPTY, RIGHT, WRONG
from helpers.exercises_network import check_flat_size, check_receptive_field
from helpers.inside import receptive_field_sizes


@pytest.mark.parametrize("answer", [64, 16 * 2 * 2, 64.0])
def test_flat_size_right(answer, capsys):
    assert check_flat_size(answer) is True
    assert capsys.readouterr().out.startswith(RIGHT)


@pytest.mark.parametrize("answer,hint", [
    (16 * 8 * 8, "each 2x2 max pool halves"),  # forgot both poolings
    (16 * 4 * 4, "two pooling layers"),  # forgot one pooling
    (2 * 2, "multiply by their number"),  # forgot the channels
    (8 * 2 * 2, "second convolution's channels"),  # the first layer's channels
    (16 * 1 * 1, "above AND below"),  # padding counted once, as a total
    (0, "only the pooling layers shrink it"),  # forgot the padding
    (65, "layer by layer"),  # anything else
    ((16, 2, 2), "not the shape"),  # the shape, not flattened
    ("64", "whole number"),
    (float("nan"), "whole number"),
    (True, "whole number"),
])
def test_flat_size_wrong(answer, hint, capsys):
    assert check_flat_size(answer) is False
    out = capsys.readouterr().out
    assert out.startswith(WRONG) and hint in out


def test_flat_size_empty(capsys):
    assert check_flat_size(None) is False
    assert capsys.readouterr().out.startswith(EMPTY)


def test_receptive_field_right_is_the_rule(capsys):
    right = receptive_field_sizes([(5, 1), (2, 2), (5, 1), (2, 2)])[-1]
    assert check_receptive_field(right) is True
    assert capsys.readouterr().out.startswith(RIGHT)


@pytest.mark.parametrize("answer,hint", [
    (1 + 4 + 1 + 4 + 1, "stride-1 rule"),  # strides ignored
    (1 + 4 * 1 + 1 * 2 + 4 * 2 + 1 * 4, "BEFORE it"),  # each layer's own stride included
    (1 + 5 + 2 + 10 + 4, "not k"),  # k instead of k - 1
    (1 + 4 + 4 * 2, "pooling layers count too"),  # the pools left out
    (1 + 4 + 4, "pooling layers count too"),  # the pools and their strides left out
    (10, "start from 1"),
    (16.5, "whole number"),
    ([16], "not the shape"),
])
def test_receptive_field_wrong(answer, hint, capsys):
    assert check_receptive_field(answer) is False
    out = capsys.readouterr().out
    assert out.startswith(WRONG) and hint in out


def test_receptive_field_empty(capsys):
    assert check_receptive_field(None) is False
    assert capsys.readouterr().out.startswith(EMPTY)
