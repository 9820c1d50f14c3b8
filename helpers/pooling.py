"""Max and average pooling, as a loop (``pool2d``) and vectorized (``pool2d_fast``).

Both compute what ``torch.nn.functional.max_pool2d`` and ``avg_pool2d`` compute, on
tensors of shape ``(..., H, W)``: the same values, the same gradients (a maximum
shared by overlapping windows collects the gradient of each; on a tie the first
maximum in reading order takes it), the same padding (never the maximum; zeros that
count in an average, ``count_include_pad=True``) and the same rounding of the
output size (``ceil_mode``).
"""

import math

import torch
import torch.nn.functional as F

from helpers.validation import check_output_size_args, int_pair, require_tensor

MODES = ("max", "avg")


def pool_output_size(n, k, p, s, ceil_mode=False):
    """Return how many windows of size ``k`` fit on a side ``n`` padded by ``p``, at stride ``s``.

    That is ``floor((n + 2p - k) / s) + 1``, or with ``ceil_mode`` the ceiling, as PyTorch
    rounds it: the ceiling adds a last, partial window only if it starts inside the input
    or its left padding, never in the right padding alone.
    """
    check_output_size_args(n, k, p, s)
    if not ceil_mode:
        return (n + 2 * p - k) // s + 1
    out = -(-(n + 2 * p - k) // s) + 1  # the ceiling of the division, plus one
    if (out - 1) * s >= n + p:  # the last window would start in the right padding
        out -= 1
    return out


def pool2d(X, pool_size, stride=None, padding=0, *, mode="max", ceil_mode=False):
    """Return the max or average pooling of ``X`` (..., n_h, n_w), one window at a time.

    ``pool_size`` is the window (k_h, k_w); ``stride`` defaults to the window, as in
    ``nn.MaxPool2d``; ``padding`` is added on each side. The arguments come in
    ``F.max_pool2d``'s order (window, stride, padding); ``mode`` and ``ceil_mode`` are
    keywords only. The result has shape
    ``(..., out_h, out_w)`` with ``out_h = (n_h + 2 * p_h - k_h) // s_h + 1`` (rounded up
    with ``ceil_mode``), and the same for the width.
    """
    (k_h, k_w), (s_h, s_w), (p_h, p_w) = check_pool_input(X, pool_size, mode, padding, stride,
                                                       ceil_mode)
    out_h = pool_output_size(X.shape[-2], k_h, p_h, s_h, ceil_mode)
    out_w = pool_output_size(X.shape[-1], k_w, p_w, s_w, ceil_mode)
    # Padding never wins a maximum, and counts as 0 in an average.
    fill = lowest_value(X.dtype) if mode == "max" else 0.0
    X = F.pad(X, (p_w, p_w, p_h, p_h), value=fill)
    Y = torch.zeros(X.shape[:-2] + (out_h, out_w), dtype=X.dtype, device=X.device)
    for i in range(out_h):  # output row
        for j in range(out_w):  # output column
            window = X[..., i * s_h:i * s_h + k_h, j * s_w:j * s_w + k_w]
            if mode == "max":
                # .max(dim) picks the first maximum: the gradient goes to that one element
                Y[..., i, j] = window.flatten(-2).max(dim=-1).values
            else:
                Y[..., i, j] = window.mean(dim=(-2, -1))
    return Y


def pool2d_fast(X, pool_size, stride=None, padding=0, *, mode="max", ceil_mode=False):
    """Return ``pool2d(X, ...)``, computed on a view of all the windows at once.

    ``X.unfold`` twice gives the view of shape ``(..., out_h, out_w, k_h, k_w)`` whose
    ``[..., i, j, :, :]`` is window (i, j); one reduction over its last two dimensions
    pools every window. The arguments and the result are those of ``pool2d``.
    """
    (k_h, k_w), (s_h, s_w), (p_h, p_w) = check_pool_input(X, pool_size, mode, padding, stride,
                                                       ceil_mode)
    n_h, n_w = X.shape[-2:]
    out_h = pool_output_size(n_h, k_h, p_h, s_h, ceil_mode)
    out_w = pool_output_size(n_w, k_w, p_w, s_w, ceil_mode)
    # ceil_mode's last window may run past the padded input: extend it at the bottom/right.
    extra_h = max(0, (out_h - 1) * s_h + k_h - (n_h + 2 * p_h))
    extra_w = max(0, (out_w - 1) * s_w + k_w - (n_w + 2 * p_w))
    fill = lowest_value(X.dtype) if mode == "max" else 0.0
    padded = F.pad(X, (p_w, p_w + extra_w, p_h, p_h + extra_h), value=fill)
    windows = padded.unfold(-2, k_h, s_h).unfold(-2, k_w, s_w)  # (..., out_h, out_w, k_h, k_w)
    windows = windows[..., :out_h, :out_w, :, :]
    if mode == "max":
        return windows.flatten(-2).max(dim=-1).values  # the first maximum, as in pool2d
    sums = windows.sum(dim=(-2, -1))
    if extra_h == 0 and extra_w == 0:
        return sums / (k_h * k_w)
    # A window that runs past the padded input averages only what it covers (as PyTorch).
    inside = F.pad(torch.ones(n_h + 2 * p_h, n_w + 2 * p_w, dtype=X.dtype, device=X.device),
                   (0, extra_w, 0, extra_h))
    counts = inside.unfold(-2, k_h, s_h).unfold(-2, k_w, s_w)[:out_h, :out_w].sum(dim=(-2, -1))
    return sums / counts


def max_pool2d_backward(X, grad_Y, pool_size, stride=None):
    """Return the gradient of a loss with respect to ``X`` (n_h, n_w), given it for ``Y``.

    ``Y = pool2d(X, pool_size, stride=stride)`` (max pooling, no padding) and ``grad_Y``
    is the loss's gradient with respect to ``Y``. Each output passes its gradient to the
    element that won its window (the first maximum); an element that wins several
    overlapping windows collects the gradient of each.
    """
    (k_h, k_w), (s_h, s_w) = check_pool_backward_input(X, grad_Y, pool_size, stride)
    grad_X = torch.zeros_like(X)
    for i in range(grad_Y.shape[0]):  # output row
        for j in range(grad_Y.shape[1]):  # output column
            window = X[i * s_h:i * s_h + k_h, j * s_w:j * s_w + k_w]
            r, c = divmod(int(window.argmax()), k_w)  # the first maximum, row by row
            grad_X[i * s_h + r, j * s_w + c] += grad_Y[i, j]  # +=: windows may share it
    return grad_X


def lowest_value(dtype):
    """Return the value that never wins a maximum in ``dtype``: -inf, or the smallest integer."""
    return -math.inf if dtype.is_floating_point else torch.iinfo(dtype).min


def check_pool_input(X, pool_size, mode, padding, stride, ceil_mode=False):
    """Check the arguments of ``pool2d``; return ``(k_h, k_w), (s_h, s_w), (p_h, p_w)``.

    ``stride=None`` becomes the window. Raises ``TypeError`` or ``ValueError`` with a
    message naming what is wrong, under PyTorch's own rules: padding at most half the
    window, and at least one window.
    """
    require_tensor("X", X)
    if X.dim() < 2:
        raise ValueError(
            f"X must have at least 2 dimensions (..., height, width), got shape {tuple(X.shape)}")
    if X.shape[-2] == 0 or X.shape[-1] == 0:
        raise ValueError(f"X must not be empty, got shape {tuple(X.shape)}")
    if not isinstance(mode, str) or mode not in MODES:
        raise ValueError(f"mode must be 'max' or 'avg', got {mode!r}")
    if X.dtype == torch.bool or X.is_complex():
        raise TypeError(f"X must hold real numbers, got dtype {X.dtype}")
    if mode == "avg" and not X.is_floating_point():
        raise TypeError(f"average pooling needs a floating-point X, got dtype {X.dtype}; "
                        "convert it with X.float()")
    if not isinstance(ceil_mode, bool):
        raise TypeError(f"ceil_mode must be True or False, got {ceil_mode!r}")
    k = int_pair("pool_size", pool_size, 1)
    s = k if stride is None else int_pair("stride", stride, 1)
    p = int_pair("padding", padding, 0)
    if p[0] > k[0] // 2 or p[1] > k[1] // 2:
        raise ValueError(f"padding must be at most half the window per side: padding {p} "
                         f"with pool_size {k} (a window of padding alone has nothing to pool)")
    n = tuple(X.shape[-2:])
    if k[0] > n[0] + 2 * p[0] or k[1] > n[1] + 2 * p[1]:
        raise ValueError(f"pool_size {k} is larger than the padded input: X is {n} "
                         f"(shape {tuple(X.shape)}), padded by {p} on each side")
    return k, s, p


def check_pool_backward_input(X, grad_Y, pool_size, stride):
    """Check the arguments of ``max_pool2d_backward``; return ``(k_h, k_w), (s_h, s_w)``."""
    require_tensor("grad_Y", grad_Y)
    k, s, _ = check_pool_input(X, pool_size, "max", 0, stride)
    if X.dim() != 2:
        raise ValueError(f"X must be 2-D (height, width), got shape {tuple(X.shape)}")
    expected = (pool_output_size(X.shape[0], k[0], 0, s[0]),
                pool_output_size(X.shape[1], k[1], 0, s[1]))
    if tuple(grad_Y.shape) != expected:
        raise ValueError(f"grad_Y must have the output's shape {expected}, "
                         f"got {tuple(grad_Y.shape)}")
    return k, s
