"""Shifts, and what a network keeps of them: notebooks 16 and 18. Kernels compared with
designed ones (cosine similarity), where an output's gradient reaches in the input, images
moved by whole pixels, and the accuracy of a network on moved digits.
"""

from collections.abc import Iterable, Mapping, Sequence

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from helpers.checks import require_tensor, whole_number
from helpers.taught.nb07_receptive_fields import receptive_field_sizes  # noqa: F401  (notebook 16 uses it)
from helpers.taught.nb15_evaluation import predict


def cosine_similarity(A, B):
    """Return the cosine of the angle between ``A`` and ``B`` read as flat vectors, a float.

    1 means the same pattern up to a positive factor, -1 the same pattern with its sign
    flipped, 0 nothing in common.
    """
    require_tensor("A", A)
    require_tensor("B", B)
    if A.shape != B.shape:
        raise ValueError(f"A and B must have one shape, got {tuple(A.shape)} and {tuple(B.shape)}")
    a, b = A.detach().double().flatten(), B.detach().double().flatten()
    return float(a @ b / (a.norm() * b.norm()))


def most_similar(kernel: Tensor, designed: Mapping[str, Tensor]) -> tuple[str, float]:
    """Return ``(name, cosine)``: the kernel of ``designed`` (name -> tensor) most like ``kernel``.

    "Most like" is the largest absolute cosine: a kernel and its negative find the same
    edges, with the sign of the response flipped. The cosine returned keeps its sign.
    """
    scores = {name: cosine_similarity(kernel, K) for name, K in designed.items()}
    name = max(scores, key=lambda n: abs(scores[n]))
    return name, scores[name]


def gradient_support(
    features: nn.Module,
    input_shape: Sequence[int],
    unit: tuple[int, int, int],
    samples: int = 256,
    seed: int = 0,
) -> Tensor:
    """Return a bool tensor of ``input_shape`` (H, W): the input pixels ``unit`` depends on.

    ``features`` maps a batch (batch, 1, H, W) to (batch, c, h, w); ``unit`` is a
    ``(channel, row, column)`` of its output. One input's gradient can miss pixels (a max
    pool passes the gradient to one pixel per window, a ReLU blocks it where it is off),
    so the support is the union of the non-zero gradients over ``samples`` random inputs
    (a seeded ``torch.Generator``), of the dtype of ``features``' parameters.
    """
    generator = torch.Generator().manual_seed(whole_number("seed", seed, 0))
    parameter = next(features.parameters(), None)  # the inputs take the parameters' dtype
    dtype = torch.float32 if parameter is None else parameter.dtype
    X = torch.randn((samples, 1) + tuple(input_shape), generator=generator, dtype=dtype,
                    requires_grad=True)
    c, i, j = unit
    features(X)[:, c, i, j].sum().backward()  # each sample's unit depends on its own input only
    assert X.grad is not None
    return (X.grad[:, 0] != 0).any(dim=0)


def shift_right(X: Tensor, pixels: int = 1) -> Tensor:
    """Return ``X`` (..., H, W) moved ``pixels`` columns to the right, zeros coming in on the left.

    The last ``pixels`` columns fall off the right edge.
    """
    return F.pad(X, (pixels, 0))[..., :X.shape[-1]]


def shift(X: Tensor, d_x: int, d_y: int) -> Tensor:
    """Return the images ``X`` (..., H, W) moved ``d_x`` columns right and ``d_y`` rows down.

    Negative values move left and up. Paper (zeros) comes in at one edge; what is pushed
    past the other edge is lost.
    """
    H, W = X.shape[-2:]
    padded = F.pad(X, (max(d_x, 0), max(-d_x, 0), max(d_y, 0), max(-d_y, 0)))
    top, left = max(-d_y, 0), max(-d_x, 0)
    return padded[..., top:top + H, left:left + W]


def random_shift(X: Tensor, max_shift: int, generator: torch.Generator | None = None) -> Tensor:
    """Return the images ``X`` (batch, c, H, W), each moved by its own random (d_x, d_y).

    ``d_x`` and ``d_y`` are drawn uniformly from the integers -max_shift to max_shift;
    each image moves as ``shift`` moves it.
    """
    m, (n, c, H, W) = max_shift, X.shape
    d_x, d_y = torch.randint(-m, m + 1, (2, n), generator=generator)
    padded = F.pad(X, (m, m, m, m))
    # image k's row i is the padded image's row m - d_y[k] + i, and the same for columns
    rows = (m - d_y)[:, None] + torch.arange(H)  # (n, H)
    cols = (m - d_x)[:, None] + torch.arange(W)  # (n, W)
    return padded[torch.arange(n)[:, None, None, None], torch.arange(c)[:, None, None],
                  rows[:, None, :, None], cols[:, None, None, :]]


def shift_accuracy(
    net: nn.Module,
    X: Tensor,
    y: Tensor,
    shifts: Iterable[int],
    direction: str = "x",
) -> list[float]:
    """Return the share of the images ``X`` that ``net`` classifies as ``y``, for each shift.

    ``shifts`` lists numbers of pixels; ``direction`` "x" moves the images sideways
    (``d_x``, negative to the left), "y" up and down (``d_y``, negative up).
    """
    moves = [(s, 0) if direction == "x" else (0, s) for s in shifts]
    return [(predict(net, shift(X, *move)) == y).double().mean().item() for move in moves]

