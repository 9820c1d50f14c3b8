"""Pooling (notebook 12) against F.max_pool2d and F.avg_pool2d: values and gradients."""

import pytest
import torch
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers import max_pool2d_backward, pool2d, pool2d_fast, pool_output_size
from helpers.figures.animation import sliding_window_animation

POOLS = [pool2d, pool2d_fast]
REFERENCE = {"max": F.max_pool2d, "avg": F.avg_pool2d}


def compare_with_torch(pool, X, mode, k, p, s, ceil_mode, seed):
    """Assert that ``pool`` equals PyTorch's pooling of ``X`` in value and in gradient."""
    theirs_X = X.clone().requires_grad_()
    theirs = REFERENCE[mode](theirs_X, k, s, p, ceil_mode=ceil_mode)
    ours_X = X.clone().requires_grad_()
    ours = pool(ours_X, k, mode=mode, padding=p, stride=s, ceil_mode=ceil_mode)
    assert ours.shape == theirs.shape
    torch.testing.assert_close(ours, theirs)
    grad_Y = torch.randn(theirs.shape, generator=torch.Generator().manual_seed(seed),
                         dtype=X.dtype)
    theirs.backward(grad_Y)
    ours.backward(grad_Y)
    torch.testing.assert_close(ours_X.grad, theirs_X.grad)


@pytest.mark.parametrize("pool", POOLS)
def test_the_books_examples(pool):
    """d2l's 3x3 arange with a 2x2 window sliding one pixel at a time."""
    X = torch.arange(9.0).reshape(3, 3)
    assert torch.equal(pool(X, 2, stride=1), torch.tensor([[4.0, 5.0], [7.0, 8.0]]))
    assert torch.equal(pool(X, 2, mode="avg", stride=1), torch.tensor([[2.0, 3.0], [5.0, 6.0]]))


@pytest.mark.parametrize("pool", POOLS)
def test_the_default_stride_is_the_window(pool):
    X = torch.arange(16.0).reshape(4, 4)
    assert torch.equal(pool(X, 2), F.max_pool2d(X[None], 2)[0])
    assert pool(X, 2).shape == (2, 2)
    assert pool(X, 3).shape == (1, 1)
    assert pool(X, 2, stride=1).shape == (3, 3)


@settings(max_examples=80)
@given(batch=st.integers(1, 2), channels=st.integers(1, 3), h=st.integers(1, 8),
       w=st.integers(1, 8), kh=st.integers(1, 4), kw=st.integers(1, 4), ph=st.integers(0, 2),
       pw=st.integers(0, 2), sh=st.integers(1, 3), sw=st.integers(1, 3),
       ceil_mode=st.booleans(), ties=st.booleans(), seed=st.integers(0, 99))
def test_matches_pytorch_in_value_and_gradient(batch, channels, h, w, kh, kw, ph, pw, sh, sw,
                                               ceil_mode, ties, seed):
    """Padding, stride, several channels, overlapping windows (stride < window), ceil_mode.

    With ``ties`` the input holds only 0, 1 and 2, so most windows share their maximum.
    """
    ph, pw = min(ph, kh // 2), min(pw, kw // 2)  # PyTorch's rule: padding at most half the window
    assume(kh <= h + 2 * ph and kw <= w + 2 * pw)  # the window fits: hypothesis draws another
    g = torch.Generator().manual_seed(seed)
    shape = (batch, channels, h, w)
    if ties:
        X = torch.randint(0, 3, shape, generator=g).double()
    else:
        X = torch.randn(shape, generator=g, dtype=torch.float64)
    for pool in POOLS:
        for mode in ("max", "avg"):
            compare_with_torch(pool, X, mode, (kh, kw), (ph, pw), (sh, sw), ceil_mode, seed)


@pytest.mark.parametrize("pool", POOLS)
def test_a_maximum_shared_by_overlapping_windows_collects_each_gradient(pool):
    """The centre of a 3x3 is the maximum of all four 2x2 windows at stride 1: gradient 4."""
    X = torch.zeros(3, 3)
    X[1, 1] = 1.0
    X.requires_grad_()
    pool(X, 2, stride=1).sum().backward()
    expected = torch.zeros(3, 3)
    expected[1, 1] = 4.0
    assert torch.equal(X.grad, expected)
    Xt = X.detach().clone().requires_grad_()
    F.max_pool2d(Xt[None], 2, stride=1).sum().backward()
    assert torch.equal(X.grad, Xt.grad)


@pytest.mark.parametrize("pool", POOLS)
def test_on_a_tie_the_first_maximum_takes_the_gradient_as_in_pytorch(pool):
    X = torch.ones(1, 4, 4, requires_grad=True)
    pool(X, 2).sum().backward()
    Xt = torch.ones(1, 4, 4, requires_grad=True)
    F.max_pool2d(Xt, 2).sum().backward()
    assert torch.equal(X.grad, Xt.grad)
    assert X.grad.sum() == 4 and X.grad[0, 0, 0] == 1 and X.grad[0, 0, 1] == 0


@pytest.mark.parametrize("pool", POOLS)
def test_float32_and_leading_dimensions(pool):
    X = torch.randn(2, 3, 4, 7, 9, generator=torch.Generator().manual_seed(1))
    ours = pool(X, (3, 2), padding=1, stride=(2, 3))
    theirs = F.max_pool2d(X.reshape(-1, 7, 9), (3, 2), (2, 3), 1).reshape(2, 3, 4, 4, 4)
    assert ours.dtype == torch.float32
    torch.testing.assert_close(ours, theirs)


@pytest.mark.parametrize("pool", POOLS)
def test_integer_max_pooling(pool):
    X = torch.arange(-8, 8).reshape(4, 4)
    ours = pool(X, 3, padding=1, stride=2)
    assert ours.dtype == torch.int64
    assert torch.equal(ours, F.max_pool2d(X[None].double(), 3, 2, 1)[0].long())


@pytest.mark.parametrize("n,k,p,s", [(n, k, p, s) for n in range(1, 10) for k in range(1, 5)
                                     for p in range(0, k // 2 + 1) for s in range(1, 4)
                                     if k <= n + 2 * p])
def test_the_output_size_rule_rounds_as_pytorch(n, k, p, s):
    X = torch.zeros(1, n, n)
    for ceil_mode in (False, True):
        expected = F.max_pool2d(X, k, s, p, ceil_mode=ceil_mode).shape[-1]
        assert pool_output_size(n, k, p, s, ceil_mode) == expected


@pytest.mark.parametrize("pool", POOLS)
@pytest.mark.parametrize("call,error,match", [
    (lambda f: f([[1.0, 2.0]], 1), TypeError, "X must be a torch.Tensor, got list"),
    (lambda f: f(torch.ones(4), 2), ValueError, r"at least 2 dimensions .* shape \(4,\)"),
    (lambda f: f(torch.ones(3, 0), 1), ValueError, r"must not be empty, got shape \(3, 0\)"),
    (lambda f: f(torch.ones(4, 4), 2, mode="mean"), ValueError, "mode must be 'max' or 'avg'"),
    (lambda f: f(torch.ones(4, 4), 0), ValueError, "pool_size must be positive"),
    (lambda f: f(torch.ones(4, 4), 2.0), TypeError, "pool_size must be an int or a pair"),
    (lambda f: f(torch.ones(4, 4), 2, stride=0), ValueError, "stride must be positive"),
    (lambda f: f(torch.ones(4, 4), 2, padding=-1), ValueError, "padding must be at least 0"),
    (lambda f: f(torch.ones(4, 4), 2, padding=2), ValueError, "at most half the window"),
    (lambda f: f(torch.ones(3, 3), 4), ValueError, r"pool_size \(4, 4\) is larger than"),
    (lambda f: f(torch.ones(4, 4, dtype=torch.long), 2, mode="avg"), TypeError,
     "floating-point X, got dtype torch.int64"),
    (lambda f: f(torch.ones(4, 4, dtype=torch.bool), 2), TypeError, "real numbers"),
    (lambda f: f(torch.ones(4, 4), 2, ceil_mode=1), TypeError, "ceil_mode must be True or False"),
])
def test_bad_input_is_refused_with_a_clear_message(pool, call, error, match):
    with pytest.raises(error, match=match):
        call(pool)


@settings(max_examples=60)
@given(h=st.integers(1, 8), w=st.integers(1, 8), k=st.integers(1, 4), s=st.integers(1, 3),
       ties=st.booleans(), seed=st.integers(0, 99))
def test_the_hand_written_max_pool_backward_is_autograds(h, w, k, s, ties, seed):
    assume(k <= min(h, w))
    g = torch.Generator().manual_seed(seed)
    X = (torch.randint(0, 3, (h, w), generator=g).double() if ties
         else torch.randn(h, w, generator=g, dtype=torch.float64))
    X_autograd = X.clone().requires_grad_()
    Y = F.max_pool2d(X_autograd[None], k, s)[0]
    grad_Y = torch.randn(Y.shape, generator=g, dtype=torch.float64)
    Y.backward(grad_Y)
    assert torch.equal(max_pool2d_backward(X, grad_Y, k, s), X_autograd.grad)


@pytest.mark.parametrize("call,error,match", [
    (lambda: max_pool2d_backward(torch.ones(4, 4), [[1.0]], 2), TypeError,
     "grad_Y must be a torch.Tensor"),
    (lambda: max_pool2d_backward(torch.ones(1, 4, 4), torch.ones(1, 2, 2), 2), ValueError,
     r"X must be 2-D .* shape \(1, 4, 4\)"),
    (lambda: max_pool2d_backward(torch.ones(4, 4), torch.ones(3, 3), 2), ValueError,
     r"grad_Y must have the output's shape \(2, 2\), got \(3, 3\)"),
])
def test_the_backward_refuses_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.mark.parametrize("n,k,p,s,frames", [(4, 3, 1, 1, 16), (5, 3, 1, 2, 9), (4, 2, 0, 2, 4),
                                             ((5, 4), (3, 2), (1, 0), (2, 1), 9)])
def test_the_animation_has_one_frame_per_output_and_stays_small(n, k, p, s, frames):
    animation = sliding_window_animation(n, k, padding=p, stride=s)
    html = animation.to_jshtml()
    assert html.count("data:image/png;base64") == frames
    assert len(html) < 300_000


@pytest.mark.parametrize("call,error,match", [
    (lambda: sliding_window_animation(3, 5), ValueError, "larger than the padded input"),
    (lambda: sliding_window_animation(4, 2, stride=0), ValueError, "stride must be positive"),
    (lambda: sliding_window_animation(4.0, 2), TypeError, "n must be an int or a pair"),
])
def test_the_animation_refuses_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.mark.parametrize("args,error,match", [
    ((3, 5, 0, 1), ValueError, r"the window k = 5 is larger than the padded side n \+ 2p = 3"),
    ((3, 1, -1, 1), ValueError, r"p must be at least 0, got -1"),
    ((4.0, 2, 0, 2), TypeError, r"n must be an integer, got float 4.0"),
    ((5, 2, 0, 0), ValueError, r"s must be positive, got 0"),
    ((5, 0, 0, 1), ValueError, r"k must be positive, got 0"),
])
def test_the_output_size_rule_refuses_what_has_no_output(args, error, match):
    """Outside cases: a window larger than the side gave -1 (or 0), a negative padding or a
    float side a wrong number, and stride 0 a ZeroDivisionError."""
    with pytest.raises(error, match=match):
        pool_output_size(*args)


INF, NAN = float("inf"), float("nan")
# Windows where "the first maximum" is not the whole rule: an image of -inf (padding, also
# -inf, must not take the gradient: PyTorch gives it to the first element inside the input),
# and NaN (PyTorch's maximum is NaN, and its last NaN in reading order takes the gradient).
OUTSIDE_CASES = [  # (X, pool_size, stride, padding)
    (torch.tensor([[-INF, -INF, 1.0], [-INF, -INF, 2.0], [3.0, 4.0, 5.0]]), 2, 1, 0),
    (torch.full((3, 3), -INF), 2, 1, 1),
    (torch.full((2, 2), -INF), 2, 2, 1),
    (torch.tensor([[-INF, 7.0, -INF], [-INF, -INF, -INF]]), 3, 1, 1),
    (torch.tensor([[1.0, NAN, 2.0, NAN], [3, 4, 5, 6], [NAN, NAN, 1, 1], [1, 1, 1, 1]]), 2, 2, 0),
    (torch.tensor([[NAN, 0.0, NAN], [-INF, NAN, 1.0], [2.0, 3.0, NAN]]), 2, 1, 1),
]


def torch_max_pool_gradient(X, k, s, p, grad_Y=None):
    """Return ``(Y, dX)``: F.max_pool2d of ``X`` (H, W) and autograd's gradient of ``X``."""
    X = X.clone().double().requires_grad_()
    Y = F.max_pool2d(X[None], k, s, p)[0]
    Y.backward(torch.ones_like(Y) if grad_Y is None else grad_Y)
    return Y.detach(), X.grad


@pytest.mark.parametrize("pool", POOLS)
@pytest.mark.parametrize("X,k,s,p", OUTSIDE_CASES)
def test_infinite_and_nan_windows_send_the_gradient_where_pytorch_does(pool, X, k, s, p):
    theirs, theirs_grad = torch_max_pool_gradient(X, k, s, p)
    ours_X = X.clone().double().requires_grad_()
    ours = pool(ours_X, k, s, p)
    torch.testing.assert_close(ours, theirs, equal_nan=True)
    ours.backward(torch.arange(1.0, ours.numel() + 1, dtype=torch.float64).reshape(ours.shape))
    _, theirs_grad = torch_max_pool_gradient(
        X, k, s, p, torch.arange(1.0, ours.numel() + 1, dtype=torch.float64).reshape(ours.shape))
    assert torch.equal(ours_X.grad, theirs_grad)


@pytest.mark.parametrize("X,k,s,p", [case for case in OUTSIDE_CASES if case[3] == 0])
def test_the_hand_written_backward_of_infinite_and_nan_windows_is_pytorchs(X, k, s, p):
    Y, _ = torch_max_pool_gradient(X, k, s, p)
    grad_Y = torch.arange(1.0, Y.numel() + 1, dtype=torch.float64).reshape(Y.shape)
    _, theirs = torch_max_pool_gradient(X, k, s, p, grad_Y)
    assert torch.equal(max_pool2d_backward(X.double(), grad_Y, k, s), theirs)


@pytest.mark.parametrize("dtype", [torch.int64, torch.int32, torch.uint8])
def test_the_hand_written_backward_takes_an_integer_image_as_max_pool2d_does(dtype):
    g = torch.Generator().manual_seed(3)
    X = torch.randint(0, 4, (5, 6), generator=g).to(dtype)  # many ties
    assert torch.equal(pool2d(X, 2, 1), F.max_pool2d(X[None], 2, 1)[0])  # PyTorch pools integers
    grad_Y = torch.randn(4, 5, generator=g, dtype=torch.float64)
    _, theirs = torch_max_pool_gradient(X, 2, 1, 0, grad_Y)  # the same values, as float64
    ours = max_pool2d_backward(X, grad_Y, 2, 1)
    assert ours.dtype == grad_Y.dtype
    assert torch.equal(ours, theirs)


@pytest.mark.parametrize("pool", POOLS)
@pytest.mark.parametrize("X,k,s,p", [
    (torch.full((3, 3), -INF), 2, 2, 0),
    (torch.full((3, 3), -INF), 2, 2, 1),
    (torch.full((5, 4), -INF), 3, 2, 1),
    (torch.tensor([[NAN, 1.0, -INF], [2.0, NAN, 3.0], [-INF, -INF, -INF]]), 2, 2, 1),
])
def test_ceil_modes_last_windows_of_inf_and_nan_send_the_gradient_where_pytorch_does(pool, X, k,
                                                                                    s, p):
    theirs_X = X.clone().double().requires_grad_()
    theirs = F.max_pool2d(theirs_X[None], k, s, p, ceil_mode=True)[0]
    grad_Y = torch.arange(1.0, theirs.numel() + 1, dtype=torch.float64).reshape(theirs.shape)
    theirs.backward(grad_Y)
    ours_X = X.clone().double().requires_grad_()
    ours = pool(ours_X, k, s, p, ceil_mode=True)
    torch.testing.assert_close(ours, theirs.detach(), equal_nan=True)
    ours.backward(grad_Y)
    assert torch.equal(ours_X.grad, theirs_X.grad)
