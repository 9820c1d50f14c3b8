"""helpers: every implementation the course's notebooks share.

Read it in this order: ``core`` (cross-correlation and the ``Conv2D`` layer),
``data`` (test images and kernels), ``train`` (learning a kernel), ``plotting``,
``fast`` (the same cross-correlation, vectorized).
"""

from helpers.core import Conv2D, check_input, corr2d
from helpers.data import edge_kernel, stripes
from helpers.fast import corr2d_fast, corr2d_matmul
from helpers.plotting import (
    draw_matrix,
    plot_losses,
    show_images,
    show_matrices,
    show_sliding_window,
)
from helpers.timing import median_ms
from helpers.train import learn_kernel

__all__ = [
    "Conv2D",
    "check_input",
    "corr2d",
    "corr2d_fast",
    "corr2d_matmul",
    "draw_matrix",
    "edge_kernel",
    "learn_kernel",
    "median_ms",
    "plot_losses",
    "show_images",
    "show_matrices",
    "show_sliding_window",
    "stripes",
]
