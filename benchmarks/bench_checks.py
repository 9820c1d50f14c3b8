"""What checking a call's arguments costs, against the call: ``corr2d_fast`` on a 64x64 image.

    python benchmarks/bench_checks.py              # one thread, 64x64 float32, 3x3 kernel
    python benchmarks/bench_checks.py --size 32 --rounds 9

``helpers.corr2d_fast``, the public name, runs its check (``require_input``) and then the
pure function ``helpers.taught.nb10_fast.corr2d_fast``, the one the notebooks show. Prints
the median time of the pure call, of the public (checked) call, of the check alone and of the
wrapper alone (``helpers.boundary.checked`` around a function and a check that do nothing),
each the
smallest of ``--rounds`` medians (``torch.utils.benchmark.Timer``, the calls taking turns).
Checking costs the check plus the wrapper; the difference of the two calls' medians says the
same, but moves by a microsecond from run to run on a busy machine. The course's target is at
most 10% of the pure call's time; the script exits with status 1 above it.
"""

import argparse
import sys

import torch

import helpers
from helpers.bench import median_ms
from helpers.boundary import checked
from helpers.checks import require_input
from helpers.taught import nb10_fast as fast

TARGET = 0.10  # the check may cost at most this share of corr2d_fast's time


def measure(size, kernel, rounds, min_run_time):
    """Return ``{name: ms}``: the pure call, the checked call, the check alone, and a function
    doing nothing, called alone and through the wrapper with a check doing nothing."""
    g = torch.Generator().manual_seed(0)
    X = torch.rand(size, size, generator=g)
    K = torch.rand(kernel, kernel, generator=g)
    def nothing(X, K):
        return None

    wrapped = checked(nothing)(nothing)  # the wrapper around a function and a check of nothing
    calls = {"corr2d_fast, pure": lambda: fast.corr2d_fast(X, K),
             "corr2d_fast, checked": lambda: helpers.corr2d_fast(X, K),
             "the check alone": lambda: require_input(X, K),
             "nothing": lambda: nothing(X, K),
             "nothing, wrapped": lambda: wrapped(X, K)}
    best = {name: float("inf") for name in calls}
    for _ in range(rounds):  # the calls take turns, so a busy moment hits them alike
        for name, call in calls.items():
            best[name] = min(best[name], median_ms(call, min_run_time=min_run_time, threads=1))
    return best


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--kernel", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--min-run-time", type=float, default=0.2)
    args = parser.parse_args(argv)
    times = measure(args.size, args.kernel, args.rounds, args.min_run_time)
    print(f"{args.size}x{args.size} float32 image, {args.kernel}x{args.kernel} kernel, "
          f"one thread, best of {args.rounds} medians:")
    for name, ms in times.items():
        print(f"  {name:<22} {ms * 1000:8.2f} us")
    pure = times["corr2d_fast, pure"]
    wrapper = max(0.0, times["nothing, wrapped"] - times["nothing"])
    share = (times["the check alone"] + wrapper) / pure
    overhead = (times["corr2d_fast, checked"] - pure) / pure
    print(f"checking costs {share:.1%} of corr2d_fast's time: the check "
          f"{times['the check alone'] * 1000:.2f} us, the wrapper {wrapper * 1000:.2f} us (the "
          f"checked call's median is {overhead:+.1%} against the pure one's); "
          f"target: at most {TARGET:.0%}")
    return 0 if share <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
