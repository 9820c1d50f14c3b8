"""Channels, padding and stride: what ``torch.nn.Conv2d`` adds to our single-channel layer.

Every function takes one image of shape ``(channels, height, width)`` (no batch
dimension) and is built on ``corr2d_fast``; ``conv2d_image`` puts them together and computes
what ``nn.Conv2d`` computes for that image.
"""

import torch
from torch import Tensor

from helpers.sizes import Size, pair
from helpers.taught.nb10_fast import corr2d_fast


# Shown in notebook 11, Channels, padding and stride: from our layer to `nn.Conv2d`.
def corr2d_multi_in(X: Tensor, K: Tensor) -> Tensor:
    """Return the cross-correlation of ``X`` (c_in, H, W) with ``K`` (c_in, h, w).

    Each input channel is cross-correlated with its own channel of the kernel and the
    ``c_in`` results are added: one output channel of shape ``(H - h + 1, W - w + 1)``.
    """
    return sum(corr2d_fast(x, k) for x, k in zip(X, K))


# First used in notebook 11, Channels, padding and stride: from our layer to `nn.Conv2d`.
def corr2d_multi_in_out(X: Tensor, W: Tensor) -> Tensor:
    """Return the cross-correlation of ``X`` (c_in, H, W) with ``W`` (c_out, c_in, h, w).

    Output channel ``o`` is ``corr2d_multi_in(X, W[o])``: the result has shape
    ``(c_out, H - h + 1, W - w + 1)``.
    """
    return torch.stack([corr2d_multi_in(X, k) for k in W])


# First used in notebook 11, Channels, padding and stride: from our layer to `nn.Conv2d`.
def pad2d(X: Tensor, padding: Size) -> Tensor:
    """Return ``X`` (..., H, W) framed by zeros: ``padding`` rows above and below, columns beside.

    ``padding`` is an int or a pair ``(rows, columns)``; the result has shape
    ``(..., H + 2 * rows, W + 2 * columns)``.
    """
    p_h, p_w = pair(padding)
    Y = X.new_zeros(X.shape[:-2] + (X.shape[-2] + 2 * p_h, X.shape[-1] + 2 * p_w))
    Y[..., p_h:p_h + X.shape[-2], p_w:p_w + X.shape[-1]] = X
    return Y


# Shown in notebook 11, Channels, padding and stride: from our layer to `nn.Conv2d`.
def conv2d_image(
    X: Tensor,
    W: Tensor,
    bias: Tensor | None = None,
    stride: Size = 1,
    padding: Size = 0,
) -> Tensor:
    """Return what ``torch.nn.Conv2d`` computes for one image ``X`` (c_in, H, W).

    The arguments come in ``torch.nn.functional.conv2d``'s order (stride before padding), so a
    positional call means the same in both.

    ``W`` (c_out, c_in, h, w) is the weight and ``bias`` (c_out,) the bias, or None.
    The input is padded with zeros (``pad2d``), cross-correlated channel by channel
    (``corr2d_multi_in_out``), the bias added to each output channel, and every
    ``stride``-th row and column kept. The result has shape ``(c_out, out_h, out_w)``
    with ``out_h = (H + 2 * p_h - h) // s_h + 1``, and the same for the width.
    """
    s_h, s_w = pair(stride)
    Y = corr2d_multi_in_out(pad2d(X, padding), W)
    if bias is not None:
        Y = Y + bias[:, None, None]
    return Y[:, ::s_h, ::s_w]
