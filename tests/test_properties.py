"""Properties over random shapes and values, checked against independent references.

Shapes are drawn so that 1x1 kernels, kernels as large as the input and rectangular
inputs and kernels all occur; values are finite floats of moderate size.
"""

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.signal import correlate2d

from helpers import Conv2D, corr2d, corr2d_batched, corr2d_fast, corr2d_matmul

DTYPES = {"float32": (np.float32, 1e-4), "float64": (np.float64, 1e-10)}
ELEMENTS = st.floats(-10, 10, allow_nan=False, allow_infinity=False, width=32)


@st.composite
def problems(draw, max_side=10):
    """Draw (X, K, dtype name): an input of 1..max_side per side and a kernel that fits in it."""
    dtype = draw(st.sampled_from(sorted(DTYPES)))
    h, w = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    kh, kw = draw(st.integers(1, h)), draw(st.integers(1, w))
    np_dtype = DTYPES[dtype][0]
    X = draw(arrays(np_dtype, (h, w), elements=ELEMENTS))
    K = draw(arrays(np_dtype, (kh, kw), elements=ELEMENTS))
    return torch.from_numpy(X), torch.from_numpy(K), dtype


@settings(max_examples=300)
@given(problems())
def test_every_correlation_matches_scipy(problem):
    X, K, dtype = problem
    expected = correlate2d(X.double().numpy(), K.double().numpy(), mode="valid")
    tol = DTYPES[dtype][1]
    for fn in (corr2d, corr2d_fast, corr2d_matmul):
        Y = fn(X, K)
        assert Y.dtype == X.dtype, fn.__name__
        assert Y.shape == (X.shape[0] - K.shape[0] + 1, X.shape[1] - K.shape[1] + 1)
        scale = 1 + np.abs(X.double().numpy()).max() * np.abs(K.double().numpy()).sum()
        np.testing.assert_allclose(Y.double().numpy(), expected, rtol=0, atol=tol * scale,
                                   err_msg=fn.__name__)


@settings(max_examples=150)
@given(problems(max_side=8), st.integers(0, 2**31 - 1))
def test_conv2d_value_and_gradient_match_functional_conv2d(problem, seed):
    X, K, _ = problem
    X, K = X.double(), K.double()
    layer = Conv2D(tuple(K.shape)).double()
    with torch.no_grad():
        layer.weight.copy_(K)
        layer.bias.fill_(torch.randn(1, generator=torch.Generator().manual_seed(seed)).item())
    weight = K.clone().requires_grad_()
    bias = layer.bias.detach().clone().requires_grad_()
    x1, x2 = X.clone().requires_grad_(), X.clone().requires_grad_()

    Y = layer(x1)
    Y_ref = F.conv2d(x2[None, None], weight[None, None], bias)[0, 0]
    torch.testing.assert_close(Y, Y_ref)

    G = torch.randn(Y.shape, dtype=torch.float64, generator=torch.Generator().manual_seed(seed))
    (Y * G).sum().backward()
    (Y_ref * G).sum().backward()
    torch.testing.assert_close(layer.weight.grad, weight.grad)
    torch.testing.assert_close(layer.bias.grad, bias.grad)
    torch.testing.assert_close(x1.grad, x2.grad)


@settings(max_examples=40)
@given(problems(max_side=6))
def test_gradcheck_in_float64(problem):
    X, K, _ = problem
    X, K = X.double() / 10, K.double() / 10
    for fn in (corr2d, corr2d_fast, corr2d_matmul):
        assert torch.autograd.gradcheck(
            fn, (X.clone().requires_grad_(), K.clone().requires_grad_())), fn.__name__


@settings(max_examples=100)
@given(problems(max_side=8), st.integers(1, 3), st.integers(1, 3))
def test_batched_input_is_each_image_on_its_own(problem, b1, b2):
    X, K, _ = problem
    gen = torch.Generator().manual_seed(b1 * 10 + b2)
    batch = torch.randn((b1, b2) + tuple(X.shape), generator=gen, dtype=X.dtype)
    for fn in (corr2d_fast, corr2d_matmul, corr2d_batched):
        out = fn(batch, K)
        for i in range(b1):
            for j in range(b2):
                torch.testing.assert_close(out[i, j], corr2d(batch[i, j], K))
