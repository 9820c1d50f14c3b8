"""2D cross-correlation, read as a loop, and the convolutional layer built on it."""

from collections.abc import Callable

import torch
from torch import Tensor, nn

from helpers.sizes import Size, pair


def corr2d(X: Tensor, K: Tensor) -> Tensor:
    """Return the 2D cross-correlation of ``X`` with kernel ``K``.

    ``X`` has shape ``(..., n_h, n_w)`` and ``K`` has shape ``(k_h, k_w)``; the
    result has shape ``(..., n_h - k_h + 1, n_w - k_w + 1)``: each output element
    is the sum of the window of ``X`` under ``K``, multiplied elementwise by ``K``.
    """
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

    def __init__(
        self,
        kernel_size: Size,
        corr: Callable[[Tensor, Tensor], Tensor] = corr2d,
    ) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.rand(pair(kernel_size)))
        self.bias = nn.Parameter(torch.zeros(1))
        self.corr = corr

    def forward(self, x: Tensor) -> Tensor:
        return self.corr(x, self.weight) + self.bias
