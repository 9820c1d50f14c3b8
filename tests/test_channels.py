"""Channels, padding and stride against torch.nn.functional.conv2d, torch's pad and the book."""

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from helpers import conv2d_image, corr2d, corr2d_multi_in, corr2d_multi_in_out, pad2d


def randn(*shape, seed=0):
    return torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)


def test_the_books_multi_input_example():
    # d2l, "Multiple Input and Multiple Output Channels"
    X = torch.tensor([[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]],
                      [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]])
    K = torch.tensor([[[0.0, 1.0], [2.0, 3.0]], [[1.0, 2.0], [3.0, 4.0]]])
    assert torch.equal(corr2d_multi_in(X, K), torch.tensor([[56.0, 72.0], [104.0, 120.0]]))
    K3 = torch.stack((K, K + 1, K + 2))
    Y = corr2d_multi_in_out(X, K3)
    assert Y.shape == (3, 2, 2)
    assert torch.equal(Y[0], corr2d_multi_in(X, K))
    torch.testing.assert_close(Y, F.conv2d(X[None], K3)[0])


def test_multi_in_is_the_sum_of_single_channel_correlations():
    X, K = randn(4, 6, 7), randn(4, 2, 3, seed=1)
    torch.testing.assert_close(corr2d_multi_in(X, K), sum(corr2d(x, k) for x, k in zip(X, K)))


@pytest.mark.parametrize("padding", [0, 1, 2, (1, 0), (0, 3)])
def test_pad2d_matches_torch_pad(padding):
    X = randn(2, 3, 4)
    p_h, p_w = (padding, padding) if isinstance(padding, int) else padding
    torch.testing.assert_close(pad2d(X, padding), F.pad(X, (p_w, p_w, p_h, p_h)))


@settings(max_examples=120)
@given(c_in=st.integers(1, 3), c_out=st.integers(1, 3), h=st.integers(1, 9), w=st.integers(1, 9),
       kh=st.integers(1, 4), kw=st.integers(1, 4), ph=st.integers(0, 2), pw=st.integers(0, 2),
       sh=st.integers(1, 3), sw=st.integers(1, 3), bias=st.booleans(), seed=st.integers(0, 99))
def test_conv2d_matches_functional_conv2d(c_in, c_out, h, w, kh, kw, ph, pw, sh, sw, bias, seed):
    if kh > h + 2 * ph or kw > w + 2 * pw:
        with pytest.raises(ValueError, match="larger than the padded input"):
            conv2d_image(randn(c_in, h, w), randn(c_out, c_in, kh, kw), padding=(ph, pw))
        return
    X, K = randn(c_in, h, w, seed=seed), randn(c_out, c_in, kh, kw, seed=seed + 1)
    b = randn(c_out, seed=seed + 2) if bias else None
    Y = conv2d_image(X, K, b, padding=(ph, pw), stride=(sh, sw))
    expected = F.conv2d(X[None], K, b, padding=(ph, pw), stride=(sh, sw))[0]
    assert Y.shape == ((c_out, (h + 2 * ph - kh) // sh + 1, (w + 2 * pw - kw) // sw + 1))
    torch.testing.assert_close(Y, expected)


def test_conv2d_is_what_nn_conv2d_computes_in_value_and_gradient():
    torch.manual_seed(0)
    layer = nn.Conv2d(3, 2, kernel_size=3, padding=1, stride=2).double()
    X = randn(3, 9, 8)
    weight = layer.weight.detach().clone().requires_grad_()
    bias = layer.bias.detach().clone().requires_grad_()
    Y, Y_ref = conv2d_image(X, weight, bias, padding=1, stride=2), layer(X[None])[0]
    assert Y.shape == Y_ref.shape == (2, 5, 4)
    torch.testing.assert_close(Y, Y_ref)
    G = randn(2, 5, 4, seed=3)
    (Y * G).sum().backward()
    (Y_ref * G).sum().backward()
    torch.testing.assert_close(weight.grad, layer.weight.grad)
    torch.testing.assert_close(bias.grad, layer.bias.grad)


@pytest.mark.parametrize("call,error,match", [
    (lambda: corr2d_multi_in([[1.0]], torch.ones(1, 1, 1)), TypeError, "X must be a torch.Tensor"),
    (lambda: corr2d_multi_in(torch.ones(3, 3), torch.ones(1, 1, 1)), ValueError,
     r"X must be 3-D \(channels, height, width\), got shape \(3, 3\)"),
    (lambda: corr2d_multi_in(torch.ones(2, 3, 3), torch.ones(3, 2, 2)), ValueError,
     r"X has 2 channels but K has 3"),
    (lambda: corr2d_multi_in(torch.ones(0, 3, 3), torch.ones(0, 2, 2)), ValueError,
     "at least one channel"),
    (lambda: corr2d_multi_in_out(torch.ones(2, 3, 3), torch.ones(2, 2, 2)), ValueError,
     r"W must be 4-D \(out channels, in channels, height, width\), got shape \(2, 2, 2\)"),
    (lambda: corr2d_multi_in_out(torch.ones(2, 3, 3), torch.ones(0, 2, 2, 2)), ValueError,
     "at least one output channel"),
    (lambda: pad2d(torch.ones(3), 1), ValueError, "at least 2 dimensions"),
    (lambda: pad2d(torch.ones(3, 3), -1), ValueError,
     r"padding must be at least 0, got \(-1, -1\)"),
    (lambda: pad2d(torch.ones(3, 3), 1.5), TypeError, "padding must be an int or a pair of ints"),
    (lambda: conv2d_image(torch.ones(1, 3, 3), torch.ones(1, 1, 2, 2), stride=0), ValueError,
     r"stride must be positive, got \(0, 0\)"),
    (lambda: conv2d_image(torch.ones(1, 3, 3), torch.ones(1, 1, 2, 2), stride=(1, 2, 3)), TypeError,
     "stride must be an int or a pair of ints"),
    (lambda: conv2d_image(torch.ones(1, 3, 3), torch.ones(1, 1, 6, 2), padding=1), ValueError,
     r"kernel of shape \(6, 2\) is larger than the padded input's height x width \(5, 5\)"),
    (lambda: conv2d_image(torch.ones(1, 3, 3), torch.ones(2, 1, 2, 2), torch.ones(3)), ValueError,
     "bias has 3 entries but W has 2 output channels"),
    (lambda: conv2d_image(torch.ones(1, 3, 3), torch.ones(2, 1, 2, 2), torch.ones(2, 1)),
     ValueError,
     r"bias must be 1-D"),
])
def test_bad_input_is_refused_with_a_clear_message(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_conv2d_checks_the_bias_before_it_computes(monkeypatch):
    def compute(*args):
        raise AssertionError("conv2d_image computed before checking its bias")

    monkeypatch.setattr("helpers.taught.nb11_channels.corr2d_multi_in_out", compute)
    with pytest.raises(ValueError, match="bias has 3 entries but W has 2 output channels"):
        conv2d_image(torch.ones(1, 3, 3), torch.ones(2, 1, 2, 2), torch.ones(3))
    with pytest.raises(TypeError, match="bias must be a torch.Tensor"):
        conv2d_image(torch.ones(1, 3, 3), torch.ones(2, 1, 2, 2), [0.0, 0.0])
