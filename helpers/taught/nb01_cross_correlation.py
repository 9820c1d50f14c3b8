"""2D cross-correlation, read as a loop, and the convolutional layer built on it."""

from collections.abc import Callable

import torch
from torch import Tensor, nn

from helpers.sizes import Size, pair


# Shown in notebook 1, Cross-correlation: the operation inside a convolutional layer.
def corr2d(X: Tensor, K: Tensor) -> Tensor:
    """Return the 2D cross-correlation of an image ``X`` (n_h, n_w) with a kernel ``K`` (k_h, k_w).

    Each output element is the sum of the window of ``X`` under ``K``, multiplied
    elementwise by ``K``: the result has shape ``(n_h - k_h + 1, n_w - k_w + 1)`` and the
    dtype of ``X`` and ``K`` combined (``torch.result_type``). It is d2l's ``corr2d``.
    """
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1), dtype=torch.result_type(X, K))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + h, j:j + w] * K).sum()
    return Y


# First used in notebook 10, Fast cross-correlation, and what it costs.
def corr2d_batched(X: Tensor, K: Tensor) -> Tensor:
    """Return ``corr2d`` of every image of ``X`` (..., n_h, n_w) with ``K``, one loop for all.

    The leading dimensions (a batch, channels) stay: the result has shape
    ``(..., n_h - k_h + 1, n_w - k_w + 1)``, and on a 2-D ``X`` it equals ``corr2d(X, K)``.
    """
    h, w = K.shape
    out_h, out_w = X.shape[-2] - h + 1, X.shape[-1] - w + 1
    Y = torch.zeros(X.shape[:-2] + (out_h, out_w), dtype=torch.result_type(X, K), device=X.device)
    for i in range(out_h):  # output row
        for j in range(out_w):  # output column
            Y[..., i, j] = (X[..., i:i + h, j:j + w] * K).sum(dim=(-2, -1))
    return Y


# Shown in notebook 2, A convolutional layer from scratch.
class Conv2D(nn.Module):
    """A single-channel convolutional layer: ``corr2d(x, weight) + bias``.

    ``weight`` has shape ``kernel_size`` and starts uniform in [0, 1); ``bias``
    has shape ``(1,)`` and starts at zero. ``forward`` takes ``(..., H, W)``.
    ``corr`` computes the cross-correlation: the loop ``corr2d_batched`` (``corr2d`` for
    a batch of images) unless another function with the same result is given
    (``corr2d_fast`` for large images).
    """

    def __init__(
        self,
        kernel_size: Size,
        corr: Callable[[Tensor, Tensor], Tensor] = corr2d_batched,
    ) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.rand(pair(kernel_size)))
        self.bias = nn.Parameter(torch.zeros(1))
        self.corr = corr

    def forward(self, x: Tensor) -> Tensor:
        return self.corr(x, self.weight) + self.bias
