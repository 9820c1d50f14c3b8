"""Receptive fields: which input elements an output element of stacked layers depends on.

Also dilation: a kernel whose entries are spread apart, which sees further for the same
number of weights.
"""

from collections.abc import Iterable, Sequence

import torch
from torch import Tensor

from helpers.sizes import Size, dilated_span, output_size, pair


def layer_shapes(input_shape: Size, kernel_sizes: Sequence[Size]) -> list[tuple[int, int]]:
    """Return the shapes ``(height, width)`` of the input and of each stacked layer's output.

    Each layer cross-correlates with a kernel of ``kernel_sizes`` (stride 1, no padding),
    so it shrinks the shape by the kernel's size minus one. ``input_shape`` and each
    kernel size are an int or a pair (height, width), as in ``torch.nn.Conv2d``. Raises
    ``ValueError`` when a kernel is larger than the layer's input.
    """
    shapes = [pair(input_shape)]
    for k in kernel_sizes:
        shapes.append(output_size(shapes[-1], k))  # (n - k) // 1 + 1 = n - k + 1 per side
    return shapes


# First used in notebook 7, Feature maps and receptive fields.
def receptive_field(
    input_shape: Size,
    kernel_sizes: Sequence[Size],
    position: Sequence[int],
) -> list[tuple[slice, slice]]:
    """Return, per tensor from the input up, the (row slice, column slice) an output element sees.

    ``kernel_sizes`` lists each stacked layer's ``(k_h, k_w)`` (stride 1, no padding);
    ``position`` is ``(i, j)`` in the last layer's output, which must lie inside it.
    Element ``(i, j)`` of a layer with kernel ``k`` sees rows ``i:i + k_h`` and columns
    ``j:j + k_w`` of the layer below.
    """
    i, j = position
    rows, cols = slice(i, i + 1), slice(j, j + 1)
    fields = [(rows, cols)]
    for kh, kw in reversed([pair(k) for k in kernel_sizes]):
        rows, cols = slice(rows.start, rows.stop + kh - 1), slice(cols.start, cols.stop + kw - 1)
        fields.append((rows, cols))
    return fields[::-1]


# First used in notebook 16, Inside the trained network.
def receptive_field_sizes(layers: Iterable[tuple[int, int]]) -> list[int]:
    """Return, after each layer, how many input pixels along one side one output unit sees.

    ``layers`` lists ``(k, s)``, each layer's window size and stride along that side,
    from the input up. Each layer adds ``(k - 1)`` times the product of the strides of
    the layers before it: with all strides 1 this is notebook 7's ``L(k - 1) + 1``.
    """
    size, jump, sizes = 1, 1, []
    for k, s in layers:  # whole numbers, by the check
        size += (k - 1) * jump
        jump *= s
        sizes.append(size)
    return sizes


# Shown in notebook 7, Feature maps and receptive fields.
def corr2d_dilated(X: Tensor, K: Tensor, dilation: Size) -> Tensor:
    """Return the cross-correlation of ``X`` (..., n_h, n_w) with ``K`` spread ``dilation`` apart.

    Kernel entry (a, b) multiplies ``X[..., i + dil_h * a, j + dil_w * b]`` in output (i, j),
    where ``dilation`` is one number or a pair ``(dil_h, dil_w)`` (the prose's delta): each
    window spans ``dil_h * (k_h - 1) + 1`` rows and ``dil_w * (k_w - 1) + 1`` columns but
    reads only every ``dil_h``-th row and ``dil_w``-th column of them. The result has shape
    ``(..., n_h - dil_h * (k_h - 1), n_w - dil_w * (k_w - 1))``; dilation 1 is ``corr2d``.
    """
    (dil_h, dil_w), (k_h, k_w) = pair(dilation), K.shape
    span_h, span_w = dilated_span(k_h, dil_h), dilated_span(k_w, dil_w)  # dil * (k - 1) + 1
    out_h, out_w = X.shape[-2] - span_h + 1, X.shape[-1] - span_w + 1
    dtype = torch.result_type(X, K)
    Y = torch.zeros(X.shape[:-2] + (out_h, out_w), dtype=dtype, device=X.device)
    for i in range(out_h):  # output row
        for j in range(out_w):  # output column
            window = X[..., i:i + span_h:dil_h, j:j + span_w:dil_w]  # every dil-th row, column
            Y[..., i, j] = (window * K).sum(dim=(-2, -1))
    return Y


# First used in notebook 7, Feature maps and receptive fields.
def dilated_kernel(K: Tensor, dilation: Size) -> Tensor:
    """Return ``K`` with ``dilation - 1`` zeros between neighbouring entries (a number or a pair).

    The result has shape ``(dil_h * (k_h - 1) + 1, dil_w * (k_w - 1) + 1)``, and
    ``corr2d(X, dilated_kernel(K, dilation))`` equals ``corr2d_dilated(X, K, dilation)``.
    """
    (dil_h, dil_w), (k_h, k_w) = pair(dilation), K.shape
    spread = torch.zeros(dilated_span(k_h, dil_h), dilated_span(k_w, dil_w), dtype=K.dtype,
                         device=K.device)
    spread[::dil_h, ::dil_w] = K
    return spread
