"""helpers.cost against PyTorch's counts: sum(p.numel()) and FlopCounterMode (2 FLOPs a MAC)."""

import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from helpers.cost import (
    conv1x1,
    conv_cost,
    cost_table,
    dense_cost,
    format_cost_table,
    human_bytes,
    locally_connected_cost,
    output_size,
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
     r"K must have shape \(out channels, in channels, 1, 1\), got \(2, 3\)"),
    (lambda: conv1x1(torch.ones(3, 4, 4), torch.ones(2, 3, 3, 3)), ValueError,
     r"got \(2, 3, 3, 3\)"),
    (lambda: conv1x1(torch.ones(4, 4, 4), torch.ones(2, 3, 1, 1)), ValueError,
     "X has 4 channels but K expects 3"),
    (lambda: conv_cost(0, 1, 3, 8), ValueError, "c_i must be positive"),
    (lambda: conv_cost(1, 1.5, 3, 8), TypeError, "c_o must be an integer"),
    (lambda: conv_cost(1, 1, 9, 8), ValueError, "larger than the padded input"),
    (lambda: dense_cost(10, 0), ValueError, "n_out must be positive"),
])
def test_bad_input_is_refused_with_a_clear_message(call, error, match):
    with pytest.raises(error, match=match):
        call()
