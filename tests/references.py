"""Test inputs and hand-derived references shared by the test modules."""

import torch
from scipy.signal import correlate2d


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
