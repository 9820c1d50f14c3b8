"""Hand-designed kernels and the test images against SciPy's filters and plain calculus."""

import re

import numpy as np
import pytest
import scipy.ndimage as ndi
import torch
from scipy.signal import convolve2d

from helpers import (
    box_blur,
    corr2d,
    corr2d_fast,
    diagonal_edge,
    diagonal_image,
    directional_edge,
    horizontal_edge,
    laplacian,
    photo,
    second_derivative,
    sobel_magnitude,
    sobel_x,
    sobel_y,
)


@pytest.fixture(scope="module")
def image():
    return photo(48).double()


def interior(A, k=1):
    return A[k:-k, k:-k]


def test_photo_is_grayscale_in_unit_range():
    P = photo(64)
    assert P.shape == (64, 64) and P.dtype == torch.float32
    assert 0 <= P.min() < 0.2 and 0.8 < P.max() <= 1
    assert P.std() > 0.1  # a picture, not a flat field


@pytest.mark.parametrize("make,size,error,message", [
    (photo, 7, ValueError, "size must be at least 8, got 7"),
    (photo, 513, ValueError, "size must be from 8 to 512, got 513"),
    (photo, 64.0, TypeError, "size must be an integer, got float 64.0"),
    (photo, True, TypeError, "size must be an integer, got bool True"),
    (diagonal_image, 1, ValueError, "size must be at least 2, got 1"),
    (diagonal_image, "8", TypeError, "size must be an integer, got str '8'"),
    (box_blur, 0, ValueError, "size must be positive, got 0"),
    (box_blur, 2.5, TypeError, "size must be an integer, got float 2.5"),
])
def test_sizes_are_checked(make, size, error, message):
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        make(size)


def test_sobel_matches_scipy_up_to_the_border(image):
    for kernel, axis in ((sobel_x(), 1), (sobel_y(), 0)):
        ours = corr2d(image, kernel.double()).numpy()
        np.testing.assert_allclose(ours, interior(ndi.sobel(image.numpy(), axis=axis)),
                                   atol=1e-12)


def test_sobel_magnitude_matches_scipy(image):
    ref = np.hypot(ndi.sobel(image.numpy(), axis=1), ndi.sobel(image.numpy(), axis=0))
    np.testing.assert_allclose(sobel_magnitude(image).numpy(), interior(ref), atol=1e-12)


def test_laplacian_matches_scipy(image):
    ours = corr2d(image, laplacian().double()).numpy()
    np.testing.assert_allclose(ours, interior(ndi.laplace(image.numpy())), atol=1e-12)


@pytest.mark.parametrize("size", [1, 3, 5])
def test_box_blur_matches_uniform_filter(image, size):
    ours = corr2d_fast(image, box_blur(size).double()).numpy()
    ref = ndi.uniform_filter(image.numpy(), size=size)
    k = size // 2
    np.testing.assert_allclose(ours, ref[k:ref.shape[0] - k, k:ref.shape[1] - k], atol=1e-12)
    assert box_blur(size).sum().item() == pytest.approx(1)


def test_flipped_correlation_is_scipy_convolution(image):
    K = torch.tensor([[1.0, 2.0, 0.0], [-1.0, 3.0, 5.0]], dtype=torch.float64)
    ours = corr2d(image, torch.flip(K, dims=(0, 1))).numpy()
    np.testing.assert_allclose(ours, convolve2d(image.numpy(), K.numpy(), mode="valid"),
                               atol=1e-12)


def test_second_derivative_of_a_parabola_is_two():
    x = torch.arange(10.0)
    Y = corr2d((x**2).repeat(3, 1), second_derivative())
    assert torch.equal(Y, torch.full((3, 8), 2.0))


def test_laplacian_of_x2_plus_y2_is_four():
    y, x = torch.meshgrid(torch.arange(8.0), torch.arange(8.0), indexing="ij")
    assert torch.equal(corr2d(x**2 + y**2, laplacian()), torch.full((6, 6), 4.0))


@pytest.mark.parametrize("dx,dy", [(1, 0), (0, 1), (1, 1), (3, -2), (-1, 0.5)])
def test_directional_edge_sees_change_along_its_direction_only(dx, dy):
    y, x = torch.meshgrid(torch.arange(9.0), torch.arange(9.0), indexing="ij")
    along = corr2d(dx * x + dy * y, directional_edge(dx, dy))  # brightens along (dx, dy)
    across = corr2d(-dy * x + dx * y, directional_edge(dx, dy))
    assert (along > 0).all() and torch.allclose(along, along[0, 0].expand_as(along))
    torch.testing.assert_close(across, torch.zeros_like(across), atol=1e-5, rtol=0)


def test_directional_edge_of_the_axes_is_sobel():
    torch.testing.assert_close(directional_edge(1, 0), sobel_x())
    torch.testing.assert_close(directional_edge(0, 2), sobel_y())


@pytest.mark.parametrize("dx,dy,error", [(0, 0, ValueError), ("1", 0, TypeError),
                                         (float("nan"), 1, ValueError), (True, 1, TypeError)])
def test_directional_edge_refuses_bad_directions(dx, dy, error):
    with pytest.raises(error, match="must"):
        directional_edge(dx, dy)


def test_edge_kernels_on_the_diagonal_image():
    X = diagonal_image(6)
    assert torch.equal(X, torch.from_numpy(np.tril(np.ones((6, 6), dtype=np.float32))))
    Y = corr2d(X, horizontal_edge())  # pixel minus the one below: -1 just above the diagonal
    assert torch.equal(Y, torch.from_numpy(-np.eye(5, 6, k=1, dtype=np.float32)))
    D = corr2d(X, diagonal_edge())
    assert (D == 0).all()  # moving along the diagonal, the colour never changes


def test_sobel_magnitude_refuses_small_images():
    with pytest.raises(ValueError, match=r"\(3, 3\) is larger"):
        sobel_magnitude(torch.ones(2, 5))
