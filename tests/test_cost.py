"""What a layer costs (notebook 13) against PyTorch's counts: sum(p.numel()) and FlopCounterMode.

Also the output-size rule with dilation against ``nn.Conv2d``, and the activations of a
network (notebook 13) counted by hand, against d2l's own LeNet and what autograd keeps.
"""

import contextlib
import io

import pytest
import torch
import torch.nn.functional as F
from test_claims import cells, source
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from helpers import (
    activation_table,
    conv1x1,
    conv_cost,
    human_bytes,
    locally_connected_cost,
    output_size,
    saved_for_backward,
)
from helpers.taught.nb13_cost import (
    cost_table,
    dense_cost,
    format_activation_table,
    format_cost_table,
)

LAYERS = [(1, 6, 5, 28, 2, 1), (3, 64, 3, 224, 1, 1), (16, 32, 3, 32, 0, 1),
          (3, 8, (3, 5), (17, 12), (1, 2), (2, 3)), (256, 64, 1, 56, 0, 1), (4, 4, 7, 9, 3, 2)]


def flops(module, x):
    with FlopCounterMode(display=False) as counter:
        module(x)
    return counter.get_total_flops()


@pytest.mark.parametrize("c_i,c_o,k,n,p,s", LAYERS)
def test_conv_cost_is_what_pytorch_counts(c_i, c_o, k, n, p, s):
    conv = nn.Conv2d(c_i, c_o, k, stride=s, padding=p, device="meta")
    n_h, n_w = (n, n) if isinstance(n, int) else n
    parameters, multiply_adds = conv_cost(c_i, c_o, k, n, p, s)
    assert parameters == sum(q.numel() for q in conv.parameters())
    assert 2 * multiply_adds == flops(conv, torch.zeros(1, c_i, n_h, n_w, device="meta"))
    assert conv_cost(c_i, c_o, k, n, p, s, bias=False)[0] == conv.weight.numel()


@pytest.mark.parametrize("c_i,c_o,k,n,p,s", LAYERS)
def test_dense_cost_is_what_pytorch_counts(c_i, c_o, k, n, p, s):
    n_h, n_w = (n, n) if isinstance(n, int) else n
    o_h, o_w = output_size(n, k, p, s)
    dense = nn.Linear(c_i * n_h * n_w, c_o * o_h * o_w, device="meta")
    parameters, multiply_adds = dense_cost(c_i * n_h * n_w, c_o * o_h * o_w)
    assert parameters == sum(q.numel() for q in dense.parameters())
    assert 2 * multiply_adds == flops(dense, torch.zeros(1, c_i * n_h * n_w, device="meta"))


def locally_connected(x, weight, bias, k, padding, stride):
    """A convolution without weight sharing: a kernel per output position, built from unfold."""
    columns = F.unfold(x, k, padding=padding, stride=stride)[0]  # (c_i * k_h * k_w, positions)
    return torch.einsum("lok,kl->ol", weight, columns) + bias


@pytest.mark.parametrize("c_i,c_o,k,n,p,s", [(1, 6, 5, 28, 2, 1), (3, 8, (3, 5), (17, 12),
                                                                       (1, 2), (2, 3))])
def test_locally_connected_cost_is_what_a_layer_without_sharing_needs(c_i, c_o, k, n, p, s):
    n_h, n_w = (n, n) if isinstance(n, int) else n
    k_h, k_w = (k, k) if isinstance(k, int) else k
    o_h, o_w = output_size(n, k, p, s)
    weight = torch.zeros(o_h * o_w, c_o, c_i * k_h * k_w)  # a kernel for every position
    bias = torch.zeros(c_o, o_h * o_w)
    x = torch.randn(1, c_i, n_h, n_w)
    with FlopCounterMode(display=False) as counter:
        locally_connected(x, weight, bias, k, p, s)
    parameters, multiply_adds = locally_connected_cost(c_i, c_o, k, n, p, s)
    assert parameters == weight.numel() + bias.numel()
    assert 2 * multiply_adds == counter.get_total_flops()


def test_cost_table_rows_and_text():
    rows = cost_table(3, 64, 3, 224, 1)
    assert [r[0] for r in rows] == ["convolution", "locally connected", "dense"]
    assert rows[1][1] == rows[0][1] * 224 * 224  # sharing: one kernel for 224 x 224 positions
    text = format_cost_table(rows, "title")
    assert "483,388,358,656" in text and "1.9 TB" in text and text.startswith("title\n")


@pytest.mark.parametrize("n,text", [(624, "624 B"), (7168, "7.2 KB"), (359_661_568, "359.7 MB"),
                                    (1_933_553_434_624, "1.9 TB"), (2_500_000_000, "2.5 GB")])
def test_human_bytes(n, text):
    assert human_bytes(n) == text


@pytest.mark.parametrize("c_i,c_o,n_h,n_w", [(1, 1, 1, 1), (3, 2, 3, 4), (5, 7, 6, 2)])
def test_conv1x1_is_conv2d_and_matmul_at_every_pixel(c_i, c_o, n_h, n_w):
    g = torch.Generator().manual_seed(c_i * 10 + c_o)
    X = torch.randn(c_i, n_h, n_w, generator=g, dtype=torch.float64)
    K = torch.randn(c_o, c_i, 1, 1, generator=g, dtype=torch.float64)
    Y = conv1x1(X, K)
    torch.testing.assert_close(Y, F.conv2d(X[None], K)[0])
    for i in range(n_h):
        for j in range(n_w):
            torch.testing.assert_close(Y[:, i, j], torch.matmul(K[:, :, 0, 0], X[:, i, j]))


@pytest.mark.parametrize("call,error,match", [
    (lambda: conv1x1([[1.0]], torch.ones(1, 1, 1, 1)), TypeError, "X must be a torch.Tensor"),
    (lambda: conv1x1(torch.ones(3, 4), torch.ones(2, 3, 1, 1)), ValueError,
     r"X must be 3-D .* got shape \(3, 4\)"),
    (lambda: conv1x1(torch.ones(3, 4, 4), torch.ones(2, 3)), ValueError,
     r"W must have shape \(out channels, in channels, 1, 1\), got \(2, 3\)"),
    (lambda: conv1x1(torch.ones(3, 4, 4), torch.ones(2, 3, 3, 3)), ValueError,
     r"got \(2, 3, 3, 3\)"),
    (lambda: conv1x1(torch.ones(4, 4, 4), torch.ones(2, 3, 1, 1)), ValueError,
     "X has 4 channels but W expects 3"),
    (lambda: conv_cost(0, 1, 3, 8), ValueError, "c_i must be positive"),
    (lambda: conv_cost(1, 1.5, 3, 8), TypeError, "c_o must be an integer"),
    (lambda: conv_cost(1, 1, 9, 8), ValueError, "larger than the padded input"),
    (lambda: dense_cost(10, 0), ValueError, "n_out must be positive"),
])
def test_bad_input_is_refused_with_a_clear_message(call, error, match):
    with pytest.raises(error, match=match):
        call()


# ---- dilation in the output-size rule (notebook 7) ----

@pytest.mark.parametrize("n,k,p,s,d", [(7, 3, 0, 1, 2), (15, 3, 4, 1, 4), (16, 3, 2, 2, 2),
                                       (28, 5, 1, 3, 3), ((17, 12), (3, 2), (1, 0), (2, 1),
                                                          (3, 5)), (9, 1, 0, 2, 5)])
def test_output_size_with_dilation_is_nn_conv2ds(n, k, p, s, d):
    n_h, n_w = (n, n) if isinstance(n, int) else n
    conv = nn.Conv2d(1, 1, k, stride=s, padding=p, dilation=d, device="meta")
    shape = conv(torch.zeros(1, 1, n_h, n_w, device="meta")).shape[-2:]
    assert output_size(n, k, p, s, dilation=d) == tuple(shape)


def test_output_size_refuses_a_dilated_kernel_larger_than_the_input():
    with pytest.raises(ValueError, match=r"kernel \(3, 3\) with dilation \(2, 2\) spans \(5, 5\) "
                                         r"and is larger than the padded input \(4, 4\)"):
        output_size(4, 3, dilation=2)
    assert output_size(4, 3, padding=1, dilation=2) == (2, 2)


# ---- the memory of the activations (notebook 13) ----

def d2l_lenet():
    """d2l's own LeNet (lazy layers), its parameters made by one forward pass."""
    from d2l import torch as d2l

    net = d2l.LeNet().net
    net(torch.zeros(1, 1, 28, 28))
    return net


def notebook_lenet():
    """The LeNet notebook 13 builds: its cell run as stored, its print silenced."""
    cell = next(c for c in cells("13_one_by_one_and_cost.ipynb")
                if "lenet = nn.Sequential(" in source(c))
    scope = {"nn": nn, "torch": torch, "activation_table": activation_table,
             "format_activation_table": format_activation_table}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(source(cell), scope)
    return scope["lenet"]


def test_the_notebooks_lenet_is_d2ls():
    ours, theirs = notebook_lenet(), d2l_lenet()
    assert activation_table(ours, (1, 28, 28)) == activation_table(theirs, (1, 28, 28))
    assert [p.shape for p in ours.parameters()] == [p.shape for p in theirs.parameters()]


def test_activation_table_counts_every_output_by_hand():
    rows = activation_table(notebook_lenet(), (1, 28, 28))
    # by hand: 1x28x28 input; 6x28x28 twice (convolution, sigmoid); 6x14x14; 16x10x10 twice;
    # 16x5x5; the flatten is a view; 120 twice, 84 twice, 10
    assert [r[2] for r in rows if r[3]] == [784, 4704, 4704, 1176, 1600, 1600, 400, 120, 120, 84,
                                            84, 10]
    assert [r[0] for r in rows if not r[3]] == ["Flatten"]
    assert sum(r[2] for r in rows if r[3]) == 15_386
    assert sum(r[4] for r in rows) == 61_706
    text = format_activation_table(rows)
    assert text.splitlines()[-1].split() == ["total", "15,386", "61,706"]
    assert "(a view)" in text


def test_activation_table_follows_the_dtype_and_the_shapes():
    net = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2)).double()
    rows = activation_table(net, (3, 8, 6))
    assert rows == [("input", (3, 8, 6), 144, True, 0), ("Conv2d", (4, 8, 6), 192, True, 112),
                    ("ReLU", (4, 8, 6), 192, True, 0), ("MaxPool2d", (4, 4, 3), 48, True, 0)]


def test_saved_for_backward_is_what_the_gradient_formulas_need():
    torch.manual_seed(0)
    # a convolution keeps its input, a sigmoid its output, a dense layer its input
    net = nn.Sequential(nn.Conv2d(1, 2, 3), nn.Sigmoid(), nn.Flatten(), nn.Linear(2 * 4 * 4, 3))
    x = torch.zeros(5, 1, 6, 6)
    assert saved_for_backward(net, x) == 4 * 5 * (1 * 6 * 6 + 2 * 4 * 4)
    assert saved_for_backward(net.double(), x.double()) == 8 * 5 * (1 * 6 * 6 + 2 * 4 * 4)
    # for LeNet: the input, the sigmoids' outputs (the poolings keep the same memory) and the
    # poolings' outputs, per image
    kept = saved_for_backward(notebook_lenet(), torch.zeros(3, 1, 28, 28))
    assert kept == 4 * 3 * (784 + 4704 + 1176 + 1600 + 400 + 120 + 84) == 4 * 3 * 8_868


def test_nothing_is_kept_without_gradients():
    net = notebook_lenet().requires_grad_(False)
    assert saved_for_backward(net, torch.zeros(2, 1, 28, 28)) == 0


def test_notebook_13_says_which_lenet_and_on_what():
    prose = "\n".join(source(c) for c in cells("13_one_by_one_and_cost.ipynb")
                      if c["cell_type"] == "markdown")
    assert "Fashion-MNIST" in prose and "$28 \\times 28$ digits" not in prose
