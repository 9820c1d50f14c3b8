"""The shared argument checks of helpers.validation, and that every helper uses the one rule."""

import numpy as np
import pytest
import torch

from helpers import Conv2D, box_blur, diagonal_image, photo
from helpers.validation import int_pair, real_number, require_tensor, whole_number

INTEGERS = [3, np.int64(3), np.int32(3), np.uint8(3), torch.tensor(3)]


@pytest.mark.parametrize("value", INTEGERS, ids=lambda v: type(v).__name__)
def test_whole_number_accepts_python_numpy_and_torch_integers(value):
    n = whole_number("size", value, 1)
    assert n == 3 and type(n) is int


@pytest.mark.parametrize("value, message", [
    (True, "size must be an integer, got bool True"),
    (3.0, "size must be an integer, got float 3.0"),
    (np.float64(3.0), "size must be an integer, got float64 3.0"),
    ("3", "size must be an integer, got str '3'"),
    (torch.tensor(3.0), "size must be an integer, got Tensor tensor(3.)"),
    (None, "size must be an integer, got NoneType None"),
])
def test_whole_number_refuses_non_integers_with_type_error(value, message):
    with pytest.raises(TypeError) as err:
        whole_number("size", value, 1)
    assert str(err.value) == message


@pytest.mark.parametrize("value, smallest, message", [
    (0, 1, "size must be positive, got 0"),
    (np.int64(-2), 0, "size must be at least 0, got -2"),
    (1, 2, "size must be at least 2, got 1"),
])
def test_whole_number_refuses_small_values_with_value_error(value, smallest, message):
    with pytest.raises(ValueError) as err:
        whole_number("size", value, smallest)
    assert str(err.value) == message


def test_int_pair():
    assert int_pair("stride", np.int64(2), 1) == (2, 2)
    assert int_pair("padding", [0, np.int32(1)], 0) == (0, 1)
    with pytest.raises(TypeError, match=r"stride must be an int or a pair of ints .*got 2\.0"):
        int_pair("stride", 2.0, 1)
    with pytest.raises(TypeError, match=r"stride must be an int or a pair .*got \(1, 2, 3\)"):
        int_pair("stride", (1, 2, 3), 1)
    with pytest.raises(TypeError, match=r"stride must be an int or a pair .*got \(1, 2\.0\)"):
        int_pair("stride", (1, 2.0), 1)
    with pytest.raises(ValueError, match=r"padding must be at least 0, got \(-1, 0\)"):
        int_pair("padding", (-1, 0), 0)


def test_real_number():
    assert real_number("dx", np.float32(0.5)) == 0.5
    assert real_number("dx", 2) == 2.0
    with pytest.raises(TypeError, match="dx must be a number, got bool True"):
        real_number("dx", True)
    with pytest.raises(ValueError, match="dx must be finite, got nan"):
        real_number("dx", float("nan"))


def test_require_tensor():
    require_tensor("X", torch.ones(1))
    with pytest.raises(TypeError, match="X must be a torch.Tensor, got ndarray"):
        require_tensor("X", np.ones(1))


def test_every_size_argument_takes_the_same_integers():
    # photo refused np.int64 while Conv2D accepted it: one rule now, for all of them
    assert photo(np.int64(16)).shape == (16, 16)
    assert diagonal_image(np.int64(4)).shape == (4, 4)
    assert box_blur(np.int64(3)).shape == (3, 3)
    assert Conv2D(np.int64(3)).weight.shape == (3, 3)
    for make in (photo, diagonal_image, box_blur, Conv2D):
        with pytest.raises(TypeError, match="must be an int"):
            make(3.0)
