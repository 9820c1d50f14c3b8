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
from torch import Tensor

from helpers.sizes import Size, pair, pool_output_size


# Shown in notebook 12, Pooling.
def pool2d(
    X: Tensor,
    pool_size: Size,
    stride: Size | None = None,
    padding: Size = 0,
    *,
    mode: str = "max",
    ceil_mode: bool = False,
) -> Tensor:
    """Return the max or average pooling of ``X`` (..., n_h, n_w), one window at a time.

    ``pool_size`` is the window (k_h, k_w); ``stride`` defaults to the window, as in
    ``nn.MaxPool2d``; ``padding`` is added on each side. The arguments come in
    ``F.max_pool2d``'s order (window, stride, padding); ``mode`` and ``ceil_mode`` are
    keywords only; each size is an int or a pair. The result has shape
    ``(..., out_h, out_w)`` with ``out_h = (n_h + 2 * p_h - k_h) // s_h + 1`` (rounded up
    with ``ceil_mode``), and the same for the width.
    """
    (k_h, k_w), (p_h, p_w) = pair(pool_size), pair(padding)
    s_h, s_w = pair(stride or pool_size)  # the stride is the window unless given
    out_h = pool_output_size(X.shape[-2], k_h, p_h, s_h, ceil_mode)
    out_w = pool_output_size(X.shape[-1], k_w, p_w, s_w, ceil_mode)
    # Padding never wins a maximum, and counts as 0 in an average.
    fill = lowest_value(X.dtype) if mode == "max" else 0.0
    inside = F.pad(inside_mask(X), (p_w, p_w, p_h, p_h))  # False on the padding
    X = F.pad(X, (p_w, p_w, p_h, p_h), value=fill)
    Y = torch.zeros(X.shape[:-2] + (out_h, out_w), dtype=X.dtype, device=X.device)
    for i in range(out_h):  # output row
        for j in range(out_w):  # output column
            rows, cols = slice(i * s_h, i * s_h + k_h), slice(j * s_w, j * s_w + k_w)
            window = X[..., rows, cols]
            if mode == "max":
                # the first maximum (in reading order) takes the gradient, as in PyTorch
                Y[..., i, j] = window_max(window.flatten(-2), inside[rows, cols].flatten())
            else:
                Y[..., i, j] = window.mean(dim=(-2, -1))
    return Y


# Shown in notebook 12, Pooling.
def pool2d_fast(
    X: Tensor,
    pool_size: Size,
    stride: Size | None = None,
    padding: Size = 0,
    *,
    mode: str = "max",
    ceil_mode: bool = False,
) -> Tensor:
    """Return ``pool2d(X, ...)``, computed on a view of all the windows at once.

    ``X.unfold`` twice gives the view of shape ``(..., out_h, out_w, k_h, k_w)`` whose
    ``[..., i, j, :, :]`` is window (i, j); one reduction over its last two dimensions
    pools every window. The arguments and the result are those of ``pool2d``.
    """
    (k_h, k_w), (p_h, p_w) = pair(pool_size), pair(padding)
    s_h, s_w = pair(stride or pool_size)  # the stride is the window unless given
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
    if mode == "max":  # the first maximum (in reading order), as in pool2d
        inside = F.pad(inside_mask(X), (p_w, p_w + extra_w, p_h, p_h + extra_h))
        inside = inside.unfold(0, k_h, s_h).unfold(1, k_w, s_w)[:out_h, :out_w]
        return window_max(windows.flatten(-2), inside.flatten(-2))
    sums = windows.sum(dim=(-2, -1))
    if extra_h == 0 and extra_w == 0:
        return sums / (k_h * k_w)
    # A window that runs past the padded input averages only what it covers (as PyTorch).
    inside = F.pad(torch.ones(n_h + 2 * p_h, n_w + 2 * p_w, dtype=X.dtype, device=X.device),
                   (0, extra_w, 0, extra_h))
    counts = inside.unfold(-2, k_h, s_h).unfold(-2, k_w, s_w)[:out_h, :out_w].sum(dim=(-2, -1))
    return sums / counts


# Shown in notebook 12, Pooling.
def max_pool2d_backward(
    X: Tensor,
    grad_Y: Tensor,
    pool_size: Size,
    stride: Size | None = None,
) -> Tensor:
    """Return the gradient of a loss with respect to ``X`` (n_h, n_w), given it for ``Y``.

    ``Y = pool2d(X, pool_size, stride=stride)`` (max pooling, no padding) and ``grad_Y``
    is the loss's gradient with respect to ``Y``. Each output passes its gradient to the
    element that won its window (the first maximum); an element that wins several
    overlapping windows collects the gradient of each. The result has ``grad_Y``'s dtype.
    """
    (k_h, k_w), (s_h, s_w) = pair(pool_size), pair(stride or pool_size)
    grad_X = grad_Y.new_zeros(X.shape)
    for i in range(grad_Y.shape[0]):  # output row
        for j in range(grad_Y.shape[1]):  # output column
            window = X[i * s_h:i * s_h + k_h, j * s_w:j * s_w + k_w]
            a, b = divmod(int(max_index(window.flatten())), k_w)  # the first maximum's offset
            grad_X[i * s_h + a, j * s_w + b] += grad_Y[i, j]  # +=: windows may share it
    return grad_X


def inside_mask(X: Tensor) -> Tensor:
    """Return a bool tensor of ``X``'s height x width, all True: padded, it tells X from padding."""
    return torch.ones(X.shape[-2:], dtype=torch.bool, device=X.device)


def max_index(windows: Tensor, inside: Tensor | None = None) -> Tensor:
    """Return, for each window of ``windows`` (..., k), flattened, the index of its maximum.

    It is the element ``F.max_pool2d`` takes the maximum from, and sends the gradient to:
    the first maximum in reading order among the elements ``inside`` the input (a bool
    tensor that broadcasts with ``windows``; None: all of them), so that padding never
    takes it, even from a window of -inf; in a window with a NaN, the last NaN.
    """
    lowest = lowest_value(windows.dtype)
    masked = windows if inside is None else windows.masked_fill(~inside, lowest)
    largest, first = masked.max(dim=-1)  # first: the first maximum of each window
    if not bool(((largest == lowest) | largest.isnan()).any()):
        return first  # no NaN and no window of -inf: nothing more to decide
    if inside is None:
        inside = torch.ones_like(windows, dtype=torch.bool)
    is_max = inside & (masked == largest.unsqueeze(-1))
    is_nan = windows.isnan()
    last_nan = windows.shape[-1] - 1 - is_nan.flip(-1).int().argmax(dim=-1)
    return torch.where(is_nan.any(dim=-1), last_nan, is_max.int().argmax(dim=-1))


def window_max(windows: Tensor, inside: Tensor | None = None) -> Tensor:
    """Return the maximum of each window of ``windows`` (..., k), taken from ``max_index``'s
    element: autograd sends its gradient there, as PyTorch's backward does."""
    index = max_index(windows, inside)
    return windows.gather(-1, index.unsqueeze(-1)).squeeze(-1)


def lowest_value(dtype: torch.dtype) -> float | int:
    """Return the value that never wins a maximum in ``dtype``: -inf, or the smallest integer."""
    return -math.inf if dtype.is_floating_point else torch.iinfo(dtype).min
