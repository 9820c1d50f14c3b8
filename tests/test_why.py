"""helpers.why (notebook 0) against independent references: torch.nn.functional and SciPy.

- ``convolution_matrix(K, shape) @ x`` is PyTorch's and SciPy's cross-correlation, its
  transpose is autograd's input gradient, and its non-zero entries are the kernel's, tied;
- ``compose_kernels(P, Q)`` is SciPy's full convolution of the two kernels, and the one
  kernel of two cross-correlations in a row;
- the exercise check accepts the right answers in their equivalent forms and names the
  characteristic mistakes;
- the numbers notebook 0's prose quotes are those its cells printed.
"""


import matplotlib
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from scipy.signal import convolve2d, correlate2d

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from test_claims import cells, output_text, source

from helpers import compose_kernels, convolution_matrix, show_on_one_scale  # noqa: E402
from helpers.exercises import EMPTY, RIGHT, WRONG, check_stacked_kernel  # noqa: E402

SHAPES = [((3, 3), (2, 2)), ((1, 1), (1, 1)), ((4, 7), (1, 3)), ((6, 5), (3, 2)), ((5, 5), (5, 5)),
          ((9, 8), (4, 1))]


def random_pair(xshape, kshape, seed):
    g = torch.Generator().manual_seed(seed)
    return (torch.randn(xshape, generator=g, dtype=torch.float64),
            torch.randn(kshape, generator=g, dtype=torch.float64))


@pytest.mark.parametrize("xshape,kshape", SHAPES)
def test_the_matrix_times_the_image_is_the_cross_correlation(xshape, kshape):
    X, K = random_pair(xshape, kshape, seed=sum(xshape + kshape))
    C = convolution_matrix(K, xshape)
    out = (xshape[0] - kshape[0] + 1, xshape[1] - kshape[1] + 1)
    assert C.shape == (out[0] * out[1], xshape[0] * xshape[1])
    Y = (C @ X.flatten()).reshape(out)
    torch.testing.assert_close(Y, F.conv2d(X[None, None], K[None, None])[0, 0])
    np.testing.assert_allclose(Y.numpy(), correlate2d(X.numpy(), K.numpy(), mode="valid"))


@pytest.mark.parametrize("xshape,kshape", SHAPES)
def test_the_matrix_is_sparse_with_tied_weights(xshape, kshape):
    K = torch.arange(1.0, kshape[0] * kshape[1] + 1).reshape(kshape)  # distinct, none zero
    C = convolution_matrix(K, xshape)
    for row in C:  # every row holds each weight of the kernel once, and zeros
        assert torch.equal(row[row != 0].sort().values, K.flatten())
    assert int((C != 0).sum()) == C.shape[0] * K.numel()


@pytest.mark.parametrize("xshape,kshape", SHAPES)
def test_its_transpose_is_the_input_gradient(xshape, kshape):
    X, K = random_pair(xshape, kshape, seed=7)
    X.requires_grad_()
    Y = F.conv2d(X[None, None], K[None, None])[0, 0]
    G = torch.randn(Y.shape, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    (Y * G).sum().backward()
    C = convolution_matrix(K, xshape)
    torch.testing.assert_close((C.T @ G.flatten()).reshape(xshape), X.grad)


def test_the_matrix_keeps_the_kernels_dtype_and_refuses_bad_input():
    assert convolution_matrix(torch.ones(2, 2, dtype=torch.float64), (3, 3)).dtype == torch.float64
    assert convolution_matrix(torch.ones(2, 2), torch.Size([3, 4])).shape == (2 * 3, 12)
    with pytest.raises(TypeError, match="K must be a torch.Tensor"):
        convolution_matrix([[1.0]], (3, 3))
    with pytest.raises(ValueError, match=r"non-empty 2-D kernel .* got shape \(2, 2, 2\)"):
        convolution_matrix(torch.ones(2, 2, 2), (3, 3))
    with pytest.raises(ValueError, match=r"kernel of shape \(4, 2\) is larger than the input"):
        convolution_matrix(torch.ones(4, 2), (3, 3))
    with pytest.raises(TypeError, match="input_shape must be an int or a pair"):
        convolution_matrix(torch.ones(2, 2), (3, 3, 3))


KERNELS = [((2, 2), (1, 2)), ((3, 3), (3, 3)), ((1, 5), (4, 1)), ((2, 3), (3, 2)), ((1, 1), (2, 2))]


@pytest.mark.parametrize("k1,k2", KERNELS)
def test_two_kernels_are_one_full_convolution(k1, k2):
    K1, K2 = random_pair(k1, k2, seed=3)
    K = compose_kernels(K1, K2)
    np.testing.assert_allclose(K.numpy(), convolve2d(K1.numpy(), K2.numpy(), mode="full"))
    X = torch.randn(9, 10, generator=torch.Generator().manual_seed(2), dtype=torch.float64)
    twice = F.conv2d(F.conv2d(X[None, None], K1[None, None]), K2[None, None])[0, 0]
    torch.testing.assert_close(twice, F.conv2d(X[None, None], K[None, None])[0, 0])
    C1 = convolution_matrix(K1, (9, 10))
    C2 = convolution_matrix(K2, (10 - k1[0], 11 - k1[1]))
    torch.testing.assert_close(C2 @ C1, convolution_matrix(K, (9, 10)))


def test_compose_is_exact_on_whole_numbers_and_refuses_bad_kernels():
    K = compose_kernels(torch.ones(2, 2), torch.tensor([[1.0, -1.0]]))
    assert K.tolist() == [[1.0, 0.0, -1.0], [1.0, 0.0, -1.0]]
    assert compose_kernels(torch.ones(1, 1, dtype=torch.int64), torch.ones(1, 1)).dtype \
        == torch.float32
    with pytest.raises(TypeError, match="Q must be a torch.Tensor"):
        compose_kernels(torch.ones(2, 2), [[1.0]])
    with pytest.raises(ValueError, match=r"P must be a non-empty 2-D kernel"):
        compose_kernels(torch.ones(3), torch.ones(2, 2))


def test_one_scale_for_every_panel_with_a_colourbar_and_true_sizes():
    maps = [torch.zeros(2, 6), torch.tensor([[3.0, -5.0], [0.0, 1.0]]), torch.ones(4, 3)]
    for vertical in (False, True):
        fig = show_on_one_scale(maps, ["a", "b", "c"], vertical=vertical)
        panels = [ax for ax in fig.axes if ax.images]
        colourbars = [ax for ax in fig.axes if not ax.images]
        assert len(panels) == 3 and len(colourbars) == 1
        assert {ax.images[0].get_clim() for ax in panels} == {(-5.0, 5.0)}
        fig.canvas.draw()
        widths = [ax.get_window_extent().width / M.shape[1] for ax, M in zip(panels, maps)]
        np.testing.assert_allclose(widths, widths[0], rtol=0.03)  # one cell, one width
        plt.close(fig)
    fig = show_on_one_scale([torch.eye(2)], ["x"], limits=(0, 1))
    assert fig.axes[0].images[0].get_clim() == (0.0, 1.0)
    plt.close(fig)
    with pytest.raises(ValueError, match="got 2 matrices but 1 titles"):
        show_on_one_scale(maps[:2], ["a"])


@pytest.mark.parametrize("shape,stack,one", [
    ((4, 8), 18, 32), ([4, 8], 18.0, 32), ((4, 8), 18, 32.0), ((4.0, 8.0), 18, 32),
    ([np.int64(4), 8], np.int64(18), np.int64(32))])
def test_stacked_kernel_right(shape, stack, one, capsys):
    assert check_stacked_kernel(shape, stack, one)
    assert capsys.readouterr().out.startswith(RIGHT)


@pytest.mark.parametrize("shape,stack,one,hint", [
    ((8, 4), 18, 32, "swapped"),  # height and width
    ((6, 10), 18, 60, "not k"),  # k added instead of k - 1
    ((3, 5), 18, 15, "more than its largest kernel"),  # the largest kernel
    ((6, 30), 18, 180, "they do not multiply"),
    ((5, 9), 18, 45, "layer by layer"),  # anything else
    ((4, 8), 16, 32, "not k_h + k_w"),
    ((4, 8), 27, 32, "not every kernel is 3x3"),
    ((4, 8), 32, 32, "the one kernel's count"),
    ((4, 8), 20, 32, "add up k_h * k_w"),
    ((4, 8), 18, 18, "that is the stack's count"),
    ((4, 8), 18, 12, "rows times columns"),
    ("48", 18, 32, "(rows, columns)"),
    ((4, 8, 1), 18, 32, "(rows, columns)"),
    ((4.5, 8), 18, 32, "(rows, columns)"),
    ((4, 8), "18", 32, "quotes"),
    ((4, 8), 18, True, "give a number"),
    ((4, 8), 18, float("nan"), "finite"),
    (torch.Size([4, 8]), 18, 32, "type the numbers you predicted"),
    (np.array([4, 8]), 18, 32, "type the numbers you predicted"),
    ((4, 8), torch.tensor(18), 32, "type the numbers you predicted"),
])
def test_stacked_kernel_wrong_answers_get_their_hint(shape, stack, one, hint, capsys):
    assert not check_stacked_kernel(shape, stack, one)
    out = capsys.readouterr().out
    assert out.startswith(WRONG) and hint in out and out.count("\n") == 1, out


def test_stacked_kernel_not_answered(capsys):
    assert not check_stacked_kernel(None, None, None)
    assert capsys.readouterr().out.startswith(EMPTY)
    assert not check_stacked_kernel((4, 8), 18, None)
    assert capsys.readouterr().out == f"{EMPTY} give the one kernel's weights\n"


def test_the_exercise_is_what_compose_kernels_computes():
    kernels = [torch.ones(3, 3), torch.ones(1, 5), torch.ones(2, 2)]
    one = compose_kernels(compose_kernels(kernels[0], kernels[1]), kernels[2])
    assert (tuple(one.shape), sum(K.numel() for K in kernels), one.numel()) == ((4, 8), 18, 32)
    assert check_stacked_kernel((4, 8), 18, 32)
    # a prediction is typed: the course's compose_kernels does not answer it
    assert not check_stacked_kernel(tuple(one.shape), 18, 32)


# ---- the prose of notebook 0 quotes what its cells printed ----


def test_the_peak_of_5_and_the_combined_kernel_are_what_the_cells_printed():
    kernel = next(c for c in cells("00_why_convolution.ipynb")
                  if "K = compose_kernels(P, Q)" in source(c))
    assert "[[ 1.,  0., -1.],\n        [ 1.,  0., -1.]]" in output_text(kernel)
    X = torch.zeros(8, 8)
    X[2:5, 3] = 1
    X[3, 2:5] = 1
    assert F.conv2d(X[None, None], X[2:5, 2:5][None, None]).max() == 5
