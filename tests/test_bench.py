"""helpers.bench, the table of methods that notebook 10 and benchmarks/ time; the compile skip."""

import importlib.util
import pathlib

import numpy as np
import pytest
import torch
from scipy.signal import correlate2d

from helpers import median_ms, methods
from helpers.bench import LOOP_MAX_SIZE

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("size", [LOOP_MAX_SIZE, LOOP_MAX_SIZE + 1])
def test_every_method_computes_the_cross_correlation(size):
    g = torch.Generator().manual_seed(0)
    X, K = torch.rand(size, size, generator=g), torch.rand(3, 3, generator=g)
    table = methods(X, K)
    assert ("corr2d (loop)" in table) == (size <= LOOP_MAX_SIZE)
    expected = correlate2d(X.numpy(), K.numpy(), mode="valid")
    for name, fn in table.items():
        if name != "copy":
            np.testing.assert_allclose(fn().numpy(), expected, rtol=1e-4, atol=1e-4,
                                       err_msg=name)
    assert torch.equal(table["copy"](), X[:size - 2, :size - 2])  # the memory floor


def test_median_ms_times_a_sleep():
    import time

    ms = median_ms(lambda: time.sleep(0.002), min_run_time=0.05)
    assert 2 <= ms < 20


def load_benchmark():
    spec = importlib.util.spec_from_file_location("bench_corr2d",
                                                  ROOT / "benchmarks" / "bench_corr2d.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_skips_the_compiled_path_without_a_compiler(monkeypatch, capsys):
    bench = load_benchmark()
    monkeypatch.setattr(bench.shutil, "which", lambda name: None)
    monkeypatch.setattr("sys.argv", ["bench_corr2d.py", "--sizes", "16", "--kernels", "3",
                                     "--min-run-time", "0.01"])
    bench.main()
    out = capsys.readouterr().out
    assert "shift-and-add, compiled: skipped, no C++ compiler found" in out
    assert "corr2d_fast" in out and "shift-and-add, compiled " not in out


def test_checking_a_call_costs_little_against_corr2d_fast():
    """benchmarks/bench_checks.py holds the check to 10% of corr2d_fast's time on a 64x64
    image; here, on a machine the tests share, a regression (a check that binds the
    signature, say, about 20 us) still fails a looser bound."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    try:
        from bench_checks import measure
    finally:
        sys.path.pop(0)
    times = measure(64, 3, rounds=3, min_run_time=0.05)
    assert times["the check alone"] < 0.25 * times["corr2d_fast, pure"], times
