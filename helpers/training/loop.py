"""One training loop for every network of the course, and the evaluations around it.

``train`` is the loop: cross-entropy, minibatches in an order drawn by a seeded
``torch.Generator``, Adam or plain SGD, a constant learning rate or one that falls in a
straight line to 0, optional random shifts of the training images, on one thread. It
watches a *validation* set when it is given one (the choices of epochs, learning rates and
recipes are made there); the test set is never passed to it: a notebook measures each final
model on the test set once, with ``accuracy`` or ``predict`` (``helpers.taught.nb15_evaluation``).
``train_digits`` (notebook 15) and ``train_lenet`` (notebooks 17 and 18) are ``train`` with each
notebook's recipe.
"""

import math
import time
from collections.abc import Callable, Sequence
from typing import Any

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from helpers.checks import real_number, require_tensor, whole_number
from helpers.taught.nb15_evaluation import accuracy, class_scores, one_thread
from helpers.taught.nb16_inside import random_shift


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


def train(
    net: nn.Module,
    data: Sequence[Tensor],
    epochs: int,
    lr: float,
    batch_size: int = 32,
    seed: int = 0,
    optimizer: str = "adam",
    schedule: str = "linear",
    max_shift: int = 0,
    on_epoch: Callable[[dict[str, Any]], object] | None = None,
    stop_after: int | None = None,
    train_accuracy: bool = False,
) -> tuple[list[dict[str, Any]], float]:
    """Train ``net`` on ``data = (X_train, y_train)`` or ``(X_train, y_train, X_val, y_val)``;
    return ``(history, seconds)``.

    ``optimizer`` ("adam" or "sgd", plain gradient descent) minimizes the cross-entropy loss,
    one minibatch of ``batch_size`` images at a time, in an order shuffled by a
    ``torch.Generator`` seeded with ``seed``. ``schedule`` "linear": the learning rate falls
    in a straight line from ``lr`` at the first step to 0 after the last; "constant": it
    stays ``lr``. With ``max_shift`` > 0 each training image is moved by its own random
    ``(d_x, d_y)``, each from -max_shift to max_shift pixels, every time it is used
    (``random_shift``, with a second generator seeded with ``seed``). It all runs on one
    thread. After every epoch the record ``{"epoch", "loss"}`` (the mean over the epoch's
    minibatches), with ``"train_accuracy"`` if asked and, given a validation set,
    ``"val_accuracy"`` and ``"val_scores"`` (``net(X_val)``), is appended to the history and
    passed to ``on_epoch``. ``stop_after`` ends the training after that many of the
    ``epochs`` (the learning rate still falls as for ``epochs``). ``seconds`` is the wall
    time of the training steps alone.
    """

    require_training_args(net, data, epochs, lr, batch_size)
    whole_number("max_shift", max_shift, 0)
    if optimizer not in ("adam", "sgd"):
        raise ValueError(f"optimizer must be 'adam' or 'sgd', got {optimizer!r}")
    if schedule not in ("linear", "constant"):
        raise ValueError(f"schedule must be 'linear' or 'constant', got {schedule!r}")
    last = epochs if stop_after is None else min(whole_number("stop_after", stop_after, 1), epochs)
    X_train, y_train = data[0], data[1]
    order_generator = torch.Generator().manual_seed(whole_number("seed", seed, 0))
    shift_generator = torch.Generator().manual_seed(seed)
    make = torch.optim.Adam if optimizer == "adam" else torch.optim.SGD
    steps_taken = make(net.parameters(), lr=lr)
    steps, step = epochs * math.ceil(len(X_train) / batch_size), 0
    history, seconds = [], 0.0

    def prepare(X: Tensor) -> Tensor:
        """Shift the minibatch (with max_shift), and set this step's learning rate."""
        nonlocal step
        if max_shift:
            X = random_shift(X, max_shift, shift_generator)
        if schedule == "linear":
            for group in steps_taken.param_groups:
                group["lr"] = lr * (1 - step / steps)
        step += 1
        return X

    with one_thread():  # set once: changing the thread count costs time each time
        for epoch in range(1, last + 1):
            loss, epoch_seconds = train_epoch(net, steps_taken, X_train, y_train, batch_size,
                                              order_generator, prepare)
            seconds += epoch_seconds
            record: dict[str, Any] = {"epoch": epoch, "loss": loss}
            if train_accuracy:
                record["train_accuracy"] = accuracy(net, X_train, y_train)
            if len(data) == 4:
                scores = class_scores(net, data[2])
                record["val_accuracy"] = (scores.argmax(dim=1) == data[3]).double().mean().item()
                record["val_scores"] = scores
            history.append(record)
            if on_epoch is not None:
                on_epoch(record)
    return history, seconds


def train_digits(
    net: nn.Module,
    data: Sequence[Tensor],
    epochs: int = 15,
    lr: float = 0.01,
    batch_size: int = 64,
    seed: int = 0,
    on_epoch: Callable[[dict[str, Any]], object] | None = None,
) -> tuple[list[dict[str, Any]], float]:
    """Notebook 15's recipe: ``train`` with Adam at a constant ``lr``, minibatches of 64,
    recording the training accuracy after every epoch (and the validation accuracy, given a
    validation set)."""
    return train(net, data, epochs, lr, batch_size, seed, schedule="constant",
                 on_epoch=on_epoch, train_accuracy=True)


def train_lenet(
    net: nn.Module,
    data: Sequence[Tensor],
    epochs: int = 6,
    lr: float = 4e-3,
    batch_size: int = 32,
    seed: int = 0,
    max_shift: int = 0,
    on_epoch: Callable[[dict[str, Any]], object] | None = None,
    stop_after: int | None = None,
) -> tuple[list[dict[str, Any]], float]:
    """Notebook 17's recipe: ``train`` with Adam, its learning rate falling in a straight line
    from ``lr`` to 0, minibatches of 32; ``max_shift`` and ``stop_after`` as ``train``'s."""
    return train(net, data, epochs, lr, batch_size, seed, max_shift=max_shift,
                 on_epoch=on_epoch, stop_after=stop_after)


def require_training_args(net, data, epochs, lr, batch_size):
    """Check the arguments of ``train``; return nothing.

    Raises ``TypeError`` or ``ValueError`` naming the argument: ``net`` not a module,
    ``data`` not two or four tensors with as many labels as images, ``epochs`` or
    ``batch_size`` not a positive integer, ``lr`` not a positive number.
    """
    if not isinstance(net, nn.Module):
        raise TypeError(f"net must be a torch.nn.Module, got {type(net).__name__}")
    if not isinstance(data, (tuple, list)) or len(data) not in (2, 4):
        got = type(data).__name__
        if isinstance(data, (tuple, list)):
            got += f" of length {len(data)}"
        raise TypeError(f"data must be (X_train, y_train) or (X_train, y_train, X_val, y_val), "
                        f"got {got}")
    for name, t in zip(("X_train", "y_train", "X_val", "y_val"), data):
        require_tensor(name, t)
    pairs = [("training", data[0], data[1])]
    if len(data) == 4:
        pairs.append(("validation", data[2], data[3]))
    for split, images, labels in pairs:
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
    """Return ``(net, data, history)``: notebook 15's final network of our layers, trained again.

    ``data`` is ``digit_split(seed=seed)``, (X_train, y_train, X_test, y_test); the network is
    ``digit_net`` built from ``BatchConv2D`` and ``Pool2D`` after
    ``torch.manual_seed(seed)``, trained by ``train_digits`` on the whole training split for
    ``epochs`` epochs (the count notebook 15 chose on its validation split). The test set is
    not seen in training. The same seed gives the same network, weight for weight.
    """
    from helpers.taught.nb15_layers import BatchConv2D, Pool2D
    from helpers.taught.nb17_networks import digit_net
    from helpers.training.data import digit_split

    data = digit_split(seed=seed)
    torch.manual_seed(seed)
    net = digit_net(BatchConv2D, Pool2D)
    history, _ = train_digits(net, data[:2], epochs=epochs, seed=seed, on_epoch=on_epoch)
    return net, data, history
