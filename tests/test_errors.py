"""Bad input gets a clear error that names what is wrong: the type, or the shapes received."""

import numpy as np
import pytest
import torch

from helpers import Conv2D, corr2d, corr2d_fast, corr2d_matmul

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

