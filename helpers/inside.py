"""Looking inside a trained network: its kernels, its feature maps, its receptive field.

Functions for notebook 16. Each takes the network of ``helpers.digits.digit_net``
(an ``nn.Sequential``) or its tensors, and returns numbers or a figure.
"""

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F
from matplotlib.figure import Figure
from torch import Tensor, nn

from helpers.checks import require_tensor, whole_number
from helpers.figures.colours import HIGHLIGHT_CMAP, HIGHLIGHT_MAX, IMAGE_CMAP, SIGNED_CMAP
from helpers.figures.plotting import (
    count_words,
    list_words,
    number_words,
    scale_words,
    size_words,
)
from helpers.figures.text import describe
from helpers.taught.nb07_receptive_fields import receptive_field_sizes  # noqa: F401  (notebook 16)


def cosine_similarity(A, B):
    """Return the cosine of the angle between ``A`` and ``B`` read as flat vectors, a float.

    1 means the same pattern up to a positive factor, -1 the same pattern with its sign
    flipped, 0 nothing in common.
    """
    require_tensor("A", A)
    require_tensor("B", B)
    if A.shape != B.shape:
        raise ValueError(f"A and B must have one shape, got {tuple(A.shape)} and {tuple(B.shape)}")
    a, b = A.detach().double().flatten(), B.detach().double().flatten()
    return float(a @ b / (a.norm() * b.norm()))


def most_similar(kernel: Tensor, designed: Mapping[str, Tensor]) -> tuple[str, float]:
    """Return ``(name, cosine)``: the kernel of ``designed`` (name -> tensor) most like ``kernel``.

    "Most like" is the largest absolute cosine: a kernel and its negative find the same
    edges, with the sign of the response flipped. The cosine returned keeps its sign.
    """
    scores = {name: cosine_similarity(kernel, K) for name, K in designed.items()}
    name = max(scores, key=lambda n: abs(scores[n]))
    return name, scores[name]


def gradient_support(
    features: nn.Module,
    input_shape: Sequence[int],
    unit: tuple[int, int, int],
    samples: int = 256,
    seed: int = 0,
) -> Tensor:
    """Return a bool tensor of ``input_shape`` (H, W): the input pixels ``unit`` depends on.

    ``features`` maps a batch (batch, 1, H, W) to (batch, c, h, w); ``unit`` is a
    ``(channel, row, column)`` of its output. One input's gradient can miss pixels (a max
    pool passes the gradient to one pixel per window, a ReLU blocks it where it is off),
    so the support is the union of the non-zero gradients over ``samples`` random inputs
    (a seeded ``torch.Generator``), of the dtype of ``features``' parameters.
    """
    generator = torch.Generator().manual_seed(whole_number("seed", seed, 0))
    parameter = next(features.parameters(), None)  # the inputs take the parameters' dtype
    dtype = torch.float32 if parameter is None else parameter.dtype
    X = torch.randn((samples, 1) + tuple(input_shape), generator=generator, dtype=dtype,
                    requires_grad=True)
    c, i, j = unit
    features(X)[:, c, i, j].sum().backward()  # each sample's unit depends on its own input only
    assert X.grad is not None
    return (X.grad[:, 0] != 0).any(dim=0)


def shift_right(X: Tensor, pixels: int = 1) -> Tensor:
    """Return ``X`` (..., H, W) moved ``pixels`` columns to the right, zeros coming in on the left.

    The last ``pixels`` columns fall off the right edge.
    """
    return F.pad(X, (pixels, 0))[..., :X.shape[-1]]


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
    described = list_words((
        f"{label}: " + ", ".join(f"{title} ({size_words(K)})" for title, K in kernels.items())
        for label, kernels in rows.items()), "; ")
    return describe(fig, f"Kernels as small heat maps in {count_words(len(rows))} "
                         f"row{'s' if len(rows) > 1 else ''}, on one colour scale, "
                         f"{scale_words(SIGNED_CMAP, -limit, limit)}, with a colour bar; "
                         f"{described}")


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


def mosaic(maps, ncols=8):
    """Return maps (channels, h, w) tiled ``ncols`` to a row as one NumPy array, NaN between them.

    Map ``c`` sits in tile row ``c // ncols`` and tile column ``c % ncols``; one row or
    column of NaN (drawn blank) separates neighbouring tiles.
    """
    c, h, w = maps.shape
    rows, cols = -(-c // ncols), min(c, ncols)
    tiled = np.full((rows * (h + 1) - 1, cols * (w + 1) - 1), np.nan)
    for k, M in enumerate(maps.detach().numpy()):
        r, q = divmod(k, ncols)
        tiled[r * (h + 1):r * (h + 1) + h, q * (w + 1):q * (w + 1) + w] = M
    return tiled


def show_feature_maps(stages: Mapping[str, Tensor], ncols: int = 8,
                      pixel: float = 0.1) -> Figure:
    """Draw an image's feature maps after each stage, ``ncols`` maps a row; return the figure.

    ``stages`` maps a stage name to a tensor (channels, h, w), tiled by ``mosaic``. The
    maps of one stage share one colour scale, from 0 to their largest value (after a
    ReLU or a max pool nothing is negative), with a colourbar. Every pixel is drawn
    ``pixel`` inches wide, so maps keep their true relative sizes.
    """
    tiles = {name: mosaic(maps, ncols) for name, maps in stages.items()}
    left, right, gap = 1.3, 1.0, 0.35  # inches: stage names, colourbars, space between stages
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
        fig.text((left - 0.1) / width, (top + h / 2) / height, name, ha="right", va="center",
                 fontsize=9)
        cax = fig.add_axes(((left + w + 0.1) / width, top / height, 0.08 / width, h / height))
        fig.colorbar(im, cax=cax)
        cax.tick_params(labelsize=7)
        top -= gap / 2
    described = list_words(
        f"{name} ({count_words(len(maps))} map{'s' if len(maps) > 1 else ''} "
        f"{size_words(maps[0])}, up to {number_words(maps.max())})"
        for name, maps in stages.items())
    return describe(fig, f"The feature maps of one image after each stage, one stage a row, "
                         f"{ncols} maps to a row at most, at their true relative sizes; each "
                         f"stage on its own colour scale from 0 (black) to its largest "
                         f"value (white), gaps orange, with a colour bar: {described}")


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
    columns = list_words(
        f"{title} ({size_words(arrays[0][c])}, up to "
        f"{number_words(max(float(row[c].max()) for row in arrays))})"
        for c, title in enumerate(column_titles))
    return describe(fig, f"A grid of maps at their true relative sizes, "
                         f"{count_words(len(arrays))} rows ({list_words(row_labels)}) by "
                         f"{count_words(ncols)} columns, each column on one colour scale from 0 "
                         f"(black) to its largest value (white), with a colour bar: "
                         f"{columns}")


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
