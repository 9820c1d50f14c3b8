"""Every check judges right: correct answers in every honest style pass, each dodge is refused.

The dodges are those issue 29 found accepted on main (2e39e6e): a library routine or the course's
own helper however wrapped or cast, a loop where one product is asked, a lookup table of the
cases a check tried, a computed torch.Size or tensor where a prediction is asked, a gradient for
its sign, strings for numbers, hard-coded or nn.Conv2d gradients, a Laplacian of two pixels, a
"blur" of pixels far apart. The right answers are the styles main refused: 0-d tensors, NumPy
scalars, float32 stencils with fractional weights. Only public names are imported, so that the
file runs against any version of the package.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn
from verdicts import verdict

import helpers
from helpers import (
    Conv2D,
    check_backward,
    check_bias_gradient_sign,
    check_blur,
    check_conv2d_gradients,
    check_corr2d_as_matmul,
    check_cost_ratio,
    check_diagonal_edges,
    check_diagonal_prediction,
    check_edge_detector,
    check_flat_size,
    check_laplacian,
    check_lenet_flat_size,
    check_min_derivative_size,
    check_output_shape,
    check_parameter_count,
    check_pooling_prediction,
    check_receptive_field,
    check_second_derivative,
    check_shift_period,
    check_stacked_kernel,
    check_window_matrix_shape,
    conv2d_gradient_problem,
    corr2d,
    diagonal_image,
    edge_kernel,
    pool2d,
    pooling_problem,
)

# ------------------------------------------------------------ numbers in every honest style
NUMBER_CHECKS = [(check_flat_size, 64), (check_receptive_field, 16),
                 (check_lenet_flat_size, 576)]
STYLES = [int, float, np.int64, np.float32, lambda v: torch.tensor(v),
          lambda v: torch.tensor(float(v)), lambda v: np.array(v)]


@pytest.mark.parametrize("check, right", NUMBER_CHECKS, ids=lambda c: getattr(c, "__name__", ""))
@pytest.mark.parametrize("style", range(len(STYLES)))
def test_a_number_is_right_in_every_honest_style(capsys, check, right, style):
    verdict(capsys, check(STYLES[style](right)), True)


@pytest.mark.parametrize("check, right", NUMBER_CHECKS + [(check_shift_period, 4)],
                         ids=lambda c: getattr(c, "__name__", ""))
def test_a_string_is_not_a_number(capsys, check, right):
    verdict(capsys, check(str(right)), False, "without quotes" if False else "quotes")


def test_parameter_counts_and_ratio_in_every_style(capsys):
    for style in STYLES:
        verdict(capsys, check_parameter_count(style(4640), style(4640)), True)
    for ratio in [(62 * 62) / (30 * 30), np.float64(4.27), torch.tensor(4.27),
                  torch.tensor(4.27, dtype=torch.float32), np.float32(4.27)]:
        verdict(capsys, check_cost_ratio(ratio), True)
    verdict(capsys, check_parameter_count("4640", "4640"), False, "quotes")
    verdict(capsys, check_cost_ratio("4.27"), False, "quotes")


# ------------------------------------------------------------ predictions are typed
def test_predictions_are_typed_numbers(capsys):
    verdict(capsys, check_diagonal_prediction([(8, 7), (8, 7), (7, 8)], [7, -7, -7]), True)
    verdict(capsys, check_diagonal_prediction([[8, 7], [8, 7], [7, 8]], (7.0, -7.0, -7.0)), True)
    verdict(capsys, check_stacked_kernel((4, 8), 18, 32), True)
    verdict(capsys, check_stacked_kernel([4, 8], np.int64(18), 32.0), True)
    verdict(capsys, check_window_matrix_shape((6, 30)), True)
    verdict(capsys, check_window_matrix_shape([6, 30]), True)
    verdict(capsys, check_output_shape((8, 11, 10)), True)
    verdict(capsys, check_pooling_prediction((3, 4), 2), True)
    verdict(capsys, check_pooling_prediction([3, 4], 2.0), True)
    verdict(capsys, check_shift_period(4), True)
    verdict(capsys, check_bias_gradient_sign(+1), True)
    verdict(capsys, check_bias_gradient_sign(1.0), True)


def test_computed_sizes_and_tensors_are_not_predictions(capsys):
    X, K = diagonal_image(8), edge_kernel()
    maps = [corr2d(X, K), corr2d(X.t(), K), corr2d(X, K.t())]
    verdict(capsys, check_diagonal_prediction([m.shape for m in maps], [7, -7, -7]), False,
           "type the numbers you predicted")
    verdict(capsys, check_diagonal_prediction([(8, 7), (8, 7), (7, 8)], [m.sum() for m in maps]),
           False, "type the numbers you predicted")
    verdict(capsys, check_stacked_kernel(torch.Size([4, 8]), 18, 32), False, "predicted")
    verdict(capsys, check_stacked_kernel((4, 8), torch.tensor(18), 32), False, "predicted")
    verdict(capsys, check_window_matrix_shape(torch.Size([6, 30])), False, "predicted")
    verdict(capsys, check_window_matrix_shape(np.array([6, 30])), False, "predicted")
    verdict(capsys, check_output_shape(torch.Size([8, 11, 10])), False, "predicted")
    verdict(capsys, check_shift_period(torch.tensor(4)), False, "predicted")
    verdict(capsys, check_bias_gradient_sign(torch.tensor(1.0)), False, "predicted")
    Xp = pooling_problem().requires_grad_()
    Y = pool2d(Xp, 3, stride=2)
    Y.sum().backward()
    verdict(capsys, check_pooling_prediction(Y.shape, 2), False, "predicted")
    verdict(capsys, check_pooling_prediction((3, 4), Xp.grad[4, 3]), False, "predicted")


def test_a_layer_run_for_a_predicted_shape_is_refused(capsys):
    layer = nn.Conv2d(3, 8, kernel_size=5, padding=2, stride=3)
    verdict(capsys, check_output_shape(tuple(layer(torch.zeros(1, 3, 32, 30)).shape[1:])), False,
           "Conv2d")
    Xp = pooling_problem().requires_grad_()
    Y = pool2d(Xp, 3, stride=2)
    verdict(capsys, check_pooling_prediction(tuple(Y.shape), 2), False, "pool2d")


def test_the_gradient_is_not_its_sign(capsys):
    verdict(capsys, check_bias_gradient_sign(18.0), False, "sign")
    verdict(capsys, check_bias_gradient_sign("+1"), False, "quotes")


# ------------------------------------------------------------ the course's helpers answer nothing
def test_the_courses_helpers_never_pass_for_an_answer(capsys):
    verdict(capsys, check_receptive_field(helpers.receptive_field_sizes(
        [(5, 1), (2, 2), (5, 1), (2, 2)])[-1]), False, "receptive_field_sizes")
    verdict(capsys, check_flat_size(helpers.digit_net()[7].in_features), False)
    verdict(capsys, check_lenet_flat_size(helpers.lenet5()[7].in_features), False)
    verdict(capsys, check_lenet_flat_size(
        helpers.lenet5()[:7](torch.zeros(1, 1, 32, 32, dtype=torch.float64)).shape[1]), False)
    params, _ = helpers.conv_cost(16, 32, 3, 32)
    verdict(capsys, check_parameter_count(params, params), False, "conv_cost")
    verdict(capsys, check_edge_detector(helpers.directional_edge), False)
    verdict(capsys, check_edge_detector(lambda d_x, d_y: helpers.directional_edge(d_x, d_y)),
           False, "directional_edge")


# ------------------------------------------------------------ exercise 2: kernels
def test_float32_stencils_with_fractional_weights_are_right(capsys):
    nine_point = torch.tensor([[1.0, 4.0, 1.0], [4.0, -20.0, 4.0], [1.0, 4.0, 1.0]]) / 6
    verdict(capsys, check_laplacian(nine_point), True)
    verdict(capsys, check_laplacian(nine_point.double()), True)
    verdict(capsys, check_laplacian(torch.tensor([[0.0, 1, 0], [1, -4, 1], [0, 1, 0]])), True)
    verdict(capsys, check_laplacian(np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]])), True)
    seven = torch.tensor([[2.0, -27.0, 270.0, -490.0, 270.0, -27.0, 2.0]]) / 180
    verdict(capsys, check_second_derivative(seven, 3, -6), True)
    verdict(capsys, check_second_derivative(torch.tensor([[1.0, -2.0, 1.0]]), torch.tensor(3),
                                           -6), True)
    verdict(capsys, check_blur(torch.full((3, 3), 1 / 9)), True)
    verdict(capsys, check_blur(torch.tensor([[1.0, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16), True)
    verdict(capsys, check_blur(torch.full((5, 5), 1 / 25, dtype=torch.float32)), True)


def test_a_laplacian_of_two_pixels_is_refused(capsys):
    K = torch.zeros(4, 4)
    K[1, 0:3] += torch.tensor([1.0, -2.0, 1.0])  # along rows, centred on (1, 1)
    K[0:3, 2] += torch.tensor([1.0, -2.0, 1.0])  # along columns, centred on (1, 2)
    verdict(capsys, check_laplacian(K), False, "same pixel")


def test_a_blur_of_pixels_far_apart_is_refused(capsys):
    K = torch.zeros(1, 9)
    K[0, 0] = K[0, 8] = 0.5
    verdict(capsys, check_blur(K), False, "neighbouring")


def test_edge_detector_lookup_tables_are_refused(capsys):
    sobel = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
    table = {(d_x, d_y): d_x * sobel + d_y * sobel.t()
             for d_x, d_y in [(2, -1), (1, 0), (0, 1), (1, 1), (-1, 3)]}
    verdict(capsys, check_edge_detector(lambda d_x, d_y: table[(d_x, d_y)]), False)
    verdict(capsys, check_edge_detector(lambda d_x, d_y: d_x * sobel + d_y * sobel.t()), True)
    verdict(capsys, check_edge_detector(
        lambda d_x, d_y: (d_x * sobel + d_y * sobel.t()).float() / 8), True)


def test_min_derivative_size_lookup_tables_are_refused(capsys):
    table = {d: d + 1 for d in range(9)}
    verdict(capsys, check_min_derivative_size(lambda d: table[d]), False)
    verdict(capsys, check_min_derivative_size(lambda d: d + 1), True)
    verdict(capsys, check_min_derivative_size(lambda d: np.int64(d + 1)), True)
    verdict(capsys, check_min_derivative_size(lambda d: torch.tensor(d + 1)), True)
    verdict(capsys, check_min_derivative_size(lambda d: str(d + 1)), False, "quotes")


# ------------------------------------------------------------ exercise 3: the layer itself
def _layer(backward=1, cls=Conv2D):
    w, b, X, Y = conv2d_gradient_problem()
    layer = cls((1, 2)) if cls is Conv2D else nn.Conv2d(1, 1, (1, 2))
    with torch.no_grad():
        layer.weight.copy_(w if cls is Conv2D else w[None, None])
        layer.bias.copy_(b)
    for _ in range(backward):
        out = layer(X) if cls is Conv2D else layer(X[None, None])[0, 0]
        ((out - Y) ** 2).sum().backward()
    return layer


def test_exercise_3_reads_the_layers_gradients(capsys):
    verdict(capsys, check_conv2d_gradients(_layer()), True)
    verdict(capsys, check_conv2d_gradients(_layer(backward=2)), False, "twice")
    verdict(capsys, check_conv2d_gradients(_layer(backward=0)), False, "backward()")
    verdict(capsys, check_conv2d_gradients(_layer(cls=nn.Conv2d)), False, "nn.Conv2d")
    layer = _layer()
    verdict(capsys, check_conv2d_gradients(layer.weight.grad, layer.bias.grad), False)
    verdict(capsys, check_conv2d_gradients(torch.tensor([[12.0, 18.0]]), torch.tensor([18.0])),
           False)


# ------------------------------------------------------------ exercise 4: the method
def by_slices(X, k_h, k_w):
    return X.unfold(0, k_h, 1).unfold(1, k_w, 1).reshape(-1, k_h * k_w).t()


def one_product(M, K, out_shape):
    return (K.reshape(1, -1) @ M).reshape(out_shape)


def test_the_window_matrix_by_hand_passes_in_every_way(capsys):
    verdict(capsys, check_corr2d_as_matmul(by_slices, one_product), True)

    def strided(X, k_h, k_w):
        out_h, out_w = X.shape[0] - k_h + 1, X.shape[1] - k_w + 1
        s_h, s_w = X.stride()
        view = X.as_strided((out_h, out_w, k_h, k_w), (s_h, s_w, s_h, s_w))
        return view.reshape(out_h * out_w, k_h * k_w).t()

    def loops(X, k_h, k_w):
        out_h, out_w = X.shape[0] - k_h + 1, X.shape[1] - k_w + 1
        return torch.stack([X[i:i + k_h, j:j + k_w].reshape(-1)
                            for i in range(out_h) for j in range(out_w)], dim=1)

    def by_einsum(M, K, out_shape):
        return torch.einsum("k,kn->n", K.reshape(-1), M).reshape(out_shape)

    verdict(capsys, check_corr2d_as_matmul(strided, by_einsum), True)
    verdict(capsys, check_corr2d_as_matmul(loops, lambda M, K, s: torch.matmul(
        K.flatten(), M).reshape(s)), True)


def test_library_windows_are_refused_however_cast_or_wrapped(capsys):
    def unfold_cast(X, k_h, k_w):
        return F.unfold(X[None, None].double(), (k_h, k_w))[0].to(X.dtype)

    def unfold_module(X, k_h, k_w):
        return nn.Unfold((k_h, k_w))(X[None, None].float())[0]

    def courses(X, k_h, k_w):
        return helpers.window_matrix(X, k_h, k_w)

    def courses_batch(X, k_h, k_w):
        return helpers.batch_window_matrix(X[None, None], (k_h, k_w))[0]

    def via_numpy(X, k_h, k_w):
        from numpy.lib.stride_tricks import sliding_window_view
        W = sliding_window_view(X.numpy(), (k_h, k_w))
        return torch.from_numpy(W.reshape(-1, k_h * k_w).T.copy())

    def via_lists(X, k_h, k_w):
        rows = X.tolist()
        out_h, out_w = len(rows) - k_h + 1, len(rows[0]) - k_w + 1
        return torch.tensor([[rows[i + a][j + b] for i in range(out_h) for j in range(out_w)]
                             for a in range(k_h) for b in range(k_w)], dtype=X.dtype)

    for dodge in [unfold_cast, unfold_module, courses, courses_batch, via_numpy, via_lists]:
        verdict(capsys, check_corr2d_as_matmul(dodge, one_product), False)


def test_a_loop_or_a_multiply_and_sum_is_not_one_product(capsys):
    def dots(M, K, out_shape):
        k = K.reshape(-1)
        return torch.stack([torch.dot(k, M[:, n]) for n in range(M.shape[1])]).reshape(out_shape)

    def broadcast(M, K, out_shape):
        return (K.reshape(-1, 1) * M).sum(0).reshape(out_shape)

    verdict(capsys, check_corr2d_as_matmul(by_slices, dots), False, "products")
    verdict(capsys, check_corr2d_as_matmul(by_slices, broadcast), False, "no matrix product")


def test_exercise_1_maps_in_every_dtype(capsys):
    X, K = diagonal_image(8), edge_kernel()
    maps = [corr2d(X, K), corr2d(X.t(), K), corr2d(X, K.t())]
    verdict(capsys, check_diagonal_edges(*maps), True)
    verdict(capsys, check_diagonal_edges(*[m.double() for m in maps]), True)
    verdict(capsys, check_diagonal_edges(*[m.numpy() for m in maps]), True)
    verdict(capsys, check_diagonal_edges(*[-m for m in maps]), False, "sign")


def test_backward_operands(capsys):
    def input_ops(grad_Y, K):
        k_h, k_w = K.shape
        return F.pad(grad_Y, (k_w - 1, k_w - 1, k_h - 1, k_h - 1)), torch.flip(K, dims=(0, 1))

    verdict(capsys, check_backward(input_ops, lambda X, grad_Y: (X, grad_Y)), True)
    verdict(capsys, check_backward(lambda g, K: (g, K), lambda X, grad_Y: (X, grad_Y)), False)


def test_the_courses_kernels_never_pass_for_an_answer(capsys):
    verdict(capsys, check_second_derivative(helpers.second_derivative(), 3, -6), False,
           "second_derivative")
    verdict(capsys, check_laplacian(helpers.laplacian()), False, "`laplacian`")
    verdict(capsys, check_blur(helpers.box_blur(3)), False, "box_blur")
    net = helpers.digit_net()
    verdict(capsys, check_flat_size(net[7].in_features), False)
    x = torch.zeros(1, 1, 8, 8, dtype=next(net.parameters()).dtype)
    verdict(capsys, check_flat_size(net[:7](x).shape[1]), False)


def test_exercise_3_accepts_a_float64_layer(capsys):
    w, b, X, Y = conv2d_gradient_problem()
    layer = Conv2D((1, 2)).double()
    with torch.no_grad():
        layer.weight.copy_(w)
        layer.bias.copy_(b)
    ((layer(X.double()) - Y.double()) ** 2).sum().backward()
    verdict(capsys, check_conv2d_gradients(layer), True)
