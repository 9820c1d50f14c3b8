"""Why convolution (notebook 0): its figure (the taught code is in
``helpers.taught.nb00_why_convolution``).

``show_on_one_scale`` draws matrices with their values on one colour scale (the
notebook's exercise is checked by ``helpers.exercises.shapes.check_stacked_kernel``).
"""

from collections.abc import Iterable, Sequence

import matplotlib.pyplot as plt
import torch
from matplotlib.figure import Figure

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
