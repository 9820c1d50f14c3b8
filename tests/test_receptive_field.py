"""The receptive field of stacked layers against autograd: which inputs an output depends on.

And dilation: ``corr2d_dilated`` against ``torch.nn.functional.conv2d(dilation=...)`` and
SciPy with a kernel spread out by hand; the numbers notebook 7's prose quotes.
"""


import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from scipy.signal import correlate2d

from helpers import (
    corr2d,
    corr2d_dilated,
    dilated_kernel,
    layer_shapes,
    receptive_field,
    show_receptive_field,
)


def depends_on(input_shape, kernel_sizes, position):
    """Return, per tensor from the input up, the mask of elements the output at position uses."""
    torch.manual_seed(0)
    X = torch.rand(input_shape, dtype=torch.float64, requires_grad=True)
    tensors = [X]
    for k in kernel_sizes:  # positive random kernels: no weight is zero by chance
        tensors.append(corr2d(tensors[-1], torch.rand(k, dtype=torch.float64) + 0.1))
    for t in tensors[:-1]:
        t.retain_grad()
    tensors[-1][position].backward()
    masks = [t.grad != 0 for t in tensors[:-1]]
    last = torch.zeros(tensors[-1].shape, dtype=torch.bool)
    last[position] = True
    return masks + [last]


def as_mask(shape, rows, cols):
    mask = torch.zeros(shape, dtype=torch.bool)
    mask[rows, cols] = True
    return mask


@pytest.mark.parametrize("input_shape,kernel_sizes,position", [
    ((4, 4), [(2, 2), (2, 2)], (0, 0)),
    ((4, 4), [(2, 2), (2, 2)], (1, 1)),
    ((7, 9), [(3, 3)], (2, 4)),
    ((8, 9), [(1, 2), (3, 1), (2, 3)], (2, 3)),
    ((12, 12), [(3, 3)] * 4, (3, 1)),
])
def test_receptive_field_is_what_autograd_says(input_shape, kernel_sizes, position):
    masks = depends_on(input_shape, kernel_sizes, position)
    fields = receptive_field(input_shape, kernel_sizes, position)
    assert len(fields) == len(masks) == len(kernel_sizes) + 1
    for mask, (rows, cols) in zip(masks, fields):
        assert torch.equal(as_mask(mask.shape, rows, cols), mask)


def test_two_stacked_2x2_layers_see_3x3():
    (rows, cols), (r1, c1), (r2, c2) = receptive_field((4, 4), [(2, 2), (2, 2)], (0, 0))
    assert (rows, cols) == (slice(0, 3), slice(0, 3))
    assert (r1, c1) == (slice(0, 2), slice(0, 2)) and (r2, c2) == (slice(0, 1), slice(0, 1))


def test_the_figure_shades_the_receptive_field_and_draws_every_grid_line():
    fig = show_receptive_field((4, 4), [(2, 2), (2, 2)], (1, 0))
    fig.canvas.draw()  # applies each panel's equal aspect, which sets its drawn size
    shaded = [np.asarray(ax.images[0].get_array()) == 1 for ax in fig.axes]
    lines = [len(ax.get_lines()) for ax in fig.axes]
    widths = [ax.get_window_extent().width for ax in fig.axes]
    heights = [ax.get_window_extent().height for ax in fig.axes]
    plt.close(fig)
    assert [s.shape for s in shaded] == [(4, 4), (3, 3), (2, 2)]
    assert [int(s.sum()) for s in shaded] == [9, 4, 1]
    assert shaded[0][1:4, 0:3].all() and shaded[2][1, 0]
    assert lines == [3 + 3, 2 + 2, 1 + 1]  # the lines between rows and between columns
    np.testing.assert_allclose(np.array(widths) / widths[0], [1, 3 / 4, 2 / 4], rtol=0.02)
    np.testing.assert_allclose(np.array(heights) / heights[0], [1, 3 / 4, 2 / 4], rtol=0.02)


def test_the_figure_refuses_a_kernel_larger_than_its_input():
    with pytest.raises(ValueError, match=r"kernel \(3, 3\) is larger than its input \(2, 2\)"):
        show_receptive_field((3, 3), [(2, 2), (3, 3)], (0, 0))


@pytest.mark.parametrize("position,error,match", [
    ((-1, 0), ValueError, r"position\[0\] must be at least 0, got -1"),
    ((0, -2), ValueError, r"position\[1\] must be at least 0, got -2"),
    ((2, 0), ValueError, r"position \(2, 0\) is outside the last output, of shape \(2, 2\)"),
    ((1, 5), ValueError, r"position \(1, 5\) is outside the last output, of shape \(2, 2\)"),
    ((0.0, 1), TypeError, r"position\[0\] must be an integer, got float"),
    ((1,), TypeError, r"position must be a pair \(row, column\), got \(1,\)"),
])
@pytest.mark.parametrize("function", [receptive_field, show_receptive_field])
def test_positions_outside_the_output_are_refused(function, position, error, match):
    with pytest.raises(error, match=match):
        function((4, 4), [(2, 2), (2, 2)], position)


def test_the_last_position_inside_the_output_is_accepted():
    assert receptive_field((4, 4), [(2, 2), (2, 2)], (1, 1))[0] == (slice(1, 4), slice(1, 4))


# ---- dilation (notebook 7) ----

def dilated_with_numpy(K, d_h, d_w):
    """The kernel with d - 1 zeros between neighbouring entries, built independently."""
    K = np.asarray(K)
    D = np.zeros((d_h * (K.shape[0] - 1) + 1, d_w * (K.shape[1] - 1) + 1))
    for a in range(K.shape[0]):
        for b in range(K.shape[1]):
            D[d_h * a, d_w * b] = K[a, b]
    return D


@pytest.mark.parametrize("xshape,kshape,dilation", [
    ((7, 7), (3, 3), 2), ((9, 11), (3, 2), (2, 3)), ((5, 5), (1, 1), 4), ((6, 8), (2, 2), 1),
    ((15, 15), (3, 3), 7), ((2, 4, 10, 9), (2, 3), (3, 2))])
def test_dilated_cross_correlation_is_pytorchs_and_scipys(xshape, kshape, dilation):
    g = torch.Generator().manual_seed(len(xshape) + sum(kshape))
    X = torch.randn(xshape, generator=g, dtype=torch.float64)
    K = torch.randn(kshape, generator=g, dtype=torch.float64)
    Y = corr2d_dilated(X, K, dilation)
    batch = X.reshape(-1, 1, *xshape[-2:])
    reference = F.conv2d(batch, K[None, None], dilation=dilation).reshape(Y.shape)
    torch.testing.assert_close(Y, reference)
    d_h, d_w = (dilation, dilation) if isinstance(dilation, int) else dilation
    D = dilated_with_numpy(K.numpy(), d_h, d_w)
    np.testing.assert_array_equal(dilated_kernel(K, dilation).numpy(), D)
    for x, y in zip(batch[:, 0].numpy(), Y.reshape(-1, *Y.shape[-2:]).numpy()):
        np.testing.assert_allclose(y, correlate2d(x, D, mode="valid"))


def test_dilation_1_is_corr2d_and_gradients_flow():
    X = torch.arange(30.0).reshape(5, 6).requires_grad_()
    K = torch.tensor([[1.0, -2.0], [0.5, 3.0]])
    assert torch.equal(corr2d_dilated(X, K, 1), corr2d(X, K))
    corr2d_dilated(X, K, 2).sum().backward()
    X2 = X.detach().clone().requires_grad_()
    F.conv2d(X2[None, None], K[None, None], dilation=2).sum().backward()
    torch.testing.assert_close(X.grad, X2.grad)


@pytest.mark.parametrize("call,error,match", [
    (lambda: corr2d_dilated(torch.ones(4, 4), torch.ones(3, 3), 2), ValueError,
     r"kernel of shape \(3, 3\) with dilation \(2, 2\) spans \(5, 5\), larger than the input's "
     r"height x width \(4, 4\)"),
    (lambda: corr2d_dilated(torch.ones(4, 4), torch.ones(2, 2), 0), ValueError,
     r"dilation must be positive, got \(0, 0\)"),
    (lambda: corr2d_dilated(torch.ones(4, 4), torch.ones(2, 2), 1.5), TypeError,
     "dilation must be an int or a pair"),
    (lambda: corr2d_dilated([[1.0]], torch.ones(1, 1), 1), TypeError, "X must be a torch.Tensor"),
    (lambda: dilated_kernel(torch.ones(2, 2, 2), 2), ValueError, "non-empty 2-D kernel"),
    (lambda: dilated_kernel(torch.ones(2, 2), (1, 0)), ValueError, "dilation must be positive"),
])
def test_dilation_refuses_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_the_ratio_quoted_for_three_3x3_layers():
    from helpers import conv_cost

    one, three = conv_cost(64, 64, 7, 56, padding=3), conv_cost(64, 64, 3, 56, padding=1)
    assert round(100 * 3 * three[0] / one[0]) == round(100 * 3 * three[1] / one[1]) == 55


@pytest.mark.parametrize("input_shape,kernel_sizes,expected", [
    (28, [5, 2], [(28, 28), (24, 24), (23, 23)]),
    ((6, 8), [3, (1, 2)], [(6, 8), (4, 6), (4, 5)]),
    ([6, 8], [[2, 3]], [(6, 8), (5, 6)]),
])
def test_layer_shapes_takes_an_int_or_a_pair_as_pytorch_does(input_shape, kernel_sizes, expected):
    assert layer_shapes(input_shape, kernel_sizes) == expected
    x = torch.zeros(1, 1, *expected[0])
    shapes = [tuple(x.shape[-2:])]
    for k in kernel_sizes:  # nn.Conv2d takes the same ints and pairs
        k_h, k_w = k if isinstance(k, (tuple, list)) else (k, k)
        x = F.conv2d(x, torch.zeros(1, 1, k_h, k_w))
        shapes.append(tuple(x.shape[-2:]))
    assert shapes == expected


def test_the_receptive_field_takes_an_int_shape_and_int_kernels():
    assert receptive_field(4, [2, 2], (0, 0)) == receptive_field((4, 4), [(2, 2), (2, 2)], (0, 0))


@pytest.mark.parametrize("call,error,match", [
    (lambda: layer_shapes("28", [3]), TypeError,
     r"input_shape must be an int or a pair of ints \(height, width\), got '28'"),
    (lambda: layer_shapes((28, 28, 1), [3]), TypeError, r"input_shape .* got \(28, 28, 1\)"),
    (lambda: layer_shapes(28, 3), TypeError,
     r"kernel_sizes must be a list of kernel sizes \(an int or a pair each\), got int 3"),
    (lambda: layer_shapes(28, [3.0]), TypeError, r"kernel_sizes\[0\] must be an int or a pair"),
    (lambda: layer_shapes(28, [3, (0, 1)]), ValueError, r"kernel_sizes\[1\] must be positive"),
    (lambda: layer_shapes(4, [3, 3]), ValueError, r"kernel \(3, 3\) is larger than its input"),
])
def test_layer_shapes_refuses_bad_input_with_one_message(call, error, match):
    with pytest.raises(error, match=match):
        call()
