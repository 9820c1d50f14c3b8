"""Timing the course's cross-correlations: one table of methods for notebook 10 and benchmarks/.

``methods(X, K)`` returns the calls to time; ``median_ms(fn)`` times one of them with
``torch.utils.benchmark.Timer``, which runs it first to choose how many calls to time
together (a warm-up), repeats until enough time has passed, and waits for a GPU to finish.
"""

import functools
import logging
from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import Tensor

from helpers.taught.nb01_cross_correlation import corr2d
from helpers.taught.nb10_fast import corr2d_fast, corr2d_matmul, shift_and_add


@functools.cache
def _import_benchmark():
    """Return ``torch.utils.benchmark``, imported without the warning that no CUDA runtime exists.

    (Importing it imports ``torch.utils.cpp_extension``, which logs that warning on machines
    without CUDA; it would print a process id and a time into every notebook that times.)
    """
    logger = logging.getLogger("torch.utils.cpp_extension")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        from torch.utils import benchmark
    finally:
        logger.setLevel(level)
    return benchmark


LOOP_MAX_SIZE = 64  # the loop is timed on images up to this side only: it takes seconds beyond


def conv2d_one_channel(X, K):
    """Return PyTorch's ``F.conv2d`` of one image ``X`` (H, W) with one kernel ``K`` (h, w).

    The result has shape (H - h + 1, W - w + 1), like ``corr2d``.
    """
    return F.conv2d(X[None, None], K[None, None])[0, 0]


def methods(X: Tensor, K: Tensor) -> dict[str, Callable[[], object]]:
    """Return {name: function of no arguments} computing the cross-correlation of ``X`` and ``K``.

    ``X`` is one image (H, W), ``K`` a kernel (h, w). The methods are the course's loop (only
    while H and W are at most ``LOOP_MAX_SIZE``), shift-and-add, the matrix view,
    ``corr2d_fast`` and ``F.conv2d``. "copy" is the memory floor: it writes an output-sized
    block of ``X`` into a buffer made beforehand, the least any method must do.
    """
    out_h, out_w = X.shape[-2] - K.shape[-2] + 1, X.shape[-1] - K.shape[-1] + 1
    buffer = torch.empty(out_h, out_w, dtype=X.dtype, device=X.device)
    table = {
        "corr2d (loop)": lambda: corr2d(X, K),
        "shift-and-add": lambda: shift_and_add(X, K),
        "corr2d_matmul": lambda: corr2d_matmul(X, K),
        "corr2d_fast": lambda: corr2d_fast(X, K),
        "F.conv2d": lambda: conv2d_one_channel(X, K),
        "copy": lambda: buffer.copy_(X[:out_h, :out_w]),
    }
    if max(X.shape[-2:]) > LOOP_MAX_SIZE:
        del table["corr2d (loop)"]
    return table


def median_ms(
    fn: Callable[[], object],
    min_run_time: float = 0.2,
    threads: int | None = None,
) -> float:
    """Return the median time of one call of ``fn()`` in milliseconds.

    ``torch.utils.benchmark.Timer`` calls it in blocks for at least ``min_run_time`` seconds
    after finding the block size (which warms it up), with ``threads`` torch threads
    (default: the current number); the median is over the blocks' times per call.
    """
    benchmark = _import_benchmark()  # here, not when helpers is imported: it is slow and noisy
    timer = benchmark.Timer(stmt="fn()", globals={"fn": fn},
                            num_threads=threads or torch.get_num_threads())
    return 1e3 * timer.blocked_autorange(min_run_time=min_run_time).median
