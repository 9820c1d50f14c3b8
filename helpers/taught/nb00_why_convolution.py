"""Notebook 0, why convolution: the layer as a matrix, and two layers that are one.

``convolution_matrix`` writes a cross-correlation as a matrix that multiplies the
flattened image: every row is the kernel placed over one window, zeros elsewhere, so
the matrix is sparse and its non-zero entries are the kernel's few weights, tied.
``compose_kernels`` gives the one kernel that two cross-correlations in a row amount
to.
"""

from collections.abc import Sequence

import torch
from torch import Tensor


# Shown in notebook 0, Why convolution: from a dense layer to a convolution.
def convolution_matrix(K: Tensor, input_shape: Sequence[int]) -> Tensor:
    """Return the matrix ``C`` of the cross-correlation with ``K`` on images of ``input_shape``.

    For an image ``X`` of shape ``input_shape`` = (n_h, n_w),
    ``C @ X.flatten()`` is ``corr2d(X, K).flatten()``. ``C`` has one row per output
    element, (n_h - k_h + 1) * (n_w - k_w + 1) of them in row-major order, and one
    column per pixel, n_h * n_w: row ``i * out_w + j`` is the kernel placed over the
    window of output (i, j) on an image of zeros, flattened.
    """
    k_h, k_w = K.shape
    n_h, n_w = input_shape
    out_h, out_w = n_h - k_h + 1, n_w - k_w + 1
    C = torch.zeros(out_h * out_w, n_h * n_w, dtype=K.dtype)
    for i in range(out_h):
        for j in range(out_w):
            placed = torch.zeros(n_h, n_w, dtype=K.dtype)
            placed[i:i + k_h, j:j + k_w] = K  # the kernel over the window of output (i, j)
            C[i * out_w + j] = placed.flatten()
    return C


# Shown in notebook 0, Why convolution: from a dense layer to a convolution.
def compose_kernels(P: Tensor, Q: Tensor) -> Tensor:
    """Return the one kernel ``K`` with ``corr2d(corr2d(X, P), Q) == corr2d(X, K)``.

    ``K`` has shape (h1 + h2 - 1, w1 + w2 - 1) for ``P`` of (h1, w1) and ``Q`` of (h2, w2).
    The entry of ``Q`` at offset (a, b) adds up outputs of the first layer a rows and b
    columns apart, so it adds a copy of ``P``, shifted by (a, b) and scaled by ``Q[a, b]``,
    into ``K``.
    """
    (h1, w1), (h2, w2) = P.shape, Q.shape
    K = torch.zeros(h1 + h2 - 1, w1 + w2 - 1, dtype=torch.result_type(P, Q))
    for a in range(h2):
        for b in range(w2):
            K[a:a + h1, b:b + w1] += Q[a, b] * P
    return K
