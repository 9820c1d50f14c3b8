"""Figures for the course: annotated heatmaps, the sliding window, loss curves.

Every function draws with matplotlib and returns the ``Figure``, with what it shows in words
attached (``helpers.figures.describe``); a notebook cell ends with
``show_figure("what to notice")``, which shows the picture and prints its description under it.
``draw_matrix`` draws into a given ``ax`` (a figure the notebook composes): there the notebook
says what the figure shows (``show_figure(notice, shows=...)``).
"""

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Literal, SupportsFloat, TypeAlias

import matplotlib.pyplot as plt
import numpy as np
import numpy.typing as npt
import torch
from matplotlib.axes import Axes
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.patches import Rectangle
from mpl_toolkits.axes_grid1 import make_axes_locatable
from torch import Tensor

from helpers.figures import describe
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


# What a colour map's ends (and middle) look like, in words: (smallest, middle, largest).
COLOUR_WORDS = {
    "gray": ("black", "grey", "white"), "gray_r": ("white", "grey", "black"),
    "Greys": ("white", "grey", "black"), "Blues": ("white", "mid blue", "dark blue"),
    "Oranges": ("white", "light orange", "dark orange"),
    "Greens": ("white", "mid green", "dark green"),
    "bwr": ("blue", "white", "red"), "coolwarm": ("blue", "light grey", "red"),
    "PRGn": ("purple", "white", "green"), "RdBu": ("red", "white", "blue"),
    "viridis": ("dark purple", "green", "yellow"), "cividis": ("dark blue", "grey", "yellow"),
}


def scale_words(cmap: str, low: SupportsFloat, high: SupportsFloat) -> str:
    """Return a colour scale in words, e.g. ``"blue negative, white 0, red positive, -2 to 2"``.

    A scale symmetric around 0 says the sign; any other scale its ends and their colours.
    """
    dark, middle, light = COLOUR_WORDS.get(cmap, (f"{cmap}'s first colour", "its middle",
                                                  "its last colour"))
    low_text, high_text = number_words(low), number_words(high)
    if float(low) < 0 < float(high) and low_text == number_words(-float(high)):
        return (f"{dark} negative, {middle} 0, {light} positive, from {low_text} to "
                f"{high_text}")
    return f"from {low_text} ({dark}) to {high_text} ({light})"


def own_scale_words(cmap: str) -> str:
    """Return in words how panels each on their own colour scale are coloured."""
    dark, middle, light = COLOUR_WORDS.get(cmap, (f"{cmap}'s first colour", "its middle",
                                                  "its last colour"))
    return (f"each panel on its own colour scale, {dark} its smallest value, {light} its "
            f"largest")


def own_scales_words(matrices: Iterable[Matrix], titles: Iterable[str | None],
                     cmap: str) -> str:
    """Return in words the colour scale of each panel of ``show_matrices``' default: per panel,
    the value drawn in the map's first colour and the one in its last (and 0 in its middle
    colour for a signed panel, the value itself for a panel of one value)."""
    dark, middle, light = COLOUR_WORDS.get(cmap, (f"{cmap}'s first colour", "its middle colour",
                                                  "its last colour"))
    groups: dict[str, list[str]] = {}  # the words of one scale -> the panels drawn on it
    for n, (M, t) in enumerate(zip(matrices, titles), start=1):
        A = _as_array(M)
        if not A.size:
            continue
        low, high = float(A.min()), float(A.max())
        if low < 0:  # as show_matrices draws it: symmetric around 0, even when constant
            m = max(abs(low), abs(high))
            words = (f"{number_words(-m)} is {dark}, 0 {middle} and {number_words(m)} "
                     f"{light}")
        else:
            words = f"{number_words(low)} is {dark} and {number_words(high)} {light}"
        if low == high >= 0:  # drawn mid-scale
            words = f"{number_words(low)} is {middle}"
        groups.setdefault(words, []).append(t or f"panel {n}")
    return ("each panel on its own colour scale, with its colour bar: "
            + "; ".join(f"in {list_words(names)}, {words}" for words, names in groups.items()))


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


def draw_matrix(ax: Axes, M: Matrix, title: str | None = None, cmap: str = "gray",
                annotate: bool | None = None, vmin: float | None = None,
                vmax: float | None = None) -> AxesImage:
    """Draw matrix ``M`` on ``ax`` as a heatmap, values written in cells; return the image.

    ``annotate=None`` writes values only when ``M`` is at most ``ANNOTATE_MAX`` on each side.
    """
    A = _as_array(M)
    if annotate is None:
        annotate = max(A.shape) <= ANNOTATE_MAX
    im = ax.imshow(A, cmap=cmap, vmin=vmin, vmax=vmax)
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


def show_matrices(matrices: Iterable[Matrix], titles: Iterable[str | None] | None = None,
                  cmap: str = "gray", annotate: bool | None = None, size: float = 2.6,
                  shared_scale: bool = False, cell: float | None = None,
                  scale: Scale = None) -> Figure:
    """Draw matrices side by side in one row, with colourbars; return the figure.

    ``scale`` says which colour scale the panels use: None (the default), each its own, shown
    by its own colourbar, symmetric around 0 when the panel holds negative values (so 0 is the
    middle colour) and from its smallest to its largest value otherwise; ``"shared"``, one
    scale from the smallest to the largest value of all panels, or ``"symmetric"`` (also
    ``shared_scale=True``), one scale symmetric around 0 (``shared_limits``): then one
    colourbar, so that panels meant to be compared can be compared by colour. Panels are
    ``size`` inches high, unless ``cell`` is given: then every cell of every panel is ``cell``
    inches wide, so the panels show the matrices' true relative sizes.
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
        if own and M.size and M.min() < 0:
            low, high = shared_limits([M])  # a signed panel: 0 in the middle of its scale
        elif own and M.size and M.min() == M.max():
            low, high = M.min() - 1, M.max() + 1  # a constant panel: its value mid-scale
        images.append(draw_matrix(ax, M, t, cmap=cmap, annotate=annotate, vmin=low, vmax=high))
        if own:  # a slim colourbar beside the panel, exactly as high as it
            cax = make_axes_locatable(ax).append_axes("right", size=0.1, pad=0.06)
            fig.colorbar(images[-1], cax=cax).ax.tick_params(labelsize=7)
    if cell is None:
        fig.tight_layout()
    if not own:
        fig.colorbar(images[-1], ax=axes, shrink=0.8, pad=0.02)
    written = all(max(M.shape) <= ANNOTATE_MAX for M in arrays) if annotate is None \
        else annotate
    panels = list_words(f"{t + ' ' if t else ''}({size_words(M)}, {range_words(M)})"
                         for M, t in zip(arrays, titles))
    if own:
        colours = own_scales_words(arrays, titles, cmap)
    else:
        colours = f"one colour scale for all, {scale_words(cmap, *limits)}, with a colour bar"
    return describe(fig, f"{_heat_maps(len(arrays), cell is not None)}"
                         f"{', values written in the cells' if written else ''}: {panels}; "
                         f"{colours}")


def _heat_maps(n, true_size):
    """Return how ``n`` heat maps are laid out, in words."""
    what = "A heat map" if n == 1 else f"{count_words(n).capitalize()} heat maps side by side"
    return what + (", drawn at their true relative sizes" if true_size else "")


def _colour_limits(images, scale):
    """Return one ``(vmin, vmax)`` for all ``images``, or ``(None, None)`` when ``scale`` is None.

    ``scale="shared"`` spans the smallest to the largest value of all images;
    ``scale="symmetric"`` spans ``-m`` to ``m``, ``m`` the largest absolute value, so 0
    sits in the middle of the colour map.
    """
    if scale is None:
        return None, None
    if scale not in ("shared", "symmetric"):
        raise ValueError(f"scale must be None, 'shared' or 'symmetric', got {scale!r}")
    low = min(float(A.min()) for A in images)
    high = max(float(A.max()) for A in images)
    if scale == "shared":
        return low, high
    m = max(abs(low), abs(high))
    return -m, m


def show_images(images: Iterable[Matrix], titles: Iterable[str | None] | None = None,
                cmap: str = "gray", ncols: int = 4, size: float = 2.8, scale: Scale = None,
                true_size: bool = False) -> Figure:
    """Draw images (2-D tensors or arrays) in a grid without values or ticks; return the figure.

    ``scale=None`` gives each image its own colour scale; ``"shared"`` one scale for all,
    ``"symmetric"`` one scale symmetric around 0 (for signed maps), both with a colourbar.
    ``true_size=True`` draws each image at its size relative to the largest, centred in
    its panel, so an image a few pixels smaller looks smaller.
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
    for ax, A, t in zip(axes.flat, arrays, titles):
        top, left = (height - A.shape[0]) / 2, (width - A.shape[1]) / 2
        extent = (left - 0.5, left + A.shape[1] - 0.5, top + A.shape[0] - 0.5, top - 0.5)
        im = ax.imshow(A, cmap=cmap, interpolation="nearest", vmin=vmin, vmax=vmax,
                       extent=extent if true_size else None)
        if true_size:
            ax.set(xlim=(-0.5, width - 0.5), ylim=(height - 0.5, -0.5))
        if t:
            ax.set_title(t, fontsize=10)
    if scale:
        fig.colorbar(im, ax=axes, shrink=0.8)
    n = len(arrays)
    layout = ("An image" if n == 1 else f"{count_words(n).capitalize()} images in one row"
              if nrows == 1 else f"{count_words(n).capitalize()} images in {nrows} rows of "
              f"up to {ncols}")
    if n >= 5 and len({A.shape for A in arrays}) == 1:  # many alike: their shape once
        layout = layout.replace(" images", f" {size_words(arrays[0])} images", 1)
        everything = np.concatenate([A.ravel() for A in arrays])
        panels = (f"{list_words(t for t in titles if t) + ', ' if any(titles) else ''}"
                  f"{range_words(everything)} over all")
    else:
        panels = list_words(f"{t + ' ' if t else ''}({size_words(A)}, {range_words(A)})"
                            for A, t in zip(arrays, titles))
    if scale:
        colours = f"one colour scale for all, {scale_words(cmap, vmin, vmax)}, with a colour bar"
    elif n == 1:
        dark, _, light = COLOUR_WORDS.get(cmap, ("its first colour", "", "its last colour"))
        colours = f"{dark} its smallest value, {light} its largest"
    else:
        colours = own_scale_words(cmap).replace("panel", "image")
    return describe(fig, f"{layout}{', drawn at their true relative sizes' if true_size else ''}"
                         f": {panels}; {colours}")


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
    Returns the figure.
    """
    X, K, Y = _as_array(X), _as_array(K), _as_array(Y)
    h, w = K.shape
    if positions is None:
        positions = list(np.ndindex(*Y.shape))
    text_lines = h + 2  # the title above, one line of the sum per kernel row below
    row_height = cell * max(X.shape[0], h, Y.shape[0]) + 0.17 * text_lines + 0.25
    fig, axes = plt.subplots(len(positions), 3, squeeze=False, layout="constrained",
                             figsize=(cell * (X.shape[1] + w + Y.shape[1]) + 1.6,
                                      row_height * len(positions)),
                             gridspec_kw={"width_ratios": [X.shape[1], w, Y.shape[1]]})
    for (i, j), (ax_x, ax_k, ax_y) in zip(positions, axes):
        window = X[i:i + h, j:j + w]
        terms = " +\n".join(  # one line per kernel row
            " + ".join(f"{_term(a)}·{_term(b)}" for a, b in zip(wrow, krow))
            for wrow, krow in zip(window, K))
        draw_matrix(ax_x, X, "input X", cmap="Blues")
        _outline(ax_x, i, j, h, w, "tab:orange")
        # a signed kernel or output on a diverging scale symmetric around 0 (white), so that a
        # negative entry does not look like "nothing"
        for ax, M, title, cmap in ((ax_k, K, "kernel K", "Oranges"),
                                   (ax_y, Y, f"output Y[{i}, {j}]", "Greens")):
            signed = bool((_as_array(M) < 0).any())
            low, high = shared_limits([M]) if signed else (None, None)
            draw_matrix(ax, M, title, cmap="PRGn" if signed else cmap, vmin=low, vmax=high)
        _outline(ax_y, i, j, 1, 1, "tab:orange")
        ax_y.set_xlabel(f"{terms} = {_format(Y[i, j])}", fontsize=8)
        for ax in (ax_x, ax_k, ax_y):
            ax.set_anchor("N")  # tops aligned: the kernel sits level with the window's row 0
    signed_names = [name for name, M in (("K", K), ("Y", Y)) if (M < 0).any()]
    scales = "each on its own scale" if len(signed_names) > 1 else "on a scale"
    signs = (f" ({' and '.join(signed_names)} {scales} symmetric around 0: negative purple, "
             f"0 white, positive green)" if signed_names else "")
    rows = (f"For output position {tuple(positions[0])}, three heat maps" if len(positions) == 1
            else f"{count_words(len(positions)).capitalize()} rows, one per output position, "
                 f"of three heat maps")
    where = list_words((f"Y[{i}, {j}] = {_format(Y[i, j])} from rows {i}–{i + h - 1}, "
                        f"columns {j}–{j + w - 1}{' of X' if n == 0 else ''}"
                        for n, (i, j) in enumerate(positions)), "; ")
    return describe(fig, f"{rows}, values in the cells: input X ({size_words(X)}, "
                         f"{range_words(X)}, white to blue), the {size_words(K)} window "
                         f"outlined in orange; kernel K ({size_words(K)}, {range_words(K)}); "
                         f"output Y ({size_words(Y)}), the element the window computes "
                         f"outlined, its sum of products beneath{signs}: {where}")


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
    contours = ax.contour(w1, w2, L, levels=levels, cmap="viridis", linewidths=0.8,
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
        described.append(f"{label} ({color.removeprefix('tab:')} {marker_words} on "
                         f"{line_words}, {len(P)} points from {_point_words(P[0])} to "
                         f"{_point_words(P[-1])})")
    if target is not None:
        ax.plot(*target, "*", color="black", markersize=12, label="minimum")
        described.append(f"the minimum {_point_words(target)}, marked by a black star")
    ax.set(xlabel="$w_1$", ylabel="$w_2$", xlim=extent[:2], ylim=extent[2:])
    ax.set_aspect("equal")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    paths_words = (f"; gradient-descent paths, each starting at a square: "
                   f"{list_words(described, '; ')}"
                   if described else "")
    return describe(fig, f"A contour plot, {title}: the loss over w1 from "
                         f"{number_words(extent[0])} to {number_words(extent[1])} (across) and w2 "
                         f"from {number_words(extent[2])} to {number_words(extent[3])} (up), "
                         f"{len(drawn)} contour lines spaced on a log scale from "
                         f"{drawn[0]:.3g} ({_viridis_words(contours, drawn[0])}) to "
                         f"{drawn[-1]:.3g} ({_viridis_words(contours, drawn[-1])}), with a "
                         f"colour bar{paths_words}")


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
        ax.imshow(grid, cmap="Oranges", vmin=0, vmax=1.6)
        for r in range(1, shape[0]):  # grid lines between the cells
            ax.axhline(r - 0.5, color="gray", linewidth=1)
        for c in range(1, shape[1]):
            ax.axvline(c - 0.5, color="gray", linewidth=1)
        ax.set(xticks=[], yticks=[], anchor="N")
        n_h, n_w = rows.stop - rows.start, cols.stop - cols.start
        what = f"{n_h}x{n_w} cells feed it" if name != names[-1] else f"element {tuple(position)}"
        ax.set_title(f"{name} {shape[0]}x{shape[1]}\n{what}", fontsize=10)
    fig.tight_layout()
    panels = []
    for shape, (rows, cols), name in zip(shapes, fields, names):
        n_h, n_w = rows.stop - rows.start, cols.stop - cols.start
        panels.append(f"{name} ({shape[0]}×{shape[1]}), {n_h}×{n_w} cells shaded, rows "
                      f"{rows.start} to {rows.stop - 1} and columns {cols.start} to "
                      f"{cols.stop - 1}" if name != names[-1] else
                      f"{name} ({shape[0]}×{shape[1]}), element {tuple(position)} shaded")
    return describe(fig, f"{count_words(len(shapes)).capitalize()} grids side by side, at "
                         f"their true relative sizes, the cells that feed one output element "
                         f"shaded orange: {list_words(panels, '; ')}")
