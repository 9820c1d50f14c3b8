"""corr2d_fast and corr2d_matmul against corr2d, scipy and torch.nn.functional.conv2d.

``corr2d_fast`` computes small inputs with one matrix multiplication and large ones by
shift-and-add; the ``path`` fixture runs a test once through each, by moving the
threshold ``helpers.taught.nb10_fast.SMALL``.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from scipy.signal import correlate2d

import helpers.taught.nb10_fast
from helpers import (
    corr2d,
    corr2d_batched,
    corr2d_fast,
    corr2d_input_grad,
    corr2d_kernel_grad,
    corr2d_matmul,
)
from helpers.taught.nb10_fast import shift_and_add, window_matmul, window_matrix

from references import random_pair

FAST = [corr2d_fast, corr2d_matmul]
SHAPES = [  # (input height, width), (kernel height, width)
    ((5, 7), (1, 1)),       # 1x1 kernel: a scaling
    ((4, 6), (4, 6)),       # kernel as large as the input: one output
    ((1, 1), (1, 1)),       # the smallest input
    ((6, 8), (1, 2)),       # the edge kernel's shape
    ((9, 5), (3, 2)),       # rectangular both
    ((5, 9), (2, 4)),       # wide input, wide kernel
    ((1, 10), (1, 4)),      # a single row
    ((10, 1), (3, 1)),      # a single column
    ((12, 11), (5, 3)),
    ((16, 16), (7, 7)),
]


def conv2d_reference(X, K):
    """F.conv2d on every (H, W) image of X, as (N, 1, H, W), reshaped back."""
    out = F.conv2d(X.reshape((-1, 1) + X.shape[-2:]), K[None, None])
    return out.reshape(X.shape[:-2] + out.shape[-2:])


@pytest.fixture(params=["matrix", "shift-and-add"])
def path(request, monkeypatch):
    """Make corr2d_fast take one path for every input: the matrix view or shift-and-add."""
    small = 2**62 if request.param == "matrix" else -1
    monkeypatch.setattr(helpers.taught.nb10_fast, "SMALL", small)
    return request.param


@pytest.mark.parametrize("fn", FAST)
@pytest.mark.parametrize("xshape,kshape", SHAPES)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_equals_corr2d_and_scipy(path, fn, xshape, kshape, dtype):
    X, K = random_pair(xshape, kshape, dtype)
    Y = fn(X, K)
    assert Y.dtype == dtype
    assert Y.shape == (xshape[0] - kshape[0] + 1, xshape[1] - kshape[1] + 1)
    tol = 1e-5 if dtype == torch.float32 else 1e-12
    torch.testing.assert_close(Y, corr2d(X, K), rtol=tol, atol=tol)
    expected = correlate2d(X.numpy(), K.numpy(), mode="valid")
    np.testing.assert_allclose(Y.numpy(), expected, rtol=tol, atol=tol)


def test_the_books_example(path):
    X = torch.arange(9.0).reshape(3, 3)
    K = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
    for fn in FAST:
        assert torch.equal(fn(X, K), torch.tensor([[19.0, 25.0], [37.0, 43.0]]))


@pytest.mark.parametrize("fn", FAST)
@pytest.mark.parametrize("batch", [(3,), (2, 3)])  # (B, H, W) and (B, C, H, W)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_batched_input_equals_corr2d_and_conv2d(path, fn, batch, dtype):
    X, K = random_pair(batch + (7, 9), (3, 2), dtype)
    Y = fn(X, K)
    assert Y.shape == batch + (5, 8) and Y.dtype == dtype
    torch.testing.assert_close(Y, corr2d_batched(X, K))
    torch.testing.assert_close(Y, conv2d_reference(X, K))
    for index in np.ndindex(*batch):  # each image on its own
        torch.testing.assert_close(Y[index], corr2d(X[index], K))


@pytest.mark.parametrize("xshape,kshape", [((200, 190), (5, 3)), ((2, 3, 70, 80), (3, 3))])
def test_large_inputs_take_shift_and_add_and_agree(xshape, kshape):
    X, K = random_pair(xshape, kshape, torch.float32)
    out_elements = np.prod(xshape[:-2] + (xshape[-2] - kshape[0] + 1, xshape[-1] - kshape[1] + 1))
    assert out_elements * K.numel() > helpers.taught.nb10_fast.SMALL  # the shift-and-add path
    torch.testing.assert_close(corr2d_fast(X, K), conv2d_reference(X, K), rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(corr2d_matmul(X, K), conv2d_reference(X, K), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("fn", FAST)
def test_integer_inputs_stay_integers(path, fn):
    X = torch.arange(9).reshape(3, 3)
    K = torch.tensor([[0, 1], [2, 3]])
    Y = fn(X, K)
    assert Y.dtype == torch.int64
    assert torch.equal(Y, torch.tensor([[19, 25], [37, 43]]))


@pytest.mark.parametrize("fn", FAST)
def test_mixed_dtypes_promote_like_torch(fn):
    X, K = random_pair((5, 5), (2, 2), torch.float32)
    assert fn(X, K.double()).dtype == torch.float64
    assert fn(X.double(), K).dtype == torch.float64


@pytest.mark.parametrize("fn", FAST)
@pytest.mark.parametrize("xshape,kshape", [
    ((6, 7), (2, 3)), ((2, 5, 5), (3, 3)), ((2, 2, 6, 5), (2, 2)), ((4, 4), (4, 4)),
    ((5, 5), (1, 1)),
])
def test_gradients_match_conv2d(path, fn, xshape, kshape):
    X, K = random_pair(xshape, kshape)
    out_shape = xshape[:-2] + (xshape[-2] - kshape[0] + 1, xshape[-1] - kshape[1] + 1)
    G = torch.randn(out_shape, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    X1, K1 = X.clone().requires_grad_(), K.clone().requires_grad_()
    X2, K2 = X.clone().requires_grad_(), K.clone().requires_grad_()
    (fn(X1, K1) * G).sum().backward()
    (conv2d_reference(X2, K2) * G).sum().backward()
    torch.testing.assert_close(X1.grad, X2.grad)
    torch.testing.assert_close(K1.grad, K2.grad)


def test_gradients_match_conv2d_on_a_large_float32_input():
    X, K = random_pair((2, 150, 160), (3, 3), torch.float32)
    X1, K1 = X.clone().requires_grad_(), K.clone().requires_grad_()
    X2, K2 = X.clone().requires_grad_(), K.clone().requires_grad_()
    corr2d_fast(X1, K1).square().sum().backward()
    conv2d_reference(X2, K2).square().sum().backward()
    torch.testing.assert_close(X1.grad, X2.grad, rtol=1e-4, atol=1e-4)
    torch.testing.assert_close(K1.grad, K2.grad, rtol=1e-4, atol=1e-2)


@pytest.mark.parametrize("fn", FAST)
@pytest.mark.parametrize("xshape,kshape", [
    ((5, 6), (2, 3)), ((2, 4, 4), (1, 1)), ((3, 3), (3, 3)), ((2, 1, 4, 5), (2, 2)),
])
def test_gradcheck(path, fn, xshape, kshape):
    X, K = random_pair(xshape, kshape)
    assert torch.autograd.gradcheck(fn, (X.requires_grad_(), K.requires_grad_()))


@pytest.mark.parametrize("wrt", ["X", "K"])
def test_gradient_for_one_input_only(path, wrt):
    X, K = random_pair((6, 6), (3, 3))
    (X if wrt == "X" else K).requires_grad_()
    corr2d_fast(X, K).sum().backward()
    if wrt == "K":  # dY/dK[a, b] summed over outputs: the sum of the shifted view X[a:, b:]
        torch.testing.assert_close(K.grad, corr2d(X, torch.ones(4, 4, dtype=X.dtype)))
        assert X.grad is None
    else:  # dY/dX[p, q] summed: the kernel entries whose window covers (p, q)
        padded_ones = F.pad(torch.ones(4, 4, dtype=X.dtype), (2, 2, 2, 2))
        torch.testing.assert_close(X.grad, corr2d(padded_ones, K.flip(0, 1)))
        assert K.grad is None


@pytest.mark.parametrize("fn", FAST)
def test_does_not_modify_its_inputs(path, fn):
    X, K = random_pair((6, 6), (2, 2))
    X0, K0 = X.clone(), K.clone()
    fn(X, K)
    assert torch.equal(X, X0) and torch.equal(K, K0)


@pytest.mark.parametrize("fn", FAST)
def test_non_contiguous_input(path, fn):
    X, K = random_pair((9, 8), (3, 2))
    Xt = X.t()  # a transposed view: not contiguous
    assert not Xt.is_contiguous()
    torch.testing.assert_close(fn(Xt, K), corr2d(Xt, K))


def test_window_matrix_rows_are_the_shifted_views():
    X = torch.arange(12.0).reshape(3, 4)
    M = window_matrix(X, 2, 3)
    assert M.shape == (6, 2 * 2)  # (kernel entries, output positions)
    for a in range(2):
        for b in range(3):
            assert torch.equal(M[a * 3 + b], X[a:a + 2, b:b + 2].reshape(-1))
    assert torch.equal(M[:, 1], X[0:2, 1:4].reshape(-1))  # column = window at output (0, 1)


@pytest.mark.parametrize("dtype", [torch.int8, torch.int16, torch.int32, torch.uint8])
@pytest.mark.parametrize("fn", [corr2d_fast, corr2d_matmul])
def test_integer_dtypes_agree_with_the_loop(path, fn, dtype):
    X = torch.arange(20, dtype=dtype).reshape(4, 5) % 7
    K = torch.tensor([[1, 0], [2, 1]], dtype=dtype)
    Y = fn(X, K)
    assert Y.dtype == dtype
    assert torch.equal(Y, corr2d(X, K))
    assert torch.equal(Y.long(), torch.from_numpy(correlate2d(X.long().numpy(), K.long().numpy(),
                                                             mode="valid")))


# complex tensors: the gradient PyTorch defines is the conjugate Wirtinger one, so
# dY/dX uses conj(K) and dY/dK uses conj(X); F.conv2d and autograd through the loop agree.

def complex_pair(xshape, kshape, seed=0):
    return random_pair(xshape, kshape, torch.complex128, seed)


def test_complex_gradient_of_the_repro():
    X = torch.arange(12.0, dtype=torch.float64).reshape(3, 4).to(torch.complex128)
    X.requires_grad_()
    corr2d_fast(X, torch.tensor([[1j]])).real.sum().backward()
    torch.testing.assert_close(X.grad, torch.full((3, 4), -1j, dtype=torch.complex128))


@pytest.mark.parametrize("fn", FAST)
@pytest.mark.parametrize("xshape,kshape", [((5, 6), (2, 3)), ((2, 4, 4), (3, 3)), ((3, 3), (1, 1))])
def test_complex_gradcheck(path, fn, xshape, kshape):
    X, K = complex_pair(xshape, kshape)
    assert torch.autograd.gradcheck(fn, (X.requires_grad_(), K.requires_grad_()))


@pytest.mark.parametrize("fn", FAST)
def test_complex_values_and_gradients_match_conv2d(path, fn):
    X, K = complex_pair((2, 6, 5), (2, 3))
    G = complex_pair((2, 5, 3), (1, 1), seed=1)[0]
    X1, K1 = X.clone().requires_grad_(), K.clone().requires_grad_()
    X2, K2 = X.clone().requires_grad_(), K.clone().requires_grad_()
    Y1, Y2 = fn(X1, K1), conv2d_reference(X2, K2)
    torch.testing.assert_close(Y1, Y2)
    (Y1 * G).real.sum().backward()
    (Y2 * G).real.sum().backward()
    torch.testing.assert_close(X1.grad, X2.grad)
    torch.testing.assert_close(K1.grad, K2.grad)


# the backward pass as two public functions, the ones corr2d_fast's autograd uses

@pytest.mark.parametrize("xshape,kshape", [((6, 7), (2, 3)), ((2, 5, 5), (3, 3)), ((4, 4), (4, 4)),
                                           ((2, 3, 6, 5), (1, 2))])
@pytest.mark.parametrize("dtype", [torch.float64, torch.complex128])
def test_backward_functions_match_autograd_through_conv2d(path, xshape, kshape, dtype):
    X, K = random_pair(xshape, kshape, dtype)
    out_shape = xshape[:-2] + (xshape[-2] - kshape[0] + 1, xshape[-1] - kshape[1] + 1)
    grad_Y = torch.randn(out_shape, dtype=dtype, generator=torch.Generator().manual_seed(2))
    X.requires_grad_()
    K.requires_grad_()
    conv2d_reference(X, K).backward(grad_Y)  # autograd's vector-Jacobian product
    torch.testing.assert_close(corr2d_input_grad(grad_Y, K.detach()), X.grad)
    torch.testing.assert_close(corr2d_kernel_grad(X.detach(), grad_Y), K.grad)


def test_backward_functions_are_cross_correlations():
    # by hand on the seed's example: one output gradient of 1 at Y[0, 1]
    X = torch.arange(9.0).reshape(3, 3)
    K = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
    grad_Y = torch.tensor([[0.0, 1.0], [0.0, 0.0]])
    # Y[0, 1] = X[0:2, 1:3] * K: its input gradient is K placed there, its kernel gradient
    # is that window of X
    expected_X = torch.tensor([[0.0, 0.0, 1.0], [0.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    torch.testing.assert_close(corr2d_input_grad(grad_Y, K), expected_X)
    torch.testing.assert_close(corr2d_kernel_grad(X, grad_Y), X[0:2, 1:3])


def test_second_derivatives(path):
    X, K = random_pair((2, 5, 6), (2, 3))
    assert torch.autograd.gradgradcheck(corr2d_fast, (X.requires_grad_(), K.requires_grad_()))


def test_shift_and_add_and_window_matmul_agree_with_scipy():
    X, K = random_pair((7, 9), (3, 2))
    expected = correlate2d(X.numpy(), K.numpy(), mode="valid")
    np.testing.assert_allclose(shift_and_add(X, K).numpy(), expected, rtol=1e-12)
    np.testing.assert_allclose(window_matmul(X, K).numpy(), expected, rtol=1e-12)
