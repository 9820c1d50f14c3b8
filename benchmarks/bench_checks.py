"""What checking a call's arguments costs, against the call: ``corr2d_fast`` on a 64x64 image.

    python benchmarks/bench_checks.py              # one thread, 64x64 float32, 3x3 kernel
    python benchmarks/bench_checks.py --size 32 --rounds 9

``helpers.corr2d_fast``, the public name, runs its check (``require_input``) and then the
pure function ``helpers.taught.nb10_fast.corr2d_fast``, the one the notebooks show. Prints
the median time of the pure call, of the public (checked) call and of the check alone, each the
smallest of ``--rounds`` medians (``torch.utils.benchmark.Timer``, the three taking turns),
and the check's cost as a share of the pure call's time. The course's target is at most
10%; the script exits with status 1 above it.
"""

import argparse
import sys

import torch

import helpers
from helpers.bench import median_ms
from helpers.checks import require_input
from helpers.taught import nb10_fast as fast

TARGET = 0.10  # the check may cost at most this share of corr2d_fast's time


def measure(size, kernel, rounds, min_run_time):
    """Return ``{name: ms}``: the pure call, the checked call and the check alone."""
    g = torch.Generator().manual_seed(0)
    X = torch.rand(size, size, generator=g)
    K = torch.rand(kernel, kernel, generator=g)
    calls = {"corr2d_fast, pure": lambda: fast.corr2d_fast(X, K),
             "corr2d_fast, checked": lambda: helpers.corr2d_fast(X, K),
             "the check alone": lambda: require_input(X, K)}
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
    share = times["the check alone"] / pure
    overhead = (times["corr2d_fast, checked"] - pure) / pure
    print(f"the check costs {share:.1%} of corr2d_fast's time (the checked call is "
          f"{overhead:+.1%} against the pure one); target: at most {TARGET:.0%}")
    return 0 if share <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
