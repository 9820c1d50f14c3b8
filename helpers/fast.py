"""Fast cross-correlation: the same result as ``corr2d``, computed two other ways.

``corr2d`` runs one Python iteration per *output element*. ``corr2d_fast`` swaps
the loops: it runs one iteration per *kernel entry* (9 for a 3x3 kernel), each
adding a shifted view of the whole input, scaled by that entry, to the output.
``corr2d_matmul`` gathers every window into a row of a matrix (im2col) and
computes all outputs with a single matrix multiplication.
"""

import torch
import torch.nn.functional as F

from helpers.core import check_input


def _shifted_views(X, h, w):
    """Return the ``h x w`` views of ``X`` that kernel entry (a, b) multiplies, row by row.

    View (a, b) is ``X[..., a:a + out_h, b:b + out_w]``; no data is copied.
    """
    windows = X.unfold(-2, h, 1).unfold(-2, w, 1)  # (..., out_h, out_w, h, w)
    return [row.unbind(-1) for row in windows.unbind(-2)]


def _shift_and_add(X, K):
    """Return ``corr2d(X, K)`` as a sum over kernel entries of scaled, shifted views of ``X``."""
    h, w = K.shape
    Y = None
    for weights, views in zip(K.tolist(), _shifted_views(X, h, w)):
        for k, view in zip(weights, views):
            if Y is None:
                Y = torch.mul(view, k)  # the first pass allocates the output
            else:
                Y.add_(view, alpha=k)  # every other pass adds in place
    return Y


class _Corr2dFunction(torch.autograd.Function):
    """Cross-correlation with shift-and-add in both the forward and the backward pass."""

    @staticmethod
    def forward(ctx, X, K):
        ctx.save_for_backward(X, K)
        return _shift_and_add(X, K)

    @staticmethod
    def backward(ctx, grad_Y):
        X, K = ctx.saved_tensors
        h, w = K.shape
        grad_X = grad_K = None
        if ctx.needs_input_grad[0]:
            # Each input element reached every output whose window covers it: a "full"
            # correlation of the output gradient with the flipped kernel.
            padded = F.pad(grad_Y, (w - 1, w - 1, h - 1, h - 1))
            grad_X = corr2d_fast(padded, torch.flip(K, dims=(0, 1)))
        if ctx.needs_input_grad[1]:
            # Kernel entry (a, b) multiplied the shifted view X[a:, b:] of every window.
            grad_K = torch.stack([
                torch.stack([(view * grad_Y).sum() for view in views])
                for views in _shifted_views(X, h, w)
            ])
        return grad_X, grad_K


def corr2d_fast(X, K):
    """Return the cross-correlation of ``X`` (..., H, W) with ``K`` (h, w), like ``corr2d``.

    The result has shape ``(..., H - h + 1, W - w + 1)`` and the dtype of ``X`` and
    ``K`` combined; gradients flow to both. It makes ``h * w`` passes over the output
    instead of one Python iteration per output element.
    """
    check_input(X, K)
    dtype = torch.result_type(X, K)
    if X.dtype != dtype or K.dtype != dtype:
        X, K = X.to(dtype), K.to(dtype)
    if torch.is_grad_enabled() and (X.requires_grad or K.requires_grad):
        return _Corr2dFunction.apply(X, K)
    return _shift_and_add(X, K)  # nothing to differentiate: skip autograd's bookkeeping


def corr2d_matmul(X, K):
    """Return ``corr2d(X, K)`` computed as one matrix multiplication (im2col).

    Every ``h x w`` window of ``X`` (..., H, W) becomes a row of a matrix of shape
    ``(..., out_h * out_w, h * w)``; multiplying it by the flattened kernel, a
    vector of ``h * w`` entries, gives all ``out_h * out_w`` outputs at once.
    """
    check_input(X, K)
    dtype = torch.result_type(X, K)
    X, K = X.to(dtype), K.to(dtype)
    h, w = K.shape
    out_h, out_w = X.shape[-2] - h + 1, X.shape[-1] - w + 1
    windows = X.unfold(-2, h, 1).unfold(-2, w, 1)  # (..., out_h, out_w, h, w), no copy yet
    rows = windows.reshape(X.shape[:-2] + (out_h * out_w, h * w))
    return (rows @ K.reshape(h * w)).reshape(X.shape[:-2] + (out_h, out_w))
