"""The experiments behind notebooks 15 to 18, over seeds: ``make check-experiments``.

A notebook trains each network once, with one seed, in a minute at most. Its conclusions
("A is better than B", "C keeps more accuracy when the digits move") rest on this sweep
instead, which a notebook prints beside its own run:

- choices are made on a *validation* split (a fifth of each class of the training digits,
  ``validation_split``): notebook 15's number of epochs, and the learning rate of 1998's
  recipe and of today's (notebook 17), each chosen inside the range it tried; the 1998 recipe,
  whose result depends most on its rate, gets the finer grid, so the comparison errs in its
  favour; then the 1998 recipe at its rate for three times the epochs, on validation, seeds
  ``SEEDS`` ("does it learn given more epochs?");
- each final model is trained on the whole training split, with the recipe's chosen epochs
  and learning rate, for the seeds ``SEEDS`` (the seed draws the initial weights, the order
  of the minibatches and the random shifts; the split stays the same), and measured on the
  test set once; what is printed is every seed's result, and their mean and range;
- the controls: shift-and-back (the same ink lost at the edge, the digit back in its
  place), a dense network trained on shifted digits, the GAP network on a larger canvas
  (no ink lost, no zero-padded edge in reach), and the share of units that never fire.

The networks are ``torch.nn``'s twins of ours (notebooks 15 and 17 show they make the same
predictions), in float64 on one thread, so that a rerun gives the same numbers.
``python -m helpers.training.sweeps --write`` writes ``helpers/training/results.json``;
``--check`` (``make check-experiments``) reruns everything and fails where a number differs.
"""

import argparse
import json
import math
import pathlib
import sys
import time
from collections.abc import Callable
from typing import Any

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from helpers.taught.nb15_evaluation import predict
from helpers.taught.nb16_inside import shift
from helpers.taught.nb17_networks import dense_net, digit_net, lenet5, lenet5_gap
from helpers.training.data import digit_split, mnist_split, validation_split
from helpers.training.loop import train, train_digits, train_lenet

SEEDS = (0, 1, 2)
RESULTS = pathlib.Path(__file__).resolve().parent / "results.json"  # shipped with the package
DIGITS_MAX_EPOCHS = 20  # notebook 15's validation curve: epochs 1 to 20
LENET_EPOCHS = 6  # notebook 17's budget, the same for every recipe
# learning rates tried for each recipe: 1998's by factors of 2, today's by factors of 4
LR_GRIDS = {"1998": (5e-4, 1e-3, 2e-3, 4e-3, 1.6e-2), "today": (1e-3, 4e-3, 1.6e-2)}
MORE_EPOCHS = 3 * LENET_EPOCHS  # the 1998 recipe given three times the budget, on validation
SHIFTS = tuple(range(-4, 5))
CANVAS = 4  # blank pixels added on every side for the GAP network's control
RECIPES: dict[str, tuple[type[nn.Module], type[nn.Module]]] = {
    "1998": (nn.AvgPool2d, nn.Sigmoid),
    "ReLU + average pooling": (nn.AvgPool2d, nn.ReLU),
    "today": (nn.MaxPool2d, nn.ReLU),
}


def share(correct: Tensor) -> float:
    """Return the share of True in ``correct``, rounded to 4 decimals (a share of 1,000 digits
    or fewer is exact at 4 decimals)."""
    return round(correct.double().mean().item(), 4)


def summary(values: list[float]) -> dict[str, float]:
    """Return the mean, the lowest and the highest of ``values``, rounded to 4 decimals."""
    return {"mean": round(sum(values) / len(values), 4), "min": min(values), "max": max(values)}


def dead_units(net: nn.Sequential, X: Tensor) -> dict[str, float]:
    """Return, for the ReLU after each convolution of ``net`` ("conv 1 + ReLU", ...), the share
    of its channels that are zero for every image of ``X`` at every position: units that never
    fire."""
    shares: dict[str, float] = {}
    h = X
    with torch.no_grad():
        for layer in net:
            h = layer(h)
            if isinstance(layer, nn.ReLU) and h.dim() == 4:
                fires = (h > 0).any(dim=(0, 2, 3))
                name = f"conv {len(shares) + 1} + ReLU"
                shares[name] = round(1 - fires.double().mean().item(), 4)
    return shares


def digits_experiment(log: Callable[[str], None]) -> dict[str, Any]:
    """Notebooks 15 and 16: the epochs chosen on validation, then the final network over seeds."""
    X_train, y_train, X_test, y_test = digit_split(seed=0)
    fit = validation_split(X_train, y_train, seed=0)
    curves = {}
    for seed in SEEDS:
        torch.manual_seed(seed)
        history, _ = train(digit_net(), fit, DIGITS_MAX_EPOCHS, 0.01, 64, seed, schedule="constant")
        curves[str(seed)] = [round(r["val_accuracy"], 4) for r in history]
    mean_curve = [sum(c[e] for c in curves.values()) / len(SEEDS)
                  for e in range(DIGITS_MAX_EPOCHS)]
    epochs = 1 + max(range(DIGITS_MAX_EPOCHS), key=lambda e: (round(mean_curve[e], 4), -e))
    log(f"digits: {epochs} epochs chosen on validation")
    finals: dict[str, Any] = {"test_accuracy": {}, "shift_right": {}, "shift_and_back": {},
                              "dead_units": {}}
    for seed in SEEDS:
        torch.manual_seed(seed)
        net = digit_net()
        train_digits(net, (X_train, y_train), epochs=epochs, seed=seed)
        finals["test_accuracy"][str(seed)] = share(predict(net, X_test) == y_test)
        finals["shift_right"][str(seed)] = [share(predict(net, shift(X_test, s, 0)) == y_test)
                                            for s in range(4)]
        finals["shift_and_back"][str(seed)] = [
            share(predict(net, shift(shift(X_test, s, 0), -s, 0)) == y_test) for s in range(4)]
        finals["dead_units"][str(seed)] = dead_units(net, torch.cat([X_train, X_test]))
    finals["test_summary"] = summary(list(finals["test_accuracy"].values()))
    return {"validation_curves": curves, "chosen_epochs": epochs, "lr": 0.01, **finals}


def lenet_recipe(name: str, conv: Callable[..., nn.Module] = nn.Conv2d) -> nn.Sequential:
    """Return LeNet-5 with the pooling and activation of the recipe ``name``."""
    pool, activation = RECIPES[name]
    return lenet5(conv, pool, activation)


def choose_lr(name: str, fit: tuple[Tensor, ...], log: Callable[[str], None]) -> dict[str, Any]:
    """Return the validation accuracy after each epoch for each learning rate of
    ``LR_GRIDS[name]`` (seed 0, ``LENET_EPOCHS`` epochs), and the chosen one: the highest accuracy
    after the last epoch (the smaller rate on a tie)."""
    curves: dict[str, list[float]] = {}
    for lr in LR_GRIDS[name]:
        torch.manual_seed(0)
        history, _ = train_lenet(lenet_recipe(name), fit, epochs=LENET_EPOCHS, lr=lr, seed=0)
        curves[repr(lr)] = [round(r["val_accuracy"], 4) for r in history]
        log(f"{name}: lr {lr:g}: validation {curves[repr(lr)][-1]:.4f}")
    best = max(LR_GRIDS[name], key=lambda lr: (curves[repr(lr)][-1], -lr))
    return {"curves": curves, "chosen": best}


def more_epochs(fit: tuple[Tensor, ...], lr: float, log: Callable[[str], None]) -> dict[str, Any]:
    """Return the validation accuracy after each epoch of the 1998 recipe trained at ``lr`` for
    ``MORE_EPOCHS`` epochs (its learning rate falling to 0 over all of them), for each seed."""
    curves: dict[str, list[float]] = {}
    for seed in SEEDS:
        torch.manual_seed(seed)
        history, _ = train_lenet(lenet_recipe("1998"), fit, epochs=MORE_EPOCHS, lr=lr, seed=seed)
        curves[str(seed)] = [round(r["val_accuracy"], 4) for r in history]
        log(f"1998, {MORE_EPOCHS} epochs, seed {seed}: validation {curves[str(seed)][-1]:.4f}")
    return {"epochs": MORE_EPOCHS, "lr": lr, "validation": curves}


def shift_evaluation(net: nn.Module, X: Tensor, y: Tensor, back: bool) -> dict[str, list[float]]:
    """Return the test accuracy of ``net`` for each shift of ``SHIFTS`` sideways ("x") and up
    and down ("y"), and with ``back`` the same for the largest shifts, -4 and 4, moved back
    ("x back", "y back": the ink lost at the edge stays lost, the digit is back in its place)."""
    moves = {"x": lambda s: (s, 0), "y": lambda s: (0, s)}
    out: dict[str, list[float]] = {}
    for direction, move in moves.items():
        out[direction] = [share(predict(net, shift(X, *move(s))) == y) for s in SHIFTS]
        if not back:
            continue
        moved_back = []
        for s in (SHIFTS[0], SHIFTS[-1]):
            d_x, d_y = move(s)
            moved_back.append(share(predict(net, shift(shift(X, d_x, d_y), -d_x, -d_y)) == y))
        out[f"{direction} back"] = moved_back
    return out


def lenet_experiment(log: Callable[[str], None]) -> dict[str, Any]:
    """Notebooks 17 and 18: learning rates chosen on validation, "more epochs", then the final
    networks over seeds, their shift curves and controls."""
    X_train, y_train, X_test, y_test = mnist_split(seed=0)
    fit = validation_split(X_train, y_train, seed=0)
    chosen = {name: choose_lr(name, fit, log) for name in ("1998", "today")}
    lr = {"1998": chosen["1998"]["chosen"], "today": chosen["today"]["chosen"]}
    lr["ReLU + average pooling"] = lr["today"]
    longer = more_epochs(fit, lr["1998"], log)

    networks: dict[str, tuple[Callable[[], nn.Module], int]] = {
        "dense": (dense_net, 0),
        "dense, shifted training": (dense_net, 4),
        "LeNet-5": (lambda: lenet_recipe("today"), 0),
        "LeNet-5, shifted training": (lambda: lenet_recipe("today"), 4),
        "LeNet-5 + GAP": (lenet5_gap, 0),
    }
    recipes: dict[str, dict[str, float]] = {name: {} for name in RECIPES}
    shifts: dict[str, dict[str, Any]] = {name: {} for name in networks}
    canvas: dict[str, dict[str, list[float]]] = {}
    for seed in SEEDS:
        for name in ("1998", "ReLU + average pooling"):
            torch.manual_seed(seed)
            recipe_net = lenet_recipe(name)
            train_lenet(recipe_net, (X_train, y_train), epochs=LENET_EPOCHS, lr=lr[name], seed=seed)
            recipes[name][str(seed)] = share(predict(recipe_net, X_test) == y_test)
        for name, (make, max_shift) in networks.items():
            torch.manual_seed(seed)
            net = make()
            train_lenet(net, (X_train, y_train), epochs=LENET_EPOCHS, lr=lr["today"], seed=seed,
                        max_shift=max_shift)
            shifts[name][str(seed)] = shift_evaluation(net, X_test, y_test, back=not max_shift)
            if name == "LeNet-5":
                recipes["today"][str(seed)] = shifts[name][str(seed)]["x"][SHIFTS.index(0)]
            if name == "LeNet-5 + GAP":
                big = F.pad(X_test, (CANVAS,) * 4)
                canvas[str(seed)] = {
                    "x": [share(predict(net, shift(big, s, 0)) == y_test) for s in SHIFTS],
                    "y": [share(predict(net, shift(big, 0, s)) == y_test) for s in SHIFTS]}
            log(f"seed {seed}: {name}: test {shifts[name][str(seed)]['x'][SHIFTS.index(0)]:.4f}")
    return {
        "epochs": LENET_EPOCHS,
        "learning_rates": chosen,
        "chosen_lr": lr,
        "more_epochs_1998": longer,
        "recipes_test_accuracy": recipes,
        "recipes_summary": {name: summary(list(v.values())) for name, v in recipes.items()},
        "shifts": list(SHIFTS),
        "shift_accuracy": shifts,
        "gap_canvas": {"pixels_added": CANVAS, "accuracy": canvas},
    }


PARTS = {"digits": digits_experiment, "lenet": lenet_experiment}


def run(
    log: Callable[[str], None] = print,
    parts: tuple[str, ...] = tuple(PARTS),
) -> dict[str, Any]:
    """Run the experiments ``parts``; return the results, with the seconds each part took."""
    results: dict[str, Any] = {"seeds": list(SEEDS)}
    seconds = {}
    for part in parts:
        experiment = PARTS[part]
        start = time.perf_counter()
        results[part] = experiment(log)
        seconds[part] = time.perf_counter() - start
        log(f"{part}: {seconds[part]:.0f} s")
    return {"results": results, "seconds": seconds}


def load_results() -> dict[str, Any]:
    """Return the committed results of the sweep, ``helpers/training/results.json``."""
    return json.loads(RESULTS.read_text())


def differences(old: Any, new: Any, where: str = "") -> list[str]:
    """Return where ``old`` and ``new`` (nested dicts and lists of numbers) differ."""
    if isinstance(old, dict) and isinstance(new, dict):
        found = [f"{where}/{k}: only in one" for k in set(old) ^ set(new)]
        for k in sorted(set(old) & set(new)):
            found += differences(old[k], new[k], f"{where}/{k}")
        return found
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [d for k, (a, b) in enumerate(zip(old, new))
                for d in differences(a, b, f"{where}[{k}]")]
    if isinstance(old, float) and isinstance(new, float) and math.isclose(old, new, abs_tol=1e-12):
        return []
    return [] if old == new else [f"{where}: {old!r} != {new!r}"]


def percent(value: float) -> str:
    """Return a share as a percentage with one decimal, ``0.9725`` -> ``97.3%``."""
    return f"{100 * value:.1f}%"


def spread(values: list[float]) -> str:
    """Return the mean and range of shares in percent: ``97.1% (96.8-97.5%)``."""
    mean = 100 * sum(values) / len(values)
    return f"{mean:.1f}% ({100 * min(values):.1f}-{100 * max(values):.1f}%)"


def sweep_table(part: str) -> str:
    """Return, as a printed table, one part of the committed results (``results.json``):
    "digits" (notebook 15), "inside" (16), "learning rates" and "recipes" (17), "shifts" and
    "controls" (18). Each says which set its numbers come from and how to rerun them."""
    results = load_results()
    seeds = ", ".join(str(s) for s in results["seeds"])
    head = f"From helpers/training/results.json (make check-experiments reruns it; seeds {seeds}):"
    lines = [head]
    if part == "digits":
        d = results["digits"]
        curves = list(d["validation_curves"].values())
        chosen = d["chosen_epochs"]
        shown = sorted({e for e in range(5, len(curves[0]) + 1, 5)} | {chosen})
        lines.append("validation accuracy, mean (range) of the seeds, after epoch:")
        lines.append("  " + ", ".join(f"{e}: {spread([c[e - 1] for c in curves])}"
                                      for e in shown))
        lines.append(f"epochs chosen (the highest mean validation accuracy): {chosen}")
        tests = list(d["test_accuracy"].values())
        lines.append("test accuracy of the final network (all training digits, those epochs): "
                     + ", ".join(percent(t) for t in tests) + f"; mean (range) {spread(tests)}")
    elif part == "inside":
        d = results["digits"]
        lines.append("test accuracy, digits shifted right by 0, 1, 2, 3 pixels, mean (range):")
        for key, label in (("shift_right", "shifted"), ("shift_and_back", "shifted and back")):
            per = list(d[key].values())
            lines.append(f"  {label:<17}" + "  ".join(
                spread([p[s] for p in per]) for s in range(4)))
        lines.append("share of channels that never fire on all 1,797 digits (training and test), "
                     "per seed:")
        for seed, layers in d["dead_units"].items():
            lines.append(f"  seed {seed}: " + ", ".join(
                f"{name} {percent(v)}" for name, v in layers.items()))
    elif part == "learning rates":
        d = results["lenet"]
        lines.append(f"validation accuracy after {d['epochs']} epochs (seed 0, 3,200 training "
                     f"digits, 800 validation digits), by learning rate:")
        for name, choice in d["learning_rates"].items():
            tried = ", ".join(f"{float(lr):g}: {percent(c[-1])}"
                              for lr, c in choice["curves"].items())
            lines.append(f"  {name:<6} {tried}; chosen {choice['chosen']:g}")
        longer = d["more_epochs_1998"]
        finals = [c[-1] for c in longer["validation"].values()]
        lines.append(f"the 1998 recipe at {longer['lr']:g} for {longer['epochs']} epochs instead "
                     f"of {d['epochs']} (3,200 training digits), validation accuracy after "
                     f"the last:")
        lines.append(f"  seeds {seeds}: " + ", ".join(percent(v) for v in finals)
                     + f"; mean (range) {spread(finals)}")
    elif part == "recipes":
        d = results["lenet"]
        lines.append(f"test accuracy after {d['epochs']} epochs on all 4,000 training digits:")
        for name, per_seed in d["recipes_test_accuracy"].items():
            values = list(per_seed.values())
            lines.append(f"  {name:<24}" + "  ".join(percent(v) for v in values)
                         + f"   mean (range) {spread(values)}")
    elif part in ("shifts", "controls"):
        d = results["lenet"]
        shifts = d["shifts"]
        keys = (("x", "y") if part == "shifts" else ("x back", "y back"))
        for key in keys:
            what = f"moved by d_{key[0]}" + (" and back" if part == "controls" else "")
            at = "-4; at 0; at 4" if part == "shifts" else "-4; at 4"
            lines.append(f"test accuracy (%), {what}, mean of the seeds (range at {at}):")
            columns = shifts if part == "shifts" else [shifts[0], shifts[-1]]
            lines.append(" " * 29 + "".join(f"{s:>6}" for s in columns))
            for name, per_seed in d["shift_accuracy"].items():
                if key not in per_seed[str(results["seeds"][0])]:
                    continue
                per = [v[key] for v in per_seed.values()]
                n = len(per[0])
                means = [100 * sum(p[k] for p in per) / len(per) for k in range(n)]
                where = (0, shifts.index(0), n - 1) if part == "shifts" else (0, n - 1)
                ends = [f"{100 * min(p[k] for p in per):.1f}-{100 * max(p[k] for p in per):.1f}"
                        for k in where]
                lines.append(f"  {name:<27}" + "".join(f"{m:>6.1f}" for m in means)
                             + f"  ({'; '.join(ends)})")
        if part == "controls":
            canvas = d["gap_canvas"]
            per = list(canvas["accuracy"].values())
            for key in ("x", "y"):
                means = [100 * sum(p[key][k] for p in per) / len(per) for k in range(len(shifts))]
                ends = [f"{100 * min(p[key][k] for p in per):.1f}-"
                        f"{100 * max(p[key][k] for p in per):.1f}"
                        for k in (0, shifts.index(0), len(shifts) - 1)]
                lines.append(f"GAP on a canvas {canvas['pixels_added']} pixels wider each side, "
                             f"moved by d_{key}, mean of the seeds (range at -4; at 0; at 4):")
                lines.append(" " * 29 + "".join(f"{m:>6.1f}" for m in means)
                             + f"  ({'; '.join(ends)})")
    else:
        raise ValueError(f"part must be one of digits, inside, learning rates, recipes, shifts, "
                         f"controls; got {part!r}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write helpers/training/results.json")
    parser.add_argument("--only", choices=list(PARTS), help="one part of the sweep")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    torch.set_num_threads(1)
    parts = (args.only,) if args.only else tuple(PARTS)
    fresh = run(lambda line: print(line, flush=True), parts)
    print(f"the sweep took {time.perf_counter() - start:.0f} s (one thread)")
    old = load_results() if RESULTS.exists() else {}
    if args.write:
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps({**old, **fresh["results"]}, indent=1) + "\n")
        print(f"wrote {RESULTS.name}")
        return 0
    found = differences({k: old.get(k) for k in fresh["results"]}, fresh["results"])
    for line in found:
        print("differs:", line)
    print("the committed results and the fresh sweep agree" if not found else
          f"{len(found)} numbers differ: rerun with --write and commit, or find the cause")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
