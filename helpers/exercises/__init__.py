"""The exercises' checks, and the one answer engine they all read answers with.

``answers`` holds the engine (the rules for numbers, shapes, predictions and tolerances, and
the ``Recorder`` that sees a method); the checks are grouped by notebook: ``notebook05``
(kernels, autograd, the matrix product), ``shapes`` (notebooks 0, 11 and 12), ``layers``
(13 and 14) and ``networks`` (15 to 18). Each check prints one sentence per part, right or
the mistake, and returns a ``Verdict``; it never raises on a learner's answer.
"""

from helpers.exercises.answers import EMPTY, RIGHT, WRONG, Verdict, returns_verdict, verdict
from helpers.exercises.layers import check_backward, check_cost_ratio, check_parameter_count
from helpers.exercises.networks import (
    check_flat_size,
    check_lenet_flat_size,
    check_receptive_field,
    check_shift_period,
)
from helpers.exercises.notebook05 import (
    check_bias_gradient_sign,
    check_blur,
    check_conv2d_gradients,
    check_corr2d_as_matmul,
    check_diagonal_edges,
    check_diagonal_prediction,
    check_edge_detector,
    check_laplacian,
    check_min_derivative_size,
    check_second_derivative,
    check_window_matrix_shape,
    conv2d_gradient_problem,
    diagonal_maps,
    thin_line,
)
from helpers.exercises.shapes import (
    check_output_shape,
    check_pooling_prediction,
    check_stacked_kernel,
    pooling_problem,
)

__all__ = [
    "EMPTY", "RIGHT", "WRONG", "Verdict", "check_backward", "check_bias_gradient_sign",
    "check_blur", "check_conv2d_gradients", "check_corr2d_as_matmul", "check_cost_ratio",
    "check_diagonal_edges", "check_diagonal_prediction", "check_edge_detector",
    "check_flat_size", "check_laplacian", "check_lenet_flat_size", "check_min_derivative_size",
    "check_output_shape", "check_parameter_count", "check_pooling_prediction",
    "check_receptive_field", "check_second_derivative", "check_shift_period",
    "check_stacked_kernel", "check_window_matrix_shape", "conv2d_gradient_problem",
    "diagonal_maps", "pooling_problem", "returns_verdict", "thin_line", "verdict",
]
