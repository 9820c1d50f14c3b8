"""The argument checks of helpers.checks: the shared rules, every helper using the one rule,
and each public call checked once (helpers.boundary), the code inside calling pure functions."""

import sys

import numpy as np
import pytest
import torch

import helpers
from helpers import Conv2D, box_blur, diagonal_image, photo
from helpers.checks import int_pair, real_number, require_tensor, whole_number

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


def _checks_run(call):
    """Return the names of the checks ``helpers.boundary`` runs during ``call()``."""
    run = []

    def profile(frame, event, arg):
        caller = frame.f_back
        if event == "call" and caller is not None and caller.f_code.co_name == "checked_function" \
                and frame.f_code.co_filename == CHECKS:
            run.append(frame.f_code.co_name)

    sys.setprofile(profile)
    try:
        call()
    finally:
        sys.setprofile(None)
    return run


def _backward():
    X = torch.rand(6, 6, dtype=torch.float64, requires_grad=True)
    helpers.corr2d_fast(X, torch.rand(3, 3, dtype=torch.float64)).sum().backward()


CHECKS = helpers.checks.__file__
X4 = torch.rand(2, 3, 8, 8)
LAYERS = [helpers.BatchConv2D(3, 4, 3, padding=1), helpers.Pool2D(2), helpers.Conv2D((2, 2))]
ONE_CHECK = [  # public calls whose code inside calls other public functions' pure versions
    lambda: helpers.corr2d(torch.rand(5, 5), torch.rand(2, 2)),
    _backward,
    lambda: helpers.conv2d_image(X4[0], torch.rand(4, 3, 3, 3), torch.rand(4), 2, 1),
    lambda: helpers.corr2d_multi_in_out(X4[0], torch.rand(4, 3, 3, 3)),
    lambda: helpers.conv2d_batch(X4, torch.rand(4, 3, 3, 3), torch.rand(4), 1, 1),
    lambda: LAYERS[0](X4),  # a layer's forward pass: a public call of its own
    lambda: LAYERS[1](X4),
    lambda: LAYERS[2](torch.rand(5, 5)),
    lambda: helpers.BatchConv2D(3, 4, 3, padding=1),
    lambda: helpers.FoldBackwardConv2D(3, 4, 3, padding=1),  # its own check, then its parent's: 2
    lambda: helpers.conv_cost(3, 4, 3, 8),
    lambda: helpers.max_pool2d_backward(torch.rand(4, 4), torch.rand(2, 2), 2),
    lambda: helpers.receptive_field(8, [3, 3], (0, 0)),
    lambda: helpers.corr2d_dilated(torch.rand(9, 9), torch.rand(3, 3), 2),
]


@pytest.mark.parametrize("call", ONE_CHECK)
def test_a_public_call_runs_its_check_once(call):
    run = _checks_run(call)
    assert len(run) == 1 or run == ["require_stride_one", "require_conv_layer_args"], run


def test_the_shown_function_is_the_pure_one():
    import inspect

    from helpers.taught import nb01_cross_correlation as core

    assert inspect.unwrap(helpers.corr2d) is core.corr2d
    assert helpers.corr2d is not core.corr2d  # the public name runs the check first
    with pytest.raises(TypeError, match="X must be a torch.Tensor"):
        helpers.corr2d([[1.0]], torch.ones(1, 1))
