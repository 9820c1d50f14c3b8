"""The networks the notebooks train: notebook 15's LeNet made small for 8x8 digits; LeNet-5 for
28x28 digits (notebook 17), with our convolution's backward pass of its own; a dense network and
LeNet-5 ending in global average pooling (notebook 18); and how to count what they cost.

``draw_parameters`` draws initial weights from ``torch.rand`` in float64, the same on every
processor: built after the same seed, ours and ``torch.nn``'s networks start from the same
weights.
"""

import math
from collections.abc import Callable
from typing import Any, TypeVar

import torch
from torch import Tensor, nn

from helpers.sizes import Size, pair
from helpers.taught.nb11_channels import pad2d
from helpers.taught.nb15_layers import BatchConv2D, batch_window_matrix


def digit_net(
    conv: Callable[..., nn.Module] = nn.Conv2d,
    pool: Callable[..., nn.Module] = nn.MaxPool2d,
    channels: tuple[int, int] = (8, 16),
    dtype: torch.dtype = torch.float64,
) -> nn.Sequential:
    """Return a LeNet-style network for 8x8 digits as an ``nn.Sequential``.

    conv (1 -> c_1, 3x3, padding 1) -> ReLU -> pool 2x2 -> conv (c_1 -> c_2, 3x3,
    padding 1) -> ReLU -> pool 2x2 -> flatten -> linear (c_2 * 2 * 2 -> 10 scores).
    ``conv`` and ``pool`` are the layer classes: ``nn.Conv2d`` and ``nn.MaxPool2d``, or
    ours, ``BatchConv2D`` and ``Pool2D``; they are called the same way, and the
    two networks have the same parameter names. The parameters are drawn in float32,
    as PyTorch draws them, then converted to ``dtype``.
    """
    c_1, c_2 = channels
    net = nn.Sequential(
        conv(1, c_1, 3, padding=1), nn.ReLU(), pool(2),
        conv(c_1, c_2, 3, padding=1), nn.ReLU(), pool(2),
        nn.Flatten(), nn.Linear(c_2 * 2 * 2, 10))
    return net.to(dtype)


def fold(columns: Tensor, padded_size: Size, kernel_size: Size) -> Tensor:
    """Return the images whose window matrix (``batch_window_matrix``, stride 1) ``columns`` is,
    each window added back where it was taken: the transpose of the window matrix.

    ``columns`` has shape (batch, c_i * k_h * k_w, out_h * out_w); the result (batch, c_i,
    H, W) with ``(H, W) = padded_size``. A pixel covered by several windows collects the
    sum of its entries in all of them (``F.fold`` computes the same).
    """
    (k_h, k_w), (H, W) = pair(kernel_size), pair(padded_size)
    out_h, out_w = H - k_h + 1, W - k_w + 1
    batch = columns.shape[0]
    windows = columns.reshape(batch, -1, k_h, k_w, out_h, out_w)
    Y = columns.new_zeros(batch, windows.shape[1], H, W)
    # Kernel entry (a, b) of every window came from the shifted view that starts at (a, b):
    # k_h * k_w additions of whole views, notebook 10's shift-and-add, run backwards.
    for a in range(k_h):
        for b in range(k_w):
            Y[:, :, a:a + out_h, b:b + out_w] += windows[:, :, a, b]
    return Y


class Conv2dBatchFunction(torch.autograd.Function):
    """``conv2d_batch`` (stride 1) with a backward pass of its own: matrix products and a fold.

    Forward: ``Y = W @ columns + b``, ``W`` the weight flattened to one row per output
    channel, the columns the padded input's window matrix (notebook 15). Backward, from
    the gradient ``G`` of ``Y`` (one row per output channel, one column per window): the
    weight's gradient is ``G @ columns^T``, summed over the batch (each kernel entry
    multiplied its entry of every window); the bias's is ``G`` summed; the input's is
    ``W^T @ G``, the gradient of every window's entries, folded back onto the pixels they
    came from. At each pixel that fold adds up what notebook 14's full cross-correlation
    with the flipped kernel adds up, in another order.
    """

    @staticmethod
    def forward(
        ctx: Any,
        X: Tensor,
        W: Tensor,
        bias: Tensor,
        padding: tuple[int, int],
    ) -> Tensor:
        c_o, c_i, k_h, k_w = W.shape
        padded = pad2d(X, padding)
        columns = batch_window_matrix(padded, (k_h, k_w))  # (batch, c_i*k_h*k_w, out_h*out_w)
        # One product per image (W expanded over the batch): a plain W @ columns would
        # first copy the window matrix, transposed, to make one large product of it.
        Y = W.reshape(c_o, -1).expand(len(X), -1, -1) @ columns + bias[:, None]
        ctx.save_for_backward(columns, W)
        ctx.padding, ctx.padded_size = padding, padded.shape[-2:]
        return Y.reshape(len(X), c_o, padded.shape[-2] - k_h + 1, padded.shape[-1] - k_w + 1)

    @staticmethod
    def backward(
        ctx: Any,
        grad_Y: Tensor,
    ) -> tuple[Tensor | None, Tensor | None, Tensor | None, None]:
        columns, W = ctx.saved_tensors
        c_o, c_i, k_h, k_w = W.shape
        G = grad_Y.reshape(len(grad_Y), c_o, -1)  # (batch, c_o, out_h*out_w)
        grad_X = grad_W = grad_bias = None
        if ctx.needs_input_grad[0]:
            # each window's gradient: (batch, c_i*k_h*k_w, out_h*out_w), like the columns
            grad_columns = W.reshape(c_o, -1).T.expand(len(G), -1, -1) @ G
            grad_padded = fold(grad_columns, ctx.padded_size, (k_h, k_w))
            (p_h, p_w), (n_h, n_w) = ctx.padding, ctx.padded_size
            grad_X = grad_padded[:, :, p_h:n_h - p_h, p_w:n_w - p_w]  # the padding needs none
        if ctx.needs_input_grad[1]:  # (columns @ G^T)^T = G @ columns^T, with no large copy
            grad_W = (columns @ G.transpose(1, 2)).sum(dim=0).T.reshape(W.shape)
        if ctx.needs_input_grad[2]:
            grad_bias = G.sum(dim=(0, 2))
        return grad_X, grad_W, grad_bias, None


class FoldBackwardConv2D(BatchConv2D):
    """``BatchConv2D`` (stride 1) with the backward pass of ``Conv2dBatchFunction``.

    The same parameters, initial weights and forward pass, and ``nn.Conv2d``'s argument
    order; autograd no longer differentiates the window matrix's overlapping view
    element by element.
    """

    def forward(self, x: Tensor) -> Tensor:
        return Conv2dBatchFunction.apply(x, self.weight, self.bias, self.padding)


Net = TypeVar("Net", bound=nn.Module)  # draw_parameters returns the network it was given


def draw_parameters(net: Net) -> Net:
    """Draw the weights and biases of ``net``'s convolutions and dense layers again; return ``net``.

    As PyTorch draws them by default, each entry is uniform between -1/sqrt(fan_in) and
    1/sqrt(fan_in), fan_in = c_i * k_h * k_w (or the inputs of a dense layer), layer by
    layer, weight then bias; but computed as ``(2u - 1) * bound`` in float64 from
    ``torch.rand``, whose numbers are the same on every processor. ``nn.init.uniform_``
    computes ``a + u * (b - a)`` in one fused step that rounds differently with and without
    vector instructions: weights 1e-8 apart, which six epochs of training make visible.
    """
    with torch.no_grad():
        for layer in net.modules():
            weight = getattr(layer, "weight", None)
            if isinstance(weight, torch.Tensor) and weight.dim() in (2, 4):
                bound = 1 / math.sqrt(weight[0].numel())
                for p in (weight, layer.get_parameter("bias")):
                    u = torch.rand(p.shape, dtype=torch.float64)
                    p.copy_((2 * u - 1) * bound)
    return net


def lenet5(
    conv: Callable[..., nn.Module] = nn.Conv2d,
    pool: Callable[..., nn.Module] = nn.MaxPool2d,
    activation: Callable[[], nn.Module] = nn.ReLU,
    dtype: torch.dtype = torch.float64,
) -> nn.Sequential:
    """Return LeNet-5 for 28x28 digits as an ``nn.Sequential``, d2l's layout.

    conv (1 -> 6, 5x5, padding 2) -> activation -> pool 2x2 -> conv (6 -> 16, 5x5) ->
    activation -> pool 2x2 -> flatten (16 * 5 * 5 = 400) -> linear 120 -> activation ->
    linear 84 -> activation -> linear 10 scores. ``conv``, ``pool`` and ``activation`` are
    layer classes: ``nn.Conv2d`` or ours (``FoldBackwardConv2D``, ``BatchConv2D``),
    ``nn.MaxPool2d``, ``nn.AvgPool2d`` or ours (``Pool2D``); ``nn.ReLU`` or ``nn.Sigmoid``.
    The parameters are drawn by ``draw_parameters``: built after the same seed, ours and
    ``torch.nn``'s start from the same weights, on every processor.
    """
    net = nn.Sequential(
        conv(1, 6, 5, padding=2), activation(), pool(2),
        conv(6, 16, 5), activation(), pool(2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), activation(),
        nn.Linear(120, 84), activation(),
        nn.Linear(84, 10)).to(dtype)
    return draw_parameters(net)


def dense_net(hidden: int = 78, dtype: torch.dtype = torch.float64) -> nn.Sequential:
    """Return a dense network for 28x28 digits: flatten -> linear ``hidden`` -> ReLU -> linear 10.

    With 78 hidden units it has 62,020 parameters, about LeNet-5's 61,706. The parameters
    are drawn by ``draw_parameters``.
    """
    net = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, hidden), nn.ReLU(),
                        nn.Linear(hidden, 10)).to(dtype)
    return draw_parameters(net)


def count_parameters(net: nn.Module) -> int:
    """Return the number of numbers a network learns: the sizes of all its parameters, summed."""
    return sum(p.numel() for p in net.parameters())


def lenet5_gap(padding: int = 1, dtype: torch.dtype = torch.float64) -> nn.Sequential:
    """Return LeNet-5 ending in global average pooling, in ``torch.nn``'s layers.

    LeNet-5's convolutions and poolings (16 maps of 5x5), then its first dense layer as
    what it is on a 5x5 map, a convolution with 120 kernels of 16x5x5, made to slide with
    ``padding`` (1: over 3x3 positions of the maps) -> ReLU -> the average of each of its
    120 maps over all positions (global average pooling) -> linear 84 -> ReLU -> linear
    10. It has LeNet-5's 61,706 parameters, in the same shapes; with ``padding=0`` there
    is one position to average, and it computes what LeNet-5 computes. The parameters are
    drawn by ``draw_parameters``.
    """
    net = nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 120, 5, padding=padding), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10)).to(dtype)
    return draw_parameters(net)


def multiply_adds(net: nn.Module, input_shape: tuple[int, int, int] = (1, 28, 28)) -> int:
    """Return how many multiply-adds ``net`` makes for one image of ``input_shape``.

    Each convolution makes, for every output value, one multiply-add per entry of one
    kernel (c_i * k_h * k_w); each dense layer one per weight. Biases, activations and
    poolings are not counted: the count ``torch.utils.flop_counter.FlopCounterMode``
    gives, halved (it counts two FLOPs per multiply-add), without importing it (seconds).
    """
    counts = []

    def count(layer, inputs, output):
        counts.append(output[0].numel() * layer.weight[0].numel())  # one image's outputs

    hooks = [layer.register_forward_hook(count) for layer in net.modules()
             if isinstance(getattr(layer, "weight", None), torch.Tensor)
             and layer.weight.dim() in (2, 4)]
    try:
        with torch.no_grad():
            net(torch.zeros((1,) + tuple(input_shape), dtype=next(net.parameters()).dtype))
    finally:
        for hook in hooks:
            hook.remove()
    return sum(counts)

