"""The checks of notebooks 13 (what a layer costs) and 14 (the backward pass).

Numbers are read by ``helpers.exercises.answers`` (an int, a float, a NumPy scalar or a 0-d
tensor); a number computed by the course's own cost helpers or by counting a layer's
parameters does not count. The backward pass's operands are compared with the derivation's
on shapes drawn inside the check, never printed.
"""

from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from helpers.exercises.answers import (
    RIGHT,
    WRONG,
    NotAnswered,
    Refused,
    call_recorded,
    judge,
    number,
    origin,
    returns_verdict,
    same,
    verdict,
)
from helpers.taught.nb01_cross_correlation import corr2d

# Notebook 13: the parameters of a convolutional layer.
PARAMETER_PROBLEM = {"c_i": 16, "c_o": 32, "kernel_size": 3, "n": 32, "n_larger": 64}
_COST_HELPERS = {"conv_cost", "locally_connected_cost", "dense_cost", "cost_table",
                 "activation_table", "count_parameters", "multiply_adds", "parameters",
                 "numel", "Conv2d", "FlopCounterMode", "get_total_flops", "MultiChannelConv2D",
                 "BatchConv2D", "saved_for_backward"}


@returns_verdict
def check_parameter_count(count: Any, count_on_larger_images: Any) -> bool:
    """Check notebook 13's exercise: the parameters of ``nn.Conv2d(16, 32, kernel_size=3)``
    on 32x32 images, and on 64x64 images: two whole numbers.

    The reference is ``sum(p.numel() for p in layer.parameters())``. Returns True when
    both are right.
    """
    if count is None or count_on_larger_images is None:
        raise NotAnswered("give both parameter counts")
    origin("check_parameter_count", 0, "the parameter count", helpers=_COST_HELPERS,
           keyword="count")
    origin("check_parameter_count", 1, "the parameter count on 64x64 images",
           helpers=_COST_HELPERS, keyword="count_on_larger_images")
    count = number(count, "the parameter count", whole=True)
    larger = number(count_on_larger_images, "the parameter count on 64x64 images", whole=True)
    p = PARAMETER_PROBLEM
    c_i, c_o, k = p["c_i"], p["c_o"], p["kernel_size"]
    expected = sum(q.numel() for q in nn.Conv2d(c_i, c_o, k, device="meta").parameters())
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
    ``nn.Conv2d(16, 32, kernel_size=3)`` makes on 64x64 images as on 32x32 images, a number
    (to two decimals). Returns True when right.
    """
    origin("check_cost_ratio", 0, "the ratio", helpers=_COST_HELPERS, keyword="ratio")
    value = number(ratio, "the ratio of the multiply-adds")
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
def _backward_problems(g, count=4):
    """Return ``count`` (image shape, kernel shape) pairs drawn from ``g``: kernels of 1 to 4
    rows and columns (one of them 1x1, one as large as the image), images up to 8x8."""
    problems: list[tuple[tuple[int, int], tuple[int, int]]] = []
    while len(problems) < count:
        k_h, k_w = (int(v) for v in torch.randint(1, 5, (2,), generator=g))
        n_h, n_w = k_h + int(torch.randint(0, 5, (1,), generator=g)), k_w + int(
            torch.randint(0, 5, (1,), generator=g))
        if len(problems) == 0:
            k_h, k_w, n_h, n_w = 2, 3, max(n_h, 4), max(n_w, 5)
        elif len(problems) == 1:
            n_h, n_w = k_h, k_w
        problems.append(((n_h, n_w), (k_h, k_w)))
    return problems


def _gradients_by_autograd(X, K, grad_Y):
    """Return (dL/dX, dL/dK) of L = sum(corr2d(X, K) * grad_Y), by autograd through F.conv2d."""
    X, K = X.clone().requires_grad_(), K.clone().requires_grad_()
    (F.conv2d(X[None, None], K[None, None])[0, 0] * grad_Y).sum().backward()
    return X.grad, K.grad


def _input_grad_operands_hint(padded, kernel, grad_Y, K, n_shape):
    """Return what is wrong with ``(padded, kernel)`` for dL/dX, or None when both are right."""
    k_h, k_w = K.shape
    if padded.shape == K.shape and kernel.shape != K.shape:
        return ("the two are swapped: corr2d(input, kernel) slides its second argument over "
                "the first, and the result must have X's shape.")
    if not same(kernel, torch.flip(K, dims=(0, 1))):
        if same(kernel, K):
            return ("the kernel as it is. In the sum, as K's indices grow, G's shrink: what "
                    "does that ask of the kernel?")
        if kernel.shape == K.t().shape and same(kernel, K.t()):
            return ("a transposed kernel (rows become columns). The sum asks for another "
                    "change, one that keeps the kernel's shape.")
        if same(kernel, torch.flip(K, dims=(0,))) or same(kernel, torch.flip(K, dims=(1,))):
            return "the kernel is reversed along one axis only; the sum runs backwards along both."
        return "the second tensor is not made from K as the sum asks."
    want = (n_shape[0] + k_h - 1, n_shape[1] + k_w - 1)
    if tuple(padded.shape) != want:
        return (f"grad_Y padded to {tuple(padded.shape)}: corr2d with a {k_h}x{k_w} kernel must "
                f"give X's shape, {tuple(n_shape)}. How many rows and columns does its input "
                "need?")
    if same(padded, F.pad(grad_Y, (k_w - 1, k_w - 1, k_h - 1, k_h - 1))):
        return None
    inner = padded[k_h - 1: k_h - 1 + grad_Y.shape[0], k_w - 1: k_w - 1 + grad_Y.shape[1]]
    if not same(inner, grad_Y):
        return ("grad_Y is not in the middle of the padded tensor: the kernel must be able to "
                "overlap its first and its last rows and columns alike.")
    return "pad with zeros: outside its own shape, G counts as 0."


def _kernel_grad_operands_hint(first, second, X, grad_Y):
    """Return what is wrong with ``(first, second)`` for dL/dK, or None when both are right."""
    if same(first, X) and same(second, grad_Y):
        return None
    if same(first, grad_Y) and same(second, X):
        return ("the two are swapped: the result must have the kernel's shape, so which of X "
                "and grad_Y slides over the other?")
    if first.shape != X.shape:
        return (f"the input has shape {tuple(first.shape)}, not X's {tuple(X.shape)}: nothing "
                "is padded here; the result must have the kernel's shape.")
    if not same(first, X):
        return "the first tensor is not X: K[a, b] multiplied X[i + a, j + b] in output (i, j)."
    if same(second, torch.flip(grad_Y, dims=(0, 1))) and not same(second, grad_Y):
        return ("no flip here: in the sum, G's indices and X's grow together, as a "
                "cross-correlation's do.")
    return "the second tensor is not grad_Y: each K[a, b] sums G[i, j] times X[i + a, j + b]."


@returns_verdict
def check_backward(input_grad_operands: Any, kernel_grad_operands: Any) -> bool:
    """Check notebook 14's exercise: the operands of the two gradients, as ``corr2d`` takes them.

    ``input_grad_operands(grad_Y, K)`` returns ``(input, kernel)`` with ``corr2d(input, kernel)``
    equal to dL/dX; ``kernel_grad_operands(X, grad_Y)`` the pair for dL/dK. The operands are
    compared on four shapes drawn inside the check with the padded G and the flipped K the
    derivation gives (the method, not only its numbers), and ``corr2d`` of them with autograd
    through ``F.conv2d``. A recognised mistake gets a hint that points at the sum, not at the
    answer.
    """
    results = []
    for name, fn in [("input_grad_operands(grad_Y, K)", input_grad_operands),
                     ("kernel_grad_operands(X, grad_Y)", kernel_grad_operands)]:
        if fn is None:
            print(f"Not answered yet: define {name}")
            results.append(False)
            continue
        if not callable(fn):
            print(f"{WRONG} {name.split('(')[0]} should be a function, got {type(fn).__name__}")
            results.append(False)
            continue
        g = torch.Generator().manual_seed(14)
        problems = _backward_problems(g)
        ok = True
        for x_shape, k_shape in problems:
            X = torch.randint(-9, 10, x_shape, generator=g).double()
            K = torch.randint(-9, 10, k_shape, generator=g).double()
            out_shape = (x_shape[0] - k_shape[0] + 1, x_shape[1] - k_shape[1] + 1)
            grad_Y = torch.randint(-9, 10, out_shape, generator=g).double()
            grad_X, grad_K = _gradients_by_autograd(X, K, grad_Y)
            try:
                if fn is input_grad_operands:
                    pair, _ = call_recorded(fn, name, grad_Y.clone(), K.clone(),
                                            pair="(input, kernel)")
                    hint = _input_grad_operands_hint(*pair, grad_Y, K, x_shape)
                    expected = grad_X
                else:
                    pair, _ = call_recorded(fn, name, X.clone(), grad_Y.clone(),
                                            pair="(input, kernel)")
                    hint = _kernel_grad_operands_hint(*pair, X, grad_Y)
                    expected = grad_K
            except Refused as refused:
                print(f"{WRONG} {refused}")
                ok = False
                break
            if hint is None and not same(corr2d(*pair), expected):
                hint = "corr2d of them differs from autograd's gradient."
            if hint is not None:
                print(f"{WRONG} {name} on X {x_shape}, K {k_shape}: {hint}")
                ok = False
                break
        if ok:
            print(f"{RIGHT} {name}: corr2d of them is autograd's gradient on "
                  f"{len(problems)} shapes.")
        results.append(ok)
    return all(results)
