"""Looking inside: cosine similarity, the receptive-field rule with strides, shifts, figures."""

import math

import matplotlib
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from helpers import (
    box_blur,
    laplacian,
    most_similar,
    receptive_field_sizes,
    shift_right,
    sobel_x,
    sobel_y,
)
from helpers.figures.networks import (
    mosaic,
    show_feature_maps,
    show_kernels,
    show_map_grid,
    show_support,
)
from helpers.taught.nb16_inside import cosine_similarity, gradient_support

matplotlib.use("Agg")
DESIGNED = {"S_x": sobel_x(), "S_y": sobel_y(), "Laplacian": laplacian(), "blur": box_blur(3)}


def test_cosine_similarity_matches_torch():
    g = torch.Generator().manual_seed(0)
    for _ in range(5):
        A, B = torch.randn(3, 3, generator=g), torch.randn(3, 3, generator=g)
        expected = F.cosine_similarity(A.flatten(), B.flatten(), dim=0).item()
        assert cosine_similarity(A, B) == pytest.approx(expected, abs=1e-6)
    assert cosine_similarity(sobel_x(), -2 * sobel_x()) == pytest.approx(-1)
    assert cosine_similarity(sobel_x(), sobel_y()) == pytest.approx(0)


def test_most_similar_keeps_the_sign_and_ignores_scale():
    assert most_similar(-3 * sobel_y(), DESIGNED) == ("S_y", pytest.approx(-1))
    assert most_similar(torch.ones(3, 3) * 0.2, DESIGNED) == ("blur", pytest.approx(1))
    name, cos = most_similar(laplacian() + 0.1 * sobel_x(), DESIGNED)
    assert name == "Laplacian" and 0.9 < cos < 1


def test_cosine_similarity_refuses_mismatched_shapes():
    with pytest.raises(ValueError, match=r"one shape, got \(3, 3\) and \(2, 2\)"):
        cosine_similarity(sobel_x(), torch.ones(2, 2))
    with pytest.raises(TypeError, match="B must be a torch.Tensor"):
        cosine_similarity(sobel_x(), [[1.0]])


def test_stride_one_gives_notebook_7s_rule():
    for k in (2, 3, 5):
        assert receptive_field_sizes([(k, 1)] * 4) == [L * (k - 1) + 1 for L in range(1, 5)]


def test_known_networks():
    assert receptive_field_sizes([(3, 1), (2, 2), (3, 1), (2, 2)]) == [3, 4, 8, 10]
    assert receptive_field_sizes([(5, 1), (2, 2), (5, 1), (2, 2)]) == [5, 6, 14, 16]  # LeNet-5
    assert receptive_field_sizes([(7, 2), (3, 2)]) == [7, 11]  # ResNet's stem: conv 7/2, pool 3/2


def brute_force_field(layers, n=300):
    """The width of the input columns one middle output unit depends on, by autograd (1-D)."""
    X = torch.zeros(1, 1, 1, n, requires_grad=True)
    Y = X
    for k, s in layers:  # all-ones kernels: every pixel in a window contributes
        Y = F.conv2d(Y, torch.ones(1, 1, 1, k, dtype=X.dtype), stride=(1, s))
    Y[0, 0, 0, Y.shape[-1] // 2].backward()
    cols = X.grad[0, 0, 0].nonzero().flatten()
    return int(cols.max() - cols.min() + 1)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 4), st.integers(1, 3)), min_size=1, max_size=4))
def test_the_rule_matches_autograd_on_stacked_strided_layers(layers):
    assert receptive_field_sizes(layers)[-1] == brute_force_field(layers)


def test_receptive_field_sizes_refuses_bad_layers():
    with pytest.raises(ValueError, match="s must be positive"):
        receptive_field_sizes([(3, 0)])
    with pytest.raises(TypeError, match="k must be an integer"):
        receptive_field_sizes([(2.5, 1)])


def test_gradient_support_of_a_strided_network_is_the_rules_square():
    torch.manual_seed(0)
    features = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(4, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
    support = gradient_support(features, (24, 24), unit=(0, 2, 2), samples=256, seed=0)
    rows, cols = support.nonzero().unbind(1)
    assert (rows.min(), rows.max(), cols.min(), cols.max()) == (5, 14, 5, 14)
    assert support.sum() == 100


def test_one_input_can_miss_pixels_that_the_union_finds():
    features = nn.Sequential(nn.MaxPool2d(2))  # the gradient reaches one pixel of the window
    assert gradient_support(features, (4, 4), (0, 0, 0), samples=1).sum() == 1
    assert gradient_support(features, (4, 4), (0, 0, 0), samples=64).sum() == 4


def test_shift_right():
    X = torch.arange(12.0).reshape(1, 3, 4)
    expected = torch.roll(X, 1, dims=-1)
    expected[..., 0] = 0
    assert torch.equal(shift_right(X, 1), expected)
    assert torch.equal(shift_right(X, 0), X)
    assert torch.equal(shift_right(X, 5), torch.zeros_like(X))
    with pytest.raises(ValueError, match="pixels must be at least 0"):
        shift_right(X, -1)


def test_mosaic_places_each_map_and_blank_gaps():
    maps = torch.arange(10 * 4.0).reshape(10, 2, 2)
    tiled = mosaic(maps, ncols=4)
    assert tiled.shape == (3 * 3 - 1, 4 * 3 - 1)
    assert (tiled[3:5, 3:5] == maps[5].numpy()).all()  # map 5: tile row 1, tile column 1
    assert math.isnan(tiled[2, 0]) and math.isnan(tiled[0, 2])
    assert all(math.isnan(v) for v in tiled[6:8, 6:].flatten())  # tiles 10 and 11 are empty


def test_figures_share_their_colour_scales():
    fig = show_kernels({"a": {"x": torch.ones(3, 3)}, "b": {"y": -2 * torch.ones(3, 3)}})
    limits = {im.get_clim() for ax in fig.axes for im in ax.get_images()}
    assert limits == {(-2.0, 2.0)}
    grid = show_map_grid([[torch.ones(2, 2), torch.ones(4, 4)], [3 * torch.ones(2, 2),
                                                                  torch.ones(4, 4)]],
                         ["r0", "r1"], ["c0", "c1"])
    limits = [ax.get_images()[0].get_clim() for ax in grid.axes if ax.get_images()]
    assert limits == [(0, 3.0), (0, 3.0), (0, 1.0), (0, 1.0)]  # column by column
    maps = show_feature_maps({"a": torch.rand(3, 4, 4), "b": torch.rand(5, 2, 2)})
    assert len([ax for ax in maps.axes if ax.get_images()]) == 2
    support = show_support(torch.ones(4, 4, dtype=torch.bool), (slice(1, 3), slice(0, 2)), "t")
    assert len(support.axes) == 1
