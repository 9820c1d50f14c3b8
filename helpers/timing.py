"""Timing a function call the same way in the benchmark and in the notebooks."""

import statistics
import time


def median_ms(fn, repeats=15, min_seconds=0.2, max_repeats=200):
    """Return the median wall time of ``fn()`` in milliseconds.

    One warm-up call first; then at least ``repeats`` timed calls, more (up to
    ``max_repeats``) while less than ``min_seconds`` has passed, so that fast
    calls are timed often enough for a stable median.
    """
    fn()
    times = []
    start = time.perf_counter()
    while len(times) < repeats or (
        time.perf_counter() - start < min_seconds and len(times) < max_repeats
    ):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1e3 * statistics.median(times)
