"""Time every cross-correlation of the course side by side, in one process and one run.

    python benchmarks/bench_corr2d.py                 # sizes 64..2048, kernels 3, 5, 7
    python benchmarks/bench_corr2d.py --sizes 64 1024 --kernels 3 --plot bench.png
    python benchmarks/bench_corr2d.py --threads 2          # let torch use two threads
    python benchmarks/bench_corr2d.py --sizes 1024 --kernels 3 --no-compile  # no torch.compile

Prints, per image size and kernel size, the median time of each method in
milliseconds (``torch.utils.benchmark.Timer``; the smallest of ``--rounds`` medians, the
methods taking turns) and its ratio to ``corr2d_fast``
(above 1: slower than it). The methods are the course's table, ``helpers.bench.methods``,
which notebook 10 times too; "copy" is the memory floor: one pass writing an output-sized
tensor. Added here: SciPy, OpenCV's ``cv2.filter2D`` when OpenCV is importable (it is not
a course dependency), and the course's ``shift_and_add`` compiled by ``torch.compile``
(skipped, with a message, where no C++ compiler is found, or with ``--no-compile``). Its compile
time, the first call, is printed on a line of its own; by default it compiles into a new,
empty cache directory, so that time is what a first run pays.
``scipy.ndimage.correlate`` and ``cv2.filter2D`` return an input-sized image (they pad the
border); every other method returns the "valid" part only. The closing lines compare
``corr2d_fast`` and the compiled shift-and-add with the course's speed targets.
"""

import argparse
import os
import shutil
import tempfile
import time

import numpy as np
import scipy.ndimage
import scipy.signal
import torch

from helpers import corr2d_fast
from helpers.bench import median_ms, methods
from helpers.taught.nb10_fast import shift_and_add

try:
    import cv2
except ImportError:
    cv2 = None

COMPILED = "shift-and-add, compiled"


def c_compiler():
    """Return the path of a C++ compiler torch.compile can use on the CPU, or None."""
    return next(filter(None, map(shutil.which, ("g++", "c++", "cc"))), None)


def compile_shift_and_add(X, K):
    """Return (the compiled shift_and_add, seconds its first call took: the compile)."""
    # Forget earlier compiles: Dynamo compiles a function for a limited number of shapes, then
    # silently runs it uncompiled, and every size and kernel here is a new shape.
    torch._dynamo.reset()
    compiled = torch.compile(shift_and_add, dynamic=False)
    start = time.perf_counter()
    Y = compiled(X, K)
    seconds = time.perf_counter() - start
    torch.testing.assert_close(Y, corr2d_fast(X, K), rtol=1e-4, atol=1e-4)
    return compiled, seconds


def more_methods(X, K, compile_it):
    """Return {name: call} for SciPy, OpenCV and (if ``compile_it``) the compiled shift-and-add."""
    Xn, Kn = X.numpy(), K.numpy()
    m = {
        "scipy.signal.correlate2d": lambda: scipy.signal.correlate2d(Xn, Kn, mode="valid"),
        "scipy.ndimage.correlate": lambda: scipy.ndimage.correlate(Xn, Kn),
    }
    if cv2 is not None:
        # filter2D correlates (no flip) and keeps the input size; it does the same work.
        m["cv2.filter2D"] = lambda: cv2.filter2D(Xn, -1, Kn)
    if compile_it:
        compiled, seconds = compile_shift_and_add(X, K)
        print(f"torch.compile of shift_and_add, {tuple(X.shape)} image, {tuple(K.shape)} kernel: "
              f"compile (first call) {seconds:.1f} s")
        m[COMPILED] = lambda: compiled(X, K)
    return m


def run(sizes, kernels, min_run_time, compile_it, rounds):
    """Time every method; return rows of (size, kernel, method, median ms).

    Each method is timed ``rounds`` times, the methods taking turns, and keeps its smallest
    median: on a shared machine, other work only ever adds time, and a burst of it then
    spoils one round of every method rather than every round of one method.
    """
    rows = []
    g = torch.Generator().manual_seed(0)
    for size in sizes:
        X = torch.rand(size, size, generator=g)
        for k in kernels:
            K = torch.rand(k, k, generator=g)
            np.testing.assert_allclose(
                corr2d_fast(X, K).numpy(),
                scipy.signal.correlate2d(X.numpy(), K.numpy(), mode="valid"),
                rtol=1e-4, atol=1e-4)
            calls = methods(X, K) | more_methods(X, K, compile_it)
            best = {name: float("inf") for name in calls}
            for _ in range(rounds):
                for name, fn in calls.items():
                    best[name] = min(best[name], median_ms(fn, min_run_time))
            rows.extend((size, k, name, ms) for name, ms in best.items())
    return rows


def print_table(rows, rounds):
    """Print the medians and each method's ratio to corr2d_fast."""
    fast = {(s, k): t for s, k, name, t in rows if name == "corr2d_fast"}
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), CPU, float32, "
          f"one channel; {time.strftime('%Y-%m-%d %H:%M %Z')}; smallest of {rounds} medians")
    print(f"{'size':>6} {'kernel':>6}  {'method':<26} {'median ms':>11} {'/ corr2d_fast':>14}")
    for s, k, name, t in rows:
        print(f"{s:>6} {k:>4}x{k:<1}  {name:<26} {t:>11.4f} {t / fast[s, k]:>14.2f}")


def print_targets(rows):
    """Print the ratios behind the course's speed targets, where both sides were timed."""
    t = {(s, k, name): ms for s, k, name, ms in rows}
    checks = [  # (what, numerator, denominator, target, True if the ratio must be at least it)
        ("F.conv2d / corr2d_fast, 1024x1024, 3x3", (1024, 3, "F.conv2d"), (1024, 3, "corr2d_fast"),
         2, True),
        ("corr2d / corr2d_fast, 64x64, 3x3", (64, 3, "corr2d (loop)"), (64, 3, "corr2d_fast"),
         1000, True),
        ("corr2d_fast / copy, 1024x1024, 3x3", (1024, 3, "corr2d_fast"), (1024, 3, "copy"),
         12, False),
        ("corr2d_fast / cv2.filter2D, 1024x1024, 3x3", (1024, 3, "corr2d_fast"),
         (1024, 3, "cv2.filter2D"), 1, False),
        (f"{COMPILED} / cv2.filter2D, 1024x1024, 3x3", (1024, 3, COMPILED),
         (1024, 3, "cv2.filter2D"), 1, False),
        (f"{COMPILED} / copy, 1024x1024, 3x3", (1024, 3, COMPILED), (1024, 3, "copy"),
         None, False),
    ]
    for what, num, den, target, at_least in checks:
        if num in t and den in t:
            ratio = t[num] / t[den]
            if target is None:
                print(f"{what}: {ratio:.2f}")
                continue
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
    parser.add_argument("--min-run-time", type=float, default=0.5,
                        help="seconds of timed calls per method and round (default 0.5)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="times each method is timed, taking turns; the smallest median "
                             "is kept (default 3)")
    parser.add_argument("--no-compile", action="store_true",
                        help="do not time shift_and_add compiled by torch.compile (it needs a "
                             "C++ compiler, and each size and kernel compiles anew)")
    parser.add_argument("--warm-cache", action="store_true",
                        help="compile with Inductor's usual cache, so a repeated run reports a "
                             "shorter compile time (default: a new, empty cache)")
    parser.add_argument("--plot", metavar="FILE", help="save a log-log plot (first kernel size)")
    parser.add_argument("--threads", type=int, default=1,
                        help="torch threads (default 1: on a shared 2-core VM, parallel regions "
                             "stall whenever one core is taken away, and medians jump 10-100x)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if cv2 is not None:
        cv2.setNumThreads(args.threads)  # the same number of threads as torch
    else:
        print("OpenCV is not installed: cv2.filter2D is not timed "
              "(pip install opencv-python-headless in a separate environment to include it)")
    compile_it = not args.no_compile
    if compile_it and c_compiler() is None:
        print(f"{COMPILED}: skipped, no C++ compiler found (looked for g++, c++ and cc on PATH); "
              "torch.compile needs one to build its CPU code")
        compile_it = False
    if compile_it and not args.warm_cache:  # Inductor reads this when it first compiles
        os.environ["TORCHINDUCTOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="bench_inductor_")
    rows = run(args.sizes, args.kernels, args.min_run_time, compile_it, args.rounds)
    print_table(rows, args.rounds)
    print_targets(rows)
    if args.plot:
        plot(rows, args.plot, args.kernels[0])


if __name__ == "__main__":
    main()
