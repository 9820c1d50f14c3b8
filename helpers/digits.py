"""Real handwritten digits, a LeNet-style network for them, and its training loop.

The digits are scikit-learn's ``load_digits``: 1,797 images of 8x8 pixels that ship
inside the scikit-learn wheel (nothing is downloaded). Every random choice (the
split, the initial weights, the order of the minibatches) comes from a seeded
``torch.Generator`` or ``torch.manual_seed``, never from NumPy or scikit-learn, so
the same seed gives the same split and the same training on any stack.

Images and networks are float64 by default. Training amplifies rounding: two float32
trainings that add the same products in different orders (our layers and
``torch.nn``'s, or one processor and another) drift apart until a prediction
changes. In float64 they agree to about 1e-13 after training.
"""

import contextlib
import time
from collections.abc import Callable, Sequence
from typing import Any

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from IPython.display import display
from matplotlib.ticker import MaxNLocator
from torch import Tensor, nn

from helpers.checks import real_number, require_tensor, whole_number
from helpers.figures import figure_line
from helpers.taught.nb15_layers import BatchConv2D, Pool2D


def load_digit_images(dtype=torch.float64):
    """Return scikit-learn's digits as ``(images, labels)``.

    ``images`` has shape (1797, 1, 8, 8) and ``dtype``, one channel, values from 0 (white
    paper) to 1 (ink; the file stores 0 to 16); ``labels`` is int64 of shape (1797,), 0 to 9.
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    images = torch.tensor(digits.images, dtype=dtype).unsqueeze(1) / 16
    return images, torch.tensor(digits.target, dtype=torch.int64)


def stratified_split(labels, test_fraction=0.2, seed=0):
    """Return ``(train_index, test_index)``: a fixed split of the same share from every class.

    For each class the indices of its examples are shuffled with a ``torch.Generator``
    seeded with ``seed``, and the first ``round(test_fraction * count)`` go to the test
    set. Both index tensors are sorted.
    """
    require_tensor("labels", labels)
    if not 0 < real_number("test_fraction", test_fraction) < 1:
        raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction!r}")
    generator = torch.Generator().manual_seed(whole_number("seed", seed, 0))
    train, test = [], []
    for c in labels.unique():
        members = (labels == c).nonzero().flatten()
        # Random floats sorted: a shuffle that depends only on torch's random numbers.
        members = members[torch.rand(len(members), generator=generator).argsort()]
        n_test = round(test_fraction * len(members))
        test.append(members[:n_test])
        train.append(members[n_test:])
    return torch.cat(train).sort().values, torch.cat(test).sort().values


def digit_split(
    test_fraction: float = 0.2,
    seed: int = 0,
    dtype: torch.dtype = torch.float64,
) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """Return ``X_train, y_train, X_test, y_test``: the digits split by ``stratified_split``."""
    images, labels = load_digit_images(dtype)
    train, test = stratified_split(labels, test_fraction, seed)
    return images[train], labels[train], images[test], labels[test]


def digit_net(
    conv: Callable[..., nn.Module] = nn.Conv2d,
    pool: Callable[..., nn.Module] = nn.MaxPool2d,
    channels: tuple[int, int] = (8, 16),
    dtype: torch.dtype = torch.float64,
) -> nn.Sequential:
    """Return a LeNet-style network for 8x8 digits as an ``nn.Sequential``.

    conv (1 -> c_1, 3x3, padding 1) -> ReLU -> pool 2x2 -> conv (c_1 -> c_2, 3x3,
    padding 1) -> ReLU -> pool 2x2 -> flatten -> linear (c_2 * 2 * 2 -> 10 scores).
    ``conv`` and ``pool`` are the layer classes: ``nn.Conv2d`` and ``nn.MaxPool2d``, or
    ours, ``BatchConv2D`` and ``Pool2D``; they are called the same way, and the
    two networks have the same parameter names. The parameters are drawn in float32,
    as PyTorch draws them, then converted to ``dtype``.
    """
    c_1, c_2 = channels
    net = nn.Sequential(
        conv(1, c_1, 3, padding=1), nn.ReLU(), pool(2),
        conv(c_1, c_2, 3, padding=1), nn.ReLU(), pool(2),
        nn.Flatten(), nn.Linear(c_2 * 2 * 2, 10))
    return net.to(dtype)


def accuracy(net: nn.Module, X: Tensor, y: Tensor) -> float:
    """Return the share of images ``X`` whose highest score in ``net(X)`` is their label ``y``."""
    with torch.no_grad():
        return (net(X).argmax(dim=1) == y).float().mean().item()


@contextlib.contextmanager
def one_thread():
    """Run the block on one torch thread, then restore the thread count.

    On a shared machine a parallel region waits whenever another process holds one of its
    cores; at these sizes one thread is also about as fast.
    """
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def train_epoch(
    net: nn.Module,
    optimizer: torch.optim.Optimizer,
    X_train: Tensor,
    y_train: Tensor,
    batch_size: int,
    generator: torch.Generator,
    prepare: Callable[[Tensor], Tensor] | None = None,
) -> tuple[float, float]:
    """Train ``net`` for one epoch; return ``(loss, seconds)``: the mean of its minibatches'
    cross-entropy losses, and the wall time of its steps.

    The images are taken ``batch_size`` at a time in an order shuffled by ``generator``;
    ``prepare``, if given, turns each minibatch of images into what the network sees (and
    may set the step's learning rate). Each step is one ``optimizer`` step.
    """
    order = torch.rand(len(X_train), generator=generator).argsort()
    losses = []
    start = time.perf_counter()
    for i in range(0, len(order), batch_size):
        batch = order[i:i + batch_size]
        X = X_train[batch] if prepare is None else prepare(X_train[batch])
        loss = F.cross_entropy(net(X), y_train[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return sum(losses) / len(losses), time.perf_counter() - start


def train_digits(
    net: nn.Module,
    data: Sequence[Tensor],
    epochs: int = 15,
    lr: float = 0.01,
    batch_size: int = 64,
    seed: int = 0,
    on_epoch: Callable[[dict[str, Any]], object] | None = None,
) -> tuple[list[dict[str, Any]], float]:
    """Train ``net`` on ``data = (X_train, y_train, X_test, y_test)``; return its history.

    Adam with learning rate ``lr`` minimizes the cross-entropy loss, one minibatch of
    ``batch_size`` images at a time, in an order shuffled by a ``torch.Generator``
    seeded with ``seed``. It all runs on one thread. After every epoch the record
    ``{"epoch", "loss", "train_accuracy", "test_accuracy"}`` (loss: the mean over the
    epoch's minibatches) is appended to the history and passed to ``on_epoch``.
    Returns ``(history, seconds)``, ``seconds`` the wall time of the training steps
    alone (not evaluating, not drawing).
    """
    check_training_args(net, data, epochs, lr, batch_size)
    X_train, y_train, X_test, y_test = data
    generator = torch.Generator().manual_seed(whole_number("seed", seed, 0))
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    history, seconds = [], 0.0
    with one_thread():  # set once: changing the thread count costs time each time
        for epoch in range(1, epochs + 1):
            loss, epoch_seconds = train_epoch(net, optimizer, X_train, y_train, batch_size,
                                              generator)
            seconds += epoch_seconds
            record = {"epoch": epoch, "loss": loss,
                      "train_accuracy": accuracy(net, X_train, y_train),
                      "test_accuracy": accuracy(net, X_test, y_test)}
            history.append(record)
            if on_epoch is not None:
                on_epoch(record)
    return history, seconds


def check_training_args(net, data, epochs, lr, batch_size):
    """Check the arguments of ``train_digits``; return nothing.

    Raises ``TypeError`` or ``ValueError`` naming the argument: ``net`` not a module,
    ``data`` not four tensors with as many labels as images, ``epochs`` or
    ``batch_size`` not a positive integer, ``lr`` not a positive number.
    """
    if not isinstance(net, nn.Module):
        raise TypeError(f"net must be a torch.nn.Module, got {type(net).__name__}")
    if not isinstance(data, (tuple, list)) or len(data) != 4:
        got = type(data).__name__
        if isinstance(data, (tuple, list)):
            got += f" of length {len(data)}"
        raise TypeError(f"data must be (X_train, y_train, X_test, y_test), got {got}")
    for name, t in zip(("X_train", "y_train", "X_test", "y_test"), data):
        require_tensor(name, t)
    for images, labels, split in ((data[0], data[1], "train"), (data[2], data[3], "test")):
        if len(images) != len(labels):
            raise ValueError(f"the {split} set has {len(images)} images but {len(labels)} labels")
    whole_number("epochs", epochs, 1)
    whole_number("batch_size", batch_size, 1)
    if real_number("lr", lr) <= 0:
        raise ValueError(f"lr must be positive, got {lr!r}")


def trained_digit_net(
    epochs: int = 15,
    seed: int = 0,
    on_epoch: Callable[[dict[str, Any]], object] | None = None,
) -> tuple[nn.Sequential, tuple[Tensor, Tensor, Tensor, Tensor], list[dict[str, Any]]]:
    """Return ``(net, data, history)``: notebook 15's network of our layers, trained again.

    ``data`` is ``digit_split(seed=seed)``; the network is ``digit_net`` built from
    ``BatchConv2D`` and ``Pool2D`` after ``torch.manual_seed(seed)``, trained by
    ``train_digits`` for ``epochs`` epochs with its defaults. The same seed gives the
    same network, weight for weight, on the same machine.
    """
    data = digit_split(seed=seed)
    torch.manual_seed(seed)
    net = digit_net(BatchConv2D, Pool2D)
    history, _ = train_digits(net, data, epochs=epochs, seed=seed, on_epoch=on_epoch)
    return net, data, history


def live_progress(epochs: int, title: str = "training", every: int = 3,
                  notice: str | None = None) -> Callable[[dict[str, Any]], None]:
    """Return ``on_epoch(record)``, which redraws a loss and accuracy plot as training goes.

    The plot is redrawn after every ``every``-th epoch and after the last one (drawing
    a figure takes longer than an epoch here). It is shown once, where the cell's
    output is, and updated in place (an IPython display handle), so the notebook
    keeps one figure: the last one drawn. After the last epoch it prints the figure's
    description, what it shows and ``notice`` (what to notice, in words), as
    ``helpers.figures.show_figure`` does; ``ValueError`` without ``notice``.
    """
    # refuse now, not at the end (None, the default, too: figure_line's TypeError)
    said: str = notice  # type: ignore[assignment]
    figure_line("a loss and accuracy plot of the training", said)
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(7.5, 2.6), layout="constrained")
    plt.close(fig)  # drawn by the display handle below, not again at the end of the cell
    handle = display(fig, display_id=True)
    records = []

    def on_epoch(record: dict[str, Any]) -> None:
        records.append(record)
        if record["epoch"] % every and record["epoch"] != epochs:
            return
        seen = [r["epoch"] for r in records]
        ax_loss.clear()
        ax_loss.plot(seen, [r["loss"] for r in records], "-o", markersize=3)
        ax_loss.set(xlabel="epoch", ylabel="mean training loss (cross-entropy)", yscale="log",
                    xlim=(0.5, epochs + 0.5), title=f"{title}: loss")
        ax_acc.clear()
        ax_acc.plot(seen, [r["train_accuracy"] for r in records], "-o", markersize=3,
                    label="train")
        ax_acc.plot(seen, [r["test_accuracy"] for r in records], "--s", markersize=3,
                    label="test")
        ax_acc.set(xlabel="epoch", ylabel="accuracy", ylim=(0.5, 1.0),
                   xlim=(0.5, epochs + 0.5), title=f"{title}: accuracy")
        ax_acc.legend(loc="lower right", fontsize=8)
        for ax in (ax_loss, ax_acc):
            ax.grid(True, alpha=0.3)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        handle.update(fig)
        if record["epoch"] == epochs:
            print(figure_line(progress_words(title, records), said))

    return on_epoch


def progress_words(title, records):
    """Return in words what ``live_progress`` draws from ``records`` (one dict per epoch)."""
    first, last = records[0], records[-1]
    return (f"Two line plots side by side, {title}, against the epoch, 1 to {last['epoch']}: "
            f"left, the mean training loss (cross-entropy) on a log scale, from "
            f"{first['loss']:.2g} after epoch 1 to {last['loss']:.2g} after the last; right, "
            f"the accuracy, axis from 0.5 to 1, on the training digits (circles, solid line) "
            f"from {first['train_accuracy']:.3f} to {last['train_accuracy']:.3f} and on the "
            f"held-out digits (squares, dashed line) from {first['test_accuracy']:.3f} to "
            f"{last['test_accuracy']:.3f}")
