"""Channels, padding and stride: what ``torch.nn.Conv2d`` adds to our single-channel layer.

Every function takes one image of shape ``(channels, height, width)`` (no batch
dimension) and is built on ``corr2d_fast``; ``conv2d`` puts them together and computes
what ``nn.Conv2d`` computes for that image.
"""

import torch

from helpers.fast import corr2d_fast
from helpers.validation import int_pair, require_tensor


def _check_tensor(name, t, dims, layout):
    """Raise ``TypeError`` unless ``t`` is a tensor, ``ValueError`` unless it has ``dims`` axes."""
    require_tensor(name, t)
    if t.dim() != dims:
        raise ValueError(f"{name} must be {dims}-D {layout}, got shape {tuple(t.shape)}")


def corr2d_multi_in(X, K):
    """Return the cross-correlation of ``X`` (c_in, H, W) with ``K`` (c_in, h, w).

    Each input channel is cross-correlated with its own channel of the kernel and the
    ``c_in`` results are added: one output channel of shape ``(H - h + 1, W - w + 1)``.
    """
    _check_tensor("X", X, 3, "(channels, height, width)")
    _check_tensor("K", K, 3, "(channels, height, width)")
    if X.shape[0] != K.shape[0]:
        raise ValueError(f"X has {X.shape[0]} channels but K has {K.shape[0]} "
                         f"(X {tuple(X.shape)}, K {tuple(K.shape)})")
    if X.shape[0] == 0:
        raise ValueError(f"X and K need at least one channel, got X {tuple(X.shape)}")
    return sum(corr2d_fast(x, k) for x, k in zip(X, K))


def corr2d_multi_in_out(X, W):
    """Return the cross-correlation of ``X`` (c_in, H, W) with ``W`` (c_out, c_in, h, w).

    Output channel ``o`` is ``corr2d_multi_in(X, W[o])``: the result has shape
    ``(c_out, H - h + 1, W - w + 1)``.
    """
    _check_tensor("W", W, 4, "(out channels, in channels, height, width)")
    if W.shape[0] == 0:
        raise ValueError(f"W needs at least one output channel, got shape {tuple(W.shape)}")
    return torch.stack([corr2d_multi_in(X, k) for k in W])


def pad2d(X, padding):
    """Return ``X`` (..., H, W) framed by zeros: ``padding`` rows above and below, columns beside.

    ``padding`` is an int or a pair ``(rows, columns)``; the result has shape
    ``(..., H + 2 * rows, W + 2 * columns)``.
    """
    require_tensor("X", X)
    if X.dim() < 2:
        raise ValueError(f"X must have at least 2 dimensions (..., height, width), "
                         f"got shape {tuple(X.shape)}")
    p_h, p_w = int_pair("padding", padding, 0)
    Y = X.new_zeros(X.shape[:-2] + (X.shape[-2] + 2 * p_h, X.shape[-1] + 2 * p_w))
    Y[..., p_h:p_h + X.shape[-2], p_w:p_w + X.shape[-1]] = X
    return Y


def conv2d(X, W, bias=None, stride=1, padding=0):
    """Return what ``torch.nn.Conv2d`` computes for one image ``X`` (c_in, H, W).

    The arguments come in ``torch.nn.functional.conv2d``'s order (stride before padding), so a
    positional call means the same in both.

    ``W`` (c_out, c_in, h, w) is the weight and ``bias`` (c_out,) the bias, or None.
    The input is padded with zeros (``pad2d``), cross-correlated channel by channel
    (``corr2d_multi_in_out``), the bias added to each output channel, and every
    ``stride``-th row and column kept. The result has shape ``(c_out, out_h, out_w)``
    with ``out_h = (H + 2 * p_h - h) // s_h + 1``, and the same for the width.
    """
    check_conv2d(X, W, bias, padding, stride)
    s_h, s_w = int_pair("stride", stride, 1)
    Y = corr2d_multi_in_out(pad2d(X, padding), W)
    if bias is not None:
        Y = Y + bias[:, None, None]
    return Y[:, ::s_h, ::s_w]


def check_conv2d(X, W, bias, padding, stride):
    """Check the arguments of ``conv2d`` before it computes anything; return nothing.

    Raises ``TypeError`` or ``ValueError`` naming what is wrong: X not (c_in, H, W), W not
    (c_out, c_in, h, w), a bias that is not one entry per output channel, a padding or
    stride that is not a non-negative (padding) or positive (stride) integer or pair, or
    a kernel larger than the padded input.
    """
    _check_tensor("X", X, 3, "(channels, height, width)")
    _check_tensor("W", W, 4, "(out channels, in channels, height, width)")
    if bias is not None:
        _check_tensor("bias", bias, 1, "(out channels,)")
        if bias.shape[0] != W.shape[0]:
            raise ValueError(f"bias has {bias.shape[0]} entries but W has {W.shape[0]} "
                             "output channels")
    p_h, p_w = int_pair("padding", padding, 0)
    int_pair("stride", stride, 1)
    if W.shape[-2] > X.shape[-2] + 2 * p_h or W.shape[-1] > X.shape[-1] + 2 * p_w:
        raise ValueError(f"kernel of shape {tuple(W.shape[-2:])} is larger than the padded "
                         f"input's height x width {(X.shape[-2] + 2 * p_h, X.shape[-1] + 2 * p_w)}")
