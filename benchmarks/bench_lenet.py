"""Time one training epoch of notebook 17's LeNet-5, our layers against torch.nn's.

    python benchmarks/bench_lenet.py                 # 3 rounds, 4,000 digits
    python benchmarks/bench_lenet.py --rounds 5
    python benchmarks/bench_lenet.py --train 1000    # a quicker run on fewer digits

One epoch is what notebook 17 trains six times: Adam, minibatches of 32, float64, one torch
thread (``train_lenet`` sets it), over the 4,000 training digits of
``helpers.mnist_split`` (``--train`` takes fewer). Three networks, built from one
seed, so each round starts from the same weights:

- ``torch.nn``: ``nn.Conv2d`` and ``nn.MaxPool2d``;
- ``ours``: ``FoldBackwardConv2D`` (our convolution with the backward pass of notebook 17) and
  ``Pool2D``, the network notebook 17 trains;
- ``ours, autograd's backward``: ``BatchConv2D`` (notebook 15's layer, whose backward
  pass autograd derives through the window matrix) and ``Pool2D``.

Each network trains one epoch per round, the networks taking turns, and keeps its fastest
round (``train_lenet`` times the training steps only, not the evaluation after the epoch):
on a shared machine other work only ever adds time. The last lines print each network's
ratio to ``torch.nn`` and compare ours with the course's target, at most 2x. After the
timing, ours and ``torch.nn``'s predictions on the held-out digits are checked to be equal.
"""

import argparse
import time

import torch
from torch import nn

from helpers import FoldBackwardConv2D, lenet5, mnist_split, train_lenet
from helpers.taught.nb15_layers import BatchConv2D, Pool2D

NETWORKS = {
    "torch.nn": (nn.Conv2d, nn.MaxPool2d),
    "ours": (FoldBackwardConv2D, Pool2D),
    "ours, autograd's backward": (BatchConv2D, Pool2D),
}
TARGET = 2.0  # ours / torch.nn, per epoch


def time_epochs(data, rounds, batch_size):
    """Return ``({name: fastest seconds}, {name: held-out predictions})`` for one epoch each."""
    best = {name: float("inf") for name in NETWORKS}
    predictions = {}
    for _ in range(rounds):
        for name, (conv, pool) in NETWORKS.items():
            torch.manual_seed(0)
            net = lenet5(conv, pool)
            history, seconds = train_lenet(net, data, epochs=1, batch_size=batch_size, seed=0)
            best[name] = min(best[name], seconds)
            predictions[name] = history[-1]["test_scores"].argmax(dim=1)
    return best, predictions


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3,
                        help="epochs timed per network, taking turns; the fastest is kept "
                             "(default 3)")
    parser.add_argument("--train", type=int, default=4000,
                        help="training digits per epoch (default 4000, all of them)")
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    X_train, y_train, X_test, y_test = mnist_split(seed=0)
    data = (X_train[:args.train], y_train[:args.train], X_test, y_test)
    best, predictions = time_epochs(data, args.rounds, args.batch_size)
    print(f"torch {torch.__version__}, one thread, CPU, float64; "
          f"{len(data[0])} training digits, minibatches of {args.batch_size}; "
          f"{time.strftime('%Y-%m-%d %H:%M %Z')}; fastest of {args.rounds} rounds")
    print(f"{'network':<28}{'s per epoch':>12}{'/ torch.nn':>12}")
    for name, seconds in best.items():
        print(f"{name:<28}{seconds:>12.2f}{seconds / best['torch.nn']:>12.2f}")
    ratio = best["ours"] / best["torch.nn"]
    print(f"ours / torch.nn, one epoch: {ratio:.2f} (target: at most {TARGET:g}; "
          f"{'met' if ratio <= TARGET else 'NOT met'})")
    same = all(torch.equal(p, predictions["torch.nn"]) for p in predictions.values())
    print(f"the same {len(X_test)} held-out predictions after the epoch: {same}")


if __name__ == "__main__":
    main()
