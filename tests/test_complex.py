"""Complex tensors through every layer built on corr2d_fast: values and gradients as F.conv2d's.

corr2d_fast's backward did not conjugate, so conv2d_image, corr2d_multi_in(_out) and
Conv2D(corr=corr2d_fast) all had wrong complex gradients; PyTorch's own F.conv2d is the
reference (autograd gives the conjugate Wirtinger gradient).
"""

import torch
import torch.nn.functional as F

from helpers import Conv2D, conv2d_image, corr2d_fast, corr2d_multi_in_out

from references import random_pair


def grads(fn, *tensors, seed=3):
    """Return fn's output and the gradients of Re(sum(fn(*tensors) * G)) for a random complex G."""
    leaves = [t.clone().requires_grad_() for t in tensors]
    Y = fn(*leaves)
    G = torch.randn(Y.shape, dtype=Y.dtype, generator=torch.Generator().manual_seed(seed))
    (Y * G).real.sum().backward()
    return Y.detach(), [t.grad for t in leaves]


def test_multi_channel_correlation_and_conv2d_match_f_conv2d():
    X, K = random_pair((2, 7, 6), (3, 2, 3, 2), torch.complex128)
    bias = random_pair((3,), (1,), torch.complex128, seed=1)[0]
    ours = grads(corr2d_multi_in_out, X, K)
    theirs = grads(lambda X, K: F.conv2d(X[None], K)[0], X, K)
    torch.testing.assert_close(ours, theirs)
    ours = grads(lambda X, K, b: conv2d_image(X, K, b, padding=1, stride=2), X, K, bias)
    theirs = grads(lambda X, K, b: F.conv2d(X[None], K, b, padding=1, stride=2)[0], X, K, bias)
    torch.testing.assert_close(ours, theirs)


def test_conv2d_layer_with_corr2d_fast_on_a_complex_image():
    X = random_pair((1, 1, 6, 7), (1,), torch.complex128)[0]
    layer = Conv2D((2, 3), corr=corr2d_fast).double()
    weight = layer.weight.detach().clone().requires_grad_()
    Xr = X.clone().requires_grad_()
    g = torch.Generator().manual_seed(4)
    G = torch.randn((1, 1, 5, 5), dtype=torch.complex128, generator=g)
    Xo = X.clone().requires_grad_()
    (layer(Xo) * G).real.sum().backward()
    (F.conv2d(Xr, weight.to(torch.complex128)[None, None]) * G).real.sum().backward()
    torch.testing.assert_close(Xo.grad, Xr.grad)
    torch.testing.assert_close(layer.weight.grad, weight.grad)
