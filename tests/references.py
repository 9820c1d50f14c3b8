"""Test inputs and hand-derived references shared by the test modules."""

import torch
from scipy.signal import correlate2d
from torch import nn

from helpers import stripes

# The kernel the book's run happened to start from: from it, its loop prints
# "batch 2, loss 11.863" ... "batch 10, loss 0.102".
BOOK_START = [[-0.6106, 0.0178]]


def random_pair(xshape, kshape, dtype=torch.float64, seed=0):
    """Return an input of shape ``xshape`` and a kernel of shape ``kshape``, standard normal.

    The same ``seed`` gives the same pair on every machine.
    """
    g = torch.Generator().manual_seed(seed)
    return (torch.randn(xshape, generator=g, dtype=dtype),
            torch.randn(kshape, generator=g, dtype=dtype))


def reference_descent(w0, X, Y, steps, lr):
    """Gradient descent on sum((corr(X, w) - Y)^2), its gradient derived by hand, with SciPy.

    ``w0``, ``X`` and ``Y`` are 2-D tensors. Returns ``(weights, losses)``: the kernel
    after each of the ``steps`` updates (float64) and the loss before each one.
    """
    w = w0.clone().double()
    Xn, Yn = X.double().numpy(), Y.double().numpy()
    weights, losses = [], []
    for _ in range(steps):
        R = correlate2d(Xn, w.numpy(), mode="valid") - Yn
        losses.append(float((R ** 2).sum()))
        w = w - lr * torch.from_numpy(2 * correlate2d(Xn, R, mode="valid"))  # d loss / d w
        weights.append(w)
    return weights, losses


def edge_problem(start=BOOK_START):
    """Return ``(conv, X, Y)``: the seed's problem of learning the edge kernel [[1, -1]].

    ``X`` is the 6x8 stripes image and ``Y`` its edge map (computed with SciPy), both
    shaped (batch, channels, height, width) = (1, 1, ., .); ``conv`` is a bias-free
    ``nn.Conv2d`` with a 1x2 kernel whose weights start at ``start``.
    """
    X = stripes()
    Y = torch.from_numpy(correlate2d(X.numpy(), [[1.0, -1.0]], mode="valid")).float()
    conv = nn.Conv2d(1, 1, kernel_size=(1, 2), bias=False)
    with torch.no_grad():
        conv.weight.copy_(torch.tensor(start).reshape(1, 1, 1, 2))
    return conv, X.reshape(1, 1, 6, 8), Y.reshape(1, 1, 6, 7)
