"""The checks of the shape predictions: notebook 0 (one kernel for three layers), notebook 11
(a layer's output shape) and notebook 12 (a pooling's shape and a gradient).

Each is a prediction: typed numbers, read by ``helpers.exercises.answers`` (a torch.Size, a
tensor, an array or a value the calling code computed is refused).
"""

import math
from typing import Any

import torch
import torch.nn.functional as F
from torch import Tensor

from helpers.exercises.answers import (
    NotAnswered,
    judge,
    number,
    origin,
    returns_verdict,
    verdict,
)
from helpers.exercises.answers import shape as read_shape
from helpers.taught.nb11_channels import conv2d_image

# Notebook 0: three layers with kernels of these shapes (rows, columns) and nothing between
# them are one cross-correlation.
STACK = [(3, 3), (1, 5), (2, 2)]
STACK_SHAPE = (sum(h for h, _ in STACK) - len(STACK) + 1, sum(w for _, w in STACK) - len(STACK) + 1)
STACK_WEIGHTS = sum(h * w for h, w in STACK)
ONE_WEIGHTS = math.prod(STACK_SHAPE)
_STACK_HELPERS = {"compose_kernels", "convolution_matrix", "receptive_field", "layer_shapes"}


@returns_verdict
def check_stacked_kernel(shape: object, stack_weights: object, one_weights: object) -> bool:
    """Check notebook 0's prediction on the kernels (3, 3), (1, 5) and (2, 2) in a row.

    ``shape`` is the shape of the one kernel they amount to, ``stack_weights`` the number
    of weights of the three kernels, ``one_weights`` that of the one kernel, all typed. Prints
    one sentence: right, or the first mistake with a hint. True when all three are right.
    """
    missing = [name for name, value in (("the shape", shape), ("the stack's weights",
               stack_weights), ("the one kernel's weights", one_weights)) if value is None]
    if missing:
        raise NotAnswered(f"give {', '.join(missing)}")
    for index, (keyword, what) in enumerate([("shape", "the shape"), ("stack_weights", "the "
                                             "stack's weights"), ("one_weights", "the one "
                                             "kernel's weights")]):
        origin("check_stacked_kernel", index, what, _STACK_HELPERS, predicted=True,
               keyword=keyword)
    pair = read_shape(shape, 2, "the shape (rows, columns)", predicted=True)
    stack_weights = number(stack_weights, "the stack's weights", whole=True, predicted=True)
    one_weights = number(one_weights, "the one kernel's weights", whole=True, predicted=True)
    heights, widths = [h for h, _ in STACK], [w for _, w in STACK]
    shape_hints = {
        STACK_SHAPE[::-1]: "height and width are swapped: (rows, columns), and the 1x5 kernel "
                           "is one row of five columns.",
        (sum(heights), sum(widths)): "each layer adds k - 1 rows (or columns), not k: a 1x1 "
                                     "kernel would add nothing.",
        (max(heights), max(widths)): "the one kernel covers everything the stack sees, more than "
                                     "its largest kernel.",
        (math.prod(heights), math.prod(widths)): "sizes add up (less one per layer after the "
                                                 "first); they do not multiply.",
    }
    if pair != STACK_SHAPE:
        hint = shape_hints.get(pair, "follow the sizes layer by layer: a k_h x k_w kernel after "
                                     "an h x w one gives (h + k_h - 1) x (w + k_w - 1).")
        return verdict(False, "", f"the shape {pair}: {hint}")
    weight_hints = {
        sum(heights) + sum(widths): "a k_h x k_w kernel has k_h * k_w weights, not k_h + k_w.",
        9 * len(STACK): "not every kernel is 3x3: count k_h * k_w for each.",
        ONE_WEIGHTS: "that is the one kernel's count; the stack has a kernel per layer.",
    }
    if stack_weights != STACK_WEIGHTS:
        hint = weight_hints.get(stack_weights, "add up k_h * k_w over the three kernels.")
        return verdict(False, "", f"the stack's weights, {stack_weights}: {hint}")
    if one_weights != ONE_WEIGHTS:
        hint = ("that is the stack's count; the one kernel has an entry per position of its "
                "shape." if one_weights == STACK_WEIGHTS else "rows times columns of its shape.")
        return verdict(False, "", f"the one kernel's weights, {one_weights}: {hint}")
    return verdict(True, f"a {STACK_SHAPE[0]}x{STACK_SHAPE[1]} kernel of {ONE_WEIGHTS} weights, "
                   f"made from only {STACK_WEIGHTS}: the stack can make some "
                   f"{STACK_SHAPE[0]}x{STACK_SHAPE[1]} kernels, not all.", "")


# Notebook 11: the shape rule with channels, padding and stride.
SHAPE_PROBLEM = {"image": (3, 32, 30), "weight": (8, 3, 5, 5), "padding": 2, "stride": 3}
_SHAPE_HELPERS = {"conv2d", "Conv2d", "output_size", "pool_output_size", "layer_shapes",
                  "MultiChannelConv2D", "BatchConv2D", "conv2d_image", "conv2d_batch"}


def _shape_mistakes(p):
    """Return ``{wrong (h, w): hint}`` for the characteristic slips on ``SHAPE_PROBLEM`` ``p``."""
    (_, n_h, n_w), k, pad, s = p["image"], p["weight"][-1], p["padding"], p["stride"]

    def rule(n, padding, stride, plus=1, rounding=math.floor):
        return rounding((n + padding - k) / stride) + plus

    return {
        (rule(n_h, 2 * pad, s, rounding=math.ceil), rule(n_w, 2 * pad, s, rounding=math.ceil)):
            "you rounded up; a window that does not fit is not computed, so round down.",
        (rule(n_h, pad, s), rule(n_w, pad, s)):
            "padding counted once; here padding is per side, so add 2 * padding.",
        (rule(n_h, 2 * pad, 1), rule(n_w, 2 * pad, 1)):
            "that is stride 1; the window moves 3 cells at a time.",
        (rule(n_h, 0, 1), rule(n_w, 0, 1)):
            "that is n - k + 1, without padding and stride: (n + 2p - k) // s + 1.",
        (rule(n_h, 2 * pad, s, plus=0), rule(n_w, 2 * pad, s, plus=0)):
            "the + 1 is missing: the first window counts too.",
        (rule(n_h, 0, s), rule(n_w, 0, s)):  # here the same numbers as a missing + 1
            "that misses the padding or the + 1: (n + 2p - k) // s + 1.",
        (rule(n_w, 2 * pad, s), rule(n_h, 2 * pad, s)):
            "height and width swapped: the image is 32 high and 30 wide.",
    }


@returns_verdict
def check_output_shape(shape: Any) -> bool:
    """Check notebook 11's prediction: the output shape of ``SHAPE_PROBLEM``, as (c, h, w), typed.

    The reference is computed, not recalled: ``helpers.conv2d_image`` run on zeros of those shapes.
    Fractions such as ``11.33`` are refused rather than truncated, and the usual slips
    (rounding up, padding once, no stride, no + 1, height and width swapped) are named.
    """
    p = SHAPE_PROBLEM
    expected = tuple(conv2d_image(torch.zeros(p["image"]), torch.zeros(p["weight"]),
                            padding=p["padding"], stride=p["stride"]).shape)
    origin("check_output_shape", 0, "the shape", _SHAPE_HELPERS, predicted=True, keyword="shape")
    got = read_shape(shape, 3, "(channels, height, width)", predicted=True)
    if got[0] != expected[0]:
        return verdict(False, "", "the number of channels: each output channel comes from one "
                        "kernel, so it is the weight's first dimension.")
    hint = _shape_mistakes(p).get(got[1:], "height and width: (n + 2 * padding - kernel) "
                                  "// stride + 1, rounded down.")
    return verdict(got == expected, f"{expected}: (n + 2p - k) // s + 1 per side.", hint)


# Notebook 12: max pooling with overlapping windows, on an image wider than high, whose
# largest value lies in two windows down and one across (the worked example before it: four).
POOL_PROBLEM = {"height": 8, "width": 9, "pool_size": 3, "stride": 2}
POOL_PEAK, POOL_PEAK_VALUE = (4, 3), 5.0  # where the largest value lies, and the value
_POOL_HELPERS = {"pool2d", "pool2d_fast", "pool_output_size", "output_size", "max_pool2d", "grad",
                 "backward",
                 "max_pool2d_backward", "Pool2D", "MaxPool2d"}


def pooling_problem() -> Tensor:
    """Return notebook 12's image: 8x9, values from 0 to 1 but for its largest, 5, at (4, 3)."""
    p = POOL_PROBLEM
    n_h, n_w = p["height"], p["width"]
    X = (torch.arange(n_h * n_w, dtype=torch.float32).reshape(n_h, n_w) % 5) / 4
    X[POOL_PEAK] = POOL_PEAK_VALUE
    return X


def _windows_holding(index, n, k, s):
    """Return how many windows of ``k`` cells at stride ``s`` over ``n`` cells hold ``index``."""
    return sum(start <= index < start + k for start in range(0, n - k + 1, s))


@returns_verdict
def check_pooling_prediction(shape: Any, peak_gradient: Any) -> bool:
    """Check notebook 12's prediction: the shape of ``Y = pool2d(X, 3, stride=2)`` and the
    gradient of ``Y.sum()`` with respect to ``X[4, 3]``, the largest value, both typed.

    The reference is ``F.max_pool2d`` and autograd. Returns True when both are right.
    """
    p = POOL_PROBLEM
    (row, col), n_h, n_w, k, s = POOL_PEAK, p["height"], p["width"], p["pool_size"], p["stride"]
    at = f"X[{row}, {col}]"
    if shape is None or peak_gradient is None:
        raise NotAnswered(f"give the output shape (height, width) and the gradient at {at}")
    origin("check_pooling_prediction", 0, "the shape", _POOL_HELPERS, predicted=True,
           keyword="shape")
    origin("check_pooling_prediction", 1, "the gradient", _POOL_HELPERS, predicted=True,
           keyword="peak_gradient")
    got = read_shape(shape, 2, "the shape (height, width)", predicted=True)
    gradient = number(peak_gradient, f"the gradient at {at}", predicted=True)
    X = pooling_problem().requires_grad_()
    Y = F.max_pool2d(X[None], k, s)[0]
    Y.sum().backward()
    assert X.grad is not None
    expected_shape, expected_gradient = tuple(Y.shape), int(X.grad[row, col])

    def size(n, stride, rounding=math.floor, plus=1):
        return rounding((n - k) / stride) + plus

    ok_shape = judge(got, expected_shape,
                     "the shape: (n - k) // s + 1 per side, rounded down.", [
        ((size(n_w, s), size(n_h, s)), f"the shape: height and width are swapped: the image is "
         f"{n_h} high and {n_w} wide, and the shape is (height, width)."),
        ((size(n_h, s, math.ceil), size(n_w, s, math.ceil)), "the shape: (n - k) / s is rounded "
         "down, not up: a window that would run past the image is dropped."),
        ((size(n_h, 1), size(n_w, 1)), "the shape: that is stride 1; the window jumps 2 pixels."),
        ((size(n_h, k), size(n_w, k)), "the shape: that is the default stride (the window, 3), "
         "or the + 1 is missing; here the stride is given, 2, and the first window counts too."),
        ((size(n_h, s, plus=0), size(n_w, s, plus=0)), "the shape: the + 1 is missing: the "
         "first window counts too.")],  # on this image the same numbers as the default stride
        "the shape: (n - k) // s + 1 per side, height first.")
    ok_gradient = judge(gradient, expected_gradient, f"the gradient: {at} wins every window "
                        "that holds it, and each passes it a gradient of 1.", [
        (1, f"the gradient: {at} is the maximum of more than one window. Each of them passes "
         "it d(Y.sum())/dY = 1; they add up."),
        (0, f"the gradient: {at} = {POOL_PEAK_VALUE:g} is the largest value, so it wins every "
         "window that contains it."),
        (POOL_PEAK_VALUE, f"the gradient: that is {at}'s value; the gradient of Y.sum() counts "
         "the windows it wins, whatever its value."),
        (Y.numel(), f"the gradient: not all {Y.numel()} windows contain {at}; only those that "
         "do can pass it a gradient."),
        (_windows_holding(row, n_h, k, 1) * _windows_holding(col, n_w, k, 1), "the gradient: that "
         "counts the windows at stride 1; here they start every 2 rows and every 2 columns."),
        (4, f"the gradient: 4 is the worked example's count, not this one's; count down and across "
         f"apart: the "
         f"windows start at rows 0, 2, 4 and at columns 0, 2, 4, 6; how many hold row {row}, and "
         f"how many column {col}?"),
        (lambda g: 0 < g < 1, "the gradient: that is how an average shares it; a maximum passes "
         "the whole gradient, 1, to the one element that won.")],
        f"the gradient: count the 3x3 windows (starting at rows and columns 0, 2, ...) that "
        f"contain row {row}, column {col}.")
    return ok_shape and ok_gradient


__all__ = ["check_output_shape", "check_pooling_prediction", "check_stacked_kernel",
           "pooling_problem"]
