"""Receptive fields: which input elements an output element of stacked layers depends on.

Also dilation: a kernel whose entries are spread apart, which sees further for the same
number of weights.
"""

import torch

from helpers.validation import check_input, int_pair, whole_number


def layer_shapes(input_shape, kernel_sizes):
    """Return the shapes ``(height, width)`` of the input and of each stacked layer's output.

    Each layer cross-correlates with a kernel of ``kernel_sizes`` (stride 1, no padding),
    so it shrinks the shape by the kernel's size minus one. Raises ``ValueError`` when a
    kernel is larger than the layer's input.
    """
    shapes = [int_pair("input_shape", tuple(input_shape), 1)]
    for k in kernel_sizes:
        (kh, kw), (h, w) = int_pair("kernel size", k, 1), shapes[-1]
        if kh > h or kw > w:
            raise ValueError(f"kernel {(kh, kw)} is larger than its input {(h, w)}")
        shapes.append((h - kh + 1, w - kw + 1))
    return shapes


def check_position(position, shape):
    """Raise ``ValueError`` unless ``position`` ``(i, j)`` lies inside ``shape``; return it."""
    if not isinstance(position, (tuple, list)) or len(position) != 2:
        raise TypeError(f"position must be a pair (row, column), got {position!r}")
    i, j = whole_number("position[0]", position[0], 0), whole_number("position[1]", position[1], 0)
    if i >= shape[0] or j >= shape[1]:
        raise ValueError(f"position {(i, j)} is outside the last output, of shape {tuple(shape)}")
    return i, j


def receptive_field(input_shape, kernel_sizes, position):
    """Return, per tensor from the input up, the (row slice, column slice) an output element sees.

    ``kernel_sizes`` lists each stacked layer's ``(k_h, k_w)`` (stride 1, no padding);
    ``position`` is ``(i, j)`` in the last layer's output, which must lie inside it.
    Element ``(i, j)`` of a layer with kernel ``k`` sees rows ``i:i + k_h`` and columns
    ``j:j + k_w`` of the layer below.
    """
    i, j = check_position(position, layer_shapes(input_shape, kernel_sizes)[-1])
    rows, cols = slice(i, i + 1), slice(j, j + 1)
    fields = [(rows, cols)]
    for kh, kw in reversed([int_pair("kernel size", k, 1) for k in kernel_sizes]):
        rows, cols = slice(rows.start, rows.stop + kh - 1), slice(cols.start, cols.stop + kw - 1)
        fields.append((rows, cols))
    return fields[::-1]


def corr2d_dilated(X, K, dilation):
    """Return the cross-correlation of ``X`` (..., n_h, n_w) with ``K`` spread ``dilation`` apart.

    Kernel entry (a, b) multiplies ``X[..., i + d_h * a, j + d_w * b]`` in output (i, j),
    where ``dilation`` is ``d`` or ``(d_h, d_w)``: each window spans ``d_h * (k_h - 1) + 1``
    rows and ``d_w * (k_w - 1) + 1`` columns but reads only every ``d``-th of them. The
    result has shape ``(..., n_h - d_h * (k_h - 1), n_w - d_w * (k_w - 1))``; dilation 1 is
    ``corr2d``.
    """
    d_h, d_w = check_dilated_input(X, K, dilation)
    k_h, k_w = K.shape
    span_h, span_w = d_h * (k_h - 1) + 1, d_w * (k_w - 1) + 1
    out_h, out_w = X.shape[-2] - span_h + 1, X.shape[-1] - span_w + 1
    dtype = torch.result_type(X, K)
    Y = torch.zeros(X.shape[:-2] + (out_h, out_w), dtype=dtype, device=X.device)
    for i in range(out_h):  # output row
        for j in range(out_w):  # output column
            window = X[..., i:i + span_h:d_h, j:j + span_w:d_w]  # every d-th row and column
            Y[..., i, j] = (window * K).sum(dim=(-2, -1))
    return Y


def dilated_kernel(K, dilation):
    """Return ``K`` with ``d - 1`` zeros between neighbouring entries (``dilation`` = d or a pair).

    The result has shape ``(d_h * (k_h - 1) + 1, d_w * (k_w - 1) + 1)``, and
    ``corr2d(X, dilated_kernel(K, d))`` equals ``corr2d_dilated(X, K, d)``.
    """
    require_kernel(K)
    d_h, d_w = int_pair("dilation", dilation, 1)
    k_h, k_w = K.shape
    D = torch.zeros(d_h * (k_h - 1) + 1, d_w * (k_w - 1) + 1, dtype=K.dtype, device=K.device)
    D[::d_h, ::d_w] = K
    return D


def require_kernel(K):
    """Raise unless ``K`` is a non-empty 2-D tensor; return nothing."""
    if not isinstance(K, torch.Tensor):
        raise TypeError(f"K must be a torch.Tensor, got {type(K).__name__}")
    if K.dim() != 2 or K.numel() == 0:
        raise ValueError(f"K must be a non-empty 2-D kernel (k_h, k_w), got shape {tuple(K.shape)}")


def check_dilated_input(X, K, dilation):
    """Check the arguments of ``corr2d_dilated``; return the dilation as a pair ``(d_h, d_w)``.

    Besides ``check_input``'s checks, the dilation must be a positive integer or a pair of
    them, and the dilated kernel's span must fit inside the input.
    """
    check_input(X, K)
    d_h, d_w = int_pair("dilation", dilation, 1)
    span = (d_h * (K.shape[0] - 1) + 1, d_w * (K.shape[1] - 1) + 1)
    if span[0] > X.shape[-2] or span[1] > X.shape[-1]:
        raise ValueError(f"kernel of shape {tuple(K.shape)} with dilation {(d_h, d_w)} spans "
                         f"{span}, larger than the input's height x width {tuple(X.shape[-2:])}")
    return d_h, d_w
