"""The receptive field of stacked layers against autograd: which inputs an output depends on."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from helpers import corr2d, receptive_field, show_receptive_field


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
