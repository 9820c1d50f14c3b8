"""Figures for the course: annotated heatmaps, the sliding window, loss curves.

Every function draws with matplotlib and returns the ``Figure``, with what it shows in words
attached (``helpers.figures.describe``); a notebook cell ends with
``show_figure("what to notice")``, which shows the picture and prints its description under it.
``draw_matrix`` draws into a given ``ax`` (a figure the notebook composes): there the notebook
says what the figure shows (``show_figure(notice, shows=...)``).

Colours follow ``helpers.figures.colours``: a map without negative values on ``IMAGE_CMAP``
(dark small, light large), a signed one on ``SIGNED_CMAP`` on a scale symmetric around 0;
the functions choose the map from the data, so no figure can speak another colour language.
What a figure shows is said in a few words (its panels, its scale); the details are the prose's.
"""

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal, SupportsFloat, TypeAlias, cast

import matplotlib.pyplot as plt
import numpy as np
import numpy.typing as npt
import torch
from matplotlib.axes import Axes
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.patches import Rectangle
from mpl_toolkits.axes_grid1 import make_axes_locatable
from torch import Tensor

from helpers.figures.colours import (
    COLOUR_WORDS,
    HIGHLIGHT_CMAP,
    HIGHLIGHT_MAX,
    IMAGE_CMAP,
    LEVELS_CMAP,
    SIGNED_CMAP,
    SIGNED_WORDS,
)
from helpers.figures.text import describe
from helpers.sizes import Size
from helpers.taught.nb07_receptive_fields import layer_shapes, receptive_field

ANNOTATE_MAX = 12  # write values in the cells of matrices up to this many rows and columns

# A matrix to draw: a 2-D tensor, NumPy array or nested sequence of numbers.
Matrix: TypeAlias = Tensor | npt.ArrayLike
# The colour scale of several panels: each its own (None), one shared, one symmetric around 0.
Scale = Literal["shared", "symmetric"] | None


def _as_array(M: Matrix) -> np.ndarray:
    """Return ``M`` (a tensor or array-like) as a 2-D NumPy array of floats."""
    if isinstance(M, torch.Tensor):
        M = M.detach().cpu()
    A = np.asarray(M, dtype=float)
    if A.ndim != 2:
        raise ValueError(f"expected a 2-D matrix to draw, got shape {A.shape}")
    return A


def _format(v: SupportsFloat) -> str:
    """Return ``v`` as short text: integers without decimals, others with two."""
    v = float(v) + 0.0  # turns -0.0 into 0.0
    return f"{v:.0f}" if float(v).is_integer() else f"{v:.2f}"


def number_words(v: SupportsFloat) -> str:
    """Return ``v`` as a reader would read it off the figure: a whole number, or two decimals.

    Trailing zeros are dropped and -0 is 0; numbers of 100 and more are rounded to whole ones.
    """
    v = float(v)
    text = f"{v:.0f}" if abs(v) >= 100 or v.is_integer() else f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "0") else text


def size_words(M: Matrix) -> str:
    """Return the shape of a 2-D matrix as words: ``"6×8"`` (rows by columns)."""
    return "×".join(str(n) for n in np.shape(M))


def range_words(M: Matrix) -> str:
    """Return the values of ``M`` as words: ``"values 0 to 1"``, or ``"all 0"`` when constant."""
    A = np.asarray(M, dtype=float)
    low, high = number_words(np.nanmin(A)), number_words(np.nanmax(A))
    return f"all {low}" if low == high else f"values {low} to {high}"


def scale_words(cmap: str, low: SupportsFloat, high: SupportsFloat) -> str:
    """Return a colour scale in words, e.g. ``"-2 dark blue, 0 grey, 2 yellow"``.

    A scale symmetric around 0 says the sign through its three colours; any other scale its
    two ends and their colours (``"0 black to 43 white"``).
    """
    dark, middle, light = COLOUR_WORDS.get(cmap, (f"{cmap}'s first colour", "its middle",
                                                  "its last colour"))
    low_text, high_text = number_words(low), number_words(high)
    if float(low) < 0 < float(high) and low_text == number_words(-float(high)):
        return f"{low_text} {dark}, 0 {middle}, {high_text} {light}"
    return f"{low_text} {dark} to {high_text} {light}"


def cmap_for(values: Matrix | Iterable[Matrix]) -> str:
    """Return the course's colour map for ``values`` (one matrix or several on one scale).

    ``SIGNED_CMAP`` when any value is negative (draw it on a scale symmetric around 0),
    ``IMAGE_CMAP`` otherwise (helpers.figures.colours).
    """
    arrays: list[Any] = ([values] if isinstance(values, np.ndarray | Tensor)
                         else list(cast(Iterable[Any], values)))
    if arrays and np.ndim(arrays[0]) < 2:  # one matrix given as nested lists
        arrays = [arrays]
    return SIGNED_CMAP if any(float(np.min(_as_array(M))) < 0 for M in arrays
                              if np.size(M)) else IMAGE_CMAP


def own_scales_words(matrices: Iterable[Matrix], titles: Iterable[str | None],
                     bars: bool = True, zeros_signed: bool = False) -> str:
    """Return in words the colour scales of panels each on their own scale (with a colour bar
    each when ``bars``): which are signed (and an all-zero panel with them when
    ``zeros_signed``: ``show_matrices`` draws it as the grey 0 of the signed scale)."""
    def is_signed(A):
        return float(np.min(A)) < 0 or zeros_signed and not np.any(A)

    signed = [t or f"panel {n}" for n, (M, t) in enumerate(zip(matrices, titles), start=1)
              if np.size(M) and is_signed(_as_array(M))]
    words = f"each its own scale{' and colour bar' if bars else ''}"
    if signed:
        words += f"; {list_words(signed)} signed: {SIGNED_WORDS}"
    return words


def list_words(items: Iterable[str], sep: str = ", ") -> str:
    """Return items joined as in a sentence: ``"a, b and c"`` (``sep="; "``: ``"a; b; and c"``)."""
    items = list(items)
    if len(items) == 1:
        return items[0]
    return sep.join(items[:-1]) + (" and " if sep == ", " else f"{sep}and ") + items[-1]


COUNT_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
               "ten"]


def count_words(n: int) -> str:
    """Return a small count as a word (``3`` -> ``"three"``), a larger one as digits."""
    return COUNT_WORDS[n] if 0 <= n < len(COUNT_WORDS) else str(n)


def _term(v: float) -> str:
    """Return ``v`` as text for a sum of products: negative numbers in parentheses."""
    return f"({_format(v)})" if v < 0 else _format(v)


def draw_matrix(ax: Axes, M: Matrix, title: str | None = None, annotate: bool | None = None,
                vmin: float | None = None, vmax: float | None = None) -> AxesImage:
    """Draw matrix ``M`` on ``ax`` as a heatmap, values written in cells; return the image.

    The colour map is the course's (``cmap_for``): ``IMAGE_CMAP`` for values that are never
    negative, ``SIGNED_CMAP`` for signed ones, then on a scale symmetric around 0 unless
    ``vmin`` and ``vmax`` are given (a shared scale). ``annotate=None`` writes values only
    when ``M`` is at most ``ANNOTATE_MAX`` on each side.
    """
    A = _as_array(M)
    signed = (vmin is not None and vmin < 0) or (A.size > 0 and A.min() < 0)
    if signed and vmin is None and vmax is None:
        vmin, vmax = shared_limits([A])
    if annotate is None:
        annotate = max(A.shape) <= ANNOTATE_MAX
    im = ax.imshow(A, cmap=SIGNED_CMAP if signed else IMAGE_CMAP, vmin=vmin, vmax=vmax)
    if annotate:
        for (r, c), v in np.ndenumerate(A):
            red, green, blue, _ = im.cmap(im.norm(v))
            light = 0.299 * red + 0.587 * green + 0.114 * blue > 0.5
            ax.text(c, r, _format(v), ha="center", va="center", fontsize=9,
                    color="black" if light else "white")
        ax.set_xticks(range(A.shape[1]))
        ax.set_yticks(range(A.shape[0]))
    else:
        ax.set_xticks([])
        ax.set_yticks([])
    ax.tick_params(length=0, labelsize=7)
    if title:
        ax.set_title(title, fontsize=10)
    return im


def shared_limits(matrices: Iterable[Matrix]) -> tuple[float, float]:
    """Return ``(vmin, vmax)``, one colour scale symmetric around 0 that fits every matrix.

    ``vmax`` is the largest absolute value (1 when all are zero), ``vmin = -vmax``,
    so 0 is drawn in the middle colour of the map in every panel.
    """
    vmax = max(float(np.abs(_as_array(M)).max()) for M in matrices) or 1.0
    return -vmax, vmax


def panels_words(arrays: Sequence[np.ndarray], titles: Sequence[str | None]) -> str:
    """Return the panels of a figure in few words: their titles and shapes (once when equal)."""
    names = [t or f"panel {n}" for n, t in enumerate(titles, start=1)]
    if len({A.shape for A in arrays}) == 1:
        each = " each" if len(arrays) > 1 else ""
        return f"{list_words(names)} ({size_words(arrays[0])}{each})"
    return list_words(f"{name} ({size_words(A)})" for name, A in zip(names, arrays))


def show_matrices(matrices: Iterable[Matrix], titles: Iterable[str | None] | None = None,
                  annotate: bool | None = None, size: float = 2.6,
                  shared_scale: bool = False, cell: float | None = None,
                  scale: Scale = None) -> Figure:
    """Draw matrices side by side in one row, with colourbars; return the figure.

    ``scale`` says which colour scale the panels use: None (the default), each its own, shown
    by its own colourbar, symmetric around 0 when the panel holds negative values (so 0 is the
    middle colour) and from its smallest to its largest value otherwise; ``"shared"``, one
    scale from the smallest to the largest value of all panels (symmetric around 0 when any
    is negative), or ``"symmetric"`` (also ``shared_scale=True``), one scale symmetric around
    0 (``shared_limits``): then one colourbar, so that panels meant to be compared can be
    compared by colour. Colours are the course's (``cmap_for``). Panels are ``size`` inches
    high, unless ``cell`` is given: then every cell of every panel is ``cell`` inches wide,
    so the panels show the matrices' true relative sizes.
    """
    arrays = [_as_array(M) for M in matrices]
    titles = list(titles) if titles is not None else [None] * len(arrays)
    if len(titles) != len(arrays):
        raise ValueError(f"got {len(arrays)} matrices but {len(titles)} titles")
    scale = "symmetric" if shared_scale else scale
    if scale not in (None, "shared", "symmetric"):
        raise ValueError(f"scale must be None, 'shared' or 'symmetric', got {scale!r}")
    own = scale is None
    limits = (None, None) if own else _colour_limits(arrays, scale)
    if cell is None:
        fig, grid = plt.subplots(1, len(arrays), figsize=(
            (size + (0.55 if own else 0)) * len(arrays), size), gridspec_kw={
            "width_ratios": [M.shape[1] + 1 for M in arrays]}, squeeze=False)
        axes: list[Axes] = list(grid[0])
    else:  # every cell `cell` inches: each panel placed at its true size, tops aligned
        left, gap, top, bottom = 0.35, 1.0, 0.35, 0.3  # gap: room for a title or a colourbar
        rows = max(M.shape[0] for M in arrays)
        width = left + sum(cell * M.shape[1] + gap + (0.16 if own else 0) for M in arrays) \
            + (0 if own else 0.6)
        height = top + cell * rows + bottom
        fig = plt.figure(figsize=(width, height))
        axes, x = [], left
        for M in arrays:
            w, h = cell * M.shape[1] + (0.16 if own else 0), cell * M.shape[0]  # + colourbar
            axes.append(fig.add_axes((x / width, (height - top - h) / height, w / width,
                                      h / height)))
            x += w + gap
    images = []
    for ax, M, t in zip(axes, arrays, titles):
        low, high = limits
        if own and M.size and M.min() == M.max() == 0:
            low, high = -1.0, 1.0  # all zeros: the grey of "no change" on the signed scale
        elif own and M.size and M.min() == M.max() > 0:
            low, high = 0.0, 2 * M.max()  # a positive constant: mid-scale
        images.append(draw_matrix(ax, M, t, annotate=annotate, vmin=low, vmax=high))
        if own:  # a slim colourbar beside the panel, exactly as high as it
            cax = make_axes_locatable(ax).append_axes("right", size=0.1, pad=0.06)
            fig.colorbar(images[-1], cax=cax).ax.tick_params(labelsize=7)
    if cell is None:
        fig.tight_layout()
    if not own:
        fig.colorbar(images[-1], ax=axes, shrink=0.8, pad=0.02)
    written = all(max(M.shape) <= ANNOTATE_MAX for M in arrays) if annotate is None \
        else annotate
    if own:
        colours = own_scales_words(arrays, titles, zeros_signed=True)
    else:
        colours = f"one scale for all, {scale_words(cmap_for(arrays), *limits)}"
    return describe(fig, f"{_heat_maps(len(arrays), cell is not None)}"
                         f"{', values written in' if written else ''}: "
                         f"{panels_words(arrays, titles)}; {colours}")


def _heat_maps(n, true_size):
    """Return how ``n`` heat maps are laid out, in words."""
    what = "A heat map" if n == 1 else f"{count_words(n).capitalize()} heat maps"
    return what + (" at true relative size" if true_size else "")


def _colour_limits(images, scale):
    """Return one ``(vmin, vmax)`` for all ``images``, or ``(None, None)`` when ``scale`` is None.

    ``scale="shared"`` spans the smallest to the largest value of all images (``-m`` to
    ``m`` when any is negative, as a signed map is drawn); ``scale="symmetric"`` spans ``-m``
    to ``m``, ``m`` the largest absolute value, so 0 sits in the middle of the colour map.
    """
    if scale is None:
        return None, None
    if scale not in ("shared", "symmetric"):
        raise ValueError(f"scale must be None, 'shared' or 'symmetric', got {scale!r}")
    low = min(float(A.min()) for A in images)
    high = max(float(A.max()) for A in images)
    if scale == "shared" and low >= 0:
        return low, high
    m = max(abs(low), abs(high)) or 1.0
    return -m, m


def show_images(images: Iterable[Matrix], titles: Iterable[str | None] | None = None,
                ncols: int = 4, size: float = 2.8, scale: Scale = None,
                true_size: bool = False, ticks: bool = False) -> Figure:
    """Draw images (2-D tensors or arrays) in a grid without values or ticks; return the figure.

    ``scale=None`` gives each image its own colour scale; ``"shared"`` one scale for all,
    ``"symmetric"`` one scale symmetric around 0 (for signed maps), both with a colourbar.
    Colours are the course's (``cmap_for``: dark small, light large; a signed image on a
    scale symmetric around 0). ``true_size=True`` draws each image at its size relative to
    the largest, centred in its panel, so an image a few pixels smaller looks smaller.
    ``ticks=True`` numbers the rows and columns (a few of them), for a text that cites them.
    """
    arrays = [_as_array(img) for img in images]
    titles = list(titles) if titles is not None else [None] * len(arrays)
    if len(titles) != len(arrays):
        raise ValueError(f"got {len(arrays)} images but {len(titles)} titles")
    vmin, vmax = _colour_limits(arrays, scale)
    ncols = min(ncols, len(arrays))
    nrows = -(-len(arrays) // ncols)
    height = max(A.shape[0] for A in arrays)
    width = max(A.shape[1] for A in arrays)
    fig, axes = plt.subplots(nrows, ncols, squeeze=False, layout="constrained",
                             figsize=(size * ncols + (0.8 if scale else 0), size * nrows))
    for ax in axes.flat:
        ax.axis("off")
    shared_cmap = cmap_for(arrays)
    for ax, A, t in zip(axes.flat, arrays, titles):
        top, left = (height - A.shape[0]) / 2, (width - A.shape[1]) / 2
        extent = (left - 0.5, left + A.shape[1] - 0.5, top + A.shape[0] - 0.5, top - 0.5)
        low, high = vmin, vmax
        if not scale and A.size and A.min() < 0:
            low, high = shared_limits([A])  # a signed image: 0 in the middle of its scale
        im = ax.imshow(A, cmap=shared_cmap if scale else cmap_for(A), interpolation="nearest",
                       vmin=low, vmax=high, extent=extent if true_size else None)
        if true_size:
            ax.set(xlim=(-0.5, width - 0.5), ylim=(height - 0.5, -0.5))
        if ticks:
            ax.axis("on")
            ax.set_xticks(_tick_positions(A.shape[1]))
            ax.set_yticks(_tick_positions(A.shape[0]))
            ax.tick_params(length=2, labelsize=7)
        if t:
            ax.set_title(t, fontsize=10)
    if scale:
        fig.colorbar(im, ax=axes, shrink=0.8)
    n = len(arrays)
    layout = ("An image" if n == 1 else f"{count_words(n).capitalize()} images in one row"
              if nrows == 1 else f"{count_words(n).capitalize()} images in {nrows} rows")
    if any(titles) and len(titles) <= 6:
        panels = ": " + panels_words(arrays, titles)
    elif len({A.shape for A in arrays}) == 1:
        panels = f", {size_words(arrays[0])} each"
    else:
        panels = ""
    if scale:
        colours = f"one scale for all, {scale_words(shared_cmap, vmin, vmax)}"
    elif n == 1 and arrays[0].min() == arrays[0].max():
        colours = f"all {number_words(arrays[0].min())}"
    elif n == 1:
        colours = scale_words(cmap_for(arrays[0]), *(
            shared_limits(arrays) if arrays[0].min() < 0 else
            (arrays[0].min(), arrays[0].max())))
    else:
        colours = own_scales_words(arrays, titles, bars=False)
    return describe(fig, f"{layout}{' at true relative size' if true_size else ''}"
                         f"{', rows and columns numbered' if ticks else ''}"
                         f"{panels}; {colours}")


def _tick_positions(n: int) -> list[int]:
    """Return a few row or column numbers to label on an axis of ``n`` cells: 0, the last, and
    about three between."""
    step = max(1, math.ceil((n - 1) / 4)) if n > 1 else 1
    return sorted({*range(0, n, step), n - 1})


def _outline(ax, row, col, height, width, color):
    """Outline cells ``[row:row+height, col:col+width]`` of a matrix drawn on ``ax``."""
    ax.add_patch(Rectangle((col - 0.5, row - 0.5), width, height, fill=False,
                           edgecolor=color, linewidth=3))


def show_sliding_window(X: Matrix, K: Matrix, Y: Matrix,
                        positions: Sequence[Sequence[int]] | None = None,
                        cell: float = 0.42) -> Figure:
    """Draw, for each output position (i, j), the window of ``X`` under ``K`` and ``Y[i, j]``.

    One row per position: the input with the window outlined, the kernel, and the
    output with the element that window computes outlined, its sum of products written
    beneath. ``positions`` defaults to every output position. Every cell of every panel
    is ``cell`` inches wide, so the window and the kernel are drawn at the same size.
    Colours are the course's (a signed kernel or output on a scale symmetric around 0).
    Returns the figure.
    """
    X, K, Y = _as_array(X), _as_array(K), _as_array(Y)
    h, w = K.shape
    if positions is None:
        positions = list(np.ndindex(*Y.shape))
    text_lines = h + 2  # the title above, one line of the sum per kernel row below
    row_height = cell * max(X.shape[0], h, Y.shape[0]) + 0.17 * text_lines + 0.25
    fig, axes = plt.subplots(len(positions), 3, squeeze=False, layout="constrained",
                             figsize=(cell * (X.shape[1] + w + Y.shape[1]) + 3.2,
                                      row_height * len(positions)),
                             gridspec_kw={"width_ratios": [X.shape[1], w, Y.shape[1]]})
    for (i, j), (ax_x, ax_k, ax_y) in zip(positions, axes):
        window = X[i:i + h, j:j + w]
        terms = " +\n".join(  # one line per kernel row
            " + ".join(f"{_term(a)}·{_term(b)}" for a, b in zip(wrow, krow))
            for wrow, krow in zip(window, K))
        drawn = [draw_matrix(ax_x, X, "input X"), draw_matrix(ax_k, K, "kernel K"),
                 draw_matrix(ax_y, Y, f"output Y[{i}, {j}]")]
        _outline(ax_x, i, j, h, w, "tab:orange")
        _outline(ax_y, i, j, 1, 1, "tab:orange")
        ax_y.set_xlabel(f"{terms} = {_format(Y[i, j])}", fontsize=8)
        for ax in (ax_x, ax_k, ax_y):
            ax.set_anchor("N")  # tops aligned: the kernel sits level with the window's row 0
    for ax, im, M in zip(axes[0], drawn, (X, K, Y)):  # the same in every row: bars in the first
        cells = M.shape[1]  # a bar a quarter of a cell wide, as high as the panel
        bar = fig.colorbar(im, cax=ax.inset_axes((1 + 0.15 / cells, 0, 0.25 / cells, 1)))
        bar.ax.tick_params(labelsize=7)
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):  # as made above
        engine.set(wspace=0, w_pad=0.2)  # room (inches) for the bars' numbers
    signed = [name for name, M in (("X", X), ("K", K), ("Y", Y)) if (M < 0).any()]
    colours = (f"; {list_words(signed)} signed: {SIGNED_WORDS}" if signed else
               ": dark small, light large")
    corners = ", ".join(f"({i}, {j})" for i, j in positions)
    sums = ", ".join(_format(Y[i, j]) for i, j in positions)
    if len(positions) == 1:
        (i, j), = positions
        rows, where = (f"For output position {corners}: ", f"It gives Y[{i}, {j}] = {sums}")
    else:
        rows, where = (f"{count_words(len(positions)).capitalize()} rows, one per output "
                       f"position: ", f"Windows at {corners} give {sums}")
    return describe(fig, f"{rows}input X ({size_words(X)}), the {size_words(K)} window "
                         f"outlined; kernel K; output Y ({size_words(Y)}), its element "
                         f"outlined, the sum beneath; values written in, colour bars{colours}. "
                         f"{where}")


def plot_losses(losses: Iterable[SupportsFloat], title: str = "training loss",
                log: bool = True) -> Figure:
    """Plot one loss per step against the step number (log scale by default); return the figure."""
    values = [float(v) for v in losses]
    fig, ax = plt.subplots(figsize=(4.5, 3))
    ax.plot(range(1, len(values) + 1), values, marker="o" if len(values) <= 50 else None)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("summed squared error")
    ax.set_title(title, fontsize=10)
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    return describe(fig, f"A line plot, {title}: the summed squared error at each of the "
                         f"{len(values)} steps{', on a log scale,' if log else ''} from "
                         f"{loss_words(values[0])} at step 1 to {loss_words(values[-1])} at "
                         f"step {len(values)}")


def loss_words(v: float) -> str:
    """Return a loss as words: two significant digits (``21,000``, ``0.0012``); below 1e-5 the
    power of ten it is below (``below 1e-06``: a bound, since float noise would change the
    digits from one processor to another), as the notebooks print it."""
    if v == 0:
        return "0"
    if abs(v) < 1e-5:
        power = math.ceil(math.log10(abs(v)))
        power += 10.0 ** power <= abs(v)  # strictly below: 1e-09 is below 1e-08
        return f"below {10.0 ** power:.0e}"
    rounded = float(f"{v:.2g}")
    return f"{rounded:,.0f}" if abs(rounded) >= 100 else f"{rounded:f}".rstrip("0").rstrip(".")


PATH_COLORS = ["tab:red", "tab:orange", "tab:blue", "tab:green", "tab:purple",
               "tab:brown", "tab:pink", "tab:gray", "tab:olive", "tab:cyan"]
# Each path also has its own marker and dash pattern, so paths differ without their colours.
PATH_STYLES = [("o", "-", "circles", "a solid line"), ("^", "--", "triangles", "a dashed line"),
               ("D", ":", "diamonds", "a dotted line"), ("v", "-.", "down triangles",
                                                         "a dash-dotted line")]


def show_loss_landscape(loss_at: Callable[[float, float], SupportsFloat],
                        paths: Mapping[str, npt.ArrayLike], extent: Sequence[float],
                        target: Sequence[float] | None = None, resolution: int = 81,
                        title: str = "loss landscape") -> Figure:
    """Draw contours of ``loss_at(w1, w2)`` with gradient-descent paths on top; return the figure.

    ``extent`` is ``(w1_min, w1_max, w2_min, w2_max)``. ``paths`` maps a label to a
    sequence of ``(w1, w2)`` points, the start first: each is drawn as a line of markers
    with its start marked by a square, in its own colour, marker and dash pattern (at most
    ten paths). ``target``,
    a ``(w1, w2)`` point such as the minimum, is marked with a star. Contour levels are
    spaced on a log scale, so the floor of the bowl shows as well as its walls: 13 levels
    strictly between the lowest loss (or a thousandth of the largest) and the largest, so that
    each is drawn as a line, coloured on a log scale from dark purple to yellow.
    """
    if len(extent) != 4 or not (extent[0] < extent[1] and extent[2] < extent[3]):
        raise ValueError(f"extent must be (w1_min, w1_max, w2_min, w2_max), got {extent!r}")
    if len(paths) > len(PATH_COLORS):
        raise ValueError(f"paths: at most {len(PATH_COLORS)} paths, one colour each, "
                         f"got {len(paths)}")
    w1 = np.linspace(extent[0], extent[1], resolution)
    w2 = np.linspace(extent[2], extent[3], resolution)
    L = np.array([[float(loss_at(a, b)) for a in w1] for b in w2])  # rows: w2, columns: w1
    fig, ax = plt.subplots(figsize=(5.6, 4.4))
    # 13 levels strictly between the floor and the largest loss, each drawn as a line (a level
    # at the largest loss would be reached at a grid point only); coloured on a log scale, the
    # lowest line dark purple and the highest yellow
    levels = np.geomspace(max(L.min(), 1e-3 * L.max(), 1e-12), L.max(), 15)[1:-1]
    contours = ax.contour(w1, w2, L, levels=levels, cmap=LEVELS_CMAP, linewidths=0.8,
                          norm=LogNorm(levels[0], levels[-1]))
    drawn = [level for level, segments in zip(contours.levels, contours.allsegs)
             if any(len(segment) for segment in segments)]
    fig.colorbar(contours, ax=ax, label="loss (contour levels)", format="%.3g", shrink=0.8,
                 ticks=levels[::2])  # every other level labelled, the lowest and the highest too
    described = []
    for k, ((label, path), color) in enumerate(zip(paths.items(), PATH_COLORS)):
        P = np.asarray(path, dtype=float).reshape(-1, 2)
        marker, dashes, marker_words, line_words = PATH_STYLES[k % len(PATH_STYLES)]
        ax.plot(P[:, 0], P[:, 1], marker=marker, linestyle=dashes, color=color, markersize=4,
                linewidth=1.2, label=label)
        ax.plot(P[0, 0], P[0, 1], "s", color=color, markersize=7)
        described.append(f"{label}, {color.removeprefix('tab:')} {marker_words}")
    if target is not None:
        ax.plot(*target, "*", color="black", markersize=12, label="minimum")
        described.append(f"minimum {_point_words(target)}, black star")
    ax.set(xlabel="$w_1$", ylabel="$w_2$", xlim=extent[:2], ylim=extent[2:])
    ax.set_aspect("equal")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    paths_words = (f"; paths from squares: {'; '.join(described)}"
                   if described else "")
    return describe(fig, f"Contours of the loss over w1 across ({number_words(extent[0])} to "
                         f"{number_words(extent[1])}) and w2 up ({number_words(extent[2])} "
                         f"to {number_words(extent[3])}), {len(drawn)} log-spaced lines, "
                         f"{drawn[0]:.3g} ({_viridis_words(contours, drawn[0])}) to "
                         f"{drawn[-1]:.3g} ({_viridis_words(contours, drawn[-1])})"
                         f"{paths_words}")


def _viridis_words(contours, level):
    """Return the colour of a contour line at ``level`` in words (viridis: five names)."""
    where = float(contours.norm(level))
    names = ["dark purple", "blue", "teal", "green", "yellow"]
    return names[min(int(round(where * (len(names) - 1))), len(names) - 1)]


def _point_words(point):
    """Return a point (w1, w2) as words: ``"(1, -1)"``."""
    return "(" + ", ".join(number_words(v) for v in point) + ")"


def show_receptive_field(input_shape: Size, kernel_sizes: Sequence[Size],
                         position: Sequence[int], cell: float = 0.45) -> Figure:
    """Draw the input and every layer's output as grids, shading what one output element sees.

    Returns the figure: one panel per tensor, from the input to the last output, each
    cell ``cell`` inches wide in every panel (true relative size), with the cells feeding
    ``position`` of the last output shaded and counted in the title. Raises ``ValueError``
    when ``position`` lies outside the last output.
    """
    shapes = layer_shapes(input_shape, kernel_sizes)
    fields = receptive_field(input_shape, kernel_sizes, position)
    names = ["input"] + [f"layer {n} output" for n in range(1, len(kernel_sizes) + 1)]
    width = cell * (sum(w for _, w in shapes) + 1.5 * len(shapes))
    height = cell * max(h for h, _ in shapes) + 1.4  # room for the titles: widths set the scale
    fig, axes = plt.subplots(1, len(shapes), figsize=(width, height), squeeze=False,
                             gridspec_kw={"width_ratios": [w for _, w in shapes]})
    for ax, shape, (rows, cols), name in zip(axes[0], shapes, fields, names):
        grid = np.zeros(shape)
        grid[rows, cols] = 1
        ax.imshow(grid, cmap=HIGHLIGHT_CMAP, vmin=0, vmax=HIGHLIGHT_MAX)
        for r in range(1, shape[0]):  # grid lines between the cells
            ax.axhline(r - 0.5, color="gray", linewidth=1)
        for c in range(1, shape[1]):
            ax.axvline(c - 0.5, color="gray", linewidth=1)
        ax.set(xticks=range(shape[1]), yticks=range(shape[0]), anchor="N")
        ax.tick_params(length=0, labelsize=7)
        n_h, n_w = rows.stop - rows.start, cols.stop - cols.start
        what = f"{n_h}x{n_w} cells feed it" if name != names[-1] else f"element {tuple(position)}"
        ax.set_title(f"{name} {shape[0]}x{shape[1]}\n{what}", fontsize=10)
    fig.tight_layout()
    panels = []
    for shape, (rows, cols), name in zip(shapes, fields, names):
        n_h, n_w = rows.stop - rows.start, cols.stop - cols.start
        panels.append(f"{name} ({shape[0]}×{shape[1]}), rows {rows.start}–{rows.stop - 1}, "
                      f"columns {cols.start}–{cols.stop - 1}" if name != names[-1] else
                      f"{name} ({shape[0]}×{shape[1]}), element {tuple(position)}")
    return describe(fig, f"{count_words(len(shapes)).capitalize()} grids at true relative "
                         f"size, rows and columns numbered, shaded orange where they feed one "
                         f"output element: "
                         f"{list_words(panels, '; ')}")
