"""show_images: one colour scale for panels meant to be compared, and true relative sizes."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import show_images


def drawn(fig):
    """Return the colour limits and the extent of the image in every panel that has one."""
    panels = [ax for ax in fig.axes if ax.images and ax.get_label() != "<colorbar>"]
    return ([ax.images[0].get_clim() for ax in panels],
            [tuple(ax.images[0].get_extent()) for ax in panels])


def test_symmetric_scale_is_shared_and_centred_on_zero_with_a_colourbar():
    maps = [np.array([[-1.0, 0.5]]), np.array([[0.0, 3.0]]), np.array([[-2.0, -0.5]])]
    fig = show_images(maps, scale="symmetric")
    clims, _ = drawn(fig)
    colourbars = [ax for ax in fig.axes if ax.get_label() == "<colorbar>"]
    plt.close(fig)
    assert clims == [(-3.0, 3.0)] * 3
    assert len(colourbars) == 1


def test_shared_scale_spans_all_images():
    fig = show_images([np.array([[0.2, 0.4]]), np.array([[0.1, 0.9]])], scale="shared")
    clims, _ = drawn(fig)
    plt.close(fig)
    assert clims == [(0.1, 0.9)] * 2


def test_own_scales_by_default_and_no_colourbar():
    fig = show_images([np.array([[0.0, 1.0]]), np.array([[5.0, 7.0]])])
    clims, _ = drawn(fig)
    assert not [ax for ax in fig.axes if ax.get_label() == "<colorbar>"]
    plt.close(fig)
    assert clims == [(0.0, 1.0), (5.0, 7.0)]


def test_true_size_centres_smaller_images_in_the_largest_ones_frame():
    fig = show_images([np.zeros((8, 10)), np.zeros((6, 6))], true_size=True)
    _, extents = drawn(fig)
    limits = [(ax.get_xlim(), ax.get_ylim()) for ax in fig.axes]
    plt.close(fig)
    assert extents == [(-0.5, 9.5, 7.5, -0.5), (1.5, 7.5, 6.5, 0.5)]
    assert limits == [((-0.5, 9.5), (7.5, -0.5))] * 2


def test_refuses_an_unknown_scale():
    with pytest.raises(ValueError, match="scale must be None, 'shared' or 'symmetric', got 'same'"):
        show_images([np.zeros((2, 2))], scale="same")
