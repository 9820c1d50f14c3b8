"""Why convolution (notebook 0): its figure and its exercise; the taught code is in
``helpers.taught.nb00_why_convolution``.

``show_on_one_scale`` draws matrices with their values on one colour scale, and
``check_stacked_kernel`` checks the notebook's exercise.
"""

import math
import numbers
from collections.abc import Iterable, Sequence

import matplotlib.pyplot as plt
import torch
from matplotlib.figure import Figure

from helpers.exercises import EMPTY, RIGHT, WRONG, returns_verdict
from helpers.figures import describe
from helpers.plotting import (
    Matrix,
    count_words,
    draw_matrix,
    list_words,
    range_words,
    scale_words,
    shared_limits,
    size_words,
)


def show_on_one_scale(matrices: Iterable[Matrix], titles: Sequence[str], cmap: str = "bwr",
                      limits: tuple[float, float] | None = None, vertical: bool = False,
                      cell: float = 0.34) -> Figure:
    """Draw matrices with their values written in, on one colour scale; return the figure.

    The panels sit in a row (tops aligned), or one above the other with ``vertical=True``,
    and share one colour scale, shown by one colourbar: ``limits`` = (vmin, vmax), or by
    default one symmetric around 0 (with ``"bwr"``: zero white, positive red, negative
    blue). Every cell is ``cell`` inches wide in every panel, so the panels show the
    matrices' true relative sizes.
    """
    tensors = [M.detach().cpu() if isinstance(M, torch.Tensor) else torch.as_tensor(M)
               for M in matrices]
    if len(titles) != len(tensors):
        raise ValueError(f"got {len(tensors)} matrices but {len(titles)} titles")
    vmin, vmax = limits if limits is not None else shared_limits(tensors)
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
        image = draw_matrix(ax, M, title, cmap=cmap, annotate=True, vmin=vmin, vmax=vmax)
    span = cell * max(rows) if not vertical else height - top - bottom
    bar_axes = fig.add_axes(((width - bar + 0.15) / width, (bottom + 0.1 * span) / height,
                             0.12 / width, 0.8 * span / height))
    fig.colorbar(image, cax=bar_axes)
    panels = list_words(f"{title} ({size_words(M)}, {range_words(M)})"
                        for M, title in zip(tensors, titles))
    layout = "one above the other" if vertical else "side by side"
    return describe(fig, f"{count_words(len(tensors)).capitalize()} heat maps {layout}, at their "
                         f"true relative sizes, values written in the cells: {panels}; one "
                         f"colour scale for all, {scale_words(cmap, vmin, vmax)}, with a colour "
                         f"bar")


# The exercise of notebook 0: three layers with kernels of these shapes (rows, columns) and
# nothing between them are one cross-correlation.
STACK = [(3, 3), (1, 5), (2, 2)]
STACK_SHAPE = (sum(h for h, _ in STACK) - len(STACK) + 1, sum(w for _, w in STACK) - len(STACK) + 1)
STACK_WEIGHTS = sum(h * w for h, w in STACK)
ONE_WEIGHTS = math.prod(STACK_SHAPE)


def _shape(answer):
    """Return ``answer`` as a pair of ints, or None after printing what is wrong with it."""
    try:
        pair = None if isinstance(answer, str) else tuple(
            int(v) if not isinstance(v, (str, bool)) and float(v) == int(v) else None
            for v in answer)
    except (TypeError, ValueError, OverflowError):
        pair = None
    if pair is None or len(pair) != 2 or None in pair:
        print(f"{WRONG} give the shape as (rows, columns), two whole numbers; got {answer!r}")
        return None
    return pair


def _count(answer, what):
    """Return ``answer`` as an int, or None after printing what is wrong with it."""
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real) \
            or not math.isfinite(answer) or float(answer) != int(answer):
        print(f"{WRONG} give {what} as a whole number, got {answer!r}")
        return None
    return int(answer)


@returns_verdict
def check_stacked_kernel(shape: object, stack_weights: object, one_weights: object) -> bool:
    """Check notebook 0's exercise on the kernels (3, 3), (1, 5) and (2, 2) in a row.

    ``shape`` is the shape of the one kernel they amount to, ``stack_weights`` the number
    of weights of the three kernels, ``one_weights`` that of the one kernel. Prints one
    sentence: right, or the first mistake with a hint. True when all three are right.
    """
    if shape is None or stack_weights is None or one_weights is None:
        missing = [name for name, value in (("the shape", shape), ("the stack's weights",
                   stack_weights), ("the one kernel's weights", one_weights)) if value is None]
        print(f"{EMPTY} give {', '.join(missing)}")
        return False
    shape = _shape(shape)
    stack_weights = _count(stack_weights, "the stack's weights") if shape else None
    one_weights = _count(one_weights, "the one kernel's weights") if stack_weights else None
    if one_weights is None:
        return False
    heights, widths = [h for h, _ in STACK], [w for _, w in STACK]
    shape_hints = {
        STACK_SHAPE[::-1]: "height and width are swapped: (rows, columns), and the 1x5 kernel "
                           "is one row of five columns.",
        (sum(heights), sum(widths)): "each layer adds k - 1 rows (or columns), not k: a 1x1 "
                                     "kernel would add nothing.",
        (max(heights), max(widths)): "the one kernel covers everything the stack sees, more than "
                                     "its largest kernel.",
        (math.prod(heights), math.prod(widths)): "sizes add up (less one per layer after the "
                                                 "first); they do not multiply.",
    }
    if shape != STACK_SHAPE:
        hint = shape_hints.get(shape, "follow the sizes layer by layer: a k_h x k_w kernel after "
                                      "an h x w one gives (h + k_h - 1) x (w + k_w - 1).")
        print(f"{WRONG} the shape {shape}: {hint}")
        return False
    weight_hints = {
        sum(heights) + sum(widths): "a k_h x k_w kernel has k_h * k_w weights, not k_h + k_w.",
        9 * len(STACK): "not every kernel is 3x3: count k_h * k_w for each.",
        ONE_WEIGHTS: "that is the one kernel's count; the stack has a kernel per layer.",
    }
    if stack_weights != STACK_WEIGHTS:
        hint = weight_hints.get(stack_weights, "add up k_h * k_w over the three kernels.")
        print(f"{WRONG} the stack's weights, {stack_weights}: {hint}")
        return False
    if one_weights != ONE_WEIGHTS:
        hint = ("that is the stack's count; the one kernel has an entry per position of its "
                "shape." if one_weights == STACK_WEIGHTS else "rows times columns of its shape.")
        print(f"{WRONG} the one kernel's weights, {one_weights}: {hint}")
        return False
    print(f"{RIGHT} a {STACK_SHAPE[0]}x{STACK_SHAPE[1]} kernel of {ONE_WEIGHTS} weights, made "
          f"from only {STACK_WEIGHTS}: the stack can make some {STACK_SHAPE[0]}x{STACK_SHAPE[1]} "
          "kernels, not all.")
    return True
