"""Sizes: the ground floor every other part of helpers stands on.

Each rule about sizes is written here once, and only here (tests/test_sizes.py reads the
package and fails on a second copy): a size as PyTorch takes it, what a dilated window
spans, whether a window fits the padded input, and how many windows fit.
"""

from collections.abc import Sequence

# A size as torch.nn.Conv2d takes it: an int for both sides, or a pair (height, width).
Size = int | Sequence[int]


def pair(size: Size) -> tuple[int, int]:
    """Return ``size`` as a pair ``(height, width)``: ``3`` is ``(3, 3)``.

    (PyTorch's layers do the same with ``torch.nn.modules.utils._pair``.)
    """
    if isinstance(size, Sequence):
        return int(size[0]), int(size[1])
    return int(size), int(size)


def dilated_span(k: int, dilation: int = 1) -> int:
    """Return how many pixels a window of ``k`` entries spans, ``dilation`` apart: d(k - 1) + 1."""
    return dilation * (k - 1) + 1


def fits(k: int, n: int, padding: int = 0, dilation: int = 1) -> bool:
    """Return whether a window of ``k`` entries, ``dilation`` apart, fits on a side of ``n``
    pixels padded by ``padding`` on each end: at least one window, so the output is not empty."""
    return dilated_span(k, dilation) <= n + 2 * padding


def pool_output_size(n: int, k: int, p: int, s: int, ceil_mode: bool = False) -> int:
    """Return how many windows of size ``k`` fit on a side ``n`` padded by ``p``, at stride ``s``.

    That is ``floor((n + 2p - k) / s) + 1``, or with ``ceil_mode`` the ceiling, as PyTorch
    rounds it: the ceiling adds a last, partial window only if it starts inside the input
    or its left padding, never in the right padding alone.
    """
    if not ceil_mode:
        return (n + 2 * p - k) // s + 1
    out = -(-(n + 2 * p - k) // s) + 1  # the ceiling of the division, plus one
    if (out - 1) * s >= n + p:  # the last window would start in the right padding
        out -= 1
    return out


def output_size(
    n: Size,
    k: Size,
    padding: Size = 0,
    stride: Size = 1,
    dilation: Size = 1,
) -> tuple[int, int]:
    """Return ``(out_h, out_w)`` of a ``k`` window on ``n`` pixels: ``(n + 2p - k) // s + 1``.

    Each of ``n``, ``k``, ``padding``, ``stride`` and ``dilation`` is an int or a pair
    (height, width), as in ``torch.nn.Conv2d``. With a ``dilation`` d, the window spans
    ``d * (k - 1) + 1`` pixels, so each side is ``(n + 2p - d * (k - 1) - 1) // s + 1``:
    ``pool_output_size`` of that span.
    """
    (n_h, n_w), (k_h, k_w), (p_h, p_w) = pair(n), pair(k), pair(padding)
    (s_h, s_w), (d_h, d_w) = pair(stride), pair(dilation)
    return (pool_output_size(n_h, dilated_span(k_h, d_h), p_h, s_h),
            pool_output_size(n_w, dilated_span(k_w, d_w), p_w, s_w))
