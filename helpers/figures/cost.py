"""Notebook 13's figure: what layers cost, parameters and multiply-adds on a log scale."""

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from helpers.figures.plotting import list_words
from helpers.figures.text import describe
from helpers.taught.nb13_cost import short_count


def show_costs(tables: Mapping[str, Sequence[tuple[str, int, int]]]) -> Figure:
    """Draw parameters and multiply-adds of each ``cost_table`` as bars on a log scale.

    ``tables`` maps a title to a table. One panel per table, the same scale on all; each
    bar has its count written above it, and the multiply-adds' bars are hatched, so the two
    kinds differ without their colours. Returns the figure.
    """
    fig, axes = plt.subplots(1, len(tables), figsize=(4.4 * len(tables), 3.6), sharey=True,
                             squeeze=False)
    largest = max(max(r[1], r[2]) for rows in tables.values() for r in rows)
    ticks = [10.0 ** e for e in range(2, int(np.log10(largest)) + 2, 2)]
    for ax, (title, rows) in zip(axes[0], tables.items()):
        x = np.arange(len(rows))
        for shift, column, label, colour, hatch in ((-0.2, 1, "parameters", "tab:blue", None),
                                                    (0.2, 2, "multiply-adds", "tab:orange",
                                                     "//")):
            counts = [r[column] for r in rows]
            bars = ax.bar(x + shift, counts, 0.4, label=label, color=colour, hatch=hatch,
                          edgecolor="black", linewidth=0.5)
            ax.bar_label(bars, [short_count(n, compact=True) for n in counts], fontsize=7,
                         padding=1)
        ax.set_xticks(x, [r[0].replace(" ", "\n") for r in rows], fontsize=8)
        ax.set_yscale("log")
        ax.set_yticks(ticks)  # a labelled line every factor of 100
        ax.minorticks_off()
        ax.set_ylim(10, ticks[-1] * 20)  # room for the counts above the bars
        ax.set_title(title, fontsize=10)
        ax.grid(True, axis="y", alpha=0.3)
    axes[0, 0].set_ylabel("count, log scale (each line x100)")
    axes[0, 0].legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    layers = list_words(dict.fromkeys(r[0] for rows in tables.values() for r in rows))
    return describe(fig, f"Bar charts, one per layer size ({list_words(tables)}), on one log "
                         f"scale, the counts written above the bars: parameters (plain blue) "
                         f"and multiply-adds (hatched orange) of {layers}")
