"""What a layer costs: the 1x1 convolution, and parameters and multiply-adds counted.

A multiply-add (MAC) is one product added into a sum. ``torch.utils.flop_counter``
counts a multiply-add as two floating-point operations (FLOPs); neither counts the
additions of a bias.
"""

from collections.abc import Iterable, Sequence

import torch
from torch import Tensor, nn

from helpers.checks import int_pair, whole_number
from helpers.sizes import Size, output_size, pair


# Shown in notebook 13, 1×1 convolutions and what a layer costs.
def conv1x1(X: Tensor, W: Tensor) -> Tensor:
    """Return the 1x1 convolution of ``X`` (c_i, n_h, n_w) with ``W`` (c_o, c_i, 1, 1).

    At every pixel the ``c_i`` values across the channels are multiplied by the
    ``c_o x c_i`` matrix of ``W``: for all pixels at once, one product of a
    ``(c_o, c_i)`` matrix by a ``(c_i, n_h * n_w)`` one. The result has shape
    ``(c_o, n_h, n_w)``.
    """
    c_i, n_h, n_w = X.shape
    c_o = W.shape[0]
    Y = W.reshape(c_o, c_i) @ X.reshape(c_i, n_h * n_w)
    return Y.reshape(c_o, n_h, n_w)


# Shown in notebook 13, 1×1 convolutions and what a layer costs.
def conv_cost(
    c_i: int,
    c_o: int,
    k: Size,
    n: Size,
    padding: Size = 0,
    stride: Size = 1,
    bias: bool = True,
) -> tuple[int, int]:
    """Return ``(parameters, multiply_adds)`` of a convolutional layer on one image.

    The layer maps ``c_i`` channels of ``n`` = (n_h, n_w) pixels to ``c_o`` channels with a
    ``k`` = (k_h, k_w) kernel. Its weight has ``c_o * c_i * k_h * k_w`` entries (and ``c_o``
    biases), whatever the image size: every position shares them. Each of its
    ``c_o * out_h * out_w`` outputs sums ``c_i * k_h * k_w`` products.
    """
    (k_h, k_w), (out_h, out_w) = pair(k), output_size(n, k, padding, stride)
    parameters = c_o * c_i * k_h * k_w + (c_o if bias else 0)
    multiply_adds = c_o * out_h * out_w * c_i * k_h * k_w
    return parameters, multiply_adds


# First used in notebook 0, Why convolution: from a dense layer to a convolution.
def locally_connected_cost(
    c_i: int,
    c_o: int,
    k: Size,
    n: Size,
    padding: Size = 0,
    stride: Size = 1,
    bias: bool = True,
) -> tuple[int, int]:
    """Return ``(parameters, multiply_adds)`` of a convolution that does *not* share weights.

    Each output position has a kernel of its own (and biases of its own): the same
    windows and multiply-adds as ``conv_cost``, ``out_h * out_w`` times its parameters.
    """
    parameters, multiply_adds = conv_cost(c_i, c_o, k, n, padding, stride, bias)
    out_h, out_w = output_size(n, k, padding, stride)
    return parameters * out_h * out_w, multiply_adds


# First used in notebook 0, Why convolution: from a dense layer to a convolution.
def dense_cost(n_in: int, n_out: int, bias: bool = True) -> tuple[int, int]:
    """Return ``(parameters, multiply_adds)`` of a dense layer, ``nn.Linear(n_in, n_out)``.

    Each of its ``n_out`` outputs has a weight for every one of the ``n_in`` inputs.
    """
    n_in, n_out = whole_number("n_in", n_in, 1), whole_number("n_out", n_out, 1)
    return n_in * n_out + (n_out if bias else 0), n_in * n_out


# First used in notebook 13, 1×1 convolutions and what a layer costs.
def cost_table(
    c_i: int,
    c_o: int,
    k: Size,
    n: Size,
    padding: Size = 0,
    stride: Size = 1,
) -> list[tuple[str, int, int]]:
    """Return rows ``(layer, parameters, multiply_adds)`` of three layers with one input and output.

    The layers map ``c_i`` channels of ``n`` pixels to the ``c_o`` channels a ``k``
    convolution gives: the convolution, the same without weight sharing (locally
    connected), and a dense layer from every input number to every output number.
    """
    out_h, out_w = output_size(n, k, padding, stride)
    n_h, n_w = int_pair("n", n, 1)
    return [("convolution", *conv_cost(c_i, c_o, k, n, padding, stride)),
            ("locally connected", *locally_connected_cost(c_i, c_o, k, n, padding, stride)),
            ("dense", *dense_cost(c_i * n_h * n_w, c_o * out_h * out_w))]


# First used in notebook 13, 1×1 convolutions and what a layer costs.
def format_cost_table(rows: Iterable[tuple[str, int, int]], title: str) -> str:
    """Return ``rows`` of ``cost_table`` as aligned text, float32 weights in bytes added."""
    lines = [title, f"{'layer':18} {'parameters':>17} {'float32 weights':>16} "
                    f"{'multiply-adds':>17}"]
    for name, parameters, multiply_adds in rows:
        lines.append(f"{name:18} {parameters:>17,} {human_bytes(4 * parameters):>16} "
                     f"{multiply_adds:>17,}")
    return "\n".join(lines)


# First used in notebook 0, Why convolution: from a dense layer to a convolution.
def human_bytes(n: float) -> str:
    """Return a number of bytes as short text with a decimal unit: ``'1.9 TB'``."""
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000:
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} TB"


# First used in notebook 13, 1×1 convolutions and what a layer costs.
LETTERS = {"thousand": "K", "million": "M", "billion": "B", "trillion": "T"}


def short_count(n, compact=False):
    """Return a count rounded to three digits with a word: ``117,600`` -> ``"118 thousand"``.

    Counts below 10,000 are written in full (``1,792``); ``compact=True`` gives a letter
    instead of the word: ``"118K"`` (K, M, B, T), and ``"1.79K"``.
    """
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"),
                       (1e3, "thousand")):
        if n >= max(size, 1e3 if compact else 1e4):
            value = n / size
            text = f"{value:.3g}" if value < 1000 else f"{value:.0f}"
            return f"{text}{LETTERS[word]}" if compact else f"{text} {word}"
    return f"{n:,}"


# First used in notebook 13, 1×1 convolutions and what a layer costs.
def activation_table(
    net: nn.Sequential,
    input_shape: Sequence[int],
) -> list[tuple[str, tuple[int, ...], int, bool, int]]:
    """Return a row ``(layer, output shape, values, new, parameters)`` per layer of ``net``.

    ``net`` is a ``torch.nn.Sequential``; it runs on one image of ``input_shape``
    (channels, height, width), all zeros, and each row tells, for one image, the shape of
    a layer's output and its number of values, whether that output is ``new`` memory
    (False for a view of its input, as ``nn.Flatten`` gives), and the layer's
    parameters. The first row is the input itself.
    """
    dtype = next(net.parameters()).dtype
    x = torch.zeros(1, *input_shape, dtype=dtype)
    rows = [("input", tuple(x.shape[1:]), x[0].numel(), True, 0)]
    with torch.no_grad():
        for layer in net:
            y = layer(x)
            new = y.untyped_storage().data_ptr() != x.untyped_storage().data_ptr()
            rows.append((type(layer).__name__, tuple(y.shape[1:]), y[0].numel(), new,
                         sum(p.numel() for p in layer.parameters())))
            x = y
    return rows


# First used in notebook 13, 1×1 convolutions and what a layer costs.
def format_activation_table(rows: Sequence[tuple[str, tuple[int, ...], int, bool, int]]) -> str:
    """Return ``activation_table``'s rows as aligned text, with a line of totals."""
    lines = [f"{'layer':10} {'output, one image':>18} {'values':>8} {'parameters':>11}"]
    for layer, shape, values, new, parameters in rows:
        shown = f"{values:,}" if new else "(a view)"
        lines.append(f"{layer:10} {str(shape):>18} {shown:>8} {parameters:>11,}")
    values = sum(row[2] for row in rows if row[3])
    parameters = sum(row[4] for row in rows)
    lines.append(f"{'total':10} {'':>18} {values:>8,} {parameters:>11,}")
    return "\n".join(lines)


# Shown in notebook 13, 1×1 convolutions and what a layer costs.
def saved_for_backward(net: nn.Module, x: Tensor) -> int:
    """Return how many bytes autograd keeps from ``net(x)`` for the backward pass.

    Every tensor the forward pass saves for the backward pass is counted once per block of
    memory (a tensor and its views share one), the parameters left out: what is left are
    the activations, and the input where a layer needs it.
    """
    parameters = {p.untyped_storage().data_ptr() for p in net.parameters()}
    kept = {}

    def keep(t):
        storage = t.untyped_storage()
        if storage.data_ptr() not in parameters:
            kept[storage.data_ptr()] = storage.nbytes()
        return t

    with torch.autograd.graph.saved_tensors_hooks(keep, lambda t: t):
        net(x)
    return sum(kept.values())
