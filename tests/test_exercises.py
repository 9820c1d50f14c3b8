"""Every exercise check accepts a right answer, rejects wrong ones, and tolerates no answer."""

import pytest
import torch

from helpers import corr2d, diagonal_image, edge_kernel, laplacian, second_derivative, sobel_x
from helpers.core import Conv2D
from helpers.exercises import (
    EMPTY,
    RIGHT,
    WRONG,
    check_blur,
    check_conv2d_gradients,
    check_corr2d_as_matmul,
    check_diagonal_edges,
    check_edge_detector,
    check_laplacian,
    check_min_derivative_size,
    check_output_shape,
    check_second_derivative,
    conv2d_gradient_problem,
)


def verdict(capsys, result, expected):
    out = capsys.readouterr().out
    assert result is expected, out
    if expected:
        assert RIGHT in out and WRONG not in out and EMPTY not in out, out
    else:  # a part may be right, but at least one says what is wrong or missing
        assert WRONG in out or EMPTY in out, out
    return out


def test_diagonal_edges(capsys):
    X, K = diagonal_image(8), edge_kernel()
    verdict(capsys, check_diagonal_edges(corr2d(X, K), corr2d(X.t(), K), corr2d(X, K.t())), True)
    verdict(capsys, check_diagonal_edges(corr2d(X, K), corr2d(X, K), corr2d(X, K.t())), False)
    assert "shape" in verdict(capsys, check_diagonal_edges(X, X, X), False)
    assert EMPTY in verdict(capsys, check_diagonal_edges(None, None, None), False)


def test_edge_detector(capsys):
    def right(v1, v2):
        return v1 * sobel_x() + v2 * sobel_x().t()

    def across(v1, v2):  # detects change across v instead of along it
        return -v2 * sobel_x() + v1 * sobel_x().t()

    verdict(capsys, check_edge_detector(right), True)
    verdict(capsys, check_edge_detector(lambda v1, v2: torch.tensor([[v1, v2]])), False)
    verdict(capsys, check_edge_detector(across), False)
    assert EMPTY in verdict(capsys, check_edge_detector(None), False)
    assert "raised ZeroDivisionError" in verdict(capsys, check_edge_detector(lambda v1, v2: 1 / 0),
                                                 False)
    assert "should be a function" in verdict(capsys, check_edge_detector(sobel_x()), False)


def test_second_derivative(capsys):
    verdict(capsys, check_second_derivative(second_derivative(), 3), True)
    verdict(capsys, check_second_derivative(second_derivative(), 2), False)
    verdict(capsys, check_second_derivative(torch.tensor([[1.0, -1.0]]), 3), False)
    verdict(capsys, check_second_derivative(second_derivative().t(), 3), False)
    verdict(capsys, check_second_derivative(None, 3), False)


def test_laplacian(capsys):
    verdict(capsys, check_laplacian(laplacian()), True)
    verdict(capsys, check_laplacian(-laplacian()), False)
    verdict(capsys, check_laplacian(torch.ones(3, 3)), False)
    verdict(capsys, check_laplacian(None), False)


def test_blur(capsys):
    verdict(capsys, check_blur(torch.full((3, 3), 1 / 9)), True)
    verdict(capsys, check_blur(torch.tensor([[1.0, 2.0, 1.0]]) / 4), True)
    verdict(capsys, check_blur(torch.ones(3, 3)), False)  # does not sum to 1
    verdict(capsys, check_blur(laplacian()), False)  # negative weights
    verdict(capsys, check_blur(torch.ones(1, 1)), False)  # no averaging at all
    verdict(capsys, check_blur(None), False)


def test_min_derivative_size(capsys):
    verdict(capsys, check_min_derivative_size(lambda d: d + 1), True)
    verdict(capsys, check_min_derivative_size(lambda d: 2 * d), False)
    assert "min_kernel_size" in verdict(capsys, check_min_derivative_size(None), False)
    assert "raised ZeroDivisionError" in verdict(capsys, check_min_derivative_size(lambda d: d / 0),
                                                 False)
    assert "give a function" in verdict(capsys, check_min_derivative_size(3), False)


def test_conv2d_gradients(capsys):
    w, X, Y = conv2d_gradient_problem()
    layer = Conv2D((1, 2))
    with torch.no_grad():
        layer.weight.copy_(w)
    ((layer(X) - Y) ** 2).sum().backward()
    verdict(capsys, check_conv2d_gradients(layer.weight.grad, layer.bias.grad), True)
    verdict(capsys, check_conv2d_gradients(-layer.weight.grad, layer.bias.grad), False)
    verdict(capsys, check_conv2d_gradients(None, None), False)


def test_corr2d_as_matmul(capsys):
    def right(X, K):
        h, w = K.shape
        oh, ow = X.shape[0] - h + 1, X.shape[1] - w + 1
        return (X.unfold(0, h, 1).unfold(1, w, 1).reshape(oh * ow, h * w) @ K.reshape(-1)) \
            .reshape(oh, ow)

    verdict(capsys, check_corr2d_as_matmul(right), True)
    verdict(capsys, check_corr2d_as_matmul(lambda X, K: right(X, K.t().reshape(K.shape))), False)
    out = verdict(capsys, check_corr2d_as_matmul(lambda X, K: X @ K), False)
    assert "raised" in out
    verdict(capsys, check_corr2d_as_matmul(None), False)


@pytest.mark.parametrize("check,args", [
    (check_laplacian, ("not a kernel",)),
    (check_blur, (torch.ones(2, 2, 2),)),
    (check_second_derivative, ([[1.0, -2.0, 1.0, 5.0, 7.0, 1.0, 1.0, 1.0, 1.0, 1.0]], 3)),
])
def test_checks_survive_malformed_answers(capsys, check, args):
    verdict(capsys, check(*args), False)


def test_output_shape(capsys):
    expected = tuple(torch.nn.functional.conv2d(torch.zeros(1, 3, 32, 30), torch.zeros(8, 3, 5, 5),
                                                padding=2, stride=3).shape[1:])
    assert expected == (8, 11, 10)
    assert "(8, 11, 10)" in verdict(capsys, check_output_shape(expected), True)
    assert "channels" in verdict(capsys, check_output_shape((3, 11, 10)), False)
    assert "rounded down" in verdict(capsys, check_output_shape((8, 12, 11)), False)
    assert "rounded down" in verdict(capsys, check_output_shape((8, 28, 26)), False)
    assert "three numbers" in verdict(capsys, check_output_shape((11, 10)), False)
    assert "whole numbers" in verdict(capsys, check_output_shape("8x11x10"), False)
    assert EMPTY in verdict(capsys, check_output_shape(None), False)
