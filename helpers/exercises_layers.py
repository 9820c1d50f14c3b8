"""Checks for the exercises of notebooks 12-14 (pooling, cost, the backward pass).

As in ``helpers.exercises``: a check prints right or wrong with a hint and returns a
bool; it never raises on a wrong or missing answer. Every reference is computed, by
PyTorch, not recalled.
"""

from typing import Any

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from helpers.exercises import (
    EMPTY,
    RIGHT,
    WRONG,
    call_answer,
    judge,
    returns_verdict,
    verdict,
)
from helpers.taught.nb01_cross_correlation import corr2d


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


def pooling_problem() -> Tensor:
    """Return notebook 12's image: 8x8, values from 0 to 1 but for its largest, 9, at (2, 2)."""
    n = POOL_PROBLEM["size"]
    X = (torch.arange(n * n, dtype=torch.float32).reshape(n, n) % 5) / 4
    X[2, 2] = 9.0
    return X


@returns_verdict
def check_pooling_prediction(shape: Any, centre_gradient: Any) -> bool:
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
    ok_shape = judge(shape, expected_shape,
                      "the shape: (n - k) // s + 1 per side, rounded down.", [
        (((n - k + s - 1) // s + 1,) * 2, "the shape: (n - k) / s is rounded down, not up: a "
         "window that would run past the image is dropped."),
        ((n - k + 1,) * 2, "the shape: that is stride 1; the window jumps 2 pixels."),
        (((n - k) // k + 1,) * 2, "the shape: that is the default stride (the window, 3); here "
         "the stride is given: 2.")], "the shape: (n - k) // s + 1 per side.")
    ok_gradient = judge(gradient, expected_gradient, "the gradient: X[2, 2] wins every window "
                         "that holds it, and each passes it a gradient of 1.", [
        (1, "the gradient: X[2, 2] is the maximum of more than one window. Each of them passes "
         "it d(Y.sum())/dY = 1; they add up."),
        (0, "the gradient: X[2, 2] = 9 is the largest value, so it wins every window that "
         "contains it."),
        (Y.numel(), f"the gradient: not all {Y.numel()} windows contain X[2, 2]; only those that "
         "do can pass it a gradient."),
        (lambda g: 0 < g < 1, "the gradient: that is how an average shares it; a maximum passes "
         "the whole gradient, 1, to the one element that won.")],
        "the gradient: count the 3x3 windows (starting at rows and columns 0, 2, ...) that "
        "contain row 2, column 2.")
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


@returns_verdict
def check_parameter_count(count: Any, count_on_larger_images: Any) -> bool:
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
        ok = verdict(True, "the count on 32x32 images: c_o * c_i * k_h * k_w weights and c_o "
                      "biases.", "")
    elif count in hints:
        ok = verdict(False, "", f"the count on 32x32 images: {hints[count]}")
    elif count > expected * 10:
        ok = verdict(False, "", "the count on 32x32 images: the kernels do not grow with the "
                      "image; count the entries of the weight (c_o, c_i, k_h, k_w) and the bias.")
    else:
        ok = verdict(False, "", "the count on 32x32 images: the weight has shape (c_o, c_i, k_h, "
                      "k_w) = (32, 16, 3, 3), and there is one bias per output channel.")
    ok_larger = judge(larger, expected, "the count on 64x64 images: every position shares the "
                       "kernels.", [
        (count, "on 64x64 images: keeping the count is right, but the count itself is not (see "
         "above)."),
        (4 * count, "on 64x64 images: four times the pixels, but not four times the weights: one "
         "kernel slides over every position.")],
        "on 64x64 images: does the weight's shape (c_o, c_i, k_h, k_w) depend on the image size?")
    return ok and ok_larger


def _multiply_adds(layer, size):
    """Return the multiply-adds of ``layer`` (on the meta device) on one image of ``size`` x
    ``size`` pixels, counted by PyTorch's ``FlopCounterMode`` (two FLOPs per multiply-add)."""
    from torch.utils.flop_counter import FlopCounterMode

    X = torch.zeros(1, layer.in_channels, size, size, device="meta")
    with FlopCounterMode(display=False) as counter:
        layer(X)
    return counter.get_total_flops() // 2


def _near(*targets):
    """Return a test of a number: whether it is one of ``targets`` to two decimals."""
    return lambda value: any(abs(value - target) < 0.006 for target in targets)


@returns_verdict
def check_cost_ratio(ratio: Any) -> bool:
    """Check notebook 13's exercise: how many times as many multiply-adds
    ``nn.Conv2d(16, 32, kernel_size=3)`` makes on 64x64 images as on 32x32 images (to two
    decimals). Returns True when right.
    """
    if ratio is None:
        print(f"{EMPTY} give the ratio of the multiply-adds")
        return False
    try:
        if isinstance(ratio, (bool, str)):
            raise TypeError
        value = float(ratio)
    except (TypeError, ValueError, RuntimeError):
        print(f"{WRONG} give the ratio as a number, got {ratio!r}")
        return False
    p = PARAMETER_PROBLEM
    n, n_larger, k = p["n"], p["n_larger"], p["kernel_size"]
    layer = nn.Conv2d(p["c_i"], p["c_o"], k, device="meta")
    small, large = _multiply_adds(layer, n), _multiply_adds(layer, n_larger)
    return judge(value, _near(large / small), f"{large:,} / {small:,} multiply-adds: they "
                  f"follow the output's positions, (n - {k - 1}) x (n - {k - 1}) of them, not "
                  "the input's pixels.", [
        (_near(4.0), "4 is the ratio of the input's pixels; the multiply-adds follow the output's "
         f"positions, and without padding a {k}x{k} kernel fits (n - {k - 1}) x (n - {k - 1}) "
         "of them on an n x n image."),
        (_near(1.0), "the parameters stay the same, but every output position makes its own "
         "multiply-adds."),
        (_near(2.0, (n_larger - k + 1) / (n - k + 1)),
         "the output grows in height and in width: square the ratio of its sides."),
        (lambda value: value in (small, large), "give the ratio of the two counts, not one of "
         "them."),
        (_near(n_larger ** 2 / (n - k + 1) ** 2, (n_larger - k + 1) ** 2 / n ** 2),
         "take the output's size on both images, not the input's on one of them.")],
        "count the output positions on each image, (n - k + 1) x (n - k + 1), and divide.")


# Notebook 14: the backward pass of the cross-correlation, with corr2d.
BACKWARD_SHAPES = [((4, 5), (2, 3)), ((6, 6), (3, 3)), ((5, 4), (1, 2)), ((3, 3), (3, 3))]


def _gradients_by_autograd(X, K, grad_Y):
    """Return (dL/dX, dL/dK) of L = sum(corr2d(X, K) * grad_Y), by autograd through F.conv2d."""
    X, K = X.clone().requires_grad_(), K.clone().requires_grad_()
    (F.conv2d(X[None, None], K[None, None])[0, 0] * grad_Y).sum().backward()
    return X.grad, K.grad


def _same(a, b):
    return a.shape == b.shape and torch.allclose(a, b)


def _input_grad_operands_hint(padded, kernel, grad_Y, K, n_shape):
    """Return what is wrong with ``(padded, kernel)`` for dL/dX, or None when both are right."""
    k_h, k_w = K.shape
    if padded.shape == K.shape and kernel.shape != K.shape:
        return ("the two are swapped: corr2d(input, kernel) slides its second argument over "
                "the first, and the result must have X's shape.")
    if not _same(kernel, torch.flip(K, dims=(0, 1))):
        if _same(kernel, K):
            return ("the kernel as it is. In the sum, as K's indices grow, G's shrink: what "
                    "does that ask of the kernel?")
        if kernel.shape == K.t().shape and _same(kernel, K.t()):
            return ("a transposed kernel (rows become columns). The sum asks for another "
                    "change, one that keeps the kernel's shape.")
        if _same(kernel, torch.flip(K, dims=(0,))) or _same(kernel, torch.flip(K, dims=(1,))):
            return "the kernel is reversed along one axis only; the sum runs backwards along both."
        return "the second tensor is not made from K as the sum asks."
    want = (n_shape[0] + k_h - 1, n_shape[1] + k_w - 1)
    if padded.shape != want:
        return (f"grad_Y padded to {tuple(padded.shape)}: corr2d with a {k_h}x{k_w} kernel must "
                f"give X's shape, {tuple(n_shape)}. How many rows and columns does its input "
                "need?")
    if _same(padded, F.pad(grad_Y, (k_w - 1, k_w - 1, k_h - 1, k_h - 1))):
        return None
    inner = padded[k_h - 1: k_h - 1 + grad_Y.shape[0], k_w - 1: k_w - 1 + grad_Y.shape[1]]
    if not _same(inner, grad_Y):
        return ("grad_Y is not in the middle of the padded tensor: the kernel must be able to "
                "overlap its first and its last rows and columns alike.")
    return "pad with zeros: outside its own shape, G counts as 0."


def _kernel_grad_operands_hint(first, second, X, grad_Y):
    """Return what is wrong with ``(first, second)`` for dL/dK, or None when both are right."""
    if _same(first, X) and _same(second, grad_Y):
        return None
    if _same(first, grad_Y) and _same(second, X):
        return ("the two are swapped: the result must have the kernel's shape, so which of X "
                "and grad_Y slides over the other?")
    if first.shape != X.shape:
        return (f"the input has shape {tuple(first.shape)}, not X's {tuple(X.shape)}: nothing "
                "is padded here; the result must have the kernel's shape.")
    if not _same(first, X):
        return "the first tensor is not X: K[a, b] multiplied X[i + a, j + b] in output (i, j)."
    if _same(second, torch.flip(grad_Y, dims=(0, 1))) and not _same(second, grad_Y):
        return ("no flip here: in the sum, G's indices and X's grow together, as a "
                "cross-correlation's do.")
    return "the second tensor is not grad_Y: each K[a, b] sums G[i, j] times X[i + a, j + b]."


@returns_verdict
def check_backward(input_grad_operands: Any, kernel_grad_operands: Any) -> bool:
    """Check notebook 14's exercise: the operands of the two gradients, as ``corr2d`` takes them.

    ``input_grad_operands(grad_Y, K)`` returns ``(input, kernel)`` with ``corr2d(input, kernel)``
    equal to dL/dX; ``kernel_grad_operands(X, grad_Y)`` the pair for dL/dK. The operands are
    compared on four shapes with the padded G and the flipped K the derivation gives (the
    method, not only its numbers), and ``corr2d`` of them with autograd through ``F.conv2d``.
    A recognised mistake gets a hint that points at the sum, not at the answer.
    """
    results = []
    for name, fn in [("input_grad_operands(grad_Y, K)", input_grad_operands),
                     ("kernel_grad_operands(X, grad_Y)", kernel_grad_operands)]:
        if fn is None:
            print(f"{EMPTY} define {name}")
            results.append(False)
            continue
        if not callable(fn):
            print(f"{WRONG} {name.split('(')[0]} should be a function, got {type(fn).__name__}")
            results.append(False)
            continue
        g = torch.Generator().manual_seed(0)
        ok = True
        for x_shape, k_shape in BACKWARD_SHAPES:
            X = torch.randint(-9, 10, x_shape, generator=g).double()
            K = torch.randint(-9, 10, k_shape, generator=g).double()
            out_shape = (x_shape[0] - k_shape[0] + 1, x_shape[1] - k_shape[1] + 1)
            grad_Y = torch.randint(-9, 10, out_shape, generator=g).double()
            grad_X, grad_K = _gradients_by_autograd(X, K, grad_Y)
            if fn is input_grad_operands:
                pair = call_answer(fn, name, grad_Y.clone(), K.clone(), pair="(input, kernel)")
                hint = pair and _input_grad_operands_hint(*pair, grad_Y, K, x_shape)
                expected = grad_X
            else:
                pair = call_answer(fn, name, X.clone(), grad_Y.clone(), pair="(input, kernel)")
                hint = pair and _kernel_grad_operands_hint(*pair, X, grad_Y)
                expected = grad_K
            if pair is None:
                ok = False
                break
            if hint is None and not _same(corr2d(*pair), expected):
                hint = "corr2d of them differs from autograd's gradient."
            if hint is not None:
                print(f"{WRONG} {name} on X {x_shape}, K {k_shape}: {hint}")
                ok = False
                break
        if ok:
            print(f"{RIGHT} {name}: corr2d of them is autograd's gradient on "
                  f"{len(BACKWARD_SHAPES)} shapes.")
        results.append(ok)
    return all(results)
