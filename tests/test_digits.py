"""The digits, their split, the network of our layers against torch.nn's, and its training."""

import json
from pathlib import Path

import matplotlib
import pytest
import torch
from torch import nn

from helpers import accuracy, digit_net, digit_split, train_digits, trained_digit_net
from helpers.figures.networks import live_progress
from helpers.taught.nb15_layers import BatchConv2D, Pool2D
from helpers.training.data import load_digit_images, stratified_split
from helpers.training.loop import train
from helpers.training.sweeps import load_results

matplotlib.use("Agg")


def test_the_digits_are_scikit_learns_scaled_to_one():
    from sklearn.datasets import load_digits

    images, labels = load_digit_images()
    raw = load_digits()
    assert images.shape == (1797, 1, 8, 8) and images.dtype == torch.float64
    assert labels.shape == (1797,) and labels.dtype == torch.int64
    torch.testing.assert_close(images[:, 0] * 16, torch.tensor(raw.images, dtype=torch.float64))
    assert load_digit_images(torch.float32)[0].dtype == torch.float32
    assert labels.tolist() == raw.target.tolist()
    assert images.min() == 0 and images.max() == 1


def test_split_is_stratified_disjoint_complete_and_fixed():
    labels = load_digit_images()[1]
    train, test = stratified_split(labels, test_fraction=0.2, seed=0)
    assert len(set(train.tolist()) | set(test.tolist())) == len(labels) == len(train) + len(test)
    counts, test_counts = labels.bincount(), labels[test].bincount()
    # each class: round(0.2 * its count) test images
    assert test_counts.tolist() == [round(0.2 * n) for n in counts.tolist()]
    again = stratified_split(labels, test_fraction=0.2, seed=0)
    assert torch.equal(train, again[0]) and torch.equal(test, again[1])
    other = stratified_split(labels, test_fraction=0.2, seed=1)
    assert not torch.equal(test, other[1])
    assert torch.equal(train, train.sort().values)


def test_split_depends_only_on_torchs_random_numbers():
    # the first test index of class 0 is where torch's first uniform number sorts
    labels = torch.tensor([0] * 5 + [1] * 5)
    g = torch.Generator().manual_seed(3)
    first = torch.rand(5, generator=g).argsort()[:1]
    train, test = stratified_split(labels, test_fraction=0.2, seed=3)
    assert test[0] == first[0]
    assert len(test) == 2 and len(train) == 8


SMALL = tuple(t[:16] for t in digit_split())
NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def stored_output(name):
    """Return all the text a notebook's stored outputs hold."""
    cells = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]
    return "".join("".join(out.get("text", "")) for cell in cells
                   for out in cell.get("outputs", []))


@pytest.mark.parametrize("call,error,match", [
    (lambda: stratified_split([0, 1], 0.2), TypeError, "labels must be a torch.Tensor"),
    (lambda: stratified_split(torch.tensor([0, 1]), 1.0), ValueError, "between 0 and 1"),
    (lambda: stratified_split(torch.tensor([0, 1]), 0.5, seed=-1), ValueError,
     "seed must be at least 0"),
    (lambda: train_digits(digit_net(), SMALL, epochs=1, seed=0.5), TypeError,
     "seed must be an integer"),
    (lambda: train_digits(digit_net(), SMALL, epochs=0), ValueError, "epochs must be positive"),
    (lambda: train_digits(digit_net(), SMALL, batch_size=2.0), TypeError,
     "batch_size must be an integer"),
    (lambda: train_digits(digit_net(), SMALL, lr=-0.1), ValueError, "lr must be positive"),
    (lambda: train_digits(digit_net(), SMALL, lr="0.1"), TypeError, "lr must be a number"),
    (lambda: train_digits(lambda x: x, SMALL), TypeError, "net must be a torch.nn.Module"),
    (lambda: train_digits(digit_net(), SMALL[:3]), TypeError,
     r"data must be \(X_train, y_train\) or \(X_train, y_train, X_val, y_val\), "
     r"got tuple of length 3"),
    (lambda: train_digits(digit_net(), (SMALL[0], SMALL[1][:5]) + SMALL[2:]), ValueError,
     "the training set has 16 images but 5 labels"),
    (lambda: train_digits(digit_net(), SMALL[:2] + (SMALL[2], SMALL[3][:5])), ValueError,
     "the validation set has 16 images but 5 labels"),
    (lambda: train_digits(digit_net(), SMALL[:3] + ([0, 1],)), TypeError,
     "y_val must be a torch.Tensor"),
    (lambda: train(digit_net(), SMALL, 1, 0.1, optimizer="rmsprop"), ValueError,
     "optimizer must be 'adam' or 'sgd'"),
    (lambda: train(digit_net(), SMALL, 1, 0.1, schedule="cosine"), ValueError,
     "schedule must be 'linear' or 'constant'"),
])
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_our_network_and_torchs_have_the_same_shapes_weights_and_outputs():
    torch.manual_seed(0)
    theirs = digit_net(nn.Conv2d, nn.MaxPool2d)
    torch.manual_seed(0)
    ours = digit_net(BatchConv2D, Pool2D)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    for a, b in zip(ours.state_dict().values(), theirs.state_dict().values()):
        assert torch.equal(a, b)
    X = load_digit_images()[0][:50]
    shapes = []
    Y = X[:1]
    for layer in ours:
        Y = layer(Y)
        shapes.append(tuple(Y.shape))
    assert shapes == [(1, 8, 8, 8), (1, 8, 8, 8), (1, 8, 4, 4), (1, 16, 4, 4), (1, 16, 4, 4),
                      (1, 16, 2, 2), (1, 64), (1, 10)]
    torch.testing.assert_close(ours(X), theirs(X), rtol=1e-5, atol=1e-5)


def test_training_ours_and_torchs_gives_the_same_predictions_and_over_95_percent():
    epochs = load_results()["digits"]["chosen_epochs"]
    net, data, history = trained_digit_net(epochs=epochs, seed=0)
    X_train, y_train, X_test, y_test = data
    assert [r["epoch"] for r in history] == list(range(1, epochs + 1))
    assert history[-1]["loss"] < history[0]["loss"] / 5
    assert "val_accuracy" not in history[-1]  # trained on the whole training split
    test_accuracy = accuracy(net, X_test, y_test)
    assert test_accuracy >= 0.95
    # the same training with torch.nn's layers, from the same weights, watching the test set
    # here (a test of the helpers, not a choice)
    torch.manual_seed(0)
    theirs = digit_net(nn.Conv2d, nn.MaxPool2d)
    their_history, seconds = train_digits(theirs, data[:2], epochs=epochs, seed=0)
    assert seconds > 0
    assert [r["train_accuracy"] for r in their_history] == [r["train_accuracy"] for r in history]
    with torch.no_grad():
        assert torch.equal(net(X_test).argmax(1), theirs(X_test).argmax(1))
    # the sweep's seed 0 (torch.nn's twin) and notebook 16 print this accuracy
    assert round(test_accuracy, 4) == load_results()["digits"]["test_accuracy"]["0"]
    printed = f"test accuracy: {test_accuracy:.3f}"
    assert printed in stored_output("16_inside_the_network.ipynb")


def test_on_epoch_sees_every_record():
    seen = []
    torch.manual_seed(0)
    X_train, y_train, X_test, y_test = digit_split()
    data = (X_train[:128], y_train[:128], X_test[:64], y_test[:64])
    history, _ = train_digits(digit_net(), data, epochs=3, on_epoch=seen.append)
    assert seen == history
    assert set(history[0]) == {"epoch", "loss", "train_accuracy", "val_accuracy", "val_scores"}


def test_live_progress_draws_into_one_display_and_updates_it(monkeypatch):
    shown = []

    class Handle:
        def update(self, fig):
            shown.append(("update", [len(ax.lines) for ax in fig.axes]))

    def display(fig, display_id):
        shown.append(("display", display_id))
        return Handle()

    monkeypatch.setattr("helpers.figures.networks.display", display)
    on_epoch = live_progress(5, "t", every=2, notice="the loss falls while accuracy rises")
    for epoch in range(1, 6):
        on_epoch({"epoch": epoch, "loss": 1 / epoch, "train_accuracy": 0.5, "val_accuracy": 0.4})
    # shown once, then redrawn after epochs 2, 4 and the last: one loss line, two accuracy lines
    assert shown == [("display", True)] + [("update", [1, 2])] * 3
