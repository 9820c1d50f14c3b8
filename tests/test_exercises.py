"""Every exercise check accepts right answers and rejects characteristic wrong ones, with the hint.

Right answers are written here by hand or computed with SciPy / torch.nn.functional, never with
the function a check compares against. Each check also tolerates a missing answer.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from scipy.signal import correlate2d
from verdicts import verdict

from helpers import Conv2D, diagonal_image, edge_kernel, stripes
from helpers.exercises import (
    EMPTY,
    check_bias_gradient_sign,
    check_blur,
    check_conv2d_gradients,
    check_corr2d_as_matmul,
    check_diagonal_edges,
    check_diagonal_prediction,
    check_edge_detector,
    check_laplacian,
    check_min_derivative_size,
    check_output_shape,
    check_second_derivative,
    check_window_matrix_shape,
    conv2d_gradient_problem,
    thin_line,
)


def scipy_corr(X, K):
    """Cross-correlation by SciPy, the independent reference."""
    Y = correlate2d(np.asarray(X, float), np.asarray(K, float), "valid")
    return torch.from_numpy(Y).float()


# Exercise 1
def test_diagonal_prediction(capsys):
    X = diagonal_image(8)
    maps = [scipy_corr(X, [[1, -1]]), scipy_corr(X.t(), [[1, -1]]), scipy_corr(X, [[1], [-1]])]
    assert [tuple(m.shape) for m in maps] == [(8, 7), (8, 7), (7, 8)]
    assert [float(m.sum()) for m in maps] == [7, -7, -7]
    shapes, sums = [(8, 7), (8, 7), (7, 8)], [7, -7, -7]  # a prediction is typed
    verdict(capsys, check_diagonal_prediction(shapes, sums), True, "sum 7", "sum -7")
    verdict(capsys, check_diagonal_prediction([(8, 7), (8, 7), (8, 7)], sums), False,
            "rows and columns swapped")
    verdict(capsys, check_diagonal_prediction(shapes, [7, 7, 7]), False, "the sign")
    verdict(capsys, check_diagonal_prediction(shapes, [8, -8, -7]), False, "count the edge")
    verdict(capsys, check_diagonal_prediction(shapes, [0, 0, 0]), False, "how many edge pixels")
    verdict(capsys, check_diagonal_prediction([(8.5, 7), (8, 7), (7, 8)], sums), False,
            "whole number")
    verdict(capsys, check_diagonal_prediction(None, None), False, EMPTY)
    verdict(capsys, check_diagonal_prediction([(8, 7)], [7]), False, "three shapes")


def test_diagonal_edges(capsys):
    X, K = diagonal_image(8), [[1, -1]]
    Y_K, Y_XT, Y_KT = scipy_corr(X, K), scipy_corr(X.t(), K), scipy_corr(X, [[1], [-1]])
    verdict(capsys, check_diagonal_edges(Y_K, Y_XT, Y_KT), True)
    verdict(capsys, check_diagonal_edges(Y_K, Y_K, Y_KT), False, "another of the three")
    verdict(capsys, check_diagonal_edges(-Y_K, Y_XT, Y_KT), False, "every sign is flipped")
    convolution = scipy_corr(X.t(), [[-1, 1]])  # the kernel flipped
    verdict(capsys, check_diagonal_edges(Y_K, convolution, Y_KT), False, "a convolution")
    verdict(capsys, check_diagonal_edges(Y_K, Y_XT, 2 * Y_KT), False, "wrong values")
    verdict(capsys, check_diagonal_edges(X, X, X), False, "shape")
    verdict(capsys, check_diagonal_edges(None, None, None), False, EMPTY)


# Exercise 2a
SOBEL_X = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])


def test_edge_detector(capsys):
    verdict(capsys, check_edge_detector(lambda d_x, d_y: d_x * SOBEL_X + d_y * SOBEL_X.t()), True)
    verdict(capsys, check_edge_detector(  # a 2x2 forward difference is right too
        lambda d_x, d_y: torch.tensor([[-d_x - d_y, d_x], [d_y, 0.0]])), True)
    verdict(capsys, check_edge_detector(lambda d_x, d_y: -(d_x * SOBEL_X + d_y * SOBEL_X.t())),
            False, "sign is flipped")
    verdict(capsys, check_edge_detector(lambda d_x, d_y: -d_y * SOBEL_X + d_x * SOBEL_X.t()),
            False, "across the direction")
    verdict(capsys, check_edge_detector(lambda d_x, d_y: d_y * SOBEL_X + d_x * SOBEL_X.t()),
            False, "swapped")
    verdict(capsys, check_edge_detector(lambda d_x, d_y: torch.tensor([[d_x, d_y]])), False,
            "flat image")
    verdict(capsys, check_edge_detector(lambda d_x, d_y: SOBEL_X), False)
    verdict(capsys, check_edge_detector(None), False, EMPTY)
    verdict(capsys, check_edge_detector(lambda d_x, d_y: 1 / 0), False, "raised ZeroDivisionError")
    verdict(capsys, check_edge_detector(SOBEL_X), False, "should be a function")


# Exercise 2b
def test_second_derivative(capsys):
    right = torch.tensor([[1.0, -2.0, 1.0]])
    line = float(scipy_corr(thin_line(), right)[0, 1])
    assert line == -6
    verdict(capsys, check_second_derivative(right, 3, line), True)
    verdict(capsys, check_second_derivative(torch.tensor([[0.0, 1.0, -2.0, 1.0]]), 3, -6), True)
    verdict(capsys, check_second_derivative(-right, 3, -6), False, "sign is flipped")
    verdict(capsys, check_second_derivative(right / 2, 3, -6), False, "0.5 times")
    verdict(capsys, check_second_derivative(torch.tensor([[1.0, -1.0]]), 3, -6), False,
            "straight line")
    verdict(capsys, check_second_derivative(right.t(), 3, -6), False, "shape (1, n)")
    verdict(capsys, check_second_derivative(right, 2, -6), False, "They share one")
    verdict(capsys, check_second_derivative(right, 3, 6), False, "peak")
    verdict(capsys, check_second_derivative(right, 3, -2), False, "contrast 3")
    verdict(capsys, check_second_derivative(None, 3, -6), False, EMPTY)


# Exercise 2c
LAPLACIAN = torch.tensor([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]])


def test_laplacian(capsys):
    verdict(capsys, check_laplacian(LAPLACIAN), True)
    verdict(capsys, check_laplacian(F.pad(LAPLACIAN, (1, 1, 1, 1))), True)  # zero-padded: same
    verdict(capsys, check_laplacian(torch.tensor([[2.0, -4.0, 2.0]])), False,
            "4 on x**2 but 0 on y**2")
    verdict(capsys, check_laplacian(-LAPLACIAN), False, "sign is flipped")
    verdict(capsys, check_laplacian(2 * LAPLACIAN), False, "2 times the Laplacian")
    eight = torch.ones(3, 3)
    eight[1, 1] = -8  # the 8-neighbour kernel: three times the Laplacian on quadratics
    verdict(capsys, check_laplacian(eight), False, "3 times the Laplacian")
    verdict(capsys, check_laplacian(LAPLACIAN + torch.tensor(  # plus a mixed derivative
        [[1.0, 0.0, -1.0], [0.0, 0.0, 0.0], [-1.0, 0.0, 1.0]])), False, "x*y")
    verdict(capsys, check_laplacian(torch.ones(3, 3)), False, "weights sum to 0")
    verdict(capsys, check_laplacian(torch.tensor([[1.0, -1.0, 0.0]])), False, "slope")
    verdict(capsys, check_laplacian(None), False, EMPTY)


# Exercise 2d
def test_blur(capsys):
    verdict(capsys, check_blur(torch.full((3, 3), 1 / 9)), True)
    verdict(capsys, check_blur(torch.tensor([[1.0, 2.0, 1.0]]) / 4), True)
    verdict(capsys, check_blur(torch.tensor([[0.5, 0.5]])), True)
    verdict(capsys, check_blur(torch.ones(3, 3)), False, "sum to 9")  # a multiple
    verdict(capsys, check_blur(torch.full((3, 3), 0.11)), False, "sum to 0.99")  # rounding slip
    verdict(capsys, check_blur(LAPLACIAN), False, "negative")
    verdict(capsys, check_blur(torch.tensor([[1.0, 0.0]])), False, "keeps 1.00")  # a shift
    verdict(capsys, check_blur(torch.tensor([[0.95, 0.05]])), False, "one pixel")
    verdict(capsys, check_blur(torch.ones(1, 1)), False, "more than one entry")
    verdict(capsys, check_blur(None), False, EMPTY)


# Exercise 2e
def test_min_derivative_size(capsys):
    verdict(capsys, check_min_derivative_size(lambda d: d + 1), True)
    verdict(capsys, check_min_derivative_size(lambda d: d), False, "one too few")
    verdict(capsys, check_min_derivative_size(lambda d: 2 * d), False, "share a sample")
    verdict(capsys, check_min_derivative_size(lambda d: 2 * d + 1), False, "centred")
    verdict(capsys, check_min_derivative_size(lambda d: 3), False, "wrong for d = [0, 1, 3]")
    verdict(capsys, check_min_derivative_size(lambda d: [1, 2, 3][d]), False, "IndexError")
    verdict(capsys, check_min_derivative_size(None), False, "min_kernel_size")
    verdict(capsys, check_min_derivative_size(lambda d: d / 0), False, "raised ZeroDivisionError")
    verdict(capsys, check_min_derivative_size(3), False, "should be a function")


# Exercise 3
def reference_gradients():
    """Exercise 3's gradients by hand: d/dw sum(r**2) = 2 sum(r * window), d/db = 2 sum(r)."""
    w, b, X, Y = conv2d_gradient_problem()
    r = scipy_corr(X, w) + b - Y
    return torch.tensor([[2 * (r * X[:, :-1]).sum(), 2 * (r * X[:, 1:]).sum()]]), 2 * r.sum()[None]


def test_gradient_problem_has_nonzero_gradients():
    w_grad, b_grad = reference_gradients()
    assert (w_grad != 0).all() and b_grad.item() != 0  # torch.zeros(1) cannot pass


def test_conv2d_gradients(capsys):
    w, b, X, Y = conv2d_gradient_problem()
    layer = Conv2D((1, 2))
    with torch.no_grad():
        layer.weight.copy_(w)
        layer.bias.copy_(b)
    ((layer(X) - Y) ** 2).sum().backward()
    w_grad, b_grad = reference_gradients()
    assert torch.allclose(layer.weight.grad, w_grad) and torch.allclose(layer.bias.grad, b_grad)
    verdict(capsys, check_conv2d_gradients(layer), True, "weight gradient is correct",
            "bias gradient is correct")

    def with_gradients(weight_grad, bias_grad):  # the layer, its gradients replaced
        made = Conv2D((1, 2))
        with torch.no_grad():
            made.weight.copy_(w)
            made.bias.copy_(b)
        made.weight.grad, made.bias.grad = weight_grad.clone(), bias_grad.clone()
        return made

    verdict(capsys, check_conv2d_gradients(with_gradients(w_grad, torch.zeros(1))), False,
            "the bias gradient")
    verdict(capsys, check_conv2d_gradients(with_gradients(-w_grad, -b_grad)), False,
            "sign is flipped")
    verdict(capsys, check_conv2d_gradients(with_gradients(2 * w_grad, 2 * b_grad)), False,
            "backward() ran twice")
    verdict(capsys, check_conv2d_gradients(with_gradients(w_grad / 2, b_grad / 2)), False, "2r")
    verdict(capsys, check_conv2d_gradients(with_gradients(w_grad / Y.numel(),
                                                          b_grad / Y.numel())), False,
            "not the mean")
    verdict(capsys, check_conv2d_gradients(with_gradients(w_grad.flip(1), b_grad)), False,
            "swapped")
    moved = Conv2D((1, 2))  # weight not set to w
    ((moved(X) - Y) ** 2).sum().backward()
    verdict(capsys, check_conv2d_gradients(moved), False, "set the layer's weight to w")
    verdict(capsys, check_conv2d_gradients(w_grad, b_grad), False, "the layer itself")
    verdict(capsys, check_conv2d_gradients("layer"), False, "Conv2D((1, 2))")
    verdict(capsys, check_conv2d_gradients(None), False, EMPTY)


def test_bias_gradient_sign(capsys):
    assert int(torch.sign(reference_gradients()[1]).item()) == 1
    verdict(capsys, check_bias_gradient_sign(+1), True)
    verdict(capsys, check_bias_gradient_sign(-1), False, "too large or too small")
    verdict(capsys, check_bias_gradient_sign(0), False, "too large or too small")
    verdict(capsys, check_bias_gradient_sign("+"), False, "quotes")
    verdict(capsys, check_bias_gradient_sign(18.0), False, "not a value of the gradient")
    verdict(capsys, check_bias_gradient_sign(None), False, EMPTY)


# Exercise 4
def test_window_matrix_shape(capsys):
    windows = np.lib.stride_tricks.sliding_window_view(np.zeros((6, 8)), (2, 3))
    assert (windows.shape[2] * windows.shape[3], windows.shape[0] * windows.shape[1]) == (6, 30)
    verdict(capsys, check_window_matrix_shape((6, 30)), True, "(6, 30)")
    verdict(capsys, check_window_matrix_shape([6, 30]), True)
    verdict(capsys, check_window_matrix_shape((30, 6)), False, "one COLUMN per window")
    verdict(capsys, check_window_matrix_shape((6, 48)), False, "not one per pixel")
    verdict(capsys, check_window_matrix_shape((48, 30)), False, "not the image")
    verdict(capsys, check_window_matrix_shape((6.5, 30)), False, "whole number")
    verdict(capsys, check_window_matrix_shape(torch.Size([6, 30])), False, "torch.Size")
    verdict(capsys, check_window_matrix_shape(None), False, EMPTY)


def unfold_columns(X, k_h, k_w):
    """A right window matrix, made with Tensor.unfold (views), one column per window."""
    return X.unfold(0, k_h, 1).unfold(1, k_w, 1).reshape(-1, k_h * k_w).t()


def product(M, K, out_shape):
    """A right corr2d_from_windows."""
    return (K.reshape(1, -1) @ M).reshape(out_shape)


def test_corr2d_as_matmul_accepts_the_method_in_its_forms(capsys):
    def by_slicing(X, k_h, k_w):  # one column per window, built window by window
        out_h, out_w = X.shape[0] - k_h + 1, X.shape[1] - k_w + 1
        return torch.stack([X[i:i + k_h, j:j + k_w].reshape(-1)
                            for i in range(out_h) for j in range(out_w)], dim=1)

    verdict(capsys, check_corr2d_as_matmul(unfold_columns, product), True)
    verdict(capsys, check_corr2d_as_matmul(by_slicing, product), True)
    verdict(capsys, check_corr2d_as_matmul(
        by_slicing, lambda M, K, s: torch.einsum("k,kw->w", K.flatten(), M).reshape(s)), True)


def test_corr2d_as_matmul_rejects_the_usual_mistakes(capsys):
    import helpers.taught.nb10_fast
    from helpers.taught.nb01_cross_correlation import corr2d

    def rows(X, k_h, k_w):  # one row per window
        return unfold_columns(X, k_h, k_w).t()

    def by_columns(X, k_h, k_w):  # each window flattened column by column
        return X.unfold(0, k_h, 1).unfold(1, k_w, 1).transpose(2, 3).reshape(-1, k_h * k_w).t()

    def top_down(X, k_h, k_w):  # windows ordered down the columns first
        return X.unfold(0, k_h, 1).unfold(1, k_w, 1).transpose(0, 1).reshape(-1, k_h * k_w).t()

    def every_pixel(X, k_h, k_w):  # windows padded to one per pixel
        padded = F.pad(X, (0, k_w - 1, 0, k_h - 1))
        return unfold_columns(padded, k_h, k_w)

    def rebuilt_from_an_image(M, K, out_shape):  # the right numbers made another way
        k_h, k_w = K.shape
        X = torch.zeros(out_shape[0] + k_h - 1, out_shape[1] + k_w - 1, dtype=M.dtype)
        X[:k_h, :k_w] = M[:, 0].reshape(k_h, k_w)  # only the first window: not the method
        return corr2d(X, K)

    def by_loop_over_kernel(M, K, out_shape):  # a multiply-and-sum, row by row: no product
        return sum(K.reshape(-1)[r] * M[r] for r in range(M.shape[0])).reshape(out_shape)

    def wh_swapped(M, K, out_shape):
        return (K.reshape(1, -1) @ M).reshape(out_shape[::-1]).t()

    cases = [
        ((rows, product), "one ROW per window"),
        ((by_columns, product), "column by column"),
        ((top_down, product), "wrong order"),
        ((every_pixel, product), "the shape is"),
        ((unfold_columns, lambda M, K, s: product(M, K.flip(0, 1), s)), "a convolution"),
        ((unfold_columns, lambda M, K, s: product(M, K.t(), s)), "flattened column by column"),
        ((unfold_columns, lambda M, K, s: (K.reshape(1, -1) @ M).flatten()), "reshape"),
        ((unfold_columns, wh_swapped), "height and width swapped"),
        ((unfold_columns, rebuilt_from_an_image), "the course's own `corr2d`"),
        ((unfold_columns, by_loop_over_kernel), "no matrix product"),
        ((unfold_columns, lambda M, K, s: product(M, K, s) + 1), "the values differ"),
        ((unfold_columns, lambda M, K, s: 2 * product(M, K, s)), "the values differ"),
        ((lambda X, k_h, k_w: F.unfold(X[None, None].double(), (k_h, k_w))[0], product),
         "torch.nn.functional.unfold"),
        ((lambda X, k_h, k_w: F.unfold(X[None, None], (k_h, k_w))[0], product),
         "functional.unfold"),
        ((helpers.taught.nb10_fast.window_matrix, product),
         "helpers.taught.nb10_fast's own function"),
        ((lambda X, k_h, k_w: helpers.taught.nb10_fast.window_matrix(X, k_h, k_w), product),
         "the course's own `window_matrix`"),
        ((unfold_columns, lambda M, K, s: M), "no matrix product"),
        ((lambda X, k_h, k_w: None, product), "should return a torch.Tensor"),
        ((lambda X, k_h, k_w: X.reshape(k_h * k_w, 1000), product), "raised"),
        ((None, product), EMPTY),
        ((unfold_columns, "product"), "should be a function"),
    ]
    for answer, hint in cases:
        verdict(capsys, check_corr2d_as_matmul(*answer), False, hint)


@pytest.mark.parametrize("check,args", [
    (check_laplacian, ("not a kernel",)),
    (check_blur, (torch.ones(2, 2, 2),)),
    (check_blur, ("blur",)),
    (check_second_derivative, ([[1.0, -2.0, 1.0, 5.0, 7.0, 1.0, 1.0, 1.0, 1.0, 1.0]], 3, -6)),
    (check_second_derivative, (torch.tensor([[1.0, -2.0, 1.0]]), "three", -6)),
    (check_diagonal_prediction, (["8x7", (8, 7), (7, 8)], [7, -7, -7])),
])
def test_checks_survive_malformed_answers(capsys, check, args):
    verdict(capsys, check(*args), False)


# Notebook 11's question
def test_output_shape(capsys):
    expected = tuple(F.conv2d(torch.zeros(1, 3, 32, 30), torch.zeros(8, 3, 5, 5),
                              padding=2, stride=3).shape[1:])
    assert expected == (8, 11, 10)
    verdict(capsys, check_output_shape(expected), False, "`conv2d`")  # run, not predicted
    verdict(capsys, check_output_shape((8, 11, 10)), True, "(8, 11, 10)")
    verdict(capsys, check_output_shape([8.0, 11.0, 10.0]), True)
    verdict(capsys, check_output_shape((3, 11, 10)), False, "channels")
    verdict(capsys, check_output_shape((8, 12, 11)), False, "rounded up")
    verdict(capsys, check_output_shape((8, 31 / 3 + 1, 29 / 3 + 1)), False, "decide how to round")
    verdict(capsys, check_output_shape((8, 10, 10)), False, "padding counted once")
    verdict(capsys, check_output_shape((8, 32, 30)), False, "stride 1")
    verdict(capsys, check_output_shape((8, 28, 26)), False, "without padding and stride")
    verdict(capsys, check_output_shape((8, 10, 9)), False, "+ 1")
    verdict(capsys, check_output_shape((8, 10, 11)), False, "swapped")
    verdict(capsys, check_output_shape(torch.Size([8, 11, 10])), False, "predicted")
    verdict(capsys, check_output_shape((11, 10)), False, "give 3 whole numbers")
    verdict(capsys, check_output_shape("8x11x10"), False, "whole numbers")
    verdict(capsys, check_output_shape(None), False, EMPTY)


def test_stripes_unchanged():
    # exercise 3's numbers rest on the seed's 6x8 stripes
    assert stripes().sum() == 24 and torch.equal(edge_kernel(), torch.tensor([[1.0, -1.0]]))
