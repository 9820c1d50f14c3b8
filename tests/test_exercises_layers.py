"""The checks of notebooks 12-14: right answers pass, characteristic wrong ones fail with a hint."""

import pytest
import torch
import torch.nn.functional as F

from helpers.exercises import (
    RIGHT,
    WRONG,
    check_backward,
    check_cost_ratio,
    check_parameter_count,
    check_pooling_prediction,
    pooling_problem,
)
from helpers.taught.nb01_cross_correlation import corr2d


def verdicts(capsys):
    return capsys.readouterr().out


@pytest.mark.parametrize("shape,gradient", [((3, 4), 2), ([3, 4], 2.0), ((3.0, 4), 2),
                                            ((3, 4), torch.tensor(2).item())])
def test_pooling_prediction_right(capsys, shape, gradient):
    assert check_pooling_prediction(shape, gradient)
    out = verdicts(capsys)
    assert out.count(RIGHT) == 2 and WRONG not in out


def test_pooling_prediction_answer_is_autograd_s_and_not_the_worked_example_s():
    X = pooling_problem().requires_grad_()
    Y = F.max_pool2d(X[None], 3, stride=2)[0]
    Y.sum().backward()
    peak = divmod(int(X.argmax()), X.shape[1])
    assert (tuple(Y.shape), peak, X.grad[peak].item()) == ((3, 4), (4, 3), 2.0)
    # the worked example just before it in notebook 12: the centre of a 3x3 wins 4 windows
    X3 = torch.zeros(3, 3)
    X3[1, 1] = 1.0
    X3.requires_grad_()
    F.max_pool2d(X3[None], 2, stride=1).sum().backward()
    assert X3.grad[1, 1].item() == 4.0 != X.grad[peak].item()


@pytest.mark.parametrize("shape,gradient,hint", [
    ((4, 3), 2, "height and width are swapped"),  # (width, height)
    ((4, 4), 2, "rounded down, not up"),  # a rounding slip: the ceiling
    ((6, 7), 2, "that is stride 1"),  # the window sliding one cell at a time
    ((2, 3), 2, "the default stride"),  # the stride taken to be the window, or no + 1
    ((3, 4), 4, "the worked example's count"),  # the answer of the example before it
    ((3, 4), 1, "they add up"),  # the overlap bug: one window's gradient only
    ((3, 4), 12, "not all 12 windows"),  # every window
    ((3, 4), 9, "windows at stride 1"),  # counted as if the window moved one cell at a time
    ((3, 4), 5, "that is X[4, 3]'s value"),  # the value, not the gradient
    ((3, 4), 0.25, "how an average shares it"),  # another method: average pooling
    ((3, 4), 0, "wins every window"),
    ((3, 4), 3, "count the 3x3 windows"),
])
def test_pooling_prediction_wrong(capsys, shape, gradient, hint):
    assert not check_pooling_prediction(shape, gradient)
    out = verdicts(capsys)
    assert WRONG in out and hint in out


@pytest.mark.parametrize("shape,gradient,message", [
    (None, None, "Not answered yet"), ((3, 4), None, "Not answered yet"),
    ("3x4", 2, "whole numbers"), ((3, 4, 1), 2, "give 2 whole numbers"), ((3, 4), "two", "quotes"),
    (torch.Size([3, 4]), 2, "type the numbers you predicted"),
    ((3, 4), torch.tensor(2.0), "type the numbers you predicted"),
])
def test_pooling_prediction_never_raises_on_a_malformed_answer(capsys, shape, gradient, message):
    assert not check_pooling_prediction(shape, gradient)
    assert message in verdicts(capsys)


@pytest.mark.parametrize("count,larger", [(4640, 4640), (4640.0, torch.tensor(4640))])
def test_parameter_count_right(capsys, count, larger):
    assert check_parameter_count(count, larger)
    out = verdicts(capsys)
    assert out.count(RIGHT) == 2 and WRONG not in out


@pytest.mark.parametrize("count,larger,hint", [
    (4608, 4608, "count the biases too"),  # weights only
    (320, 320, "a 3x3 slice for every input channel"),  # the input channels forgotten
    (1568, 1568, "9 entries per slice, not 3"),  # k instead of k * k
    (3104, 3104, "not 3 + 3"),  # k + k instead of k * k
    (145, 145, "that is one output channel"),
    (4640 * 32 * 32, 4640 * 64 * 64, "do not grow with the image"),  # a count per pixel
    (4640, 4 * 4640, "not four times the weights"),  # the second count scaled with the pixels
    (4640, 4641, "depend on the image size"),
    (4608, 4608 * 4, "four times the pixels"),
])
def test_parameter_count_wrong(capsys, count, larger, hint):
    assert not check_parameter_count(count, larger)
    out = verdicts(capsys)
    assert WRONG in out and hint in out


@pytest.mark.parametrize("count,larger,message", [
    (None, None, "Not answered yet"), (4640, None, "Not answered yet"),
    ("4640", "many", "quotes"), (4640.5, 4640, "whole number"),
])
def test_parameter_count_never_raises_on_a_malformed_answer(capsys, count, larger, message):
    assert not check_parameter_count(count, larger)
    assert message in verdicts(capsys)


@pytest.mark.parametrize("ratio", [4.27, 4.271, 3844 / 900, torch.tensor(4.27)])
def test_cost_ratio_right(capsys, ratio):
    assert check_cost_ratio(ratio)
    out = verdicts(capsys)
    assert RIGHT in out and WRONG not in out


@pytest.mark.parametrize("ratio,hint", [
    (4, "ratio of the input's pixels"),  # the pixels' ratio, the output's size forgotten
    (4.0, "ratio of the input's pixels"),
    (1, "every output position makes its own"),  # the parameters' answer carried over
    (2, "square the ratio of its sides"),  # the sides' ratio
    (62 / 30, "square the ratio of its sides"),
    (17_713_152, "not one of them"),  # a count, not the ratio
    (4_147_200, "not one of them"),
    (64 * 64 / (30 * 30), "not the input's on one of them"),  # mixed sizes
    (4.3, "count the output positions"),  # rounded too far
    (4.2, "count the output positions"),
])
def test_cost_ratio_wrong(capsys, ratio, hint):
    assert not check_cost_ratio(ratio)
    out = verdicts(capsys)
    assert WRONG in out and hint in out


@pytest.mark.parametrize("ratio,message", [
    (None, "Not answered yet"), ("4.27", "quotes"), (True, "give a number"),
    ([4.27], "one number"), (torch.tensor([4.0, 4.27]), "one number"),
])
def test_cost_ratio_never_raises_on_a_malformed_answer(capsys, ratio, message):
    assert not check_cost_ratio(ratio)
    assert message in verdicts(capsys)


def pad_k_minus_1(grad_Y, K):
    k_h, k_w = K.shape
    return F.pad(grad_Y, (k_w - 1, k_w - 1, k_h - 1, k_h - 1))


def right_input(grad_Y, K):
    return pad_k_minus_1(grad_Y, K), torch.flip(K, dims=(0, 1))


def right_kernel(X, grad_Y):
    return X, grad_Y


def test_backward_right_in_its_forms(capsys):
    def by_hand(grad_Y, K):  # the same operands, built by indexing
        k_h, k_w = K.shape
        padded = torch.zeros(grad_Y.shape[0] + 2 * (k_h - 1), grad_Y.shape[1] + 2 * (k_w - 1),
                             dtype=grad_Y.dtype)
        padded[k_h - 1: k_h - 1 + grad_Y.shape[0], k_w - 1: k_w - 1 + grad_Y.shape[1]] = grad_Y
        return [padded, K.flip(0).flip(1)]

    for input_pair, kernel_pair in [(right_input, right_kernel), (by_hand, right_kernel),
                                    (lambda G, K: (pad_k_minus_1(G, K).float(), K.rot90(2)),
                                     lambda X, G: [X.clone(), G.clone()])]:
        assert check_backward(input_pair, kernel_pair)
        out = verdicts(capsys)
        assert out.count(RIGHT) == 2 and WRONG not in out


def by_autograd(grad_Y, K):
    """The right gradient, by autograd: not the method asked for."""
    X = torch.zeros(grad_Y.shape[0] + K.shape[0] - 1, grad_Y.shape[1] + K.shape[1] - 1,
                    dtype=grad_Y.dtype, requires_grad=True)
    (corr2d(X, K) * grad_Y).sum().backward()
    return X.grad


@pytest.mark.parametrize("input_pair,hint", [
    (lambda G, K: (pad_k_minus_1(G, K), K), "the kernel as it is"),
    (lambda G, K: (pad_k_minus_1(G, K), K.t()), "a transposed kernel"),
    (lambda G, K: (pad_k_minus_1(G, K), torch.flip(K, dims=(0,))), "one axis only"),
    (lambda G, K: (G, torch.flip(K, dims=(0, 1))), "How many rows and columns"),
    (lambda G, K: (F.pad(G, (K.shape[1],) * 2 + (K.shape[0],) * 2), torch.flip(K, dims=(0, 1))),
     "How many rows and columns"),
    (lambda G, K: (F.pad(G, (2 * K.shape[1] - 2, 0, 2 * K.shape[0] - 2, 0)),
                   torch.flip(K, dims=(0, 1))), "not in the middle"),
    (lambda G, K: (F.pad(G, (K.shape[1] - 1,) * 2 + (K.shape[0] - 1,) * 2, value=1.0),
                   torch.flip(K, dims=(0, 1))), "pad with zeros"),
    (lambda G, K: (torch.flip(K, dims=(0, 1)), pad_k_minus_1(G, K)), "swapped"),
    (lambda G, K: (by_autograd(G, K), torch.ones(1, 1)), "not made from K"),  # autograd
    (lambda G, K: (corr2d(pad_k_minus_1(G, K), torch.flip(K, dims=(0, 1))),), "two tensors"),
    (lambda G, K: None, "returned None"),
    (lambda G, K: (pad_k_minus_1(G, K).tolist(), K), "two tensors"),
    (lambda G, K: K.reshape(99, 99), "raised"),
])
def test_backward_wrong_input_operands(capsys, input_pair, hint):
    assert not check_backward(input_pair, right_kernel)
    out = verdicts(capsys)
    assert hint in out and "Right: kernel_grad" in out, out


def test_backward_rejects_autograd_and_the_courses_own_gradient(capsys):
    from helpers.taught.nb10_fast import corr2d_input_grad

    for answer in [lambda G, K: by_autograd(G, K), lambda G, K: corr2d_input_grad(G, K),
                   lambda G, K: (corr2d_input_grad(G, K), torch.ones(1, 1))]:
        assert not check_backward(answer, right_kernel)
        assert WRONG in verdicts(capsys)


@pytest.mark.parametrize("kernel_pair,hint", [
    (lambda X, G: (G, X), "swapped"),
    (lambda X, G: (X, torch.flip(G, dims=(0, 1))), "no flip here"),
    (lambda X, G: (F.pad(X, (1, 1, 1, 1)), G), "nothing is padded here"),
    (lambda X, G: (X, 2 * G), "not grad_Y"),
    (lambda X, G: (X + 1, G), "not X"),
])
def test_backward_wrong_kernel_operands(capsys, kernel_pair, hint):
    assert not check_backward(right_input, kernel_pair)
    out = verdicts(capsys)
    assert hint in out and "Right: input_grad" in out, out


def test_backward_unanswered_and_not_functions(capsys):
    assert not check_backward(None, None)
    assert verdicts(capsys).count("Not answered yet") == 2
    assert not check_backward(3, "corr2d")
    assert verdicts(capsys).count("should be a function") == 2
