"""Checks for the exercises of notebooks 12-14 (pooling, cost, the backward pass).

As in ``helpers.exercises``: a check prints right or wrong with a hint and returns a
bool; it never raises on a wrong or missing answer. Every reference is computed, by
PyTorch, not recalled.
"""

import torch
import torch.nn.functional as F
from torch import nn

RIGHT, WRONG, EMPTY = "Right:", "Not yet:", "Not answered yet:"


def _verdict(ok, praise, hint):
    """Print the verdict and return ``ok``."""
    print(f"{RIGHT} {praise}" if ok else f"{WRONG} {hint}")
    return ok


def _whole_numbers(answer, count, what):
    """Return ``answer`` as a tuple of ``count`` ints, or None after printing what is wrong."""
    try:
        numbers = tuple(answer) if isinstance(answer, (tuple, list, torch.Size)) else (answer,)
        if not all(float(n).is_integer() for n in numbers):
            raise ValueError
        numbers = tuple(int(n) for n in numbers)
    except (TypeError, ValueError):
        print(f"{WRONG} give {what} as whole numbers, got {answer!r}")
        return None
    if len(numbers) != count:
        print(f"{WRONG} give {count} number{'s' if count > 1 else ''} ({what}), got {answer!r}")
        return None
    return numbers


# Notebook 12: max pooling with overlapping windows.
POOL_PROBLEM = {"size": 8, "pool_size": 3, "stride": 2}


def pooling_problem():
    """Return notebook 12's image: 8x8, values from 0 to 1 but for its largest, 9, at (2, 2)."""
    n = POOL_PROBLEM["size"]
    X = (torch.arange(n * n, dtype=torch.float32).reshape(n, n) % 5) / 4
    X[2, 2] = 9.0
    return X


def check_pooling_prediction(shape, centre_gradient):
    """Check notebook 12's exercise: the shape of ``Y = pool2d(X, 3, stride=2)`` and the
    gradient of ``Y.sum()`` with respect to ``X[2, 2]``.

    The reference is ``F.max_pool2d`` and autograd. Returns True when both are right.
    """
    if shape is None or centre_gradient is None:
        print(f"{EMPTY} give the output shape (height, width) and the gradient at X[2, 2]")
        return False
    shape = _whole_numbers(shape, 2, "the shape (height, width)")
    if shape is None:
        return False
    try:
        gradient = float(centre_gradient)
    except (TypeError, ValueError):
        print(f"{WRONG} give the gradient at X[2, 2] as a number, got {centre_gradient!r}")
        return False
    p = POOL_PROBLEM
    X = pooling_problem().requires_grad_()
    Y = F.max_pool2d(X[None], p["pool_size"], p["stride"])[0]
    Y.sum().backward()
    expected_shape, expected_gradient = tuple(Y.shape), int(X.grad[2, 2])
    n, k, s = p["size"], p["pool_size"], p["stride"]
    if shape == expected_shape:
        ok_shape = _verdict(True, f"{expected_shape}: (8 - 3) // 2 + 1 = 3 per side.", "")
    elif shape == ((n - k + s - 1) // s + 1,) * 2:
        ok_shape = _verdict(False, "", "the shape: (n - k) / s is rounded down, not up: a window "
                            "that would run past the image is dropped.")
    elif shape == (n - k + 1,) * 2:
        ok_shape = _verdict(False, "", "the shape: that is stride 1; the window jumps 2 pixels.")
    elif shape == ((n - k) // k + 1,) * 2:
        ok_shape = _verdict(False, "", "the shape: that is the default stride (the window, 3); "
                            "here the stride is given: 2.")
    else:
        ok_shape = _verdict(False, "", "the shape: (n - k) // s + 1 per side.")
    if gradient == expected_gradient:
        ok_gradient = _verdict(True, f"{expected_gradient}: X[2, 2] wins all "
                               f"{expected_gradient} windows, and each passes it gradient 1.", "")
    elif gradient == 1:
        ok_gradient = _verdict(False, "", "the gradient: X[2, 2] is the maximum of more than one "
                               "window. Each of them passes it d(Y.sum())/dY = 1; they add up.")
    elif gradient == 0:
        ok_gradient = _verdict(False, "", "the gradient: X[2, 2] = 9 is the largest value, so it "
                               "wins every window that contains it.")
    elif gradient == Y.numel():
        ok_gradient = _verdict(False, "", f"the gradient: not all {Y.numel()} windows contain "
                               "X[2, 2]; only those that do can pass it a gradient.")
    elif 0 < gradient < 1:
        ok_gradient = _verdict(False, "", "the gradient: that is how an average shares it; a "
                               "maximum passes the whole gradient, 1, to the one element that won.")
    else:
        ok_gradient = _verdict(False, "", "the gradient: count the 3x3 windows (starting at rows "
                               "and columns 0, 2, ...) that contain row 2, column 2.")
    return ok_shape and ok_gradient


# Notebook 13: the parameters of a convolutional layer.
PARAMETER_PROBLEM = {"c_i": 16, "c_o": 32, "kernel_size": 3, "n": 32, "n_larger": 64}


def _count(answer, name):
    """Return ``answer`` as an int, or None after printing what is wrong with it."""
    try:
        value = float(answer)
        if not value.is_integer():
            raise ValueError
    except (TypeError, ValueError):
        print(f"{WRONG} give {name} as a whole number, got {answer!r}")
        return None
    return int(value)


def check_parameter_count(count, count_on_larger_images):
    """Check notebook 13's exercise: the parameters of ``nn.Conv2d(16, 32, kernel_size=3)``
    on 32x32 images, and on 64x64 images.

    The reference is ``sum(p.numel() for p in layer.parameters())``. Returns True when
    both are right.
    """
    if count is None or count_on_larger_images is None:
        print(f"{EMPTY} give both parameter counts")
        return False
    count = _count(count, "the parameter count")
    larger = _count(count_on_larger_images, "the parameter count on 64x64 images")
    if count is None or larger is None:
        return False
    p = PARAMETER_PROBLEM
    c_i, c_o, k = p["c_i"], p["c_o"], p["kernel_size"]
    expected = sum(q.numel() for q in nn.Conv2d(c_i, c_o, k).parameters())
    hints = {c_o * c_i * k * k: "count the biases too: one per output channel.",
             c_o * k * k + c_o: "each of the 32 kernels has a 3x3 slice for every input channel.",
             c_o * c_i * k + c_o: "a 3x3 kernel has 3 * 3 = 9 entries per slice, not 3.",
             c_o * c_i * (k + k) + c_o: "a 3x3 kernel has 3 * 3 = 9 entries per slice, not 3 + 3.",
             c_i * k * k + 1: "that is one output channel; the layer has 32."}
    if count == expected:
        ok = _verdict(True, f"{expected:,} = 32 * 16 * 3 * 3 weights + 32 biases.", "")
    elif count in hints:
        ok = _verdict(False, "", f"the count on 32x32 images: {hints[count]}")
    elif count > expected * 10:
        ok = _verdict(False, "", "the count on 32x32 images: the kernels do not grow with the "
                      "image; count the entries of the weight (c_o, c_i, k_h, k_w) and the bias.")
    else:
        ok = _verdict(False, "", "the count on 32x32 images: the weight has shape (c_o, c_i, k_h, "
                      "k_w) = (32, 16, 3, 3), and there is one bias per output channel.")
    if larger == expected:
        ok_larger = _verdict(True, "the same on 64x64 images: every position shares the kernels.",
                             "")
    elif larger == count:
        ok_larger = _verdict(False, "", "on 64x64 images: keeping the count is right, but the "
                             "count itself is not (see above).")
    elif larger == 4 * count:
        ok_larger = _verdict(False, "", "on 64x64 images: four times the pixels, but not four "
                             "times the weights: one kernel slides over every position.")
    else:
        ok_larger = _verdict(False, "", "on 64x64 images: does the weight's shape (c_o, c_i, "
                             "k_h, k_w) depend on the image size?")
    return ok and ok_larger
