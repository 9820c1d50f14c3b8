"""The training loop against gradient descent derived by hand, and the loss-landscape figure."""

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from torch import nn

from helpers import Conv2D, learn_kernel, show_loss_landscape

from references import BOOK_START, edge_problem, reference_descent


def test_learn_kernel_matches_hand_derived_gradient_descent(capsys):
    conv, X, Y = edge_problem()
    losses = learn_kernel(conv, X, Y, steps=10, lr=3e-2)
    weights_ref, losses_ref = reference_descent(torch.tensor(BOOK_START), X[0, 0], Y[0, 0],
                                                10, 3e-2)
    np.testing.assert_allclose(losses, losses_ref, rtol=1e-4)
    torch.testing.assert_close(conv.weight.data.reshape(1, 2).double(), weights_ref[-1],
                               atol=1e-5, rtol=0)
    printed = capsys.readouterr().out.splitlines()
    assert printed == [f"step {s}, loss {losses_ref[s - 1]:.3f}" for s in (2, 4, 6, 8, 10)]


def test_learn_kernel_prints_the_seeds_own_lines_when_asked(capsys):
    conv, X, Y = edge_problem()
    learn_kernel(conv, X, Y, steps=10, lr=3e-2, unit="batch")
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "batch 2, loss 11.863" and printed[-1] == "batch 10, loss 0.102"


def test_learn_kernel_trains_our_conv2d_towards_the_edge_kernel():
    _, X, Y = edge_problem()
    torch.manual_seed(0)
    layer = Conv2D((1, 2))
    losses = learn_kernel(layer, X[0, 0], Y[0, 0], steps=100, lr=1e-2, report_every=0)
    assert losses[-1] < 1e-3 * losses[0]
    torch.testing.assert_close(layer.weight.data, torch.tensor([[1.0, -1.0]]), atol=0.05, rtol=0)


def test_on_step_sees_every_update_and_the_weights_after_it():
    conv, X, Y = edge_problem()
    seen = []
    losses = learn_kernel(conv, X, Y, steps=5, lr=3e-2, report_every=0,
                          on_step=lambda step, loss: seen.append(
                              (step, loss, conv.weight.detach().flatten().tolist())))
    assert [s for s, _, _ in seen] == [1, 2, 3, 4, 5]
    assert [loss for _, loss, _ in seen] == losses
    # Independent reference: gradient descent derived by hand, with SciPy, step by step.
    weights_ref, _ = reference_descent(torch.tensor(BOOK_START), X[0, 0], Y[0, 0], 5, 3e-2)
    for (_, _, weights), w in zip(seen, weights_ref, strict=True):
        np.testing.assert_allclose(weights, w.numpy().ravel(), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("change,error,match", [
    ({"steps": 0}, ValueError, r"steps must be positive, got 0"),
    ({"steps": -3}, ValueError, r"steps must be positive, got -3"),
    ({"steps": 2.5}, TypeError, r"steps must be an integer, got float 2\.5"),
    ({"steps": True}, TypeError, r"steps must be an integer, got bool True"),
    ({"lr": 0}, ValueError, r"lr must be positive, got 0"),
    ({"lr": -0.1}, ValueError, r"lr must be positive, got -0\.1"),
    ({"lr": math.nan}, ValueError, r"lr must be finite, got nan"),
    ({"lr": math.inf}, ValueError, r"lr must be finite, got inf"),
    ({"lr": "0.1"}, TypeError, r"lr must be a number, got str '0\.1'"),
    ({"lr": torch.tensor(0.1)}, TypeError, r"lr must be a number, got Tensor"),
    ({"report_every": -1}, ValueError, r"report_every must be at least 0, got -1"),
    ({"report_every": 0.5}, TypeError, r"report_every must be an integer, got float 0\.5"),
    ({"on_step": []}, TypeError, r"on_step must be a function or None, got list"),
    ({"model": lambda x: x}, TypeError, r"model must be a torch\.nn\.Module, got function"),
    ({"X": np.ones((1, 1, 6, 8))}, TypeError, r"X must be a torch\.Tensor, got ndarray"),
    ({"Y": [0.0]}, TypeError, r"Y must be a torch\.Tensor, got list"),
    ({"Y": torch.zeros(1, 1, 6, 8)}, ValueError,
     r"model\(X\) has shape \(1, 1, 6, 7\) but Y has shape \(1, 1, 6, 8\)"),
    ({"model": nn.ReLU()}, ValueError, r"model has no trainable parameters"),
])
def test_learn_kernel_refuses_bad_arguments_and_leaves_the_model_untouched(change, error, match):
    conv, X, Y = edge_problem()
    args = {"model": conv, "X": X, "Y": Y, "steps": 2, "lr": 0.03, "report_every": 0}
    args.update(change)
    with pytest.raises(error, match=match):
        learn_kernel(**args)
    torch.testing.assert_close(conv.weight.detach().reshape(1, 2), torch.tensor(BOOK_START))


def test_loss_landscape_draws_contours_and_each_path():
    def loss_at(w1, w2):
        return (w1 - 1) ** 2 + 5 * (w2 + 1) ** 2

    paths = {"run A": [(0.0, 0.0), (0.5, -0.5), (1.0, -1.0)], "run B": [(-1.0, 0.5), (1.0, -1.0)]}
    fig = show_loss_landscape(loss_at, paths, extent=(-2, 2, -2, 1), target=(1, -1),
                              resolution=21)
    ax = fig.axes[0]
    star = [line for line in ax.get_lines() if line.get_label() == "minimum"]
    assert len(star) == 1 and star[0].get_xydata().tolist() == [[1, -1]]
    lines = [line for line in ax.get_lines() if line.get_label() in paths]
    assert [line.get_label() for line in lines] == ["run A", "run B"]
    for line, path in zip(lines, paths.values()):
        np.testing.assert_allclose(np.column_stack(line.get_data()), np.array(path))
    assert ax.collections, "no contour lines drawn"
    assert ax.get_xlim() == (-2, 2) and ax.get_ylim() == (-2, 1)
    plt.close(fig)


@pytest.mark.parametrize("extent", [(0, 1, 0), (1, 0, 0, 1), (0, 1, 2, 2)])
def test_loss_landscape_refuses_a_bad_extent(extent):
    with pytest.raises(ValueError, match="extent must be"):
        show_loss_landscape(lambda a, b: a + b, {}, extent=extent)


def test_loss_landscape_draws_every_path_in_its_own_colour():
    paths = {f"run {n}": [(n / 10, 0.0), (1.0, -1.0)] for n in range(7)}
    fig = show_loss_landscape(lambda a, b: a * a + b * b, paths, extent=(-2, 2, -2, 2),
                              resolution=5)
    lines = [line for line in fig.axes[0].get_lines() if line.get_label() in paths]
    plt.close(fig)
    assert [line.get_label() for line in lines] == list(paths)
    assert len({line.get_color() for line in lines}) == 7


def test_loss_landscape_refuses_more_paths_than_colours():
    paths = {f"run {n}": [(0.0, 0.0)] for n in range(11)}
    with pytest.raises(ValueError, match="at most 10 paths, one colour each, got 11"):
        show_loss_landscape(lambda a, b: a + b, paths, extent=(-1, 1, -1, 1))
