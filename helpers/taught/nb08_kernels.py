"""Hand-designed kernels: the seed's edge kernel, edges in any direction, Sobel, blur, ...

Each function returns a float32 tensor to cross-correlate with an image, e.g.
``corr2d_fast(photo(), sobel_x())``. Positive responses mean "brighter towards"
the direction the kernel's positive entries lie in.
"""

import math

import torch
from torch import Tensor

from helpers.checks import require_input, whole_number


# First used in notebook 3, Edge detection: a kernel that finds where colour changes.
def edge_kernel() -> Tensor:
    """Return the 1x2 kernel ``[[1., -1.]]`` that responds to vertical edges.

    On a white-to-black step it gives 1, on black-to-white -1, on flat regions 0.
    """
    return torch.tensor([[1.0, -1.0]])


# First used in notebook 8, Hand-designed kernels on a real photograph.
def horizontal_edge() -> Tensor:
    """Return the 2x1 kernel ``[[1], [-1]]``: pixel minus the one below, so horizontal edges."""
    return torch.tensor([[1.0], [-1.0]])


# First used in notebook 8, Hand-designed kernels on a real photograph.
def diagonal_edge() -> Tensor:
    """Return the 2x2 kernel ``[[1, 0], [0, -1]]``: pixel minus its lower-right neighbour."""
    return torch.tensor([[1.0, 0.0], [0.0, -1.0]])


# First used in notebook 8, Hand-designed kernels on a real photograph.
def sobel_x() -> Tensor:
    """Return the 3x3 Sobel kernel for the change from left to right (vertical edges).

    It is the difference ``[-1, 0, 1]`` across columns, smoothed by ``[1, 2, 1]`` down rows.
    """
    return torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])


# First used in notebook 8, Hand-designed kernels on a real photograph.
def sobel_y() -> Tensor:
    """Return the 3x3 Sobel kernel for the change from top to bottom (horizontal edges)."""
    return sobel_x().t().contiguous()


# Shown in notebook 8, Hand-designed kernels on a real photograph.
def directional_edge(dx: float, dy: float) -> Tensor:
    """Return the 3x3 kernel for the change of brightness along the direction ``(dx, dy)``.

    ``dx`` points right and ``dy`` down; the vector is normalized, so
    ``directional_edge(1, 0)`` is ``sobel_x()``. On an image that brightens along
    ``(dx, dy)`` the response is positive; across that direction it is zero.
    """
    norm = math.hypot(dx, dy)
    return (dx * sobel_x() + dy * sobel_y()) / norm


def second_derivative() -> Tensor:
    """Return the 1x3 kernel ``[[1, -2, 1]]``: the second difference along a row.

    On ``f(x) = x**2`` sampled at integers it gives 2 everywhere, the second derivative.
    """
    return torch.tensor([[1.0, -2.0, 1.0]])


# First used in notebook 8, Hand-designed kernels on a real photograph.
def laplacian() -> Tensor:
    """Return the 3x3 Laplacian ``[[0, 1, 0], [1, -4, 1], [0, 1, 0]]``: both second differences."""
    return torch.tensor([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]])


# First used in notebook 8, Hand-designed kernels on a real photograph.
def box_blur(size: int = 3) -> Tensor:
    """Return the ``size x size`` kernel of equal weights summing to 1: the local average."""
    size = whole_number("size", size, 1)
    return torch.full((size, size), 1.0 / size**2)


# First used in notebook 8, Hand-designed kernels on a real photograph.
def sobel_magnitude(X: Tensor) -> Tensor:
    """Return the gradient magnitude ``sqrt(gx**2 + gy**2)`` of image ``X`` (..., H, W).

    ``gx`` and ``gy`` are the Sobel responses; the result has shape (..., H - 2, W - 2).
    """
    from helpers.taught.nb10_fast import corr2d_fast

    require_input(X, sobel_x())
    return torch.sqrt(corr2d_fast(X, sobel_x()) ** 2 + corr2d_fast(X, sobel_y()) ** 2)
