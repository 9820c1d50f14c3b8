"""Our batched layers against torch.nn.functional.conv2d / unfold / max_pool2d and nn.Conv2d."""

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from helpers import batch_window_matrix, conv2d_batch
from helpers.taught.nb15_layers import BatchConv2D, Pool2D


def randn(*shape, seed=0, dtype=torch.float64):
    return torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=dtype)


@settings(max_examples=100, deadline=None)
@given(batch=st.integers(1, 3), c_i=st.integers(1, 3), c_o=st.integers(1, 3),
       h=st.integers(1, 8), w=st.integers(1, 8), kh=st.integers(1, 4), kw=st.integers(1, 4),
       ph=st.integers(0, 2), pw=st.integers(0, 2), sh=st.integers(1, 3), sw=st.integers(1, 3),
       bias=st.booleans(), seed=st.integers(0, 99))
def test_conv2d_batch_matches_functional_conv2d_in_value_and_gradient(
        batch, c_i, c_o, h, w, kh, kw, ph, pw, sh, sw, bias, seed):
    X = randn(batch, c_i, h, w, seed=seed).requires_grad_()
    K = randn(c_o, c_i, kh, kw, seed=seed + 1).requires_grad_()
    b = randn(c_o, seed=seed + 2).requires_grad_() if bias else None
    if kh > h + 2 * ph or kw > w + 2 * pw:
        with pytest.raises(ValueError, match="larger than the padded input"):
            conv2d_batch(X, K, b, padding=(ph, pw), stride=(sh, sw))
        return
    Y = conv2d_batch(X, K, b, padding=(ph, pw), stride=(sh, sw))
    Y_ref = F.conv2d(X, K, b, padding=(ph, pw), stride=(sh, sw))
    assert Y.shape == (batch, c_o, (h + 2 * ph - kh) // sh + 1, (w + 2 * pw - kw) // sw + 1)
    torch.testing.assert_close(Y, Y_ref)
    G = randn(*Y.shape, seed=seed + 3)
    params = [X, K] + ([b] if bias else [])
    ours = torch.autograd.grad((Y * G).sum(), params)
    theirs = torch.autograd.grad((Y_ref * G).sum(), params)
    for g, g_ref in zip(ours, theirs):
        torch.testing.assert_close(g, g_ref)


@pytest.mark.parametrize("padding,stride", [(0, 1), (1, 2), ((2, 0), (1, 3))])
def test_batch_window_matrix_is_torchs_unfold(padding, stride):
    X = randn(2, 3, 7, 6)
    p_h, p_w = (padding, padding) if isinstance(padding, int) else padding
    padded = F.pad(X, (p_w, p_w, p_h, p_h))
    torch.testing.assert_close(batch_window_matrix(padded, (3, 2), stride),
                               F.unfold(X, (3, 2), padding=padding, stride=stride), rtol=0, atol=0)


def test_our_layer_starts_as_nn_conv2d_and_computes_what_it_computes():
    torch.manual_seed(5)
    theirs = nn.Conv2d(3, 4, kernel_size=(3, 2), padding=1, stride=2)
    torch.manual_seed(5)
    ours = BatchConv2D(3, 4, kernel_size=(3, 2), padding=1, stride=2)
    assert list(ours.state_dict()) == list(theirs.state_dict()) == ["weight", "bias"]
    for a, b in zip(ours.state_dict().values(), theirs.state_dict().values()):
        assert torch.equal(a, b)
    X = randn(5, 3, 9, 8, dtype=torch.float32)
    torch.testing.assert_close(ours(X), theirs(X), rtol=1e-5, atol=1e-5)
    (ours(X) ** 2).sum().backward()
    (theirs(X) ** 2).sum().backward()
    torch.testing.assert_close(ours.weight.grad, theirs.weight.grad, rtol=1e-4, atol=1e-4)
    torch.testing.assert_close(ours.bias.grad, theirs.bias.grad, rtol=1e-4, atol=1e-4)


def test_gradcheck_through_our_layers():
    conv = BatchConv2D(2, 3, 3, padding=1, stride=2).double()
    pool = Pool2D(2)
    X = randn(2, 2, 6, 7).requires_grad_()
    assert torch.autograd.gradcheck(lambda X: pool(conv(X)), (X,))


@pytest.mark.parametrize("mode,reference", [("max", F.max_pool2d), ("avg", F.avg_pool2d)])
def test_pool_layer_matches_torch(mode, reference):
    X = randn(3, 4, 9, 8).requires_grad_()
    layer = Pool2D(3, mode=mode, padding=1, stride=2)
    Y, Y_ref = layer(X), reference(X, 3, stride=2, padding=1)
    torch.testing.assert_close(Y, Y_ref)
    G = randn(*Y.shape, seed=1)
    torch.testing.assert_close(torch.autograd.grad((Y * G).sum(), X)[0],
                               torch.autograd.grad((Y_ref * G).sum(), X)[0])


def test_default_pool_stride_is_the_window_as_in_nn_maxpool2d():
    X = randn(1, 2, 8, 8)
    torch.testing.assert_close(Pool2D(2)(X), nn.MaxPool2d(2)(X))


def test_layers_print_their_settings():
    assert repr(BatchConv2D(1, 8, 3, padding=1)) == \
        "BatchConv2D(1, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))"
    assert repr(Pool2D(2)) == "Pool2D(pool_size=2, stride=None, padding=0, mode='max')"


def test_a_positional_call_in_pytorchs_order_means_what_it_means_in_pytorch():
    """stride, then padding, as in F.conv2d, nn.Conv2d, F.max_pool2d and nn.MaxPool2d: a call
    copied from PyTorch's documentation, positionally, computes the same (2 and 1 differ, so a
    swapped order would show)."""
    from helpers import conv2d_image, pool2d, pool2d_fast

    g = torch.Generator().manual_seed(0)
    X = torch.randn(2, 3, 9, 8, generator=g, dtype=torch.float64)
    W = torch.randn(4, 3, 3, 3, generator=g, dtype=torch.float64)
    b = torch.randn(4, generator=g, dtype=torch.float64)
    expected = F.conv2d(X, W, b, 2, 1)
    torch.testing.assert_close(conv2d_batch(X, W, b, 2, 1), expected)
    torch.testing.assert_close(conv2d_image(X[0], W, b, 2, 1), expected[0])
    torch.manual_seed(0)
    ours = BatchConv2D(3, 4, 3, 2, 1).double()
    torch.manual_seed(0)
    theirs = nn.Conv2d(3, 4, 3, 2, 1).double()
    torch.testing.assert_close(ours(X), theirs(X))
    for pool in (pool2d, pool2d_fast):
        torch.testing.assert_close(pool(X, 3, 2, 1), F.max_pool2d(X, 3, 2, 1))
    torch.testing.assert_close(Pool2D(3, 2, 1)(X), nn.MaxPool2d(3, 2, 1)(X))
    with pytest.raises(TypeError):
        pool2d(X, 3, 2, 1, "avg")  # mode is a keyword: a fifth positional is refused


@pytest.mark.parametrize("call,error,match", [
    (lambda: conv2d_batch([[1.0]], torch.ones(1, 1, 1, 1)), TypeError,
     "X must be a torch.Tensor, got list"),
    (lambda: conv2d_batch(torch.ones(1, 8, 8), torch.ones(2, 1, 3, 3)), ValueError,
     r"X must be 4-D \(batch, channels, height, width\), got shape \(1, 8, 8\) "
     r"\(add the batch dimension: X.unsqueeze\(0\)\)"),
    (lambda: conv2d_batch(torch.ones(1, 1, 8, 8), torch.ones(1, 3, 3)), ValueError,
     r"W must be 4-D \(out channels, in channels, height, width\), got shape \(1, 3, 3\)"),
    (lambda: conv2d_batch(torch.ones(1, 2, 8, 8), torch.ones(4, 3, 3, 3)), ValueError,
     r"X has 2 channels but W expects 3"),
    (lambda: conv2d_batch(torch.ones(1, 1, 8, 8, dtype=torch.int64),
                          torch.ones(1, 1, 3, 3, dtype=torch.int64)), TypeError,
     "one floating-point dtype"),
    (lambda: conv2d_batch(torch.ones(1, 1, 8, 8), torch.ones(1, 1, 3, 3, dtype=torch.float64)),
     TypeError, "got torch.float32 and torch.float64"),
    (lambda: conv2d_batch(torch.ones(0, 1, 8, 8), torch.ones(1, 1, 3, 3)), ValueError,
     "must not be empty"),
    (lambda: conv2d_batch(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 3, 3)), ValueError,
     r"kernel of shape \(3, 3\) is larger than the padded input's height x width \(2, 2\)"),
    (lambda: conv2d_batch(torch.ones(1, 1, 8, 8), torch.ones(2, 1, 3, 3), torch.ones(3)),
     ValueError, r"bias must have shape \(2,\), one entry per output channel, got \(3,\)"),
    (lambda: conv2d_batch(torch.ones(1, 1, 8, 8), torch.ones(2, 1, 3, 3), [0.0, 0.0]), TypeError,
     "bias must be a torch.Tensor"),
    (lambda: conv2d_batch(torch.ones(1, 1, 8, 8), torch.ones(1, 1, 3, 3), padding=-1), ValueError,
     "padding must be at least 0"),
    (lambda: conv2d_batch(torch.ones(1, 1, 8, 8), torch.ones(1, 1, 3, 3), stride=0), ValueError,
     "stride must be positive"),
    (lambda: conv2d_batch(torch.ones(1, 1, 8, 8), torch.ones(1, 1, 3, 3), stride=1.5), TypeError,
     "stride must be an int or a pair of ints"),
    (lambda: BatchConv2D(0, 8, 3), ValueError, "in_channels must be positive"),
    (lambda: BatchConv2D((1, 2), 8, 3), TypeError, "in_channels must be an integer"),
    (lambda: conv2d_batch(torch.ones(1, 1, 8, 8), torch.ones(1, 1, 3, 3, device="meta")),
     ValueError, "X is on cpu but W is on meta"),
    (lambda: BatchConv2D(1, 8, 2.5), TypeError, "kernel_size must be an int or a pair"),
    (lambda: Pool2D(2, mode="median")(torch.ones(1, 1, 8, 8)), ValueError,
     "mode must be 'max' or 'avg'"),
])
def test_bad_input_is_refused_with_a_clear_message(call, error, match):
    with pytest.raises(error, match=match):
        call()
