"""corr2d, Conv2D and the data against independent references.

References: the book's own ``d2l.corr2d``, ``torch.nn.functional.conv2d`` and
``scipy.signal.correlate2d``; none of them shares code with ``helpers``.
"""

import ast
import inspect
import textwrap

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from scipy.signal import correlate2d
from torch import nn

from helpers import Conv2D, corr2d, corr2d_batched, corr2d_fast, edge_kernel, stripes

from references import random_pair

SHAPES = [  # (input height, width), (kernel height, width)
    ((3, 3), (2, 2)),
    ((6, 8), (1, 2)),
    ((8, 6), (2, 1)),
    ((5, 7), (1, 1)),
    ((4, 4), (4, 4)),
    ((7, 5), (3, 2)),
    ((1, 9), (1, 3)),
]


def test_worked_example_from_the_book():
    X = torch.tensor([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]])
    K = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
    assert torch.equal(corr2d(X, K), torch.tensor([[19.0, 25.0], [37.0, 43.0]]))


@pytest.fixture(scope="module")
def d2l():
    """The book's package, imported when a test needs it: it also imports torchvision, which
    costs seconds to every process that only collects these tests."""
    from d2l import torch as d2l

    return d2l


@pytest.mark.parametrize("xshape,kshape", SHAPES)
def test_corr2d_matches_d2l(d2l, xshape, kshape):
    X, K = random_pair(xshape, kshape, torch.float32)
    assert torch.equal(corr2d(X, K), d2l.corr2d(X, K))  # the same loop: the same bits


def test_corr2d_is_d2l_loop_with_one_line_for_the_dtype(d2l):
    """The corr2d a learner reads first is d2l's: the same statements, one by one."""
    ours, book = (ast.parse(textwrap.dedent(inspect.getsource(inspect.unwrap(f)))).body[0]
                  for f in (corr2d, d2l.corr2d))
    body = [ast.dump(s) for s in ours.body[1:]]  # the docstring left out
    assert len(body) == len(book.body) - 1
    assert "result_type" in ast.unparse(ours.body[2])  # the one plain line for the dtype


@pytest.mark.parametrize("dtype", [torch.int64, torch.int32, torch.complex128, torch.float64])
def test_corr2d_keeps_exact_results_in_every_dtype(dtype):
    g = torch.Generator().manual_seed(0)
    X = torch.randint(-9, 10, (6, 7), generator=g).to(dtype)
    K = torch.randint(-9, 10, (3, 2), generator=g).to(dtype)
    if dtype.is_complex:
        X, K = X + 1j * X.flip(0), K - 2j * K
    expected = F.conv2d(X[None, None].to(torch.complex128), K[None, None].to(torch.complex128))
    Y = corr2d(X, K)
    assert Y.dtype == dtype and torch.equal(Y.to(torch.complex128), expected[0, 0])
    assert torch.equal(corr2d_batched(X, K), Y)


def test_corr2d_of_mixed_dtypes_takes_their_result_type():
    X = torch.arange(12).reshape(3, 4)  # int64
    K = torch.tensor([[0.5, -1.0]], dtype=torch.float64)
    Y = corr2d(X, K)
    assert Y.dtype == torch.float64
    assert torch.equal(Y, F.conv2d(X.double()[None, None], K[None, None])[0, 0])


def test_corr2d_takes_one_image_and_names_the_batched_version():
    with pytest.raises(ValueError, match=r"X must be one image .*\(2, 5, 5\); corr2d_batched"):
        corr2d(torch.ones(2, 5, 5), torch.ones(2, 2))


@pytest.mark.parametrize("xshape,kshape", SHAPES)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_corr2d_matches_scipy(xshape, kshape, dtype):
    X, K = random_pair(xshape, kshape, dtype)
    Y = corr2d(X, K)
    assert Y.dtype == dtype
    expected = correlate2d(X.numpy(), K.numpy(), mode="valid")
    np.testing.assert_allclose(Y.numpy(), expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("xshape,kshape", SHAPES)
def test_corr2d_matches_conv2d(xshape, kshape):
    X, K = random_pair(xshape, kshape, torch.float64)
    expected = F.conv2d(X[None, None], K[None, None])[0, 0]
    torch.testing.assert_close(corr2d(X, K), expected)


def test_corr2d_batched_input_matches_conv2d():
    X, K = random_pair((2, 3, 6, 5), (2, 3), torch.float64)
    expected = F.conv2d(X.reshape(6, 1, 6, 5), K[None, None]).reshape(2, 3, 5, 3)
    torch.testing.assert_close(corr2d_batched(X, K), expected)
    for i in range(2):  # each image on its own: the 2-D loop
        for j in range(3):
            torch.testing.assert_close(corr2d(X[i, j], K), expected[i, j])


def test_corr2d_gradients_match_conv2d():
    X, K = random_pair((5, 6), (2, 3), torch.float64)
    X1, K1 = X.clone().requires_grad_(), K.clone().requires_grad_()
    X2, K2 = X.clone().requires_grad_(), K.clone().requires_grad_()
    G = torch.randn(4, 4, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    (corr2d(X1, K1) * G).sum().backward()
    (F.conv2d(X2[None, None], K2[None, None])[0, 0] * G).sum().backward()
    torch.testing.assert_close(X1.grad, X2.grad)
    torch.testing.assert_close(K1.grad, K2.grad)


def test_corr2d_gradcheck():
    X, K = random_pair((4, 5), (2, 2), torch.float64)
    assert torch.autograd.gradcheck(corr2d, (X.requires_grad_(), K.requires_grad_()))


def test_edge_detection_on_stripes():
    X = stripes()
    assert X.shape == (6, 8)
    Y = corr2d(X, edge_kernel())
    expected = correlate2d(X.numpy(), np.array([[1.0, -1.0]]), mode="valid")
    np.testing.assert_array_equal(Y.numpy(), expected)
    assert Y.shape == (6, 7)
    assert (Y[:, 1] == 1).all() and (Y[:, 5] == -1).all()
    assert (corr2d(X.t(), edge_kernel()) == 0).all()


@pytest.mark.parametrize("corr", [corr2d, corr2d_fast])
@pytest.mark.parametrize("kernel_size", [(2, 2), (1, 2), (3, 1), 2])
def test_conv2d_matches_torch_conv2d_in_value_and_gradient(kernel_size, corr):
    torch.manual_seed(0)
    layer = Conv2D(kernel_size, corr=corr)
    kh, kw = layer.weight.shape
    ref = nn.Conv2d(1, 1, kernel_size=(kh, kw)).double()
    layer = layer.double()
    with torch.no_grad():
        ref.weight.copy_(layer.weight.reshape(1, 1, kh, kw))
        ref.bias.copy_(layer.bias)
    X = torch.randn(5, 6, dtype=torch.float64)
    G = torch.randn(5 - kh + 1, 6 - kw + 1, dtype=torch.float64)
    Y, Y_ref = layer(X), ref(X[None, None])[0, 0]
    torch.testing.assert_close(Y, Y_ref)
    (Y * G).sum().backward()
    (Y_ref * G).sum().backward()
    torch.testing.assert_close(layer.weight.grad, ref.weight.grad.reshape(kh, kw))
    torch.testing.assert_close(layer.bias.grad, ref.bias.grad)


def test_conv2d_parameters():
    layer = Conv2D((2, 3))
    assert dict((n, tuple(p.shape)) for n, p in layer.named_parameters()) == {
        "weight": (2, 3), "bias": (1,)}
    assert torch.equal(layer.bias.data, torch.zeros(1))

