"""2D cross-correlation, read as a loop, and the convolutional layer built on it."""

import numbers

import torch
from torch import nn


def require_tensor(name, t):
    """Raise ``TypeError`` naming ``name`` unless ``t`` is a ``torch.Tensor``; return nothing."""
    if not isinstance(t, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(t).__name__}")


def int_pair(name, value, smallest):
    """Return ``value``, an int or a pair of ints each at least ``smallest``, as a pair.

    Raises ``TypeError`` for anything else, ``ValueError`` for a number below ``smallest``;
    both messages name ``name`` and the value received.
    """
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = (value, value)
    if (not isinstance(value, (tuple, list)) or len(value) != 2
            or not all(isinstance(v, numbers.Integral) and not isinstance(v, bool)
                       for v in value)):
        raise TypeError(f"{name} must be an int or a pair of ints (height, width), got {value!r}")
    if min(value) < smallest:
        bound = "positive" if smallest == 1 else f"at least {smallest}"
        raise ValueError(f"{name} must be {bound}, got {tuple(value)}")
    return int(value[0]), int(value[1])


def check_input(X, K):
    """Check that ``X`` (..., H, W) and kernel ``K`` (h, w) can be cross-correlated.

    Returns nothing; raises ``TypeError`` or ``ValueError`` with a message naming
    the shapes it got.
    """
    require_tensor("X", X)
    require_tensor("K", K)
    if K.dim() != 2:
        raise ValueError(f"K must be 2-D (height, width), got shape {tuple(K.shape)}")
    if X.dim() < 2:
        raise ValueError(
            f"X must have at least 2 dimensions (..., height, width), got shape {tuple(X.shape)}"
        )
    if X.numel() == 0 or K.numel() == 0:
        raise ValueError(
            f"X and K must not be empty, got X of shape {tuple(X.shape)} "
            f"and K of shape {tuple(K.shape)}"
        )
    if K.shape[0] > X.shape[-2] or K.shape[1] > X.shape[-1]:
        raise ValueError(
            f"kernel of shape {tuple(K.shape)} is larger than the input's "
            f"height x width {tuple(X.shape[-2:])} (X has shape {tuple(X.shape)})"
        )
    if X.device != K.device:
        raise ValueError(f"X is on {X.device} but K is on {K.device}; move both to one device")


def corr2d(X, K):
    """Return the 2D cross-correlation of ``X`` with kernel ``K``.

    ``X`` has shape ``(..., n_h, n_w)`` and ``K`` has shape ``(k_h, k_w)``; the
    result has shape ``(..., n_h - k_h + 1, n_w - k_w + 1)``: each output element
    is the sum of the window of ``X`` under ``K``, multiplied elementwise by ``K``.
    """
    check_input(X, K)
    h, w = K.shape
    out_h, out_w = X.shape[-2] - h + 1, X.shape[-1] - w + 1
    dtype = torch.result_type(X, K)
    Y = torch.zeros(X.shape[:-2] + (out_h, out_w), dtype=dtype, device=X.device)
    for i in range(out_h):  # output row
        for j in range(out_w):  # output column
            Y[..., i, j] = (X[..., i:i + h, j:j + w] * K).sum(dim=(-2, -1))
    return Y


class Conv2D(nn.Module):
    """A single-channel convolutional layer: ``corr2d(x, weight) + bias``.

    ``weight`` has shape ``kernel_size`` and starts uniform in [0, 1); ``bias``
    has shape ``(1,)`` and starts at zero. ``forward`` takes ``(..., H, W)``.
    ``corr`` computes the cross-correlation: the loop ``corr2d`` unless another
    function with the same result is given (``corr2d_fast`` for large images).
    """

    def __init__(self, kernel_size, corr=corr2d):
        super().__init__()
        if not callable(corr):
            raise TypeError(f"corr must be a function like corr2d, got {type(corr).__name__}")
        self.weight = nn.Parameter(torch.rand(int_pair("kernel_size", kernel_size, 1)))
        self.bias = nn.Parameter(torch.zeros(1))
        self.corr = corr

    def forward(self, x):
        return self.corr(x, self.weight) + self.bias
