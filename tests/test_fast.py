"""corr2d_fast and corr2d_matmul against corr2d, scipy and torch.nn.functional.conv2d."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from scipy.signal import correlate2d

from helpers import corr2d, corr2d_fast, corr2d_matmul

FAST = [corr2d_fast, corr2d_matmul]
SHAPES = [  # (input height, width), (kernel height, width)
    ((5, 7), (1, 1)),       # 1x1 kernel: a scaling
    ((4, 6), (4, 6)),       # kernel as large as the input: one output
    ((6, 8), (1, 2)),       # the edge kernel's shape
    ((9, 5), (3, 2)),       # rectangular both
    ((1, 10), (1, 4)),      # a single row
    ((12, 11), (5, 3)),
    ((16, 16), (7, 7)),
]


def pair(xshape, kshape, dtype=torch.float64, seed=0):
    g = torch.Generator().manual_seed(seed)
    return (torch.randn(xshape, generator=g, dtype=dtype),
            torch.randn(kshape, generator=g, dtype=dtype))


@pytest.mark.parametrize("fn", FAST)
@pytest.mark.parametrize("xshape,kshape", SHAPES)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_equals_corr2d_and_scipy(fn, xshape, kshape, dtype):
    X, K = pair(xshape, kshape, dtype)
    Y = fn(X, K)
    assert Y.dtype == dtype
    tol = 1e-5 if dtype == torch.float32 else 1e-12
    torch.testing.assert_close(Y, corr2d(X, K), rtol=tol, atol=tol)
    expected = correlate2d(X.numpy(), K.numpy(), mode="valid")
    np.testing.assert_allclose(Y.numpy(), expected, rtol=tol, atol=tol)


@pytest.mark.parametrize("fn", FAST)
@pytest.mark.parametrize("batch", [(3,), (2, 3)])
def test_batched_input_matches_conv2d(fn, batch):
    X, K = pair(batch + (7, 9), (3, 2))
    expected = F.conv2d(X.reshape(-1, 1, 7, 9), K[None, None]).reshape(batch + (5, 8))
    torch.testing.assert_close(fn(X, K), expected)


@pytest.mark.parametrize("fn", FAST)
def test_integer_inputs_stay_integers(fn):
    X = torch.arange(9).reshape(3, 3)
    K = torch.tensor([[0, 1], [2, 3]])
    Y = fn(X, K)
    assert Y.dtype == torch.int64
    assert torch.equal(Y, torch.tensor([[19, 25], [37, 43]]))


@pytest.mark.parametrize("fn", FAST)
def test_mixed_dtypes_promote_like_torch(fn):
    X, K = pair((5, 5), (2, 2), torch.float32)
    assert fn(X, K.double()).dtype == torch.float64


@pytest.mark.parametrize("fn", FAST)
@pytest.mark.parametrize("xshape,kshape", [((6, 7), (2, 3)), ((2, 5, 5), (3, 3)), ((4, 4), (4, 4))])
def test_gradients_match_conv2d(fn, xshape, kshape):
    X, K = pair(xshape, kshape)
    G = torch.randn(xshape[:-2] + (xshape[-2] - kshape[0] + 1, xshape[-1] - kshape[1] + 1),
                    dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    X1, K1 = X.clone().requires_grad_(), K.clone().requires_grad_()
    X2, K2 = X.clone().requires_grad_(), K.clone().requires_grad_()
    (fn(X1, K1) * G).sum().backward()
    batch = X2.reshape((-1, 1) + xshape[-2:])
    (F.conv2d(batch, K2[None, None]).reshape(G.shape) * G).sum().backward()
    torch.testing.assert_close(X1.grad, X2.grad)
    torch.testing.assert_close(K1.grad, K2.grad)


@pytest.mark.parametrize("fn", FAST)
@pytest.mark.parametrize("xshape,kshape", [((5, 6), (2, 3)), ((2, 4, 4), (1, 1)), ((3, 3), (3, 3))])
def test_gradcheck(fn, xshape, kshape):
    X, K = pair(xshape, kshape)
    assert torch.autograd.gradcheck(fn, (X.requires_grad_(), K.requires_grad_()))


def test_gradient_only_for_the_kernel():
    X, K = pair((6, 6), (3, 3))
    K.requires_grad_()
    corr2d_fast(X, K).sum().backward()
    torch.testing.assert_close(K.grad, corr2d(X, torch.ones(4, 4, dtype=X.dtype)))


@pytest.mark.parametrize("fn", FAST)
def test_does_not_modify_its_inputs(fn):
    X, K = pair((6, 6), (2, 2))
    X0, K0 = X.clone(), K.clone()
    fn(X, K)
    assert torch.equal(X, X0) and torch.equal(K, K0)


@pytest.mark.parametrize("fn", FAST)
@pytest.mark.parametrize("X,K,error,match", [
    ([[1.0, 2.0]], torch.ones(1, 1), TypeError, "X must be a torch.Tensor, got list"),
    (torch.ones(3, 3), np.ones((2, 2)), TypeError, "K must be a torch.Tensor, got ndarray"),
    (torch.ones(3), torch.ones(1, 1), ValueError, r"got shape \(3,\)"),
    (torch.ones(3, 3), torch.ones(2, 2, 1), ValueError, r"K must be 2-D .* got shape \(2, 2, 1\)"),
    (torch.ones(0, 3), torch.ones(1, 1), ValueError, r"must not be empty.*\(0, 3\)"),
    (torch.ones(3, 3), torch.ones(2, 4), ValueError, r"\(2, 4\) is larger .* \(3, 3\)"),
])
def test_bad_input_is_refused_with_the_shapes(fn, X, K, error, match):
    with pytest.raises(error, match=match):
        fn(X, K)
