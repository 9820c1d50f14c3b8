"""Checks for notebook 5's exercises: each says right or wrong, with a hint, and returns a bool.

A check never raises on a wrong or missing answer: it prints what is wrong and
returns ``False``, so a learner can run every cell before answering anything.
"""

import torch
import torch.nn.functional as F

from helpers.channels import conv2d
from helpers.core import corr2d
from helpers.data import diagonal_image, stripes
from helpers.kernels import edge_kernel

RIGHT, WRONG, EMPTY = "Right:", "Not yet:", "Not answered yet:"


def _verdict(ok, praise, hint):
    """Print the verdict and return ``ok``."""
    print(f"{RIGHT} {praise}" if ok else f"{WRONG} {hint}")
    return ok


def _tensor_answer(name, answer, expected, hint):
    """Print and return whether ``answer`` is a tensor equal to ``expected``."""
    if answer is None:
        print(f"{EMPTY} {name}")
        return False
    if not isinstance(answer, torch.Tensor):
        print(f"{WRONG} {name} should be a torch.Tensor, got {type(answer).__name__}")
        return False
    if answer.shape != expected.shape:
        print(f"{WRONG} {name} has shape {tuple(answer.shape)}, expected {tuple(expected.shape)}")
        return False
    ok = torch.allclose(answer.to(expected.dtype), expected, atol=1e-5)
    return _verdict(ok, f"{name} is correct.", f"{name} has the right shape, wrong values. {hint}")


def _function_answer(answer, signature):
    """Print what is missing unless ``answer`` is a function; return whether it is one."""
    if answer is None:
        print(f"{EMPTY} define {signature}")
    elif not callable(answer):
        print(f"{WRONG} the answer should be a function (give a function: def {signature}: "
              f"return ...), got {type(answer).__name__}")
    return callable(answer)


def _ramp(dx, dy, size=9):
    """Return an image whose brightness grows by ``dx`` per column and ``dy`` per row."""
    y, x = torch.meshgrid(torch.arange(float(size)), torch.arange(float(size)), indexing="ij")
    return dx * x + dy * y


def _apply(kernel, X):
    """Return ``corr2d(X, kernel)`` in float64, or None when the kernel cannot be applied."""
    try:
        return corr2d(X.double(), torch.as_tensor(kernel).double())
    except (TypeError, ValueError, RuntimeError):
        return None


def check_diagonal_edges(Y_K, Y_XT, Y_KT):
    """Check exercise 1: ``corr2d`` of ``diagonal_image(8)`` with K, of its transpose, with K.T.

    Returns True when all three tensors are right.
    """
    X, K = diagonal_image(8), edge_kernel()
    parts = [("corr2d(X, K)", Y_K, corr2d(X, K)),
             ("corr2d(X.t(), K)", Y_XT, corr2d(X.t(), K)),
             ("corr2d(X, K.t())", Y_KT, corr2d(X, K.t()))]
    hint = "Use X = diagonal_image(8) and K = edge_kernel()."
    return all([_tensor_answer(name, a, e, hint) for name, a, e in parts])


def check_edge_detector(edge_detector):
    """Check exercise 2a: ``edge_detector(v1, v2)`` returns a kernel for brightness change along v.

    On an image that brightens along ``(v1, v2)`` (v1 per column, v2 per row) its response
    must be positive and the same everywhere; on one that brightens across v, zero.
    """
    if not _function_answer(edge_detector, "edge_detector(v1, v2)"):
        return False
    for v1, v2 in [(1, 0), (0, 1), (1, 1), (2, -1), (-1, 3)]:
        try:
            kernel = edge_detector(v1, v2)
        except Exception as err:  # a learner's bug: report it instead of a traceback
            print(f"{WRONG} edge_detector({v1}, {v2}) raised {type(err).__name__}: {err}")
            return False
        along = _apply(kernel, _ramp(v1, v2))
        across = _apply(kernel, _ramp(-v2, v1))
        if along is None or across is None:
            print(f"{WRONG} edge_detector({v1}, {v2}) is not a 2-D tensor that fits a 9x9 image")
            return False
        constant = torch.allclose(along, along.flatten()[0].expand_as(along))
        if not ((along > 1e-6).all() and constant):
            return _verdict(False, "", f"for v = ({v1}, {v2}), an image brightening along v "
                            "should give the same positive value everywhere. Hint: combine a "
                            "difference across columns and one across rows, weighted by v1 and v2.")
        if not torch.allclose(across, torch.zeros_like(across), atol=1e-6):
            return _verdict(False, "", f"for v = ({v1}, {v2}), an image brightening across v "
                            "(along (-v2, v1)) should give 0 everywhere.")
    return _verdict(True, "your kernel responds to change along v, and to nothing across it.", "")


def check_second_derivative(kernel, min_size):
    """Check exercise 2b: a 1-row kernel for d²/dx² and the minimum number of its entries."""
    if kernel is None or min_size is None:
        print(f"{EMPTY} give the kernel and its minimum size")
        return False
    parabola = _apply(kernel, _ramp(1, 0) ** 2)
    line = _apply(kernel, _ramp(1, 0))
    if parabola is None or line is None or torch.as_tensor(kernel).shape[0] != 1:
        print(f"{WRONG} give the kernel as a tensor of shape (1, n), e.g. torch.tensor([[...]])")
        return False
    ok_kernel = torch.allclose(parabola, torch.full_like(parabola, 2.0)) and \
        torch.allclose(line, torch.zeros_like(line))
    ok = _verdict(ok_kernel, "on x**2 your kernel gives 2 everywhere, on a line 0.",
                  "on f(x) = x**2 the kernel should give f'' = 2 everywhere and 0 on a straight "
                  "line. Hint: the difference of two neighbouring first differences.")
    return _verdict(min_size == 3, "3 entries: two differences need three points.",
                    "how many samples does a difference of two differences use?") and ok


def check_laplacian(kernel):
    """Check exercise 2c: a kernel giving d²/dx² + d²/dy² (4 on x² + y², 0 on planes)."""
    if kernel is None:
        print(f"{EMPTY} give the kernel")
        return False
    bowl = _apply(kernel, _ramp(1, 0) ** 2 + _ramp(0, 1) ** 2)
    plane = _apply(kernel, _ramp(2, -3) + 1)
    if bowl is None or plane is None:
        print(f"{WRONG} give a 2-D tensor no larger than 9x9")
        return False
    ok = torch.allclose(bowl, torch.full_like(bowl, 4.0)) and \
        torch.allclose(plane, torch.zeros_like(plane))
    return _verdict(ok, "4 on x**2 + y**2 and 0 on any plane: a Laplacian.",
                    "it should give 4 on x**2 + y**2 and 0 on a plane. Hint: add the "
                    "second-difference kernel along rows to the one along columns, in a 3x3.")


def check_blur(kernel):
    """Check exercise 2d: a blur kernel (non-negative, summing to 1, more than one entry)."""
    if kernel is None:
        print(f"{EMPTY} give the kernel")
        return False
    K = torch.as_tensor(kernel).double()
    if K.dim() != 2 or K.numel() < 2:
        print(f"{WRONG} give a 2-D kernel with more than one entry")
        return False
    if (K < 0).any():
        return _verdict(False, "", "a blur averages: its weights should not be negative.")
    if not torch.isclose(K.sum(), torch.tensor(1.0, dtype=K.dtype)):
        return _verdict(False, "", f"the weights sum to {K.sum().item():.3f}; make them sum to 1 "
                        "so that a flat image keeps its brightness.")
    noise = torch.randn(32, 32, generator=torch.Generator().manual_seed(0), dtype=K.dtype)
    smoother = corr2d(noise, K).std() < noise.std()
    return _verdict(bool(smoother), "a weighted average: it keeps flat regions and smooths noise.",
                    "it does not reduce noise; spread the weight over several entries.")


def check_min_derivative_size(min_size):
    """Check exercise 2e: ``min_size(d)``, the fewest kernel entries for a derivative of order d."""
    if not _function_answer(min_size, "min_kernel_size(d)"):
        return False
    try:
        answers = {d: min_size(d) for d in range(1, 9)}
    except Exception as err:  # a learner's bug: report it instead of a traceback
        print(f"{WRONG} your function raised {type(err).__name__}: {err}")
        return False
    wrong = [d for d, n in answers.items() if n != d + 1]
    return _verdict(not wrong, "d + 1: a difference of order d needs d + 1 samples.",
                    f"wrong for d = {wrong[:3]}. Hint: order 1 needs 2 samples, order 2 needs 3.")


def conv2d_gradient_problem():
    """Return (layer weight, input X, target Y) of exercise 3: weight [[0.5, -0.5]], bias 0."""
    X = stripes()
    return torch.tensor([[0.5, -0.5]]), X, corr2d(X, edge_kernel())


def check_conv2d_gradients(weight_grad, bias_grad):
    """Check exercise 3: gradients of sum((Conv2D(X) - Y)**2) w.r.t. the weight and the bias.

    The reference is computed with ``torch.nn.functional.conv2d``, not with ``Conv2D``.
    """
    if weight_grad is None or bias_grad is None:
        print(f"{EMPTY} give layer.weight.grad and layer.bias.grad")
        return False
    w, X, Y = conv2d_gradient_problem()
    w = w.clone().requires_grad_()
    b = torch.zeros(1, requires_grad=True)
    ((F.conv2d(X[None, None], w[None, None], b)[0, 0] - Y) ** 2).sum().backward()
    hint = "set the weight with torch.no_grad(), compute the loss, call backward() once."
    return all([_tensor_answer("the weight gradient", weight_grad, w.grad, hint),
                _tensor_answer("the bias gradient", bias_grad, b.grad, hint)])


def check_corr2d_as_matmul(corr2d_matmul):
    """Check exercise 4: ``corr2d_matmul(X, K)`` equals ``corr2d`` on several shapes."""
    if not _function_answer(corr2d_matmul, "corr2d_matmul(X, K)"):
        return False
    g = torch.Generator().manual_seed(0)
    for xs, ks in [((3, 3), (2, 2)), ((6, 8), (1, 2)), ((5, 4), (3, 2)), ((4, 4), (4, 4))]:
        X, K = torch.randn(xs, generator=g), torch.randn(ks, generator=g)
        try:
            got = corr2d_matmul(X, K)
        except Exception as err:  # a learner's bug: report it instead of a traceback
            print(f"{WRONG} on X {xs}, K {ks} it raised {type(err).__name__}: {err}")
            return False
        if not (isinstance(got, torch.Tensor) and got.shape == corr2d(X, K).shape
                and torch.allclose(got, corr2d(X, K), atol=1e-5)):
            return _verdict(False, "", f"on X {xs}, K {ks} the result differs from corr2d. Hint: "
                            "one row per window (X.unfold), times the flattened kernel.")
    return _verdict(True, "one matrix multiplication gives the cross-correlation.", "")


# Notebook 11: the shape rule with channels, padding and stride.
SHAPE_PROBLEM = {"image": (3, 32, 30), "weight": (8, 3, 5, 5), "padding": 2, "stride": 3}


def check_output_shape(shape):
    """Check notebook 11's question: the output shape of ``SHAPE_PROBLEM``, as (c, h, w).

    The reference is computed, not recalled: ``helpers.conv2d`` run on zeros of those shapes.
    """
    p = SHAPE_PROBLEM
    expected = tuple(conv2d(torch.zeros(p["image"]), torch.zeros(p["weight"]),
                            padding=p["padding"], stride=p["stride"]).shape)
    if shape is None:
        print(f"{EMPTY} give the shape as (channels, height, width)")
        return False
    try:
        shape = tuple(int(n) for n in shape)
    except (TypeError, ValueError):
        print(f"{WRONG} give three whole numbers (channels, height, width), got {shape!r}")
        return False
    if len(shape) != 3:
        print(f"{WRONG} give three numbers (channels, height, width), got {len(shape)}")
        return False
    if shape[0] != expected[0]:
        return _verdict(False, "", "the number of channels: each output channel comes from one "
                        "kernel, so it is the weight's first dimension.")
    return _verdict(shape == expected, f"{expected}: (n + 2p - k) // s + 1 per side.",
                    "height and width: (n + 2 * padding - kernel) // stride + 1, rounded down.")
