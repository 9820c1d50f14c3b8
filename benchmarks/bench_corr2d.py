"""Time every cross-correlation of the course side by side, in one process and one run.

    python benchmarks/bench_corr2d.py                 # sizes 64..2048, kernels 3, 5, 7
    python benchmarks/bench_corr2d.py --sizes 64 1024 --kernels 3 --plot bench.png
    python benchmarks/bench_corr2d.py --threads 2          # let torch use two threads

Prints, per image size and kernel size, the median time of each method in
milliseconds and its ratio to ``corr2d_fast`` (above 1: slower than it). The
"copy" row is the memory floor: one pass writing an output-sized tensor.
OpenCV's ``cv2.filter2D`` is timed when OpenCV is importable; it is not a course
dependency. ``scipy.ndimage.correlate`` and ``cv2.filter2D`` return an input-sized
image (they pad the border); every other method returns the "valid" part only.
The closing lines compare ``corr2d_fast`` with the course's speed targets.
"""

import argparse

import numpy as np
import scipy.ndimage
import scipy.signal
import torch
import torch.nn.functional as F

from helpers import corr2d, corr2d_fast, corr2d_matmul, median_ms

try:
    import cv2
except ImportError:
    cv2 = None

LOOP_MAX_SIZE = 64  # the loop is timed at this size and below: it takes seconds beyond


def methods(X, K, size):
    """Return {name: zero-argument callable} for every method that runs at this size."""
    Xn, Kn = X.numpy(), K.numpy()
    out = (X.shape[0] - K.shape[0] + 1, X.shape[1] - K.shape[1] + 1)
    src = X[: out[0], : out[1]]
    dst = torch.empty(out)
    X4, K4 = X[None, None], K[None, None]
    m = {
        "copy (memory floor)": lambda: dst.copy_(src),
        "corr2d_fast": lambda: corr2d_fast(X, K),
        "corr2d_matmul": lambda: corr2d_matmul(X, K),
        "F.conv2d": lambda: F.conv2d(X4, K4),
        "scipy.signal.correlate2d": lambda: scipy.signal.correlate2d(Xn, Kn, mode="valid"),
        "scipy.ndimage.correlate": lambda: scipy.ndimage.correlate(Xn, Kn),
    }
    if cv2 is not None:
        # filter2D correlates (no flip) and keeps the input size; it does the same work.
        m["cv2.filter2D"] = lambda: cv2.filter2D(Xn, -1, Kn)
    if size <= LOOP_MAX_SIZE:
        m["corr2d (loop)"] = lambda: corr2d(X, K)
    return m


def run(sizes, kernels, repeats):
    """Time every method; return rows of (size, kernel, method, median ms)."""
    rows = []
    g = torch.Generator().manual_seed(0)
    for size in sizes:
        X = torch.rand(size, size, generator=g)
        for k in kernels:
            K = torch.rand(k, k, generator=g)
            expected = corr2d_fast(X, K)
            np.testing.assert_allclose(
                expected.numpy(), scipy.signal.correlate2d(X.numpy(), K.numpy(), mode="valid"),
                rtol=1e-4, atol=1e-4)
            for name, fn in methods(X, K, size).items():
                reps = 3 if name == "corr2d (loop)" else repeats
                # fast calls are repeated for at least half a second: a median of many
                # calls is not moved by a moment when another process has the core
                rows.append((size, k, name, median_ms(fn, reps, 0.5, max_repeats=100_000)))
    return rows


def print_table(rows):
    """Print the medians and each method's ratio to corr2d_fast."""
    fast = {(s, k): t for s, k, name, t in rows if name == "corr2d_fast"}
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, float32, one channel")
    print(f"{'size':>6} {'kernel':>6}  {'method':<26} {'median ms':>11} {'/ corr2d_fast':>14}")
    for s, k, name, t in rows:
        print(f"{s:>6} {k:>4}x{k:<1}  {name:<26} {t:>11.4f} {t / fast[s, k]:>14.2f}")


def print_targets(rows):
    """Print corr2d_fast's speed-ups behind the course's targets, where both sides were timed."""
    t = {(s, k, name): ms for s, k, name, ms in rows}
    checks = [  # (what, numerator, denominator, target, True if the ratio must be at least it)
        ("F.conv2d / corr2d_fast, 1024x1024, 3x3", (1024, 3, "F.conv2d"), (1024, 3, "corr2d_fast"),
         2, True),
        ("corr2d / corr2d_fast, 64x64, 3x3", (64, 3, "corr2d (loop)"), (64, 3, "corr2d_fast"),
         1000, True),
        ("corr2d_fast / copy, 1024x1024, 3x3", (1024, 3, "corr2d_fast"),
         (1024, 3, "copy (memory floor)"), 12, False),
        ("corr2d_fast / cv2.filter2D, 1024x1024, 3x3", (1024, 3, "corr2d_fast"),
         (1024, 3, "cv2.filter2D"), 1, False),
    ]
    for what, num, den, target, at_least in checks:
        if num in t and den in t:
            ratio = t[num] / t[den]
            met = ratio >= target if at_least else ratio <= target
            bound = f"{'at least' if at_least else 'at most'} {target}"
            print(f"{what}: {ratio:.2f} (target: {bound}; {'met' if met else 'NOT met'})")


def plot(rows, path, kernel):
    """Save a log-log plot of time against image size for one kernel size."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    for name in dict.fromkeys(name for _, _, name, _ in rows):
        pts = [(s, t) for s, k, n, t in rows if n == name and k == kernel]
        ax.plot(*zip(*pts), marker="o", label=name)
    ax.set(xscale="log", yscale="log", xlabel="image side (pixels)", ylabel="median time (ms)",
           title=f"cross-correlation with a {kernel}x{kernel} kernel")
    ax.legend(fontsize=7, loc="lower right")  # upper left would hide the loop's points
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    print(f"plot saved to {path}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[64, 128, 256, 512, 1024, 2048])
    parser.add_argument("--kernels", type=int, nargs="+", default=[3, 5, 7])
    parser.add_argument("--repeats", type=int, default=15, help="timed calls per method (min)")
    parser.add_argument("--plot", metavar="FILE", help="save a log-log plot (first kernel size)")
    parser.add_argument("--threads", type=int, default=1,
                        help="torch threads (default 1: on a shared 2-core VM, parallel regions "
                             "stall whenever one core is taken away, and medians jump 10-100x)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if cv2 is not None:
        cv2.setNumThreads(args.threads)  # the same number of threads as torch
    rows = run(args.sizes, args.kernels, args.repeats)
    print_table(rows)
    print_targets(rows)
    if args.plot:
        plot(rows, args.plot, args.kernels[0])


if __name__ == "__main__":
    main()
