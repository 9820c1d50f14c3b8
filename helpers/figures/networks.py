"""Figures of networks in training and inside: the live loss and accuracy plot (notebook 15),
kernels, feature maps and receptive fields (notebook 16), accuracy curves of several networks
and attribution maps (notebooks 17 and 18). Each says in words what it draws.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from torch import Tensor

from helpers.figures import describe, figure_line
from helpers.figures.colours import HIGHLIGHT_CMAP, HIGHLIGHT_MAX, IMAGE_CMAP, SIGNED_CMAP
from helpers.figures.plotting import (
    count_words,
    list_words,
    number_words,
    scale_words,
    size_words,
)


def live_progress(epochs: int, title: str = "training", every: int = 3,
                  notice: str | None = None) -> Callable[[dict[str, Any]], None]:
    """Return ``on_epoch(record)``, which redraws a loss and accuracy plot as training goes.

    The plot is redrawn after every ``every``-th epoch and after the last one (drawing
    a figure takes longer than an epoch here). It is shown once, where the cell's
    output is, and updated in place (an IPython display handle), so the notebook
    keeps one figure: the last one drawn. After the last epoch it prints the figure's
    description, what it shows and ``notice`` (what to notice, in words), as
    ``helpers.figures.show_figure`` does; ``ValueError`` without ``notice``.
    """
    # refuse now, not at the end (None, the default, too: figure_line's TypeError)
    said: str = notice  # type: ignore[assignment]
    figure_line("a loss and accuracy plot of the training", said)
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(7.5, 2.6), layout="constrained")
    plt.close(fig)  # drawn by the display handle below, not again at the end of the cell
    handle = display(fig, display_id=True)
    records = []

    def on_epoch(record: dict[str, Any]) -> None:
        records.append(record)
        if record["epoch"] % every and record["epoch"] != epochs:
            return
        seen = [r["epoch"] for r in records]
        ax_loss.clear()
        ax_loss.plot(seen, [r["loss"] for r in records], "-o", markersize=3)
        ax_loss.set(xlabel="epoch", ylabel="mean training loss (cross-entropy)", yscale="log",
                    xlim=(0.5, epochs + 0.5), title=f"{title}: loss")
        ax_acc.clear()
        ax_acc.plot(seen, [r["train_accuracy"] for r in records], "-o", markersize=3,
                    label="train")
        ax_acc.plot(seen, [r["val_accuracy"] for r in records], "--s", markersize=3,
                    label="validation")
        ax_acc.set(xlabel="epoch", ylabel="accuracy", ylim=(0.5, 1.0),
                   xlim=(0.5, epochs + 0.5), title=f"{title}: accuracy")
        ax_acc.legend(loc="lower right", fontsize=8)
        for ax in (ax_loss, ax_acc):
            ax.grid(True, alpha=0.3)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        handle.update(fig)
        if record["epoch"] == epochs:
            print(figure_line(progress_words(title, records), said))

    return on_epoch


def progress_words(title, records):
    """Return in words, briefly, what ``live_progress`` draws from ``records`` (one dict per
    epoch): the epochs, the first and last loss, and the last accuracies."""
    first, last = records[0], records[-1]
    return (f"Two line plots over epochs {first['epoch']} to {last['epoch']}, {title}: left, the "
            f"training loss on a log scale, from {first['loss']:.2g} to {last['loss']:.2g}; "
            f"right, the accuracy, ending at {last['train_accuracy']:.3f} on training digits "
            f"(circles, solid) and {last['val_accuracy']:.3f} on validation digits (squares, "
            f"dashed)")


MARKERS = ["o", "s", "^", "D", "v", "P"]


LINES = ["-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1))]


MARKER_WORDS = ["circles", "squares", "triangles", "diamonds", "down triangles", "plus signs"]


LINE_WORDS = ["solid", "dashed", "dash-dotted", "dotted", "long-dashed", "dash-dot-dotted"]


def show_accuracy_curves(x: Sequence[float], curves: Mapping[str, Sequence[float]], xlabel: str,
                         title: str, ax: Axes | None = None, measured_on: str = "test") -> Axes:
    """Draw one line per network: ``curves`` maps a name to its accuracies at ``x``.

    Each line has its own marker and dash pattern as well as its own colour, so the
    lines stay apart in greyscale. Returns the axes. Drawn on a figure of its own
    (``ax=None``), the legend stands outside the axes, on the right, where it hides no line,
    and the figure says what it shows (``accuracy_curve_words``); drawn on a given ``ax``,
    the notebook places the legend and says what the panels show (briefly:
    ``accuracy_ends_words``). The axis and the description name the set the accuracies
    come from, ``measured_on``.
    """
    own = ax is None
    if ax is None:
        _, ax = plt.subplots(figsize=(7.4, 3.3), layout="constrained")
    for k, (name, accuracies) in enumerate(curves.items()):
        ax.plot(x, [100 * a for a in accuracies], marker=MARKERS[k % len(MARKERS)],
                linestyle=LINES[(k + k // len(MARKERS)) % len(LINES)], markersize=5,
                label=name)  # past six lines, each marker takes the next dash pattern
    ax.set(xlabel=xlabel, ylabel=f"{measured_on} accuracy (%)", title=title, ylim=(0, 100))
    ax.set_xticks(list(x))
    ax.grid(True, alpha=0.3)
    if own:
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=7, borderaxespad=0)
        describe(ax.figure, f"A line plot, {title}: {measured_on} accuracy (%) against "
                            f"{xlabel}, {accuracy_curve_words(x, curves)}")
    return ax


def accuracy_curve_words(x, curves):
    """Return in words, briefly, what ``show_accuracy_curves(x, curves, ...)`` draws: the
    range of ``x``, how many lines, and the lowest and highest accuracy at the last ``x``
    (each line's name and numbers are the legend's and the notebook's prose)."""
    x = list(x)
    last = [100 * float(accuracies[-1]) for accuracies in curves.values()]
    n = len(last)
    lines = "one line" if n == 1 else f"{count_words(n)} lines, each with its own marker and dash"
    ends = (f"{last[0]:.1f}%" if n == 1 else f"from {min(last):.1f}% to {max(last):.1f}%")
    return (f"{number_words(x[0])} to {number_words(x[-1])}; {lines}; at "
            f"{number_words(x[-1])}, {ends}")


def accuracy_ends_words(x: Iterable[float], curves: Iterable[dict[str, Sequence[float]]]) -> str:
    """Return in words, briefly, the accuracies that panels of ``show_accuracy_curves`` show
    at the centre and at the ends: ``curves`` holds one dict of curves per panel. Says the
    range, in whole percent, of every accuracy at ``x = 0`` (when ``x`` holds 0), then of
    every accuracy at the first and the last ``x`` (``±4`` when they are -4 and 4)."""
    x = list(x)
    curves = list(curves)
    lines = [accuracies for c in curves for accuracies in c.values()]
    words = []
    if 0 in x:
        at = [100 * float(a[x.index(0)]) for a in lines]
        words.append(f"at 0, {min(at):.0f}–{max(at):.0f}%")
    ends = [100 * float(a[k]) for a in lines for k in (0, -1)]
    where = (f"±{number_words(x[-1])}" if x[0] == -x[-1] else
             f"{number_words(x[0])} and {number_words(x[-1])}")
    words.append(f"at {where}, {min(ends):.0f}–{max(ends):.0f}%")
    return "; ".join(words)


def show_attributions(images: Tensor, titles: Sequence[str],
                      maps: Mapping[str, Tensor]) -> Figure:
    """Draw digits above maps of what the network looks at, one digit per column; return the figure.

    ``images`` is (n, H, W) and ``titles`` names each column; ``maps`` maps a row label to n
    maps (n, H, W). Each map is divided by its largest absolute value, so that every map
    spans -1 to 1 on one shared colour scale (SIGNED_CMAP: dark for negative, bright for
    positive, its lightness growing with the value, so it reads in greyscale and for
    colour-vision deficiency), with a colourbar. The digit's outline (ink above one half)
    is drawn on each map in white.
    """
    n, rows = len(images), 1 + len(maps)
    fig, axes = plt.subplots(rows, n, figsize=(1.35 * n + 1.0, 1.4 * rows), squeeze=False,
                             layout="constrained")
    for c in range(n):
        image = images[c].detach().numpy()
        axes[0, c].imshow(image, cmap=IMAGE_CMAP, vmin=0, vmax=1)
        axes[0, c].set_title(titles[c], fontsize=8)
        for r, M in enumerate(maps.values(), start=1):
            M = M[c].detach()
            shown = axes[r, c].imshow((M / M.abs().max().clamp_min(1e-300)).numpy(),
                                      cmap=SIGNED_CMAP, vmin=-1, vmax=1)
            axes[r, c].contour(image, levels=[0.5], colors="white", linewidths=0.6)
    for r, label in enumerate(["digit", *maps], start=0):
        axes[r, 0].set_ylabel(label, fontsize=9)
    for ax in axes.flat:
        ax.set_xticks([])
        ax.set_yticks([])
    bar = fig.colorbar(shown, ax=axes[1:, :], shrink=0.8, ticks=[-1, 0, 1])
    bar.ax.set_yticklabels(["-1: against", "0", "+1: for"], fontsize=8)
    return describe(fig, f"{count_words(n).capitalize()} digits, one per column, titled, "
                         f"white on black; below each, its "
                         f"{list_words(list(maps))} maps, each scaled to -1 (against the "
                         f"class, dark blue) through 0 (grey) to +1 (for it, yellow), the "
                         f"digit outlined in white")


def show_kernels(rows: Mapping[str, Mapping[str, Tensor]], size: float = 1.1) -> Figure:
    """Draw rows of 2-D kernels on one symmetric colour scale with a colourbar; return the figure.

    ``rows`` maps a row label to a dict (title -> kernel). Every panel shares the limits
    +-(the largest absolute entry of all kernels), so equal colours are equal values.
    """
    rows = {label: dict(kernels) for label, kernels in rows.items()}
    ncols = max(len(k) for k in rows.values())
    limit = max(float(K.detach().abs().max()) for k in rows.values() for K in k.values())
    fig, axes = plt.subplots(len(rows), ncols, figsize=(size * ncols + 0.8, size * len(rows) + 0.3),
                             squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for r, (label, kernels) in enumerate(rows.items()):
        for ax, (title, K) in zip(axes[r], kernels.items()):
            im = ax.imshow(K.detach().numpy(), cmap=SIGNED_CMAP, vmin=-limit, vmax=limit)
            ax.set_title(title, fontsize=8)
        axes[r, 0].text(-0.9, 1, label, fontsize=9, ha="right", va="center", rotation=90)
    fig.colorbar(im, ax=axes.ravel().tolist(), shrink=0.8)
    every = [K for k in rows.values() for K in k.values()]
    same = len({tuple(K.shape) for K in every}) == 1

    def names(row):
        titles = [title if same else f"{title} ({size_words(K)})" for title, K in row.items()]
        return f"{titles[0]} to {titles[-1]}" if len(titles) > 4 else list_words(titles)

    described = list_words((f"{label}, {names(row)}" for label, row in rows.items()), "; ")
    return describe(fig, f"{count_words(len(every)).capitalize()} kernels"
                         f"{', each ' + size_words(every[0]) if same else ''}, on one scale, "
                         f"{scale_words(SIGNED_CMAP, -limit, limit)}, with a colour bar; "
                         f"row{'s' if len(rows) > 1 else ''}: {described}")


def _draw_map(ax, M, vmax, side):
    """Draw map ``M`` (h, w) on ``ax`` from 0 to ``vmax``, in a frame of ``side`` pixels."""
    h, w = M.shape
    im = ax.imshow(M.numpy(), cmap=IMAGE_CMAP, vmin=0, vmax=vmax,
                   extent=(-0.5, w - 0.5, h - 0.5, -0.5))
    ax.set_xlim(-0.5, side - 0.5)  # a 4x4 map takes half the width of an 8x8 one
    ax.set_ylim(side - 0.5, -0.5)
    ax.set_xticks([])
    ax.set_yticks([])
    return im


def mosaic(maps, ncols=8, row_gap=1):
    """Return maps (channels, h, w) tiled ``ncols`` to a row as one NumPy array, NaN between them.

    Map ``c`` sits in tile row ``c // ncols`` and tile column ``c % ncols``; one column of
    NaN (drawn blank) separates neighbouring tiles in a row, ``row_gap`` rows of NaN
    neighbouring tile rows (room for a label).
    """
    c, h, w = maps.shape
    rows, cols = -(-c // ncols), min(c, ncols)
    tiled = np.full((rows * (h + row_gap) - row_gap, cols * (w + 1) - 1), np.nan)
    for k, M in enumerate(maps.detach().numpy()):
        r, q = divmod(k, ncols)
        top = r * (h + row_gap)
        tiled[top:top + h, q * (w + 1):q * (w + 1) + w] = M
    return tiled


LABEL_GAP = 2  # rows of a feature-map mosaic between tile rows, where the channel numbers go


def show_feature_maps(stages: Mapping[str, Tensor], ncols: int = 8,
                      pixel: float = 0.1) -> Figure:
    """Draw an image's feature maps after each stage, ``ncols`` maps a row; return the figure.

    ``stages`` maps a stage name to a tensor (channels, h, w), tiled by ``mosaic``; each map
    of a stage with several is numbered by its channel, above it. The maps of one stage
    share one colour scale, from 0 to their largest value (after a ReLU or a max pool
    nothing is negative), with a colourbar. Every pixel is drawn ``pixel`` inches wide, so
    maps keep their true relative sizes.
    """
    tiles = {name: mosaic(maps, ncols, LABEL_GAP) for name, maps in stages.items()}
    left, right, gap = 1.3, 1.0, 0.45  # inches: stage names, colourbars, space between stages
    width = left + max(t.shape[1] for t in tiles.values()) * pixel + right
    height = sum(t.shape[0] * pixel + gap for t in tiles.values()) + 0.1
    fig = plt.figure(figsize=(width, height))
    cmap = plt.get_cmap(IMAGE_CMAP).with_extremes(bad="tab:orange")
    top = height - 0.1
    for name, tile in tiles.items():
        h, w = tile.shape[0] * pixel, tile.shape[1] * pixel
        top -= h + gap / 2
        ax = fig.add_axes((left / width, top / height, w / width, h / height))
        im = ax.imshow(tile, cmap=cmap, vmin=0, vmax=max(float(np.nanmax(tile)), 1e-12),
                       interpolation="nearest")
        ax.axis("off")
        channels, map_h, map_w = stages[name].shape
        if channels > 1:  # the channel's number above each map
            for k in range(channels):
                r, q = divmod(k, ncols)
                ax.text(q * (map_w + 1) + (map_w - 1) / 2, r * (map_h + LABEL_GAP) - 0.6,
                        str(k), ha="center", va="bottom", fontsize=7, clip_on=False)
        fig.text((left - 0.1) / width, (top + h / 2) / height, name, ha="right", va="center",
                 fontsize=9)
        cax = fig.add_axes(((left + w + 0.1) / width, top / height, 0.08 / width, h / height))
        fig.colorbar(im, cax=cax)
        cax.tick_params(labelsize=7)
        top -= gap / 2
    most = max(len(maps) for maps in stages.values())
    rows = -(-most // ncols)  # a stage with more than ncols channels takes several rows
    band = f"; {most} channels in {rows} rows of {ncols}" if rows > 1 else ""
    return describe(fig, f"An image's feature maps, a stage a band ({list_words(stages)}{band}), "
                         f"channels numbered, true relative sizes, gaps orange; each stage "
                         f"scaled 0 black to its largest value white, colour bar")


def show_map_grid(maps: Sequence[Sequence[Tensor]], row_labels: Sequence[str],
                  column_titles: Sequence[str], pixel: float = 0.13) -> Figure:
    """Draw 2-D maps in a grid, ``maps[row][column]``; return the figure.

    The maps of one column share one colour scale from 0 to the column's largest value,
    with a colourbar, so that rows can be compared. Every pixel is drawn ``pixel``
    inches wide, so maps keep their true relative sizes.
    """
    arrays = [[M.detach().numpy() for M in row] for row in maps]
    ncols = len(column_titles)
    widths = [max(row[c].shape[1] for row in arrays) * pixel for c in range(ncols)]
    heights = [max(M.shape[0] for M in row) * pixel for row in arrays]
    left, gap, bar, top_space = 0.5, 0.25, 0.5, 0.35  # inches
    width = left + sum(widths) + ncols * (gap + bar)
    height = top_space + sum(heights) + gap * len(arrays)
    fig = plt.figure(figsize=(width, height))
    x = left
    for c, title in enumerate(column_titles):
        vmax = max(max(float(row[c].max()) for row in arrays), 1e-12)
        y = height - top_space
        for r, row in enumerate(arrays):
            h, w = row[c].shape[0] * pixel, row[c].shape[1] * pixel
            y -= heights[r]
            ax = fig.add_axes((x / width, (y + heights[r] - h) / height, w / width, h / height))
            im = ax.imshow(row[c], cmap=IMAGE_CMAP, vmin=0, vmax=vmax, interpolation="nearest")
            ax.set_xticks([])
            ax.set_yticks([])
            if c == 0:
                ax.set_ylabel(row_labels[r], fontsize=9)
            if r == 0:
                ax.set_title(title, fontsize=9)
            y -= gap
        cax = fig.add_axes(((x + widths[c] + 0.08) / width, y / height + gap / height,
                            0.08 / width, (height - top_space - y - gap) / height))
        fig.colorbar(im, cax=cax)
        cax.tick_params(labelsize=7)
        x += widths[c] + gap + bar
    return describe(fig, f"A grid at true relative sizes, rows {list_words(row_labels)} by "
                         f"columns {list_words(column_titles, '; ')}; each column scaled from 0 "
                         f"black to its largest value white, with a colour bar")


def show_support(support: Tensor, predicted: tuple[slice, slice], title: str) -> Figure:
    """Draw a bool map ``support`` (H, W) with the rectangle ``predicted`` outlined; return it.

    ``predicted`` is ``(row slice, column slice)``, the receptive field the rule gives.
    """
    fig, ax = plt.subplots(figsize=(3.2, 3.2))
    ax.imshow(support.numpy().astype(float), cmap=HIGHLIGHT_CMAP, vmin=0, vmax=HIGHLIGHT_MAX)
    rows, cols = predicted
    ax.add_patch(plt.Rectangle((cols.start - 0.5, rows.start - 0.5), cols.stop - cols.start,
                               rows.stop - rows.start, fill=False, edgecolor="tab:blue",
                               linewidth=2, label="the rule"))
    ax.set_xticks(np.arange(-0.5, support.shape[1]), minor=True)
    ax.set_yticks(np.arange(-0.5, support.shape[0]), minor=True)
    ax.grid(which="minor", color="lightgray", linewidth=0.5)
    ax.tick_params(which="both", length=0, labelsize=7)
    ax.set_title(title, fontsize=9)
    ax.legend(loc="lower right", fontsize=7)
    fig.tight_layout()
    seen_rows, seen_cols = support.any(dim=1).nonzero(), support.any(dim=0).nonzero()
    return describe(fig, f"A {size_words(support)} grid, {title}: the {int(support.sum())} "
                         f"pixels shaded orange lie in rows {int(seen_rows.min())} to "
                         f"{int(seen_rows.max())} and columns {int(seen_cols.min())} to "
                         f"{int(seen_cols.max())}; the rule's rectangle, rows {rows.start} to "
                         f"{rows.stop - 1} and columns {cols.start} to {cols.stop - 1}, "
                         f"outlined in blue")

