"""The checks of notebook 5's exercises: kernels (1, 2a-2e), autograd (3), the matrix product (4).

Every answer is read by ``helpers.exercises.answers``; a method (exercises 2a, 2e, 4) is run
on inputs drawn from a generator seeded inside the check, never printed, so that no table of
the cases tried can pass for the method.
"""

import math
from typing import Any

import torch
import torch.nn.functional as F
from torch import Tensor

from helpers.exercises.answers import (
    RIGHT,
    NotAnswered,
    Refused,
    call_recorded,
    function,
    not_borrowed,
    number,
    origin,
    refuse_routes,
    returns_verdict,
    run_recorded,
    same,
    tensor,
    tolerance,
    verdict,
)
from helpers.exercises.answers import shape as read_shape
from helpers.taught.nb01_cross_correlation import Conv2D, corr2d
from helpers.taught.nb08_kernels import edge_kernel
from helpers.training.images import diagonal_image, stripes


def _kernel(kernel, what="the kernel"):
    """Return ``(K in float64, its dtype)`` for a 2-D kernel answer, or raise."""
    if kernel is None:
        raise NotAnswered(f"give {what}")
    try:
        original = torch.as_tensor(kernel)
    except (TypeError, ValueError, RuntimeError):
        raise Refused(f"give {what} as a 2-D tensor, e.g. torch.tensor([[...]]).") from None
    if original.dim() != 2 or original.numel() == 0 or not (
            original.is_floating_point() or not original.dtype.is_complex):
        raise Refused(f"give {what} as a 2-D tensor, e.g. torch.tensor([[...]]); got shape "
                      f"{tuple(original.shape)}.")
    dtype = original.dtype if original.is_floating_point() else torch.float64
    return original.detach().double(), dtype


def _ramp(d_x, d_y, size=9):
    """Return an image whose brightness grows by ``d_x`` per column and ``d_y`` per row."""
    y, x = torch.meshgrid(torch.arange(float(size)), torch.arange(float(size)), indexing="ij")
    return d_x * x + d_y * y


class _Response:
    """A kernel's response to an image, and whether it is one value everywhere (within the
    tolerance of the kernel's dtype at the magnitude of the sum)."""

    def __init__(self, K, dtype, X):
        self.Y = corr2d(X.double(), K)
        self.tol = tolerance(dtype, float(K.abs().sum()) * float(X.abs().max()))
        first = self.Y.flatten()[0]
        self.constant = float(first) if bool(((self.Y - first).abs() <= self.tol).all()) \
            else None

    def near(self, value):
        """Whether the response is ``value`` everywhere."""
        return bool(((self.Y - value).abs() <= self.tol).all())


def _fits(K, size):
    if K.shape[0] > size or K.shape[1] > size:
        raise Refused(f"the kernel {tuple(K.shape)} does not fit a {size}x{size} image.")


# What computes the predicted answers: the course's cross-correlations and layers, PyTorch's.
_MAPS = {"corr2d", "corr2d_fast", "corr2d_matmul", "window_matmul", "shift_and_add", "conv2d",
         "conv2d_batch", "corr2d_multi_in", "corr2d_multi_in_out", "diagonal_maps", "Conv2D",
         "Conv2d", "second_derivative", "matmul_or_shift_and_add"}
_GRADIENTS = {"grad", "backward", "Conv2D", "Conv2d", "conv2d", "sign", "_true_gradients",
              "corr2d_kernel_grad", "corr2d_input_grad"}
_WINDOWS = {"window_matrix", "batch_window_matrix", "unfold", "shifted_view_grid",
            "shifted_views", "Unfold", "window_matmul"}


# Exercise 1: the diagonal image.
def diagonal_maps():
    """Return exercise 1's maps: ``corr2d(X, K)``, ``corr2d(X.t(), K)``, ``corr2d(X, K.t())``.

    ``X`` is ``diagonal_image(8)`` and ``K`` is ``edge_kernel()``.
    """
    X, K = diagonal_image(8), edge_kernel()
    return corr2d(X, K), corr2d(X.t(), K), corr2d(X, K.t())


_DIAGONAL_NAMES = ("the map of K on X", "the map of K on the transposed X",
                   "the map of the transposed K on X")


@returns_verdict
def check_diagonal_prediction(shapes: Any, sums: Any) -> bool:
    """Check exercise 1's prediction: the three maps' shapes and the sums of their entries.

    ``shapes`` is three ``(rows, columns)`` pairs, ``sums`` three numbers, all typed (a
    prediction: a torch.Size, a tensor or a computed value is refused).
    """
    if shapes is None or sums is None:
        raise NotAnswered("predict the three shapes and the three sums")
    if not isinstance(shapes, (tuple, list)) or len(shapes) != 3 \
            or not isinstance(sums, (tuple, list)) or len(sums) != 3:
        raise Refused("give three shapes and three sums, one per map, in the order asked, "
                      "as lists or tuples of typed numbers")
    origin("check_diagonal_prediction", 0, "the shapes", _MAPS, predicted=True, keyword="shapes")
    origin("check_diagonal_prediction", 1, "the sums", _MAPS, predicted=True, keyword="sums")
    ok = True
    for name, given, total, Y in zip(_DIAGONAL_NAMES, shapes, sums, diagonal_maps()):
        try:
            pair = read_shape(given, 2, f"the shape of {name} (rows, columns)", predicted=True)
            total = number(total, f"the sum of {name}", predicted=True)
        except Refused as refused:
            ok = verdict(False, "", str(refused))
            continue
        expected = tuple(Y.shape)
        if pair != expected:
            hint = ("rows and columns swapped: a 1x2 kernel shortens the rows (n_w - 1 columns), "
                    "a 2x1 kernel the columns." if pair == expected[::-1] else
                    "use the rule (n_h - k_h + 1) x (n_w - k_w + 1).")
            ok = verdict(False, "", f"the shape of {name}. {hint}") and ok
            continue
        right_sum = float(Y.sum())
        if total == right_sum:
            print(f"{RIGHT} {name}: shape {expected}, sum {right_sum:.0f}.")
        elif total == -right_sum:
            ok = verdict(False, "", f"the sign of the sum of {name}. K = [1, -1] computes a "
                          "pixel minus its right neighbour (K.t(): minus the one below): where "
                          "does white (1) meet black (0), in that order?")
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

    A map equal to another of the three, or to its negative (here the same as the
    convolution, the kernel flipped), is named.
    """
    maps = [Y.double() for Y in diagonal_maps()]
    ok = True
    for n, (name, answer, expected) in enumerate(zip(_DIAGONAL_NAMES, (Y_K, Y_XT, Y_KT), maps)):
        try:
            got = tensor(answer, name)
        except NotAnswered as missing:
            print(f"Not answered yet: {missing}")
            ok = False
            continue
        except Refused as refused:
            ok = verdict(False, "", str(refused))
            continue
        if same(got, expected):
            print(f"{RIGHT} {name} is correct.")
            continue
        ok = False
        others = [m for m in range(3) if m != n and same(got, maps[m])]
        if others:
            verdict(False, "", f"{name}: this is {_DIAGONAL_NAMES[others[0]]}, another of the "
                    "three maps.")
        elif same(got, -expected):
            verdict(False, "", f"{name}: every sign is flipped: a flipped kernel (a "
                    "convolution) or a subtraction the wrong way round. corr2d keeps K = "
                    "[1, -1] as it is: a pixel minus the next one.")
        elif got.shape != expected.shape:
            verdict(False, "", f"{name} has shape {tuple(got.shape)}, expected "
                    f"{tuple(expected.shape)}.")
        else:
            verdict(False, "", f"{name} has the right shape, wrong values. Use X = "
                    "diagonal_image(8) and K = edge_kernel() with corr2d.")
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


def _directions(g):
    """Return the directions exercise 2a is tried on: (2, -1) first (it tells a rotated kernel
    from one with d_x and d_y swapped), then whole and fractional ones drawn from ``g``."""
    found: list[tuple[float, float]] = [(2, -1)]
    while len(found) < 5:
        d_x, d_y = (int(v) for v in torch.randint(-6, 7, (2,), generator=g))
        if (d_x, d_y) != (0, 0) and (d_x, d_y) not in found:
            found.append((d_x, d_y))
    for _ in range(3):
        f_x, f_y = (round(float(v), 2) for v in torch.randn(2, generator=g, dtype=torch.float64))
        found.append((f_x, f_y))
    return found


@returns_verdict
def check_edge_detector(edge_detector: Any) -> bool:
    """Check exercise 2a: ``edge_detector(d_x, d_y)`` returns a kernel for change along (d_x, d_y).

    On a flat image its response must be 0; on an image that brightens along ``(d_x, d_y)``
    (d_x per column, d_y per row) positive and the same everywhere; on one that brightens
    across it, zero. Tried on eight directions, whole and fractional, drawn inside the check;
    the course's ``directional_edge`` does not count.
    """
    function(edge_detector, "edge_detector(d_x, d_y)")
    not_borrowed(edge_detector, "edge_detector")
    g = torch.Generator().manual_seed(2)
    for d_x, d_y in _directions(g):
        name = f"edge_detector({d_x}, {d_y})"
        kernel, record = run_recorded(edge_detector, name, d_x, d_y)
        refuse_routes(record, name, helpers={"directional_edge"})
        K, dtype = _kernel(kernel, f"the kernel of {name}")
        _fits(K, 9)
        flat, g_x, g_y = (_Response(K, dtype, image) for image in
                          (torch.ones(9, 9), _ramp(1, 0), _ramp(0, 1)))
        if not flat.near(0.0):
            return verdict(False, "", f"for ({d_x}, {d_y}) it does not give 0 on a flat image: "
                            "an edge detector's weights sum to 0.")
        if g_x.constant is None or g_y.constant is None:
            return verdict(False, "", f"for ({d_x}, {d_y}) its response to an even ramp changes "
                            "from place to place: it should be the same everywhere.")
        hint = _edge_hint(g_x.constant, g_y.constant, d_x, d_y)
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
    """Check exercise 2b: a 1-row kernel for d²/dx², its fewest entries (a number), and the
    predicted response of a second difference at the middle of ``thin_line()`` (typed)."""
    if kernel is None or min_size is None or line_value is None:
        raise NotAnswered("give the kernel, its minimum size and your prediction for the thin "
                          "line")
    origin("check_second_derivative", 0, "the kernel", {"second_derivative"}, keyword="kernel")
    K, dtype = _kernel(kernel, "the kernel")
    if K.shape[0] != 1:
        raise Refused("give the kernel as a tensor of shape (1, n), e.g. torch.tensor([[...]])")
    _fits(K, 9)
    size = number(min_size, "the minimum size", whole=True)
    origin("check_second_derivative", 2, "your prediction for the thin line", _MAPS, predicted=True,
           keyword="line_value")
    value = number(line_value, "your prediction for the thin line", predicted=True)
    x = _ramp(1, 0)
    on_line, on_parabola = _Response(K, dtype, x), _Response(K, dtype, x ** 2)
    if not _Response(K, dtype, torch.ones(9, 9)).near(0.0):
        ok_kernel = verdict(False, "", "on a flat row it does not give 0: the weights of a "
                            "derivative sum to 0.")
    elif not on_line.near(0.0):
        ok_kernel = verdict(False, "", "on a straight line f(x) = x it should give 0 "
                             "everywhere: a straight line does not bend. Build the kernel from "
                             "first differences.")
    elif on_parabola.near(2.0):
        ok_kernel = verdict(True, "on x**2 your kernel gives 2 everywhere, on a line 0.", "")
    elif on_parabola.near(-2.0):
        ok_kernel = verdict(False, "", "on x**2 it gives -2: the sign is flipped. The curve "
                             "bends upwards, so f'' is positive.")
    elif on_parabola.constant is None:
        ok_kernel = verdict(False, "", "on x**2 its response changes from place to place: a "
                            "second derivative of x**2 is 2 everywhere.")
    else:
        c = on_parabola.constant
        ok_kernel = verdict(False, "", f"on x**2 it gives {c:.4g} everywhere, not f'' = 2: "
                             f"{c / 2:.4g} times a second difference. Scale it.")
    ok_size = verdict(size == 3, "3 entries: two differences need three points.",
                      "how many samples does a difference of two first differences use? They "
                      "share one.")
    expected = 3 * -2.0
    hints = {-expected: "the sign: a bright pixel between dark ones is a peak; the curve bends "
             "down there.", -2.0: "the line has contrast 3, not 1."}
    ok_value = verdict(
        abs(value - expected) <= tolerance(torch.float32, 6.0),
        f"{expected:g}: -2 times the contrast, the strongest response of all.",
        hints.get(value, "apply the second difference [1, -2, 1] to the three middle pixels "
                         "0, 3, 0 by hand."))
    return ok_kernel and ok_size and ok_value


# Exercise 2c: the Laplacian.
@returns_verdict
def check_laplacian(kernel: Any) -> bool:
    """Check exercise 2c: a kernel giving d²/dx² + d²/dy², its two parts on one pixel.

    It must give 0 on a flat image and on any plane, 0 on x·y, 2 on x² alone and 2 on y² alone;
    and on cubics (x³, y³, x²y, xy²) both second differences must sit on the same pixel.
    Every comparison uses the tolerance of the kernel's dtype at the magnitude of the sum.
    """
    origin("check_laplacian", 0, "the kernel", {"laplacian"}, keyword="kernel")
    K, dtype = _kernel(kernel, "the kernel")
    _fits(K, 9)
    x, y = _ramp(1, 0), _ramp(0, 1)

    def respond(image):
        return _Response(K, dtype, image)

    flat = respond(torch.ones(9, 9))
    if not flat.near(0.0):
        return verdict(False, "", f"on a flat image it gives {float(flat.Y[0, 0]):.4g}, not 0: "
                        "a second derivative ignores brightness, so its weights sum to 0.")
    if not respond(x).near(0.0) or not respond(y).near(0.0):
        return verdict(False, "", "it responds to an even ramp (a slope): a second derivative "
                        "ignores slopes. Balance the weights on both sides of the centre.")
    on_x2, on_y2, on_xy = respond(x ** 2), respond(y ** 2), respond(x * y)
    if not on_xy.near(0.0):
        return verdict(False, "", "it responds to x*y: the Laplacian has no mixed term, so "
                        "no part of the kernel may measure a change along rows and columns at "
                        "once.")
    if on_x2.constant is None or on_y2.constant is None:
        return verdict(False, "", "its response to x**2 or y**2 changes from place to place.")
    a, b = on_x2.constant, on_y2.constant
    if not (abs(a - 2) <= on_x2.tol and abs(b - 2) <= on_y2.tol):
        if abs(a - b) > on_x2.tol + on_y2.tol:
            return verdict(False, "", f"it gives {a:.4g} on x**2 but {b:.4g} on y**2: the "
                            "Laplacian adds the second difference along rows AND the one along "
                            "columns, so 2 on each.")
        if abs(a + 2) <= on_x2.tol:
            return verdict(False, "", "it gives -2 on x**2 and on y**2: the sign is flipped.")
        return verdict(False, "", f"it gives {a:.4g} on x**2 and on y**2, not 2: "
                        f"{a / 2:.4g} times the Laplacian. Scale it.")
    # On cubics the response tells where each part sits: x**3 -> 6 (j + b_x), x**2 y -> 2 (i + a_x)
    # for the part along rows at (a_x, b_x); y**3 -> 6 (i + a_y), x y**2 -> 2 (j + b_y).
    i, j = (t[:9 - K.shape[0] + 1, :9 - K.shape[1] + 1] for t in (y, x))
    offsets = []
    for image, base, factor in [(x ** 3, j, 6), (x ** 2 * y, i, 2), (y ** 3, i, 6),
                                (x * y ** 2, j, 2)]:
        r = respond(image)
        shift = (r.Y - factor * base) / factor
        offsets.append((float(shift.mean()), r.tol / factor + (shift.max() - shift.min())))
    (b_x, tb1), (a_x, ta1), (a_y, ta2), (b_y, tb2) = offsets
    if abs(a_x - a_y) > ta1 + ta2 + 1e-9 or abs(b_x - b_y) > tb1 + tb2 + 1e-9:
        return verdict(False, "", "on curved images (x**3, y**3, x**2 * y, x * y**2) it is not "
                        "the Laplacian at any one pixel: its second differences along rows and "
                        "along columns must be centred on the same pixel.")
    return verdict(True, "2 on x**2, 2 on y**2, 0 on x*y and on planes, both parts on one "
                    "pixel: a Laplacian.", "")


# Exercise 2d: a blur kernel.
def _connected(support):
    """Whether the True entries of a 2-D bool tensor touch each other (8-neighbours)."""
    cells = {(int(r), int(c)) for r, c in support.nonzero()}
    if not cells:
        return False
    todo, seen = [next(iter(cells))], set()
    while todo:
        r, c = todo.pop()
        if (r, c) in seen:
            continue
        seen.add((r, c))
        todo += [(r + dr, c + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)
                 if (r + dr, c + dc) in cells]
    return seen == cells


@returns_verdict
def check_blur(kernel: Any) -> bool:
    """Check exercise 2d: a blur kernel: non-negative weights summing to 1, on neighbouring
    pixels, spread over several of them.

    "Spread" is measured by the weights' Euclidean norm, which is how much of the standard
    deviation of pixel noise a kernel keeps: it must be at most 0.75 ([[0.5, 0.5]] keeps 0.71,
    a 3x3 box 0.33, a copy [[1, 0]] all of it). "Neighbouring": the pixels with weight touch
    one another, so the average is over a neighbourhood, not over pixels far apart.
    """
    origin("check_blur", 0, "the kernel", {"box_blur"}, keyword="kernel")
    K, dtype = _kernel(kernel, "the kernel")
    if K.numel() < 2:
        raise Refused("give a 2-D kernel with more than one entry")
    tol = tolerance(dtype, float(K.abs().sum()))
    if (K < -tol).any():
        return verdict(False, "", "a blur averages: its weights should not be negative.")
    total = K.sum().item()
    if abs(total - 1.0) > tol:
        return verdict(False, "", f"the weights sum to {total:.4g}; make them sum to exactly 1 "
                        "(divide by their sum) so that a flat image keeps its brightness.")
    if not _connected(K > tol):
        return verdict(False, "", "the pixels it averages do not touch: a blur averages a "
                        "neighbourhood, so its weights sit on neighbouring pixels.")
    kept = K.norm().item()
    return verdict(kept <= 0.75, f"a weighted average: flat regions stay, noise keeps only "
                    f"{kept:.2f} of its standard deviation.",
                    f"it keeps {kept:.2f} of the noise: nearly all the weight sits on one "
                    "pixel. Spread it over several entries.")


# Exercise 2e: the smallest kernel for a derivative of order d.
def _orders(g):
    """Return the orders exercise 2e is tried on: 0 to 3, then six drawn from 4..499, shuffled."""
    drawn = (torch.randperm(496, generator=g)[:6] + 4).tolist()
    orders = [0, 1, 2, 3] + drawn
    return [orders[k] for k in torch.randperm(len(orders), generator=g).tolist()]


@returns_verdict
def check_min_derivative_size(min_size: Any) -> bool:
    """Check exercise 2e: ``min_size(d)``, the fewest kernel entries for a derivative of order
    d, a whole number, on ten orders drawn inside the check."""
    function(min_size, "min_kernel_size(d)")
    orders = _orders(torch.Generator().manual_seed(5))
    answers = {}
    for d in orders:
        try:
            got = min_size(d)
        except Exception as err:  # a learner's bug: report it instead of a traceback
            raise Refused(f"min_kernel_size({d}) raised {type(err).__name__}: {err}") from None
        answers[d] = number(got, f"min_kernel_size({d})", whole=True)
    wrong = sorted(d for d, n in answers.items() if n != d + 1)
    if not wrong:
        return verdict(True, "d + 1: a difference of order d needs d + 1 samples.", "")
    positive = [d for d in answers if d > 0]
    if all(answers[d] == d for d in positive):
        hint = "one too few: d samples give only d - 1 differences."
    elif all(answers[d] == 2 * d + 1 for d in positive):
        hint = ("that is a centred kernel; a kernel need not be centred, so fewer entries "
                "suffice.")
    elif all(answers[d] == 2 * d for d in positive):
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
    w, b = w.clone().double().requires_grad_(), b.clone().double().requires_grad_()
    ((F.conv2d(X[None, None].double(), w[None, None], b)[0, 0] - Y) ** 2).sum().backward()
    return w.grad, b.grad, Y.numel()


@returns_verdict
def check_bias_gradient_sign(sign: Any) -> bool:
    """Check exercise 3's prediction: the sign (+1, -1 or 0) of the bias gradient, typed."""
    origin("check_bias_gradient_sign", 0, "the sign", _GRADIENTS, predicted=True, keyword="sign")
    value = number(sign, "the sign of the bias gradient (+1, -1 or 0)", predicted=True)
    if value not in (-1.0, 0.0, 1.0):
        raise Refused(f"give the sign, +1, -1 or 0, not a value of the gradient ({value:g}).")
    expected = float(torch.sign(_true_gradients()[1]).item())
    return verdict(value == expected,
                   "+1: the layer's outputs are too large on average, so lowering the bias "
                   "lowers the loss.",
                   "compare the starting layer's output with the target: is it too large or "
                   "too small, on average? The loss falls in the direction opposite the gradient.")


@returns_verdict
def check_conv2d_gradients(layer: Any, *extra: Any) -> bool:
    """Check exercise 3: the course's ``Conv2D`` layer, its weight and bias set to the problem's,
    after one ``backward()`` of sum((layer(X) - Y)**2): its ``.grad``s are read and compared
    with gradients computed by ``torch.nn.functional.conv2d``.
    """
    if layer is None:
        raise NotAnswered("give the Conv2D layer you ran backward() on")
    if extra or isinstance(layer, torch.Tensor):
        raise Refused("give the layer itself, the Conv2D you ran backward() on: the check reads "
                      "its gradients.")
    if isinstance(layer, torch.nn.Conv2d):
        raise Refused("that is PyTorch's nn.Conv2d: the exercise is autograd through the "
                      "course's own Conv2D((1, 2)).")
    if type(layer) is not Conv2D:
        raise Refused(f"give the layer itself, a Conv2D((1, 2)), got {type(layer).__name__}.")
    w, b, _, _ = conv2d_gradient_problem()
    weight, bias = layer.weight.detach().double(), layer.bias.detach().reshape(-1).double()
    if weight.shape != w.shape or not torch.equal(weight, w.double()) \
            or not torch.equal(bias, b.double()):
        raise Refused("set the layer's weight to w and its bias to b (inside torch.no_grad()) "
                      "before computing the loss, and do not update them.")
    if layer.weight.grad is None or layer.bias.grad is None:
        raise Refused("the layer has no gradients yet: compute the loss and call backward() "
                      "once.")
    w_grad, b_grad, n = _true_gradients()
    common: list[tuple[float, str]] = [
              (-1, "the sign is flipped: the gradient points uphill; do not negate it."),
              (2, "twice the gradient: backward() ran twice and the gradients added up. "
               "Make a new layer (or zero the gradients) and call backward() once."),
              (0.5, "half the gradient: the derivative of r**2 is 2r."),
              (1 / n, f"1/{n} of the gradient: the loss is the sum of squares, not the mean.")]
    ok = True
    swapped: list[tuple[Tensor, str]] = [(w_grad.flip(1), "the two entries are swapped.")]
    parts: list[tuple[str, Tensor, Tensor, list[tuple[Tensor, str]]]] = [
        ("the weight gradient", layer.weight.grad.detach().double(), w_grad, swapped),
        ("the bias gradient", layer.bias.grad.detach().double().reshape(-1), b_grad, [])]
    for name, got, expected, known in parts:
        if same(got, expected, layer.weight.dtype):
            print(f"{RIGHT} {name} is correct.")
            continue
        ok = False
        hint = next((h for f, h in common if same(got, f * expected, layer.weight.dtype)), None)
        hint = hint or next((h for t, h in known if same(got, t, layer.weight.dtype)), None)
        hint = hint or "compute the loss with this layer, X_stripes and Y_edges, and call " \
            "backward() once."
        verdict(False, "", f"{name}: {hint}")
    return ok


# Exercise 4: cross-correlation as one matrix multiplication.
_LAYOUT = {"functional.unfold", "im2col", "col2im", "functional.fold", "conv1d", "conv2d",
           "conv3d", "convolution", "_convolution", "conv_transpose1d", "conv_transpose2d",
           "cudnn_convolution", "mkldnn_convolution"}
_PRODUCTS = {"matmul", "mm", "mv", "bmm", "dot", "vdot", "inner", "einsum", "tensordot",
             "addmm", "addmv", "__matmul__", "__rmatmul__", "multi_dot", "baddbmm", "addbmm",
             "linear", "chain_matmul"}


def _library(record, name):
    used = [op for op in record.torch if any(op == s or op.endswith("." + s) for s in _LAYOUT)]
    if used:
        raise Refused(f"{name} calls {used[0]}: the exercise is to lay the windows out "
                      "yourself (slicing or X.unfold).")


@returns_verdict
def check_window_matrix_shape(shape: Any) -> bool:
    """Check exercise 4's prediction: the shape of the window matrix for X 6x8 and K 2x3, typed."""
    origin("check_window_matrix_shape", 0, "the shape", _WINDOWS, predicted=True, keyword="shape")
    got = read_shape(shape, 2, "(rows, columns) of the window matrix", predicted=True)
    windows, size = (6 - 2 + 1) * (8 - 3 + 1), 2 * 3
    expected = (size, windows)
    hints = {(windows, size): "rows and columns swapped: one COLUMN per window, like F.unfold; "
             "a column holds the numbers of one window.",
             (size, 6 * 8): "one column per window, and only the windows that fit inside the "
             "image count, not one per pixel.",
             (6 * 8, windows): "a column holds one window, k_h * k_w numbers, not the image."}
    return verdict(got == expected, f"{expected}: {windows} windows of {size} numbers each, "
                    "one per column.", hints.get(got, "count the numbers in a window (the "
                                                 "kernel's size) and the windows (the output's "
                                                 "size)."))


def _window_problems(g, count=6):
    """Return ``count`` (image shape, kernel shape) pairs drawn from ``g``: a 1x1 kernel, one as
    large as the image, and others; images of 1 to 9 rows and columns."""
    problems: list[tuple[tuple[int, int], tuple[int, int]]] = []
    while len(problems) < count:
        n_h, n_w = (int(v) for v in torch.randint(1, 10, (2,), generator=g))
        k_h, k_w = (int(v) for v in torch.randint(1, 5, (2,), generator=g))
        k_h, k_w = min(k_h, n_h), min(k_w, n_w)
        if len(problems) == 0:
            k_h = k_w = 1
        elif len(problems) == 1:
            k_h, k_w = n_h, n_w
        elif len(problems) == 2:
            n_h, n_w, k_h, k_w = max(n_h, 4), max(n_w, 5), max(k_h, 2), max(k_w, 3)
        problems.append(((n_h, n_w), (k_h, k_w)))
    return problems


def _window_matrix_hint(got, expected, k_h, k_w, out_h, out_w):
    """Return the hint for a wrong window matrix ``got``, or None when it is right."""
    if same(got, expected):
        return None
    if same(got, expected.t()) and out_h * out_w > 1:
        return ("one ROW per window: the exercise asks for one column per window, like "
                "F.unfold.")
    if got.shape != expected.shape:
        return (f"the shape is {tuple(got.shape)}, expected (k_h * k_w, number of windows) = "
                f"{tuple(expected.shape)}.")
    by_columns = expected.reshape(k_h, k_w, -1).transpose(0, 1).reshape(k_h * k_w, -1)
    if k_h > 1 and k_w > 1 and same(got, by_columns):
        return ("each window is flattened column by column; flatten it row by row, as "
                "K.reshape(-1) flattens the kernel, so that its entries meet theirs.")
    top_down = expected.reshape(-1, out_h, out_w).transpose(1, 2).reshape(k_h * k_w, -1)
    if out_h > 1 and out_w > 1 and same(got, top_down):
        return ("the windows are in the wrong order: left to right first, then the next row "
                "down, as the output is read.")
    return "some columns are not the windows: compare column 0 with X[:k_h, :k_w]."


def _from_windows_hint(got, M, K, out_shape):
    """Return the hint for a wrong ``corr2d_from_windows`` result ``got``, or None when right."""
    def product(kernel):
        return (kernel.reshape(1, -1) @ M).reshape(out_shape)

    expected = product(K)
    if same(got, expected):
        return None
    if got.numel() == expected.numel() and got.shape != expected.shape:
        return f"the shape is {tuple(got.shape)}, expected {tuple(out_shape)}: reshape the product."
    if got.shape != expected.shape:
        return f"the shape is {tuple(got.shape)}, expected the output's, {tuple(out_shape)}."
    if same(got, product(K.flip(0, 1))):
        return "the kernel is flipped: that is a convolution."
    if not same(K, K.t()) and same(got, product(K.t())):
        return ("the kernel is flattened column by column; flatten it row by row, like the "
                "windows.")
    if out_shape[0] > 1 and out_shape[1] > 1 and out_shape[0] != out_shape[1] and same(
            got, expected.flatten().reshape(out_shape[::-1]).t()):
        return "height and width swapped when reshaping: the output has out_h rows."
    return ("the values differ from the flattened kernel times M. The check gives window "
            "matrices of no image: use M itself, not an image you rebuild from it.")


@returns_verdict
def check_corr2d_as_matmul(window_matrix: Any, corr2d_from_windows: Any) -> bool:
    """Check exercise 4: ``window_matrix(X, k_h, k_w)``, ``corr2d_from_windows(M, K, out_shape)``.

    Both run under the answer engine's ``Recorder``, on shapes drawn inside the check. The
    window matrix must equal ``F.unfold``'s, its columns in order, laid out without a library
    layout or convolution (``F.unfold``, ``im2col``, ``conv2d``, however cast or wrapped), NumPy
    or lists, or the course's helpers; slicing, ``Tensor.unfold`` and ``as_strided`` are the
    means. ``corr2d_from_windows`` runs on window matrices that come from no image, and must
    make exactly one matrix product (``@``, ``matmul``, ``mm``, ``einsum``...): not a loop of
    products, not a multiply-and-sum. Then both together must give ``corr2d``.
    """
    if window_matrix is None or corr2d_from_windows is None:
        raise NotAnswered("define window_matrix(X, k_h, k_w) and "
                          "corr2d_from_windows(M, K, out_shape)")
    for fn, name in [(window_matrix, "window_matrix"), (corr2d_from_windows,
                                                        "corr2d_from_windows")]:
        if not callable(fn):
            raise Refused(f"{name} should be a function, got {type(fn).__name__}.")
        not_borrowed(fn, name)
    g = torch.Generator().manual_seed(4)
    problems = _window_problems(g)
    for xs, (k_h, k_w) in problems:
        X = torch.randint(-9, 10, xs, generator=g).double()
        out_h, out_w = xs[0] - k_h + 1, xs[1] - k_w + 1
        name = f"window_matrix(X, {k_h}, {k_w}) on X {xs}"
        got, record = call_recorded(window_matrix, name, X.clone(), k_h, k_w)
        _library(record, "window_matrix")
        refuse_routes(record, "window_matrix")
        expected = F.unfold(X[None, None], (k_h, k_w))[0]
        hint = _window_matrix_hint(got, expected, k_h, k_w, out_h, out_w)
        if hint is not None:
            return verdict(False, "", f"window_matrix on X {xs}, kernel {k_h}x{k_w}: {hint}")
    for xs, (k_h, k_w) in problems:
        out_shape = (xs[0] - k_h + 1, xs[1] - k_w + 1)
        M = torch.randint(-9, 10, (k_h * k_w, out_shape[0] * out_shape[1]), generator=g).double()
        K = torch.randint(-9, 10, (k_h, k_w), generator=g).double()
        name = f"corr2d_from_windows(M, K, {out_shape})"
        got, record = call_recorded(corr2d_from_windows, name, M.clone(), K.clone(), out_shape)
        _library(record, "corr2d_from_windows")
        refuse_routes(record, "corr2d_from_windows")
        products = record.count(_PRODUCTS)
        if products == 0:
            return verdict(False, "", "corr2d_from_windows makes no matrix product (a multiply "
                           "and a sum, or a loop, instead): the exercise asks for one product "
                           "of the flattened kernel with M.")
        if products > 1:
            return verdict(False, "", f"corr2d_from_windows makes {products} products (a loop "
                           "of dot products?): the exercise asks for one matrix product of the "
                           "flattened kernel with M, all windows at once.")
        hint = _from_windows_hint(got, M, K, out_shape)
        if hint is not None:
            return verdict(False, "", f"corr2d_from_windows with a {k_h}x{k_w} kernel: {hint}")
    X, K = torch.randn(6, 8, generator=g, dtype=torch.float64), torch.randn(2, 3, generator=g,
                                                                          dtype=torch.float64)
    got, _ = call_recorded(lambda: corr2d_from_windows(window_matrix(X, 2, 3), K, (5, 6)),
                           "corr2d_from_windows(window_matrix(X, 2, 3), K, (5, 6))")
    return verdict(same(got, corr2d(X, K)),
                    "one matrix product of the flattened kernel with the window matrix gives "
                    "the cross-correlation.",
                    "each part is right on its own, but together they differ from corr2d.")


__all__ = ["check_bias_gradient_sign", "check_blur", "check_conv2d_gradients",
           "check_corr2d_as_matmul", "check_diagonal_edges", "check_diagonal_prediction",
           "check_edge_detector", "check_laplacian", "check_min_derivative_size",
           "check_second_derivative", "check_window_matrix_shape", "conv2d_gradient_problem",
           "diagonal_maps", "thin_line"]
