"""Fast cross-correlation: the same result as ``corr2d``, computed two other ways.

``corr2d`` runs one Python iteration per *output element*. Both ways here swap the
loops and run over the kernel's few entries instead. Entry (a, b) of the kernel
multiplies the input shifted by (a, b), the view ``X[..., a:a + out_h, b:b + out_w]``:

- shift-and-add (``shift_and_add``) adds the ``h * w`` shifted views, each scaled
  by its entry, into the output: ``h * w`` whole-array operations, no extra memory;
- the matrix view (``corr2d_matmul``, im2col) copies the shifted views into the rows
  of one matrix, whose columns are then the windows, and computes every output with
  one matrix multiplication: two operations, ``h * w`` times the memory.

``corr2d_fast`` uses the matrix on small inputs, where the cost of each operation
call dominates, and shift-and-add on large ones, where memory traffic dominates.
Its backward pass is two more cross-correlations (``corr2d_input_grad`` and
``corr2d_kernel_grad``), right for real and complex tensors.
"""

import math
from typing import Any

import torch
import torch.nn.functional as F
from torch import Tensor

# corr2d_fast uses the matrix view while the window matrix has at most this many entries
# (1 MiB in float32: it stays in a CPU core's cache). Measured with a 3x3 kernel: beyond it,
# shift-and-add wins (larger kernels favour the matrix a little longer).
SMALL = 2**18


# Shown in notebook 10, Fast cross-correlation, and what it costs.
def shifted_view_grid(X: Tensor, h: int, w: int) -> Tensor:
    """Return the view of ``X`` (..., H, W) of shape ``(..., h, w, out_h, out_w)``.

    Its ``[..., a, b, :, :]`` is the shifted view ``X[..., a:a + out_h, b:b + out_w]`` that
    kernel entry (a, b) multiplies. It is a view: no data is copied.
    """
    *batch, H, W = X.shape
    *batch_steps, row_step, col_step = X.stride()
    # Element [a, b, i, j] is X[..., a + i, b + j]: one row down, in the kernel (a) or in the
    # output (i), is the same step in memory, and so is one column.
    return X.as_strided((*batch, h, w, H - h + 1, W - w + 1),
                        (*batch_steps, row_step, col_step, row_step, col_step),
                        X.storage_offset())


# Shown in notebook 10, Fast cross-correlation, and what it costs.
def shifted_views(X: Tensor, h: int, w: int) -> list[tuple[Tensor, ...]]:
    """Return the ``h x w`` views of ``X`` that kernel entry (a, b) multiplies, row by row.

    View (a, b) is ``X[..., a:a + out_h, b:b + out_w]``; no data is copied.
    """
    return [row.unbind(-3) for row in shifted_view_grid(X, h, w).unbind(-4)]


# Shown in notebook 10, Fast cross-correlation, and what it costs.
def shift_and_add(X: Tensor, K: Tensor) -> Tensor:
    """Return ``corr2d(X, K)`` as a sum over kernel entries of scaled, shifted views of ``X``."""
    h, w = K.shape
    Y = None
    for weights, views in zip(K.tolist(), shifted_views(X, h, w)):
        for k, view in zip(weights, views):
            if Y is None:
                Y = torch.mul(view, k)  # the first pass allocates the output
            else:
                Y.add_(view, alpha=k)  # every other pass adds in place
    return Y


# Shown in notebook 10, Fast cross-correlation, and what it costs.
def window_matrix(X: Tensor, h: int, w: int) -> Tensor:
    """Return the im2col matrix of ``X`` (..., H, W) for an ``h x w`` kernel.

    Its shape is ``(..., h * w, out_h * out_w)``. Column ``i * out_w + j`` is the
    window under the kernel at output (i, j), flattened; row ``a * w + b`` is the
    shifted view ``X[..., a:a + out_h, b:b + out_w]``, flattened. It is a copy.
    """
    *batch, H, W = X.shape
    grid = shifted_view_grid(X, h, w)  # (..., h, w, out_h, out_w), a view
    return grid.reshape(*batch, h * w, (H - h + 1) * (W - w + 1))  # the copy


# Shown in notebook 10, Fast cross-correlation, and what it costs.
def window_matmul(X: Tensor, K: Tensor) -> Tensor:
    """Return ``corr2d(X, K)`` as the flattened kernel times the window matrix of ``X``."""
    h, w = K.shape
    out_h, out_w = X.shape[-2] - h + 1, X.shape[-1] - w + 1
    Y = K.reshape(1, h * w) @ window_matrix(X, h, w)  # (1, h*w) @ (..., h*w, out_h*out_w)
    return Y.reshape(X.shape[:-2] + (out_h, out_w))


# Shown in notebook 10, Fast cross-correlation, and what it costs.
def matmul_or_shift_and_add(X: Tensor, K: Tensor) -> Tensor:
    """Return ``corr2d(X, K)``: by the matrix view if its matrix is small, else shift-and-add."""
    h, w = K.shape
    out_shape = X.shape[:-2] + (X.shape[-2] - h + 1, X.shape[-1] - w + 1)
    # (integer matrix multiplication is missing on GPUs: integers take shift-and-add)
    if X.is_floating_point() and math.prod(out_shape) * h * w <= SMALL:
        return window_matmul(X, K)
    return shift_and_add(X, K)


# Shown in notebook 14, The backward pass: gradients as cross-correlations.
def corr2d_input_grad(grad_Y: Tensor, K: Tensor) -> Tensor:
    """Return the gradient of ``corr2d(X, K)`` with respect to ``X``, given ``grad_Y``.

    ``grad_Y`` (..., out_h, out_w) is the gradient with respect to the output. Input
    element X[i, j] was multiplied by K[a, b] in output Y[i - a, j - b], for every (a, b)
    whose window covers it. Summing grad_Y over those outputs is the "full"
    cross-correlation of grad_Y, padded by ``k - 1`` zeros on every side, with the
    flipped kernel (its complex conjugate for complex K). The result has X's shape,
    (..., out_h + k_h - 1, out_w + k_w - 1).
    """
    h, w = K.shape
    padded = F.pad(grad_Y, (w - 1, w - 1, h - 1, h - 1))
    return corr2d_fast(padded, torch.flip(K, dims=(0, 1)).conj())


# Shown in notebook 14, The backward pass: gradients as cross-correlations.
def corr2d_kernel_grad(X: Tensor, grad_Y: Tensor) -> Tensor:
    """Return the gradient of ``corr2d(X, K)`` with respect to ``K``, given ``grad_Y``.

    Kernel entry K[a, b] multiplied the shifted view ``X[..., a:a + out_h, b:b + out_w]``
    in every output, so its gradient is that view times grad_Y, summed: the
    cross-correlation of X (its conjugate, if complex) with grad_Y as the kernel. It is
    computed as the window matrix of X times grad_Y flattened, summed over any leading
    batch dimensions. The result has K's shape, (n_h - out_h + 1, n_w - out_w + 1).
    """
    h, w = X.shape[-2] - grad_Y.shape[-2] + 1, X.shape[-1] - grad_Y.shape[-1] + 1
    dtype = torch.result_type(X, grad_Y)  # the dtype autograd gives the kernel's gradient
    X, grad_Y = X.to(dtype), grad_Y.to(dtype)
    M = window_matrix(X.conj(), h, w)  # (..., h * w, out_h * out_w): row a * w + b is view (a, b)
    g = grad_Y.reshape(*grad_Y.shape[:-2], -1, 1)  # (..., out_h * out_w, 1)
    return (M @ g).reshape(-1, h * w).sum(dim=0).reshape(h, w)


# Shown in notebook 14, The backward pass: gradients as cross-correlations.
class Corr2dFastFunction(torch.autograd.Function):
    """Cross-correlation whose backward pass is itself two cross-correlations."""

    @staticmethod
    def forward(ctx: Any, X: Tensor, K: Tensor) -> Tensor:
        ctx.save_for_backward(X, K)
        return matmul_or_shift_and_add(X, K)

    @staticmethod
    def backward(ctx: Any, grad_Y: Tensor) -> tuple[Tensor | None, Tensor | None]:
        X, K = ctx.saved_tensors
        grad_X = corr2d_input_grad(grad_Y, K) if ctx.needs_input_grad[0] else None
        grad_K = corr2d_kernel_grad(X, grad_Y) if ctx.needs_input_grad[1] else None
        return grad_X, grad_K


# First used in notebook 4, Learning a kernel from examples.
def corr2d_fast(X: Tensor, K: Tensor) -> Tensor:
    """Return the cross-correlation of ``X`` (..., H, W) with ``K`` (h, w), like ``corr2d``.

    The result has shape ``(..., H - h + 1, W - w + 1)`` and the dtype of ``X`` and
    ``K`` combined; gradients flow to both. It makes ``h * w`` passes over the output
    (shift-and-add), or one matrix multiplication when the input is small.
    """
    dtype = torch.result_type(X, K)
    if X.dtype != dtype or K.dtype != dtype:
        X, K = X.to(dtype), K.to(dtype)
    if torch.is_grad_enabled() and (X.requires_grad or K.requires_grad):
        return Corr2dFastFunction.apply(X, K)
    return matmul_or_shift_and_add(X, K)  # nothing to differentiate: skip autograd's bookkeeping


# First used in notebook 10, Fast cross-correlation, and what it costs.
def corr2d_matmul(X: Tensor, K: Tensor) -> Tensor:
    """Return ``corr2d(X, K)`` computed as one matrix multiplication (im2col).

    Every ``h x w`` window of ``X`` (..., H, W) becomes a column of the window
    matrix, of shape ``(..., h * w, out_h * out_w)`` (see ``window_matrix``).
    The flattened kernel, a row of ``h * w`` entries, times that matrix gives all
    ``out_h * out_w`` outputs at once. Autograd differentiates it as it stands.
    """
    dtype = torch.result_type(X, K)
    X, K = X.to(dtype), K.to(dtype)
    return window_matmul(X, K)
