"""Bad input gets a clear error that names what is wrong: the type, or the shapes received."""

import numpy as np
import pytest
import torch

import helpers
from helpers import (
    Conv2D,
    corr2d,
    corr2d_fast,
    corr2d_input_grad,
    corr2d_kernel_grad,
    corr2d_matmul,
    occlusion,
    random_shift,
    saliency,
    stripes,
)

CORRELATIONS = [corr2d, corr2d_fast, corr2d_matmul]

BAD_PAIRS = [  # (X, K, exception, pattern the message must match)
    ([[1.0, 2.0], [3.0, 4.0]], torch.ones(1, 1), TypeError, r"X must be a torch\.Tensor, got list"),
    (np.ones((3, 3)), torch.ones(1, 1), TypeError, r"X must be a torch\.Tensor, got ndarray"),
    (torch.ones(3, 3), [[1.0]], TypeError, r"K must be a torch\.Tensor, got list"),
    (torch.ones(3, 3), 2.0, TypeError, r"K must be a torch\.Tensor, got float"),
    (torch.ones(5), torch.ones(1, 1), ValueError, r"X must have at least 2 dimensions.*\(5,\)"),
    (torch.tensor(1.0), torch.ones(1, 1), ValueError, r"at least 2 dimensions.*shape \(\)"),
    (torch.ones(3, 3), torch.ones(2), ValueError, r"K must be 2-D .*got shape \(2,\)"),
    (torch.ones(3, 3), torch.ones(1, 2, 2), ValueError, r"K must be 2-D .*got shape \(1, 2, 2\)"),
    (torch.ones(0, 4), torch.ones(1, 1), ValueError, r"must not be empty.*X of shape \(0, 4\)"),
    (torch.ones(2, 0, 4), torch.ones(1, 1), ValueError, r"must not be empty.*\(2, 0, 4\)"),
    (torch.ones(3, 3), torch.ones(0, 2), ValueError, r"must not be empty.*K of shape \(0, 2\)"),
    (torch.ones(3, 3), torch.ones(4, 4), ValueError, r"\(4, 4\) is larger .*\(3, 3\)"),
    (torch.ones(6, 8), torch.ones(1, 9), ValueError, r"\(1, 9\) is larger .*\(6, 8\)"),
    (torch.ones(2, 5, 3), torch.ones(2, 4), ValueError, r"\(2, 4\) is larger .*\(5, 3\)"),
    (torch.ones(3, 3), torch.ones(2, 2, device="meta"), ValueError,
     r"X is on cpu but K is on meta"),
    # element types the matrix multiplication and in-place addition lack: one message for all
    (torch.ones(3, 3, dtype=torch.bool), torch.ones(2, 2, dtype=torch.bool), TypeError,
     r"X has dtype torch\.bool, which the course's cross-correlations do not support"),
    (torch.ones(3, 3), torch.ones(2, 2, dtype=torch.bool), TypeError,
     r"K has dtype torch\.bool, which .* not support; use a float, .* e\.g\. K\.float\(\)"),
    (torch.ones(3, 3, dtype=torch.uint16), torch.ones(2, 2, dtype=torch.uint16), TypeError,
     r"X has dtype torch\.uint16, which"),
    (torch.ones(3, 3, dtype=torch.uint32), torch.ones(2, 2), TypeError,
     r"X has dtype torch\.uint32, which"),
    (torch.ones(3, 3), torch.ones(2, 2, dtype=torch.uint64), TypeError,
     r"K has dtype torch\.uint64, which"),
]


@pytest.mark.parametrize("fn", CORRELATIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("X,K,error,match", BAD_PAIRS)
def test_correlations_refuse_bad_input(fn, X, K, error, match):
    with pytest.raises(error, match=match):
        fn(X, K)


@pytest.mark.parametrize("kernel_size,error,match", [
    ((2, 2, 2), TypeError, r"kernel_size must be an int or a pair of ints.*\(2, 2, 2\)"),
    ("3", TypeError, r"kernel_size must be an int or a pair of ints.*'3'"),
    ((2.0, 2), TypeError, r"pair of ints.*\(2\.0, 2\)"),
    (True, TypeError, r"kernel_size must be an int or a pair of ints \(height, width\), got True"),
    ((0, 2), ValueError, r"kernel_size must be positive, got \(0, 2\)"),
    (-1, ValueError, r"kernel_size must be positive, got \(-1, -1\)"),
])
def test_conv2d_refuses_bad_kernel_size(kernel_size, error, match):
    with pytest.raises(error, match=match):
        Conv2D(kernel_size)


def test_conv2d_refuses_a_corr_that_is_not_a_function():
    with pytest.raises(TypeError, match="corr must be a function like corr2d, got str"):
        Conv2D((2, 2), corr="corr2d")


@pytest.mark.parametrize("x,error,match", [
    (torch.ones(8), ValueError, r"at least 2 dimensions.*\(8,\)"),
    (torch.ones(2, 2), ValueError, r"\(3, 3\) is larger .*\(2, 2\)"),
    ([[1.0] * 4] * 4, TypeError, r"X must be a torch\.Tensor, got list"),
])
def test_conv2d_refuses_bad_input(x, error, match):
    layer = Conv2D((3, 3))
    with pytest.raises(error, match=match):
        layer(x)



GRADIENT_CALLS = [  # (call, exception, pattern): the backward pass's two cross-correlations
    (lambda: corr2d_input_grad([[1.0, 2.0]], torch.ones(2, 2)), TypeError,
     r"grad_Y must be a torch\.Tensor, got list"),
    (lambda: corr2d_input_grad(torch.ones(3), torch.ones(2, 2)), ValueError,
     r"grad_Y must have at least 2 dimensions \(\.\.\., height, width\), got shape \(3,\)"),
    (lambda: corr2d_input_grad(torch.ones(3, 3), [[1.0]]), TypeError,
     r"K must be a torch\.Tensor, got list"),
    (lambda: corr2d_input_grad(torch.ones(3, 3), torch.ones(2)), ValueError,
     r"K must be 2-D \(height, width\), got shape \(2,\)"),
    (lambda: corr2d_input_grad(torch.ones(0, 3), torch.ones(2, 2)), ValueError,
     r"grad_Y and K must not be empty, got grad_Y of shape \(0, 3\) and K of shape \(2, 2\)"),
    (lambda: corr2d_input_grad(torch.ones(3, 3, dtype=torch.bool), torch.ones(2, 2)), TypeError,
     r"grad_Y has dtype torch\.bool, which"),
    (lambda: corr2d_input_grad(torch.ones(3, 3), torch.ones(2, 2, device="meta")), ValueError,
     r"grad_Y is on cpu but K is on meta"),
    (lambda: corr2d_kernel_grad([[1.0, 2.0]], torch.ones(2, 2)), TypeError,
     r"X must be a torch\.Tensor, got list"),
    (lambda: corr2d_kernel_grad(torch.ones(3, 3), [1.0, 2.0]), TypeError,
     r"grad_Y must be a torch\.Tensor, got list"),
    (lambda: corr2d_kernel_grad(torch.ones(3, 3), torch.ones(2)), ValueError,
     r"grad_Y must have at least 2 dimensions \(\.\.\., height, width\), got shape \(2,\)"),
    (lambda: corr2d_kernel_grad(torch.ones(3), torch.ones(1, 1)), ValueError,
     r"X must have at least 2 dimensions \(\.\.\., height, width\), got shape \(3,\)"),
    (lambda: corr2d_kernel_grad(torch.ones(3, 3), torch.ones(4, 2)), ValueError,
     r"grad_Y of shape \(4, 2\) is larger than X's height x width \(3, 3\)"),
    (lambda: corr2d_kernel_grad(torch.ones(2, 3, 3), torch.ones(3, 2, 2)), ValueError,
     r"grad_Y must have X's leading dimensions \(2,\), got shape \(3, 2, 2\)"),
    (lambda: corr2d_kernel_grad(torch.ones(3, 3), torch.ones(0, 2)), ValueError,
     r"X and grad_Y must not be empty, got X of shape \(3, 3\) and grad_Y of shape \(0, 2\)"),
    (lambda: corr2d_kernel_grad(torch.ones(3, 3, dtype=torch.uint16), torch.ones(2, 2)),
     TypeError, r"X has dtype torch\.uint16, which"),
]


@pytest.mark.parametrize("call,error,match", GRADIENT_CALLS)
def test_the_gradient_functions_refuse_bad_input_with_one_message(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.mark.parametrize("x_dtype,g_dtype", [(torch.float64, torch.float32),
                                             (torch.float32, torch.float64),
                                             (torch.int64, torch.float64)])
def test_the_gradient_functions_promote_mixed_dtypes_as_autograd_would(x_dtype, g_dtype):
    g = torch.Generator().manual_seed(0)
    X = torch.randint(-3, 4, (5, 6), generator=g).to(x_dtype)
    K = torch.randint(-3, 4, (2, 3), generator=g).to(x_dtype)
    grad_Y = torch.randint(-3, 4, (4, 4), generator=g).to(g_dtype)
    X64, K64 = X.double().requires_grad_(), K.double().requires_grad_()
    Y = torch.nn.functional.conv2d(X64[None, None], K64[None, None])
    Y.backward(grad_Y.double()[None, None])
    dtype = torch.promote_types(x_dtype, g_dtype)
    assert corr2d_input_grad(grad_Y, K).dtype == dtype
    assert corr2d_kernel_grad(X, grad_Y).dtype == dtype
    assert torch.equal(corr2d_input_grad(grad_Y, K).double(), X64.grad)
    assert torch.equal(corr2d_kernel_grad(X, grad_Y).double(), K64.grad)


def _net():
    from helpers import lenet5

    torch.manual_seed(0)
    return lenet5()  # float64 parameters


MORE_CALLS = [  # public functions that gave an AttributeError or a RuntimeError deep inside
    (lambda: stripes(6, -1), ValueError, r"width must be positive, got -1"),
    (lambda: stripes(6, 8, (5, 2)), ValueError,
     r"dark must be columns \(first, stop\) with first <= stop <= width = 8, got \(5, 2\)"),
    (lambda: random_shift([[1.0]], 2), TypeError, r"X must be a torch\.Tensor, got list"),
    (lambda: random_shift(torch.ones(28, 28), 2), ValueError,
     r"X must be 4-D \(batch, channels, height, width\), got shape \(28, 28\)"),
    (lambda: random_shift(torch.ones(1, 1, 4, 4), 1.5), TypeError,
     r"max_shift must be an integer, got float 1\.5"),
    (lambda: random_shift(torch.ones(1, 1, 4, 4), 1, 0), TypeError,
     r"generator must be a torch\.Generator or None, got int"),
    (lambda: saliency(_net(), [[1.0]], torch.zeros(1, dtype=torch.long)), TypeError,
     r"X must be a torch\.Tensor, got list"),
    (lambda: saliency(_net(), torch.ones(1, 1, 28, 28), torch.zeros(1, dtype=torch.long)),
     TypeError, r"X has dtype torch\.float32 but net's parameters are torch\.float64"),
    (lambda: saliency(_net(), torch.ones(1, 1, 28, 28, dtype=torch.long), torch.zeros(1)),
     TypeError, r"X must hold floating-point numbers, got dtype torch\.int64"),
    (lambda: saliency(_net(), torch.ones(2, 1, 28, 28).double(), [1, 2]), TypeError,
     r"labels must be a torch\.Tensor, got list"),
    (lambda: saliency(_net(), torch.ones(2, 1, 28, 28).double(), torch.zeros(3).long()),
     ValueError, r"labels must be an int64 tensor of one class per image, shape \(2,\), "
     r"got torch\.int64 of shape \(3,\)"),
    (lambda: saliency("lenet", torch.ones(2, 1, 28, 28).double(), torch.zeros(2).long()),
     TypeError, r"net must be a torch\.nn\.Module, got str"),
    (lambda: occlusion(_net(), torch.ones(28, 28).double(), 3), ValueError,
     r"x must be 3-D \(1, height, width\), one image, got shape \(28, 28\)"),
    (lambda: occlusion(_net(), torch.ones(1, 28, 28).double(), 3, patch=0), ValueError,
     r"patch must be positive, got 0"),
    (lambda: occlusion(_net(), torch.ones(1, 28, 28).double(), 3, fill=float("nan")),
     ValueError, r"fill must be finite, got nan"),
]


@pytest.mark.parametrize("call,error,match", MORE_CALLS)
def test_more_public_functions_refuse_bad_input_with_one_message(call, error, match):
    with pytest.raises(error, match=match):
        call()


def _digit_net():
    from helpers import digit_net

    torch.manual_seed(0)
    return digit_net()  # float64 parameters


UTILITY_CALLS = [  # the helpers around the networks gave AttributeError or torch's TypeError
    (lambda: helpers.fold([[1.0]], (4, 4), 2), TypeError, r"columns must be a torch\.Tensor"),
    (lambda: helpers.fold(torch.ones(1, 4, 8), (4, 4), 2), ValueError,
     r"columns of shape \(1, 4, 8\) do not fit padded_size \(4, 4\) and kernel_size \(2, 2\): "
     r"they need 9 columns"),
    (lambda: helpers.shift([[1.0]], 1, 0), TypeError, r"X must be a torch\.Tensor, got list"),
    (lambda: helpers.shift(torch.ones(1, 4, 4), 1.5, 0), TypeError,
     r"d_x must be an integer, got float 1\.5"),
    (lambda: helpers.shift_right(torch.ones(4), 1), ValueError,
     r"X must have at least 2 dimensions \(\.\.\., height, width\), got shape \(4,\)"),
    (lambda: helpers.most_similar([[1.0]], {}), TypeError, r"kernel must be a torch\.Tensor"),
    (lambda: helpers.most_similar(torch.ones(3, 3), [torch.ones(3, 3)]), TypeError,
     r"designed must be a non-empty dict \(name -> kernel\), got list"),
    (lambda: helpers.most_similar(torch.ones(3, 3), {"box": torch.ones(5, 5)}), ValueError,
     r"designed\['box'\] has shape \(5, 5\), the kernel \(3, 3\)"),
    (lambda: helpers.accuracy(_digit_net(), [[1.0]], torch.zeros(1)), TypeError,
     r"X must be a torch\.Tensor, got list"),
    (lambda: helpers.accuracy(_digit_net(), torch.ones(2, 1, 8, 8, dtype=torch.long),
                              torch.zeros(2)), TypeError,
     r"X has dtype torch\.int64 but net's parameters are torch\.float64"),
    (lambda: helpers.predict("net", torch.ones(2, 1, 8, 8)), TypeError,
     r"net must be a torch\.nn\.Module, got str"),
    (lambda: helpers.count_parameters([1, 2]), TypeError, r"net must be a torch\.nn\.Module"),
    (lambda: helpers.shift_accuracy(_net(), torch.ones(2, 1, 28, 28).double(), torch.zeros(2),
                                    [0], direction="z"), ValueError,
     r"direction must be 'x' or 'y', got 'z'"),
    (lambda: helpers.activation_table([1], (1, 8, 8)), TypeError,
     r"net must be a torch\.nn\.Sequential, got list"),
    (lambda: helpers.activation_table(_digit_net(), (8, 8)), TypeError,
     r"input_shape must be \(channels, height, width\), got \(8, 8\)"),
    (lambda: helpers.saved_for_backward(_digit_net(), [[1.0]]), TypeError,
     r"x must be a torch\.Tensor, got list"),
    (lambda: helpers.human_bytes(torch.ones(3)), TypeError, r"n must be a number, got Tensor"),
    (lambda: helpers.human_bytes(-1), ValueError, r"n must be at least 0, got -1"),
    (lambda: helpers.receptive_field_sizes(torch.ones(3)), TypeError,
     r"layers must be a list of \(k, s\) pairs, got Tensor"),
    (lambda: helpers.receptive_field_sizes([3]), TypeError,
     r"layers\[0\] must be a pair \(k, s\), got 3"),
    (lambda: helpers.median_ms([1]), TypeError, r"fn must be a function of no arguments, got list"),
    (lambda: helpers.methods(torch.ones(2, 8, 8), torch.ones(3, 3)), ValueError,
     r"X must be one image \(height, width\), got shape \(2, 8, 8\)"),
    (lambda: helpers.digit_split(torch.ones(3)), TypeError,
     r"test_fraction must be a number, got Tensor"),
    (lambda: helpers.dense_net([78]), TypeError, r"hidden must be an integer, got list"),
    (lambda: helpers.lenet5_gap("same"), TypeError, r"padding must be an integer, got str"),
]


@pytest.mark.parametrize("call,error,match", UTILITY_CALLS)
def test_the_networks_helpers_refuse_bad_input_with_one_message(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.mark.parametrize("kernel_size", [2, (2, 2), [2, 3]])
def test_the_window_matrix_and_fold_take_an_int_or_a_pair_as_unfold_and_fold_do(kernel_size):
    X = torch.randn(2, 3, 5, 6, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    columns = helpers.batch_window_matrix(X, kernel_size)
    torch.testing.assert_close(columns, torch.nn.functional.unfold(X, kernel_size))
    torch.testing.assert_close(helpers.fold(columns, (5, 6), kernel_size),
                               torch.nn.functional.fold(columns, (5, 6), kernel_size))
