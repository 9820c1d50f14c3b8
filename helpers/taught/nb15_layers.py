"""Layers of our own for a whole network: a batched multi-channel convolution and pooling.

``conv2d_batch`` computes what ``torch.nn.functional.conv2d`` computes for a batch of
images, with notebook 10's window matrix (im2col), extended to channels and strides,
and one matrix multiplication;
``BatchConv2D`` and ``Pool2D`` wrap it and ``pool2d_fast`` as ``nn.Module``s with
the parameter names of ``nn.Conv2d``, so a network of ours and one of ``torch.nn`` can
share their weights through ``state_dict``.
"""

import math

import torch
from torch import Tensor, nn

from helpers.sizes import Size, output_size, pair
from helpers.taught.nb10_fast import shifted_view_grid
from helpers.taught.nb11_channels import pad2d
from helpers.taught.nb12_pooling import pool2d_fast


# Shown in notebook 15, A small CNN of our own layers, trained on real handwritten digits.
def batch_window_matrix(X: Tensor, kernel_size: Size, stride: Size = 1) -> Tensor:
    """Return the window matrix of a batch ``X`` (batch, c_i, H, W) for a ``k_h x k_w`` kernel.

    Its shape is ``(batch, c_i * k_h * k_w, out_h * out_w)`` with
    ``out_h = (H - k_h) // s_h + 1`` (and the same for the width): column ``i * out_w + j``
    holds the window under the kernel at output (i, j), all channels, flattened in the
    order of a weight ``K[o]`` of shape (c_i, k_h, k_w). It is a copy.
    """
    (k_h, k_w), (s_h, s_w) = pair(kernel_size), pair(stride)
    # Notebook 10's grid of shifted views, (batch, c_i, k_h, k_w, every row, every column),
    # keeping only every s-th window: still a view, nothing is computed or copied yet.
    grid = shifted_view_grid(X, k_h, k_w)[..., ::s_h, ::s_w]
    out_h, out_w = grid.shape[-2:]
    return grid.reshape(X.shape[0], X.shape[1] * k_h * k_w, out_h * out_w)  # the copy


# Shown in notebook 15, A small CNN of our own layers, trained on real handwritten digits.
def conv2d_batch(
    X: Tensor,
    W: Tensor,
    bias: Tensor | None = None,
    stride: Size = 1,
    padding: Size = 0,
) -> Tensor:
    """Return what ``torch.nn.functional.conv2d`` computes for ``X`` (batch, c_i, H, W).

    The arguments come in ``F.conv2d``'s order (stride before padding).

    ``W`` (c_o, c_i, k_h, k_w) is the weight and ``bias`` (c_o,) the bias, or None. Each
    output channel's kernel, flattened, is a row of a (c_o, c_i * k_h * k_w) matrix; that
    matrix times the window matrix of the padded input gives every output of every
    channel in one multiplication. The result has shape ``(batch, c_o, out_h, out_w)``
    with ``out_h = (H + 2 * p_h - k_h) // s_h + 1``, and the same for the width.
    """
    c_o, c_i, k_h, k_w = W.shape
    padded = pad2d(X, padding)
    columns = batch_window_matrix(padded, (k_h, k_w), stride)  # (batch, c_i*k_h*k_w, out_h*out_w)
    Y = W.reshape(c_o, c_i * k_h * k_w) @ columns  # (batch, c_o, out_h*out_w)
    if bias is not None:
        Y = Y + bias[:, None]
    out_h, out_w = output_size(X.shape[-2:], (k_h, k_w), padding, stride)
    return Y.reshape(X.shape[0], c_o, out_h, out_w)


# First used in notebook 15, A small CNN of our own layers, trained on real handwritten digits.
class BatchConv2D(nn.Module):
    """A convolutional layer of our own: ``conv2d_batch(x, weight, bias, stride, padding)``.

    ``weight`` has shape (out_channels, in_channels, k_h, k_w) and ``bias`` (out_channels,),
    initialized as ``nn.Conv2d`` initializes them (uniform in +-1/sqrt(c_i * k_h * k_w),
    drawn in the same order), so it takes an ``nn.Conv2d``'s ``state_dict`` as it is.
    ``forward`` takes (batch, in_channels, H, W).
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: Size,
        stride: Size = 1,
        padding: Size = 0,
    ) -> None:
        super().__init__()
        c_i, c_o, (k_h, k_w) = in_channels, out_channels, pair(kernel_size)
        self.padding, self.stride = pair(padding), pair(stride)
        self.weight = nn.Parameter(torch.empty(c_o, c_i, k_h, k_w))
        self.bias = nn.Parameter(torch.empty(c_o))
        # nn.Conv2d's kaiming_uniform_(a=sqrt(5)) is a bound of 1/sqrt(fan_in), for both.
        bound = 1 / math.sqrt(c_i * k_h * k_w)
        nn.init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        nn.init.uniform_(self.bias, -bound, bound)

    def forward(self, x: Tensor) -> Tensor:
        return conv2d_batch(x, self.weight, self.bias, self.stride, self.padding)

    def extra_repr(self):
        c_o, c_i, k_h, k_w = self.weight.shape
        return (f"{c_i}, {c_o}, kernel_size={(k_h, k_w)}, stride={self.stride}, "
                f"padding={self.padding}")


# First used in notebook 15, A small CNN of our own layers, trained on real handwritten digits.
class Pool2D(nn.Module):
    """A pooling layer of our own: ``pool2d_fast(x, pool_size, stride, padding, mode=mode)``.

    ``mode`` is "max" or "avg"; ``stride`` defaults to the window, as in ``nn.MaxPool2d``.
    It has no parameters. ``forward`` takes (..., H, W).
    """

    def __init__(
        self,
        pool_size: Size,
        stride: Size | None = None,
        padding: Size = 0,
        *,
        mode: str = "max",
    ) -> None:  # nn.MaxPool2d's order
        super().__init__()
        self.pool_size, self.mode, self.padding, self.stride = pool_size, mode, padding, stride

    def forward(self, x: Tensor) -> Tensor:
        return pool2d_fast(x, self.pool_size, self.stride, self.padding, mode=self.mode)

    def extra_repr(self):
        return (f"pool_size={self.pool_size}, stride={self.stride}, padding={self.padding}, "
                f"mode={self.mode!r}")
