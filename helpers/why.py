"""Why convolution (notebook 0): the layer as a matrix, and two layers that are one.

``convolution_matrix`` writes a cross-correlation as a matrix that multiplies the
flattened image: every row is the kernel placed over one window, zeros elsewhere, so
the matrix is sparse and its non-zero entries are the kernel's few weights, tied.
``compose_kernels`` gives the one kernel that two cross-correlations in a row amount
to. ``show_on_one_scale`` draws matrices with their values on one colour scale (the notebook's
exercise is checked by ``helpers.exercises.shapes.check_stacked_kernel``).
"""

from collections.abc import Iterable, Sequence

import matplotlib.pyplot as plt
import torch
from matplotlib.figure import Figure
from torch import Tensor

from helpers.figures import describe
from helpers.figures.plotting import (
    Matrix,
    cmap_for,
    count_words,
    draw_matrix,
    panels_words,
    scale_words,
    shared_limits,
)


def convolution_matrix(K: Tensor, input_shape: Sequence[int]) -> Tensor:
    """Return the matrix ``C`` of the cross-correlation with ``K`` on images of ``input_shape``.

    For an image ``X`` of shape ``input_shape`` = (n_h, n_w),
    ``C @ X.flatten()`` is ``corr2d(X, K).flatten()``. ``C`` has one row per output
    element, (n_h - k_h + 1) * (n_w - k_w + 1) of them in row-major order, and one
    column per pixel, n_h * n_w: row ``i * out_w + j`` is the kernel placed over the
    window of output (i, j) on an image of zeros, flattened.
    """
    k_h, k_w = K.shape
    n_h, n_w = input_shape
    out_h, out_w = n_h - k_h + 1, n_w - k_w + 1
    C = torch.zeros(out_h * out_w, n_h * n_w, dtype=K.dtype)
    for i in range(out_h):
        for j in range(out_w):
            placed = torch.zeros(n_h, n_w, dtype=K.dtype)
            placed[i:i + k_h, j:j + k_w] = K  # the kernel over the window of output (i, j)
            C[i * out_w + j] = placed.flatten()
    return C


def compose_kernels(K1: Tensor, K2: Tensor) -> Tensor:
    """Return the one kernel ``K`` with ``corr2d(corr2d(X, K1), K2) == corr2d(X, K)``.

    ``K`` has shape (h1 + h2 - 1, w1 + w2 - 1). Entry (c, d) of ``K2`` adds up outputs
    of the first layer c rows and d columns apart, so it adds a copy of ``K1``, shifted
    by (c, d) and scaled by ``K2[c, d]``, into ``K``.
    """
    (h1, w1), (h2, w2) = K1.shape, K2.shape
    K = torch.zeros(h1 + h2 - 1, w1 + w2 - 1, dtype=torch.result_type(K1, K2))
    for c in range(h2):
        for d in range(w2):
            K[c:c + h1, d:d + w1] += K2[c, d] * K1
    return K


def show_on_one_scale(matrices: Iterable[Matrix], titles: Sequence[str],
                      limits: tuple[float, float] | None = None, vertical: bool = False,
                      cell: float = 0.34) -> Figure:
    """Draw matrices with their values written in, on one colour scale; return the figure.

    The panels sit in a row (tops aligned), or one above the other with ``vertical=True``,
    and share one colour scale, shown by one colourbar: ``limits`` = (vmin, vmax), or by
    default one symmetric around 0 when any value is negative, else 0 to the largest; the
    course's colours (``cmap_for``: dark small, light large; signed: dark blue, grey 0,
    yellow). Every cell is ``cell`` inches wide in every panel, so the panels show the
    matrices' true relative sizes.
    """
    tensors = [M.detach().cpu() if isinstance(M, torch.Tensor) else torch.as_tensor(M)
               for M in matrices]
    if len(titles) != len(tensors):
        raise ValueError(f"got {len(tensors)} matrices but {len(titles)} titles")
    signed = any(bool((M < 0).any()) for M in tensors)
    vmin, vmax = limits if limits is not None else shared_limits(tensors) if signed else (
        0.0, max(float(M.max()) for M in tensors) or 1.0)
    rows, cols = [M.shape[0] for M in tensors], [M.shape[1] for M in tensors]
    left, gap, top, bottom, bar = 0.3, 0.5, 0.3, 0.3, 0.9  # inches around the panels
    if vertical:  # (x, y) of each panel's lower left corner, in inches from the figure's
        width, height = left + cell * max(cols) + bar, sum(top + cell * r + bottom for r in rows)
        corners = [(left, height - sum(top + cell * r + bottom for r in rows[:i + 1]) + bottom)
                   for i in range(len(rows))]
    else:
        width = left + cell * sum(cols) + gap * (len(cols) - 1) + bar
        height = top + cell * max(rows) + bottom
        corners = [(left + cell * sum(cols[:i]) + gap * i, bottom + cell * (max(rows) - r))
                   for i, r in enumerate(rows)]
    fig = plt.figure(figsize=(width, height))
    for (x, y), M, title in zip(corners, tensors, titles):
        ax = fig.add_axes((x / width, y / height, cell * M.shape[1] / width,
                           cell * M.shape[0] / height))
        image = draw_matrix(ax, M, title, annotate=True, vmin=vmin, vmax=vmax)
    span = cell * max(rows) if not vertical else height - top - bottom
    bar_axes = fig.add_axes(((width - bar + 0.15) / width, (bottom + 0.1 * span) / height,
                             0.12 / width, 0.8 * span / height))
    fig.colorbar(image, cax=bar_axes)
    layout = " one above the other" if vertical else ""
    return describe(fig, f"{count_words(len(tensors)).capitalize()} heat maps{layout} at true "
                         f"relative size, values written in: "
                         f"{panels_words([M.numpy() for M in tensors], list(titles))}; one "
                         f"scale for all, {scale_words(cmap_for(tensors), vmin, vmax)}")
