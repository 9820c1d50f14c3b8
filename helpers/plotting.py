"""Figures for the course: annotated heatmaps, the sliding window, loss curves.

Every function draws with matplotlib and returns the ``Figure``; a notebook cell
ends with ``plt.show()`` so that nothing but the picture is printed.
"""

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.patches import Rectangle
from mpl_toolkits.axes_grid1 import make_axes_locatable

from helpers.receptive import layer_shapes, receptive_field

ANNOTATE_MAX = 12  # write values in the cells of matrices up to this many rows and columns


def _as_array(M):
    """Return ``M`` (a tensor or array-like) as a 2-D NumPy array of floats."""
    if isinstance(M, torch.Tensor):
        M = M.detach().cpu()
    A = np.asarray(M, dtype=float)
    if A.ndim != 2:
        raise ValueError(f"expected a 2-D matrix to draw, got shape {A.shape}")
    return A


def _format(v):
    """Return ``v`` as short text: integers without decimals, others with two."""
    v = float(v) + 0.0  # turns -0.0 into 0.0
    return f"{v:.0f}" if float(v).is_integer() else f"{v:.2f}"


def _term(v):
    """Return ``v`` as text for a sum of products: negative numbers in parentheses."""
    return f"({_format(v)})" if v < 0 else _format(v)


def draw_matrix(ax, M, title=None, cmap="gray", annotate=None, vmin=None, vmax=None):
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


def shared_limits(matrices):
    """Return ``(vmin, vmax)``, one colour scale symmetric around 0 that fits every matrix.

    ``vmax`` is the largest absolute value (1 when all are zero), ``vmin = -vmax``,
    so 0 is drawn in the middle colour of the map in every panel.
    """
    vmax = max(float(np.abs(_as_array(M)).max()) for M in matrices) or 1.0
    return -vmax, vmax


def show_matrices(matrices, titles=None, cmap="gray", annotate=None, size=2.6,
                  shared_scale=False, cell=None, scale=None):
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
    matrices = [_as_array(M) for M in matrices]
    titles = list(titles) if titles is not None else [None] * len(matrices)
    if len(titles) != len(matrices):
        raise ValueError(f"got {len(matrices)} matrices but {len(titles)} titles")
    scale = "symmetric" if shared_scale else scale
    if scale not in (None, "shared", "symmetric"):
        raise ValueError(f"scale must be None, 'shared' or 'symmetric', got {scale!r}")
    own = scale is None
    limits = (None, None) if own else _colour_limits(matrices, scale)
    if cell is None:
        fig, axes = plt.subplots(1, len(matrices), figsize=(
            (size + (0.55 if own else 0)) * len(matrices), size), gridspec_kw={
            "width_ratios": [M.shape[1] + 1 for M in matrices]}, squeeze=False)
        axes = list(axes[0])
    else:  # every cell `cell` inches: each panel placed at its true size, tops aligned
        left, gap, top, bottom = 0.35, 1.0, 0.35, 0.3  # gap: room for a title or a colourbar
        rows = max(M.shape[0] for M in matrices)
        width = left + sum(cell * M.shape[1] + gap + (0.16 if own else 0) for M in matrices) \
            + (0 if own else 0.6)
        height = top + cell * rows + bottom
        fig = plt.figure(figsize=(width, height))
        axes, x = [], left
        for M in matrices:
            w, h = cell * M.shape[1] + (0.16 if own else 0), cell * M.shape[0]  # + colourbar
            axes.append(fig.add_axes([x / width, (height - top - h) / height, w / width,
                                      h / height]))
            x += w + gap
    images = []
    for ax, M, t in zip(axes, matrices, titles):
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
    return fig


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


def show_images(images, titles=None, cmap="gray", ncols=4, size=2.8, scale=None,
                true_size=False):
    """Draw images (2-D tensors or arrays) in a grid without values or ticks; return the figure.

    ``scale=None`` gives each image its own colour scale; ``"shared"`` one scale for all,
    ``"symmetric"`` one scale symmetric around 0 (for signed maps), both with a colourbar.
    ``true_size=True`` draws each image at its size relative to the largest, centred in
    its panel, so an image a few pixels smaller looks smaller.
    """
    images = [_as_array(img) for img in images]
    titles = list(titles) if titles is not None else [None] * len(images)
    if len(titles) != len(images):
        raise ValueError(f"got {len(images)} images but {len(titles)} titles")
    vmin, vmax = _colour_limits(images, scale)
    ncols = min(ncols, len(images))
    nrows = -(-len(images) // ncols)
    height = max(A.shape[0] for A in images)
    width = max(A.shape[1] for A in images)
    fig, axes = plt.subplots(nrows, ncols, squeeze=False, layout="constrained",
                             figsize=(size * ncols + (0.8 if scale else 0), size * nrows))
    for ax in axes.flat:
        ax.axis("off")
    for ax, A, t in zip(axes.flat, images, titles):
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
    return fig


def _outline(ax, row, col, height, width, color):
    """Outline cells ``[row:row+height, col:col+width]`` of a matrix drawn on ``ax``."""
    ax.add_patch(Rectangle((col - 0.5, row - 0.5), width, height, fill=False,
                           edgecolor=color, linewidth=3))


def show_sliding_window(X, K, Y, positions=None, cell=0.42):
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
    return fig


def plot_losses(losses, title="training loss", log=True):
    """Plot one loss per step against the step number (log scale by default); return the figure."""
    losses = [float(v) for v in losses]
    fig, ax = plt.subplots(figsize=(4.5, 3))
    ax.plot(range(1, len(losses) + 1), losses, marker="o" if len(losses) <= 50 else None)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("summed squared error")
    ax.set_title(title, fontsize=10)
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    return fig


PATH_COLORS = ["tab:red", "tab:orange", "tab:blue", "tab:green", "tab:purple",
               "tab:brown", "tab:pink", "tab:gray", "tab:olive", "tab:cyan"]


def show_loss_landscape(loss_at, paths, extent, target=None, resolution=81,
                        title="loss landscape"):
    """Draw contours of ``loss_at(w1, w2)`` with gradient-descent paths on top; return the figure.

    ``extent`` is ``(w1_min, w1_max, w2_min, w2_max)``. ``paths`` maps a label to a
    sequence of ``(w1, w2)`` points, the start first: each is drawn as a line of dots
    with its start marked by a square, in its own colour (at most ten paths). ``target``,
    a ``(w1, w2)`` point such as the minimum, is marked with a star. Contour levels are
    spaced on a log scale, so the floor of the bowl shows as well as its walls.
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
    levels = np.geomspace(max(L.min(), 1e-3 * L.max(), 1e-12), L.max(), 14)
    contours = ax.contour(w1, w2, L, levels=levels, cmap="viridis", linewidths=0.8)
    fig.colorbar(contours, ax=ax, label="loss (contour levels)", format="%.3g", shrink=0.8)
    for (label, path), color in zip(paths.items(), PATH_COLORS):
        P = np.asarray(path, dtype=float).reshape(-1, 2)
        ax.plot(P[:, 0], P[:, 1], "-o", color=color, markersize=3, linewidth=1, label=label)
        ax.plot(P[0, 0], P[0, 1], "s", color=color, markersize=7)
    if target is not None:
        ax.plot(*target, "*", color="black", markersize=12, label="minimum")
    ax.set(xlabel="$w_1$", ylabel="$w_2$", xlim=extent[:2], ylim=extent[2:])
    ax.set_aspect("equal")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    return fig


def show_receptive_field(input_shape, kernel_sizes, position, cell=0.45):
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
    return fig
