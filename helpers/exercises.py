"""Checks for the course's exercises: each says right or wrong, with a hint, and returns a Verdict.

A check never raises on a wrong or missing answer: it prints what is wrong and
returns a false ``Verdict``, so a learner can run every cell before answering anything. A
``Verdict`` is true or false like a bool, and shows nothing in a notebook: the sentence the
check printed is the whole answer.
Where a wrong answer is a mistake people often make (a flipped or transposed kernel,
a multiple of the right answer, another method than the one asked for, a rounding
slip), the check recognises it and its hint names it.
"""

import functools
import math
import numbers
from typing import Any

import torch
import torch.nn.functional as F
from torch import Tensor

from helpers.channels import conv2d
from helpers.core import corr2d
from helpers.kernels import edge_kernel
from helpers.training.images import diagonal_image, stripes

RIGHT, WRONG, EMPTY = "Right:", "Not yet:", "Not answered yet:"


class Verdict:
    """A check's result: true when the answer is right. Shown as nothing in a notebook."""

    __slots__ = ("ok",)

    def __init__(self, ok):
        self.ok = bool(ok)

    def __bool__(self):
        return self.ok

    def __eq__(self, other):
        return self.ok == bool(other)

    def __hash__(self):
        return hash(self.ok)

    def __repr__(self):
        return f"Verdict({self.ok})"

    def _ipython_display_(self):
        """IPython calls this instead of printing the value: nothing more to show."""


def returns_verdict(check):
    """Make ``check``, which returns a bool, return a ``Verdict`` instead."""

    @functools.wraps(check)
    def checked(*args, **kwargs):
        return Verdict(check(*args, **kwargs))

    return checked


def verdict(ok, praise, hint):
    """Print the verdict and return ``ok``."""
    print(f"{RIGHT} {praise}" if ok else f"{WRONG} {hint}")
    return ok


def is_tensor(name, answer, missing=None):
    """Print what is missing (``missing``, default ``name``) or wrong unless ``answer`` is a
    tensor; return whether it is one."""
    if answer is None:
        print(f"{EMPTY} {missing or name}")
    elif not isinstance(answer, torch.Tensor):
        print(f"{WRONG} {name} should be a torch.Tensor, got {type(answer).__name__}")
    return isinstance(answer, torch.Tensor)


def judge(answer, expected, praise, mistakes, otherwise):
    """Print the verdict on ``answer`` and return whether it matches ``expected``.

    ``expected`` is a value or a test of the answer. ``mistakes`` lists ``(wrong, hint)``
    pairs, ``wrong`` a value or a test of the answer: the first that matches gives the hint;
    ``otherwise`` is the hint when none does.
    """
    if (expected(answer) if callable(expected) else answer == expected):
        return verdict(True, praise, "")
    for wrong, hint in mistakes:
        if (wrong(answer) if callable(wrong) else answer == wrong):
            return verdict(False, "", hint)
    return verdict(False, "", otherwise)


def _tensor_answer(name, answer, expected, hint, mistakes=()):
    """Print and return whether ``answer`` is a tensor equal to ``expected``.

    ``mistakes`` lists ``(wrong_tensor, hint)`` pairs: when the answer equals one of
    these known wrong answers, its own hint is printed instead of the general one.
    """
    if not is_tensor(name, answer):
        return False
    answer = answer.detach().to(expected.dtype)
    for wrong, wrong_hint in mistakes:
        if answer.shape == wrong.shape and torch.allclose(answer, wrong, atol=1e-5) \
                and not (answer.shape == expected.shape and torch.allclose(answer, expected)):
            return verdict(False, "", f"{name}: {wrong_hint}")
    if answer.shape != expected.shape:
        print(f"{WRONG} {name} has shape {tuple(answer.shape)}, expected {tuple(expected.shape)}")
        return False
    ok = torch.allclose(answer, expected, atol=1e-5)
    return verdict(ok, f"{name} is correct.", f"{name} has the right shape, wrong values. {hint}")


def _function_answer(answer, signature):
    """Print what is missing unless ``answer`` is a function; return whether it is one."""
    if answer is None:
        print(f"{EMPTY} define {signature}")
    elif not callable(answer):
        print(f"{WRONG} the answer should be a function (give a function: def {signature}: "
              f"return ...), got {type(answer).__name__}")
    return callable(answer)


def _number(answer, name):
    """Return ``answer`` as a float, or print what is wrong and return None."""
    if answer is None:
        print(f"{EMPTY} {name}")
        return None
    if isinstance(answer, torch.Tensor) and answer.numel() == 1:
        answer = answer.item()
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        print(f"{WRONG} {name} should be a number, got {type(answer).__name__}")
        return None
    return float(answer)


def _whole_numbers(answer, count, what):
    """Return ``answer`` as a tuple of ``count`` ints, or print what is wrong and return None.

    Floats such as ``11.33`` are refused rather than truncated: rounding is part of the answer.
    """
    words = {2: "two", 3: "three"}.get(count, str(count))
    if answer is None:
        print(f"{EMPTY} give {what}")
        return None
    if isinstance(answer, torch.Size):
        print(f"{WRONG} that is a torch.Size: you ran the code. Predict {what} by hand first.")
        return None
    if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__"):
        print(f"{WRONG} give {words} whole numbers {what}, got {answer!r}")
        return None
    if len(answer) != count:
        print(f"{WRONG} give {words} numbers {what}, got {len(answer)}")
        return None
    values = []
    for n in answer:
        if isinstance(n, bool) or not isinstance(n, numbers.Real) or float(n) != int(n):
            print(f"{WRONG} give whole numbers {what}, got {n!r}: a size has no fraction, "
                  "so decide how to round")
            return None
        values.append(int(n))
    return tuple(values)


def _ramp(d_x, d_y, size=9):
    """Return an image whose brightness grows by ``d_x`` per column and ``d_y`` per row."""
    y, x = torch.meshgrid(torch.arange(float(size)), torch.arange(float(size)), indexing="ij")
    return d_x * x + d_y * y


def _apply(kernel, X):
    """Return ``corr2d(X, kernel)`` in float64, or None when the kernel cannot be applied."""
    try:
        return corr2d(X.double(), torch.as_tensor(kernel).double())
    except (TypeError, ValueError, RuntimeError):
        return None


def _constant(Y):
    """Return the value of ``Y`` if all its entries are equal, else None."""
    first = Y.flatten()[0]
    return float(first) if torch.allclose(Y, first.expand_as(Y), atol=1e-6) else None


# Exercise 1: the diagonal image.
def diagonal_maps():
    """Return exercise 1's maps: ``corr2d(X, K)``, ``corr2d(X.t(), K)``, ``corr2d(X, K.t())``.

    ``X`` is ``diagonal_image(8)`` and ``K`` is ``edge_kernel()``.
    """
    X, K = diagonal_image(8), edge_kernel()
    return corr2d(X, K), corr2d(X.t(), K), corr2d(X, K.t())


_DIAGONAL_NAMES = ("corr2d(X, K)", "corr2d(X.t(), K)", "corr2d(X, K.t())")


@returns_verdict
def check_diagonal_prediction(shapes: Any, sums: Any) -> bool:
    """Check exercise 1's prediction: the three maps' shapes and the sums of their entries.

    ``shapes`` is three ``(rows, columns)`` pairs, ``sums`` three numbers. Returns True
    when all six are right.
    """
    if shapes is None or sums is None:
        print(f"{EMPTY} predict the three shapes and the three sums")
        return False
    if not hasattr(shapes, "__len__") or len(shapes) != 3 or not hasattr(sums, "__len__") \
            or len(sums) != 3:
        print(f"{WRONG} give three shapes and three sums, one per map, in the order asked")
        return False
    ok = True
    for name, shape, total, Y in zip(_DIAGONAL_NAMES, shapes, sums, diagonal_maps()):
        shape = _whole_numbers(shape, 2, f"for the shape of {name} (rows, columns)")
        total = _number(total, f"the sum of {name}")
        if shape is None or total is None:
            ok = False
            continue
        expected = tuple(Y.shape)
        if shape != expected:
            hint = ("rows and columns swapped: a 1x2 kernel shortens the rows (n_w - 1 columns), "
                    "a 2x1 kernel the columns." if shape == expected[::-1] else
                    "use the rule (n_h - k_h + 1) x (n_w - k_w + 1).")
            ok = verdict(False, "", f"the shape of {name}. {hint}") and ok
            continue
        right_sum = float(Y.sum())
        if total == right_sum:
            print(f"{RIGHT} {name}: shape {expected}, sum {right_sum:.0f}.")
        elif total == -right_sum:
            ok = verdict(False, "", f"the sign of {name}'s sum. K = [1, -1] computes a pixel "
                          "minus its right neighbour (K.t(): minus the one below): where does "
                          "white (1) meet black (0), in that order?")
        elif abs(total) == abs(right_sum) + 1:
            ok = verdict(False, "", f"the sum of {name}: count the edge pixels again; the "
                          "output is one row or column shorter than the image.")
        else:
            ok = verdict(False, "", f"the sum of {name}: each edge pixel gives +1 or -1; how "
                          "many edge pixels fit in the output, and which sign do they have?")
    return ok


@returns_verdict
def check_diagonal_edges(Y_K: Any, Y_XT: Any, Y_KT: Any) -> bool:
    """Check exercise 1's computation: the three maps, compared with ``corr2d``.

    Returns True when all three tensors are right. A map equal to another of the three,
    or to its negative (here the same as the convolution, the kernel flipped), is named.
    """
    maps = diagonal_maps()
    hint = "Use X = diagonal_image(8) and K = edge_kernel() with corr2d."
    ok = True
    for n, (name, answer, expected) in enumerate(zip(_DIAGONAL_NAMES, (Y_K, Y_XT, Y_KT), maps)):
        mistakes = [(maps[m], f"this is {_DIAGONAL_NAMES[m]}, another of the three maps.")
                    for m in range(3) if m != n]
        # for [1, -1], flipping the kernel (a convolution) is the same as negating the map
        mistakes.append((-expected, "every sign is flipped: a flipped kernel (a convolution) "
                         "or a subtraction the wrong way round. corr2d keeps K = [1, -1] as it "
                         "is: a pixel minus the next one."))
        ok = _tensor_answer(name, answer, expected, hint, mistakes) and ok
    return ok


# Exercise 2a: an edge detector for any direction (d_x, d_y).
def _edge_hint(g_x, g_y, d_x, d_y):
    """Return the hint for a kernel with response ``(g_x, g_y)`` to unit ramps, or None if right."""
    scale = math.hypot(g_x, g_y) * math.hypot(d_x, d_y)
    along = g_x * d_x + g_y * d_y       # response to brightening along (d_x, d_y)
    across = g_x * d_y - g_y * d_x      # zero when (g_x, g_y) is parallel to (d_x, d_y)
    if scale < 1e-9:
        return "it gives 0 on every ramp: it must respond to a change of brightness."
    if abs(across) < 1e-6 * scale:
        if along > 0:
            return None
        return ("the sign is flipped: it is negative where the image brightens along the "
                "direction. [1, -1] is left minus right; brighter to the right needs right "
                "minus left.")
    if abs(along) < 1e-6 * scale:
        return ("it responds to change across the direction, not along it: you rotated the "
                "direction by 90 degrees.")
    if abs(g_x * d_x - g_y * d_y) < 1e-6 * scale:
        return ("d_x and d_y are swapped: d_x weights the change per column (to the right), "
                "d_y the change per row (down).")
    return ("it responds to a mixture of directions, so it is not 0 on an image that "
            "brightens across (d_x, d_y). How does a change along (d_x, d_y) split into a "
            "change per column and a change per row?")


@returns_verdict
def check_edge_detector(edge_detector: Any) -> bool:
    """Check exercise 2a: ``edge_detector(d_x, d_y)`` returns a kernel for change along (d_x, d_y).

    On a flat image its response must be 0; on an image that brightens along
    ``(d_x, d_y)`` (d_x per column, d_y per row) positive and the same everywhere; on one
    that brightens across it, zero. Returns True when that holds for five directions.
    """
    if not _function_answer(edge_detector, "edge_detector(d_x, d_y)"):
        return False
    for d_x, d_y in [(2, -1), (1, 0), (0, 1), (1, 1), (-1, 3)]:  # (2, -1) first: it tells
        # a rotated kernel from one with d_x and d_y swapped
        try:
            kernel = edge_detector(d_x, d_y)
        except Exception as err:  # a learner's bug: report it instead of a traceback
            print(f"{WRONG} edge_detector({d_x}, {d_y}) raised {type(err).__name__}: {err}")
            return False
        flat, g_x, g_y = (_apply(kernel, image) for image in
                          (torch.ones(9, 9), _ramp(1, 0), _ramp(0, 1)))
        if flat is None or g_x is None or g_y is None:
            print(f"{WRONG} edge_detector({d_x}, {d_y}) is not a 2-D tensor that fits a 9x9 image")
            return False
        if not torch.allclose(flat, torch.zeros_like(flat), atol=1e-6):
            return verdict(False, "", f"for ({d_x}, {d_y}) it does not give 0 on a flat image: "
                            "an edge detector's weights sum to 0.")
        hint = _edge_hint(_constant(g_x), _constant(g_y), d_x, d_y)
        if hint is not None:
            return verdict(False, "", f"for (d_x, d_y) = ({d_x}, {d_y}), {hint}")
    return verdict(True, "your kernel responds to change along (d_x, d_y), and to nothing "
                    "across it.", "")


# Exercise 2b: the second derivative.
def thin_line() -> Tensor:
    """Return the 1x5 image ``[[0, 0, 3, 0, 0]]``: a thin bright line of contrast 3."""
    return torch.tensor([[0.0, 0.0, 3.0, 0.0, 0.0]])


@returns_verdict
def check_second_derivative(kernel: Any, min_size: Any, line_value: Any) -> bool:
    """Check exercise 2b: a 1-row kernel for d²/dx², its fewest entries, and a prediction.

    ``line_value`` is the predicted response of a second difference at the middle of
    ``thin_line()``. Returns True when all three are right.
    """
    if kernel is None or min_size is None or line_value is None:
        print(f"{EMPTY} give the kernel, its minimum size and your prediction for the thin line")
        return False
    parabola = _apply(kernel, _ramp(1, 0) ** 2)
    line = _apply(kernel, _ramp(1, 0))
    if parabola is None or line is None or torch.as_tensor(kernel).shape[0] != 1:
        print(f"{WRONG} give the kernel as a tensor of shape (1, n), e.g. torch.tensor([[...]])")
        return False
    on_line, on_parabola = _constant(line), _constant(parabola)
    if on_line is None or abs(on_line) > 1e-6 or on_parabola is None:
        ok_kernel = verdict(False, "", "on a straight line f(x) = x it should give 0 "
                             "everywhere: a straight line does not bend. Build the kernel from "
                             "first differences.")
    elif abs(on_parabola - 2) < 1e-6:
        ok_kernel = verdict(True, "on x**2 your kernel gives 2 everywhere, on a line 0.", "")
    elif abs(on_parabola + 2) < 1e-6:
        ok_kernel = verdict(False, "", "on x**2 it gives -2: the sign is flipped. The curve "
                             "bends upwards, so f'' is positive.")
    else:
        ok_kernel = verdict(False, "", f"on x**2 it gives {on_parabola:g}, not f'' = 2: "
                             f"{on_parabola / 2:g} times a second derivative. Scale it.")
    size = _number(min_size, "the minimum size")
    ok_size = size is not None and verdict(
        size == 3, "3 entries: two differences need three points.",
        "how many samples does a difference of two first differences use? They share one.")
    value = _number(line_value, "the value at the thin line")
    expected = 3 * -2.0
    hints = {-expected: "the sign: a bright pixel between dark ones is a peak; the curve bends "
             "down there.", -2.0: "the line has contrast 3, not 1."}
    ok_value = value is not None and verdict(
        value == expected, f"{expected:g}: -2 times the contrast, the strongest response of all.",
        hints.get(value, "apply your kernel to the three middle pixels 0, 3, 0 by hand."))
    return ok_kernel and ok_size and ok_value


# Exercise 2c: the Laplacian.
@returns_verdict
def check_laplacian(kernel: Any) -> bool:
    """Check exercise 2c: a kernel giving d²/dx² + d²/dy².

    It must give 2 on x² alone, 2 on y² alone (so it responds to both directions, equally),
    0 on x·y and 0 on any plane. Returns True when it does.
    """
    if kernel is None:
        print(f"{EMPTY} give the kernel")
        return False
    x, y = _ramp(1, 0), _ramp(0, 1)
    responses = [_apply(kernel, image) for image in (x**2, y**2, x * y, 2 * x - 3 * y + 1)]
    if any(r is None for r in responses):
        print(f"{WRONG} give a 2-D tensor no larger than 9x9")
        return False
    on_x2, on_y2, on_xy, on_plane = (_constant(r) for r in responses)
    if on_plane is None or abs(on_plane) > 1e-6:
        return verdict(False, "", "it does not give 0 on a plane (2x - 3y + 1): a second "
                        "derivative ignores brightness and slope. Its weights must sum to 0, "
                        "symmetrically.")
    if on_xy is None or abs(on_xy) > 1e-6 or on_x2 is None or on_y2 is None:
        return verdict(False, "", "it responds to x*y: the Laplacian has no mixed term, so "
                        "no part of the kernel may measure a change along rows and columns at "
                        "once.")
    if abs(on_x2 - 2) < 1e-6 and abs(on_y2 - 2) < 1e-6:
        return verdict(True, "2 on x**2, 2 on y**2, 0 on x*y and on planes: a Laplacian.", "")
    if abs(on_x2 - on_y2) > 1e-6:
        return verdict(False, "", f"it gives {on_x2:g} on x**2 but {on_y2:g} on y**2: the "
                        "Laplacian adds the second difference along rows AND the one along "
                        "columns, so 2 on each.")
    if abs(on_x2 + 2) < 1e-6:
        return verdict(False, "", "it gives -2 on x**2 and on y**2: the sign is flipped.")
    return verdict(False, "", f"it gives {on_x2:g} on x**2 and on y**2, not 2: "
                    f"{on_x2 / 2:g} times the Laplacian. Scale it.")


# Exercise 2d: a blur kernel.
@returns_verdict
def check_blur(kernel: Any) -> bool:
    """Check exercise 2d: a blur kernel (non-negative, summing to 1, spread over several entries).

    "Spread" is measured by the weights' Euclidean norm, which is how much of the
    standard deviation of pixel noise a kernel keeps: it must be at most 0.75
    ([[0.5, 0.5]] keeps 0.71, a 3x3 box 0.33, a copy [[1, 0]] all of it).
    """
    if kernel is None:
        print(f"{EMPTY} give the kernel")
        return False
    try:
        K = torch.as_tensor(kernel).double()
    except (TypeError, ValueError, RuntimeError):
        K = None
    if K is None or K.dim() != 2 or K.numel() < 2:
        print(f"{WRONG} give a 2-D kernel with more than one entry")
        return False
    if (K < 0).any():
        return verdict(False, "", "a blur averages: its weights should not be negative.")
    total = K.sum().item()
    if not math.isclose(total, 1.0, rel_tol=1e-5):
        return verdict(False, "", f"the weights sum to {total:.4g}; make them sum to exactly 1 "
                        "(divide by their sum) so that a flat image keeps its brightness.")
    kept = K.norm().item()
    return verdict(kept <= 0.75, f"a weighted average: flat regions stay, noise keeps only "
                    f"{kept:.2f} of its standard deviation.",
                    f"it keeps {kept:.2f} of the noise: nearly all the weight sits on one "
                    "pixel. Spread it over several entries.")


# Exercise 2e: the smallest kernel for a derivative of order d.
@returns_verdict
def check_min_derivative_size(min_size: Any) -> bool:
    """Check exercise 2e: ``min_size(d)``, the fewest kernel entries for a derivative of order d."""
    if not _function_answer(min_size, "min_kernel_size(d)"):
        return False
    try:
        answers = {d: min_size(d) for d in range(0, 9)}
    except Exception as err:  # a learner's bug: report it instead of a traceback
        print(f"{WRONG} your function raised {type(err).__name__}: {err}")
        return False
    wrong = [d for d, n in answers.items() if n != d + 1]
    if not wrong:
        return verdict(True, "d + 1: a difference of order d needs d + 1 samples.", "")
    if all(answers[d] == d for d in range(1, 9)):
        hint = "one too few: d samples give only d - 1 differences."
    elif all(answers[d] == 2 * d + 1 for d in range(1, 9)):
        hint = ("that is a centred kernel for odd d; a kernel need not be centred, "
                "so fewer entries suffice.")
    elif all(answers[d] == 2 * d for d in range(1, 9)):
        hint = "neighbouring differences share a sample, so each order adds one entry, not two."
    else:
        hint = (f"wrong for d = {wrong[:3]}: how many samples does a first difference use, and "
                "how many more does each further difference of differences add?")
    return verdict(False, "", hint)


# Exercise 3: autograd through our Conv2D.
def conv2d_gradient_problem() -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """Return exercise 3's (weight, bias, X, Y): [[1, -0.5]], [0], the stripes, their edges.

    The layer starts away from the true kernel [[1, -1]], so both gradients are non-zero.
    """
    X = stripes()
    return torch.tensor([[1.0, -0.5]]), torch.zeros(1), X, corr2d(X, edge_kernel())


def _true_gradients():
    """Return the exact gradients of exercise 3's loss, computed with ``F.conv2d``."""
    w, b, X, Y = conv2d_gradient_problem()
    w, b = w.clone().requires_grad_(), b.clone().requires_grad_()
    ((F.conv2d(X[None, None], w[None, None], b)[0, 0] - Y) ** 2).sum().backward()
    return w.grad, b.grad, Y.numel()


@returns_verdict
def check_bias_gradient_sign(sign: Any) -> bool:
    """Check exercise 3's prediction: the sign (+1, -1 or 0) of the bias gradient."""
    value = _number(sign, "the sign of the bias gradient (+1, -1 or 0)")
    if value is None:
        return False
    expected = float(torch.sign(_true_gradients()[1]).item())
    return verdict(math.copysign(1, value) == expected and value != 0,
                    "+1: the layer's outputs are too large on average, so lowering the bias "
                    "lowers the loss.",
                    "compare the starting layer's output with the target: is it too large or "
                    "too small, on average? The loss falls in the direction opposite the gradient.")


@returns_verdict
def check_conv2d_gradients(weight_grad: Any, bias_grad: Any) -> bool:
    """Check exercise 3: gradients of sum((Conv2D(X) - Y)**2) w.r.t. the weight and the bias.

    The reference is computed with ``torch.nn.functional.conv2d``, not with ``Conv2D``.
    """
    if weight_grad is None or bias_grad is None:
        print(f"{EMPTY} give layer.weight.grad and layer.bias.grad")
        return False
    w_grad, b_grad, n = _true_gradients()
    hint = "set the weight with torch.no_grad(), compute the loss, call backward() once."
    common = [(-1, "the sign is flipped: the gradient points uphill; do not negate it."),
              (2, "twice the gradient: backward() ran twice and the gradients added up. "
               "Make a new layer (or zero the gradients) and call backward() once."),
              (0.5, "half the gradient: the derivative of r**2 is 2r."),
              (1 / n, f"1/{n} of the gradient: the loss is the sum of squares, not the mean.")]
    w_mistakes = [(f * w_grad, h) for f, h in common]
    w_mistakes += [(w_grad.flip(1), "the two entries are swapped."),
                   (w_grad.t(), "the shape is the kernel's, (1, 2), not its transpose.")]
    return all([_tensor_answer("the weight gradient", weight_grad, w_grad, hint, w_mistakes),
                _tensor_answer("the bias gradient", bias_grad, b_grad, hint,
                               [(f * b_grad, h) for f, h in common])])


# Exercise 4: cross-correlation as one matrix multiplication.
WINDOW_SHAPES = [((3, 3), (2, 2)), ((6, 8), (1, 2)), ((5, 4), (3, 2)), ((4, 4), (4, 4)),
                 ((7, 9), (2, 3)), ((4, 6), (1, 1))]


def _windows_by_unfold(X, k_h, k_w):
    """Return the window matrix of a 2-D ``X`` as ``F.unfold`` lays it out (the reference)."""
    return F.unfold(X[None, None].double(), (k_h, k_w))[0]


@returns_verdict
def check_window_matrix_shape(shape: Any) -> bool:
    """Check exercise 4's prediction: the shape of the window matrix for X 6x8 and K 2x3."""
    shape = _whole_numbers(shape, 2, "(rows, columns) of the window matrix")
    if shape is None:
        return False
    windows, size = (6 - 2 + 1) * (8 - 3 + 1), 2 * 3
    expected = (size, windows)
    hints = {(windows, size): "rows and columns swapped: one COLUMN per window, like F.unfold; "
             "a column holds the numbers of one window.",
             (size, 6 * 8): "one column per window, and only the windows that fit inside the "
             "image count, not one per pixel.",
             (6 * 8, windows): "a column holds one window, k_h * k_w numbers, not the image."}
    return verdict(shape == expected, f"{expected}: {windows} windows of {size} numbers each, "
                    "one per column.", hints.get(shape, "count the numbers in a window (the "
                                                 "kernel's size) and the windows (the output's "
                                                 "size)."))


def _not_borrowed(fn, name):
    """Print why and return False when ``fn`` is the course's, d2l's or PyTorch's own function."""
    module = getattr(fn, "__module__", None) or ""
    if module.split(".")[0] in ("helpers", "d2l", "torch"):
        print(f"{WRONG} {name} is {module}'s own function: write yours.")
        return False
    return True


def call_answer(fn, name, *args, pair=None):
    """Return what a learner's ``fn(*args)`` returns, detached in float64, or None after
    printing what went wrong: it raised (a learner's bug is reported, never a traceback),
    or returned something else than asked.

    ``fn`` returns one tensor, or with ``pair`` (what the two are, e.g. ``"(input, kernel)"``)
    a pair of tensors, returned as a tuple.
    """
    try:
        out = fn(*args)
    except Exception as err:  # a learner's bug: report it instead of a traceback
        print(f"{WRONG} {name} raised {type(err).__name__}: {err}")
        return None
    if pair is None:
        if not isinstance(out, torch.Tensor):
            print(f"{WRONG} {name} should return a torch.Tensor, got {type(out).__name__}")
            return None
        return out.detach().double()
    if out is None:
        print(f"{WRONG} {name} returned None: return the two tensors, {pair}")
        return None
    if not (isinstance(out, (tuple, list)) and len(out) == 2
            and all(isinstance(t, torch.Tensor) for t in out)):
        print(f"{WRONG} {name} should return two tensors, {pair}, for corr2d")
        return None
    return tuple(t.detach().double() for t in out)


def _window_matrix_hint(got, expected, k_h, k_w, out_h, out_w):
    """Return the hint for a wrong window matrix ``got``, or None when it is right."""
    if got.shape == expected.shape and torch.allclose(got, expected):
        return None
    if got.shape == expected.t().shape and torch.allclose(got, expected.t()):
        return ("one ROW per window: the exercise asks for one column per window, like "
                "F.unfold.")
    if got.shape != expected.shape:
        return (f"the shape is {tuple(got.shape)}, expected (k_h * k_w, number of windows) = "
                f"{tuple(expected.shape)}.")
    by_columns = expected.reshape(k_h, k_w, -1).transpose(0, 1).reshape(k_h * k_w, -1)
    if k_h > 1 and k_w > 1 and torch.allclose(got, by_columns):
        return ("each window is flattened column by column; flatten it row by row, as "
                "K.reshape(-1) flattens the kernel, so that its entries meet theirs.")
    top_down = expected.reshape(-1, out_h, out_w).transpose(1, 2).reshape(k_h * k_w, -1)
    if out_h > 1 and out_w > 1 and torch.allclose(got, top_down):
        return ("the windows are in the wrong order: left to right first, then the next row "
                "down, as the output is read.")
    return "some columns are not the windows: compare column 0 with X[:k_h, :k_w]."


def _from_windows_hint(got, M, K, out_shape):
    """Return the hint for a wrong ``corr2d_from_windows`` result ``got``, or None when right."""
    def product(kernel):
        return (kernel.reshape(1, -1) @ M).reshape(out_shape)

    expected = product(K)
    if got.shape == expected.shape and torch.allclose(got, expected):
        return None
    if got.numel() == expected.numel() and got.shape != expected.shape:
        return f"the shape is {tuple(got.shape)}, expected {tuple(out_shape)}: reshape the product."
    if got.shape != expected.shape:
        return f"the shape is {tuple(got.shape)}, expected the output's, {tuple(out_shape)}."
    if got.shape == expected.shape and torch.allclose(got, product(K.flip(0, 1))):
        return "the kernel is flipped: that is a convolution."
    if got.shape == expected.shape and torch.allclose(got, product(K.t())):
        return ("the kernel is flattened column by column; flatten it row by row, like the "
                "windows.")
    if out_shape[0] > 1 and out_shape[1] > 1 and got.shape == expected.shape and torch.allclose(
            got, expected.flatten().reshape(out_shape[::-1]).t()):
        return "height and width swapped when reshaping: the output has out_h rows."
    return ("the values differ from the flattened kernel times M. The check gives window "
            "matrices of no image: use M itself, not an image you rebuild from it.")


@returns_verdict
def check_corr2d_as_matmul(window_matrix: Any, corr2d_from_windows: Any) -> bool:
    """Check exercise 4: ``window_matrix(X, k_h, k_w)``, ``corr2d_from_windows(M, K, out_shape)``.

    The window matrix is compared with ``F.unfold``'s, on six shapes, its columns in order; then
    ``corr2d_from_windows`` runs on random window matrices that come from no image, where only
    the product of the flattened kernel with ``M`` gives the right answer; and both together
    must give ``corr2d``. The course's, d2l's or PyTorch's own functions are refused.
    """
    if window_matrix is None or corr2d_from_windows is None:
        print(f"{EMPTY} define window_matrix(X, k_h, k_w) and "
              "corr2d_from_windows(M, K, out_shape)")
        return False
    for fn, name in [(window_matrix, "window_matrix"), (corr2d_from_windows,
                                                        "corr2d_from_windows")]:
        if not callable(fn):
            print(f"{WRONG} {name} should be a function, got {type(fn).__name__}")
            return False
        if not _not_borrowed(fn, name):
            return False
    g = torch.Generator().manual_seed(0)
    for xs, (k_h, k_w) in WINDOW_SHAPES:
        X = torch.randint(-9, 10, xs, generator=g)  # whole numbers: an image of integers
        out_h, out_w = xs[0] - k_h + 1, xs[1] - k_w + 1
        try:
            window_matrix(X.clone(), k_h, k_w)
        except NotImplementedError as err:
            if "im2col" in str(err):
                print(f"{WRONG} window_matrix calls F.unfold (its im2col refuses an image of "
                      "integers): the exercise is to lay the windows out yourself.")
                return False
        except Exception:
            pass  # reported below
        got = call_answer(window_matrix, f"window_matrix(X, {k_h}, {k_w}) on X {xs}",
                           X.clone(), k_h, k_w)
        if got is None:
            return False
        hint = _window_matrix_hint(got, _windows_by_unfold(X, k_h, k_w), k_h, k_w, out_h, out_w)
        if hint is not None:
            return verdict(False, "", f"window_matrix on X {xs}, kernel {k_h}x{k_w}: {hint}")
    for xs, (k_h, k_w) in WINDOW_SHAPES:
        out_shape = (xs[0] - k_h + 1, xs[1] - k_w + 1)
        M = torch.randint(-9, 10, (k_h * k_w, out_shape[0] * out_shape[1]), generator=g).double()
        K = torch.randint(-9, 10, (k_h, k_w), generator=g).double()
        got = call_answer(corr2d_from_windows, f"corr2d_from_windows(M, K, {out_shape})",
                           M.clone(), K.clone(), out_shape)
        if got is None:
            return False
        hint = _from_windows_hint(got, M, K, out_shape)
        if hint is not None:
            return verdict(False, "", f"corr2d_from_windows with a {k_h}x{k_w} kernel: {hint}")
    X, K = torch.randn(6, 8, generator=g, dtype=torch.float64), torch.randn(2, 3, generator=g,
                                                                          dtype=torch.float64)
    got = call_answer(lambda: corr2d_from_windows(window_matrix(X, 2, 3), K, (5, 6)),
                       "corr2d_from_windows(window_matrix(X, 2, 3), K, (5, 6))")
    if got is None:
        return False
    return verdict(got.shape == (5, 6) and torch.allclose(got, corr2d(X, K)),
                    "one matrix product of the flattened kernel with the window matrix gives "
                    "the cross-correlation.",
                    "each part is right on its own, but together they differ from corr2d.")


# Notebook 11: the shape rule with channels, padding and stride.
SHAPE_PROBLEM = {"image": (3, 32, 30), "weight": (8, 3, 5, 5), "padding": 2, "stride": 3}


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
    """Check notebook 11's question: the output shape of ``SHAPE_PROBLEM``, as (c, h, w).

    The reference is computed, not recalled: ``helpers.conv2d`` run on zeros of those shapes.
    Fractions such as ``11.33`` are refused rather than truncated, and the usual slips
    (rounding up, padding once, no stride, no + 1, height and width swapped) are named.
    """
    p = SHAPE_PROBLEM
    expected = tuple(conv2d(torch.zeros(p["image"]), torch.zeros(p["weight"]),
                            padding=p["padding"], stride=p["stride"]).shape)
    shape = _whole_numbers(shape, 3, "(channels, height, width)")
    if shape is None:
        return False
    if shape[0] != expected[0]:
        return verdict(False, "", "the number of channels: each output channel comes from one "
                        "kernel, so it is the weight's first dimension.")
    hint = _shape_mistakes(p).get(shape[1:], "height and width: (n + 2 * padding - kernel) "
                                  "// stride + 1, rounded down.")
    return verdict(shape == expected, f"{expected}: (n + 2p - k) // s + 1 per side.", hint)
