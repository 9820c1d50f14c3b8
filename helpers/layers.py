"""Layers of our own for a whole network: a batched multi-channel convolution and pooling.

``conv2d_batch`` computes what ``torch.nn.functional.conv2d`` computes for a batch of
images, with notebook 10's window matrix (im2col), extended to channels and strides,
and one matrix multiplication;
``MultiChannelConv2D`` and ``Pool2D`` wrap it and ``pool2d_fast`` as ``nn.Module``s with
the parameter names of ``nn.Conv2d``, so a network of ours and one of ``torch.nn`` can
share their weights through ``state_dict``.
"""

import math

import torch
from torch import nn

from helpers.channels import pad2d
from helpers.fast import shifted_view_grid
from helpers.pooling import pool2d_fast
from helpers.validation import int_pair, require_tensor, whole_number


def batch_window_matrix(X, kernel_size, stride=1):
    """Return the window matrix of a batch ``X`` (batch, c_i, H, W) for a ``k_h x k_w`` kernel.

    Its shape is ``(batch, c_i * k_h * k_w, out_h * out_w)`` with
    ``out_h = (H - k_h) // s_h + 1`` (and the same for the width): column ``i * out_w + j``
    holds the window under the kernel at output (i, j), all channels, flattened in the
    order of a weight ``K[o]`` of shape (c_i, k_h, k_w). It is a copy.
    """
    k_h, k_w = kernel_size
    s_h, s_w = int_pair("stride", stride, 1)
    # Notebook 10's grid of shifted views, (batch, c_i, k_h, k_w, every row, every column),
    # keeping only every s-th window: still a view, nothing is computed or copied yet.
    grid = shifted_view_grid(X, k_h, k_w)[..., ::s_h, ::s_w]
    out_h, out_w = grid.shape[-2:]
    return grid.reshape(X.shape[0], X.shape[1] * k_h * k_w, out_h * out_w)  # the copy


def conv2d_batch(X, W, bias=None, stride=1, padding=0):
    """Return what ``torch.nn.functional.conv2d`` computes for ``X`` (batch, c_i, H, W).

    The arguments come in ``F.conv2d``'s order (stride before padding).

    ``W`` (c_o, c_i, k_h, k_w) is the weight and ``bias`` (c_o,) the bias, or None. Each
    output channel's kernel, flattened, is a row of a (c_o, c_i * k_h * k_w) matrix; that
    matrix times the window matrix of the padded input gives every output of every
    channel in one multiplication. The result has shape ``(batch, c_o, out_h, out_w)``
    with ``out_h = (H + 2 * p_h - k_h) // s_h + 1``, and the same for the width.
    """
    check_conv2d_batch(X, W, bias, padding, stride)
    c_o, c_i, k_h, k_w = W.shape
    padded = pad2d(X, padding)
    columns = batch_window_matrix(padded, (k_h, k_w), stride)  # (batch, c_i*k_h*k_w, out_h*out_w)
    Y = W.reshape(c_o, c_i * k_h * k_w) @ columns  # (batch, c_o, out_h*out_w)
    if bias is not None:
        Y = Y + bias[:, None]
    s_h, s_w = int_pair("stride", stride, 1)
    out_h = (padded.shape[-2] - k_h) // s_h + 1
    out_w = (padded.shape[-1] - k_w) // s_w + 1
    return Y.reshape(X.shape[0], c_o, out_h, out_w)


class MultiChannelConv2D(nn.Module):
    """A convolutional layer of our own: ``conv2d_batch(x, weight, bias, stride, padding)``.

    ``weight`` has shape (out_channels, in_channels, k_h, k_w) and ``bias`` (out_channels,),
    initialized as ``nn.Conv2d`` initializes them (uniform in +-1/sqrt(c_i * k_h * k_w),
    drawn in the same order), so it takes an ``nn.Conv2d``'s ``state_dict`` as it is.
    ``forward`` takes (batch, in_channels, H, W).
    """

    # in nn.Conv2d's order: stride, then padding
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0):
        super().__init__()
        c_i = whole_number("in_channels", in_channels, 1)
        c_o = whole_number("out_channels", out_channels, 1)
        k_h, k_w = int_pair("kernel_size", kernel_size, 1)
        self.padding = int_pair("padding", padding, 0)
        self.stride = int_pair("stride", stride, 1)
        self.weight = nn.Parameter(torch.empty(c_o, c_i, k_h, k_w))
        self.bias = nn.Parameter(torch.empty(c_o))
        # nn.Conv2d's kaiming_uniform_(a=sqrt(5)) is a bound of 1/sqrt(fan_in), for both.
        bound = 1 / math.sqrt(c_i * k_h * k_w)
        nn.init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        nn.init.uniform_(self.bias, -bound, bound)

    def forward(self, x):
        return conv2d_batch(x, self.weight, self.bias, self.stride, self.padding)

    def extra_repr(self):
        c_o, c_i, k_h, k_w = self.weight.shape
        return (f"{c_i}, {c_o}, kernel_size={(k_h, k_w)}, stride={self.stride}, "
                f"padding={self.padding}")


class Pool2D(nn.Module):
    """A pooling layer of our own: ``pool2d_fast(x, pool_size, stride, padding, mode=mode)``.

    ``mode`` is "max" or "avg"; ``stride`` defaults to the window, as in ``nn.MaxPool2d``.
    It has no parameters. ``forward`` takes (..., H, W).
    """

    def __init__(self, pool_size, stride=None, padding=0, *, mode="max"):  # nn.MaxPool2d's order
        super().__init__()
        self.pool_size, self.mode, self.padding, self.stride = pool_size, mode, padding, stride

    def forward(self, x):
        return pool2d_fast(x, self.pool_size, self.stride, self.padding, mode=self.mode)

    def extra_repr(self):
        return (f"pool_size={self.pool_size}, stride={self.stride}, padding={self.padding}, "
                f"mode={self.mode!r}")


def check_conv2d_batch(X, W, bias, padding, stride):
    """Check the arguments of ``conv2d_batch``; return nothing.

    Raises ``TypeError`` (not a tensor, wrong dtype, padding or stride not integers) or
    ``ValueError`` (wrong number of dimensions, channels that do not match, a kernel
    larger than the padded input), with a message naming the shapes it got.
    """
    require_tensor("X", X)
    require_tensor("W", W)
    if X.dim() != 4:
        hint = " (add the batch dimension: X.unsqueeze(0))" if X.dim() == 3 else ""
        raise ValueError(f"X must be 4-D (batch, channels, height, width), "
                         f"got shape {tuple(X.shape)}{hint}")
    if W.dim() != 4:
        raise ValueError(f"W must be 4-D (out channels, in channels, height, width), "
                         f"got shape {tuple(W.shape)}")
    if X.device != W.device:
        raise ValueError(f"X is on {X.device} but W is on {W.device}; move both to one device")
    if not X.is_floating_point() or X.dtype != W.dtype:
        raise TypeError(f"X and W must have one floating-point dtype, got {X.dtype} and {W.dtype}")
    if X.shape[1] != W.shape[1]:
        raise ValueError(f"X has {X.shape[1]} channels but W expects {W.shape[1]} "
                         f"(X {tuple(X.shape)}, W {tuple(W.shape)})")
    if 0 in X.shape or 0 in W.shape:
        raise ValueError(f"X and W must not be empty, got X {tuple(X.shape)}, W {tuple(W.shape)}")
    p_h, p_w = int_pair("padding", padding, 0)
    int_pair("stride", stride, 1)
    if W.shape[2] > X.shape[2] + 2 * p_h or W.shape[3] > X.shape[3] + 2 * p_w:
        raise ValueError(f"kernel of shape {tuple(W.shape[2:])} is larger than the padded "
                         f"input's height x width {(X.shape[2] + 2 * p_h, X.shape[3] + 2 * p_w)}")
    if bias is not None:
        require_tensor("bias", bias)
        if bias.shape != (W.shape[0],):
            raise ValueError(f"bias must have shape ({W.shape[0]},), one entry per output "
                             f"channel, got {tuple(bias.shape)}")
        if bias.dtype != W.dtype:
            raise TypeError(f"bias must have W's dtype {W.dtype}, got {bias.dtype}")
