"""What a layer costs: the 1x1 convolution, and parameters and multiply-adds counted.

A multiply-add (MAC) is one product added into a sum. ``torch.utils.flop_counter``
counts a multiply-add as two floating-point operations (FLOPs); neither counts the
additions of a bias.
"""

import matplotlib.pyplot as plt
import numpy as np

from helpers.pooling import pool_output_size
from helpers.validation import int_pair, require_tensor, whole_number


def conv1x1(X, K):
    """Return the 1x1 convolution of ``X`` (c_i, n_h, n_w) with ``K`` (c_o, c_i, 1, 1).

    At every pixel the ``c_i`` values across the channels are multiplied by the
    ``c_o x c_i`` matrix of ``K``: for all pixels at once, one product of a
    ``(c_o, c_i)`` matrix by a ``(c_i, n_h * n_w)`` one. The result has shape
    ``(c_o, n_h, n_w)``.
    """
    check_conv1x1_input(X, K)
    c_i, n_h, n_w = X.shape
    c_o = K.shape[0]
    Y = K.reshape(c_o, c_i) @ X.reshape(c_i, n_h * n_w)
    return Y.reshape(c_o, n_h, n_w)


def conv_cost(c_i, c_o, k, n, padding=0, stride=1, bias=True):
    """Return ``(parameters, multiply_adds)`` of a convolutional layer on one image.

    The layer maps ``c_i`` channels of ``n`` = (n_h, n_w) pixels to ``c_o`` channels with a
    ``k`` = (k_h, k_w) kernel. Its weight has ``c_o * c_i * k_h * k_w`` entries (and ``c_o``
    biases), whatever the image size: every position shares them. Each of its
    ``c_o * out_h * out_w`` outputs sums ``c_i * k_h * k_w`` products.
    """
    c_i, c_o = whole_number("c_i", c_i, 1), whole_number("c_o", c_o, 1)
    (k_h, k_w), (out_h, out_w) = int_pair("k", k, 1), output_size(n, k, padding, stride)
    parameters = c_o * c_i * k_h * k_w + (c_o if bias else 0)
    multiply_adds = c_o * out_h * out_w * c_i * k_h * k_w
    return parameters, multiply_adds


def locally_connected_cost(c_i, c_o, k, n, padding=0, stride=1, bias=True):
    """Return ``(parameters, multiply_adds)`` of a convolution that does *not* share weights.

    Each output position has a kernel of its own (and biases of its own): the same
    windows and multiply-adds as ``conv_cost``, ``out_h * out_w`` times its parameters.
    """
    c_i, c_o = whole_number("c_i", c_i, 1), whole_number("c_o", c_o, 1)
    (k_h, k_w), (out_h, out_w) = int_pair("k", k, 1), output_size(n, k, padding, stride)
    outputs = c_o * out_h * out_w
    parameters = outputs * c_i * k_h * k_w + (outputs if bias else 0)
    return parameters, outputs * c_i * k_h * k_w


def dense_cost(n_in, n_out, bias=True):
    """Return ``(parameters, multiply_adds)`` of a dense layer, ``nn.Linear(n_in, n_out)``.

    Each of its ``n_out`` outputs has a weight for every one of the ``n_in`` inputs.
    """
    n_in, n_out = whole_number("n_in", n_in, 1), whole_number("n_out", n_out, 1)
    return n_in * n_out + (n_out if bias else 0), n_in * n_out


def output_size(n, k, padding=0, stride=1):
    """Return ``(out_h, out_w)`` of a ``k`` window on ``n`` pixels: ``(n + 2p - k) // s + 1``."""
    (n_h, n_w), (k_h, k_w) = int_pair("n", n, 1), int_pair("k", k, 1)
    (p_h, p_w), (s_h, s_w) = int_pair("padding", padding, 0), int_pair("stride", stride, 1)
    if k_h > n_h + 2 * p_h or k_w > n_w + 2 * p_w:
        raise ValueError(f"kernel {(k_h, k_w)} is larger than the padded input "
                         f"{(n_h + 2 * p_h, n_w + 2 * p_w)}")
    return pool_output_size(n_h, k_h, p_h, s_h), pool_output_size(n_w, k_w, p_w, s_w)


def cost_table(c_i, c_o, k, n, padding=0, stride=1):
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


def format_cost_table(rows, title):
    """Return ``rows`` of ``cost_table`` as aligned text, float32 weights in bytes added."""
    lines = [title, f"{'layer':18} {'parameters':>17} {'float32 weights':>16} "
                    f"{'multiply-adds':>17}"]
    for name, parameters, multiply_adds in rows:
        lines.append(f"{name:18} {parameters:>17,} {human_bytes(4 * parameters):>16} "
                     f"{multiply_adds:>17,}")
    return "\n".join(lines)


def human_bytes(n):
    """Return a number of bytes as short text with a decimal unit: ``'1.9 TB'``."""
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000:
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} TB"


def show_costs(tables):
    """Draw parameters and multiply-adds of each ``cost_table`` as bars on a log scale.

    ``tables`` maps a title to a table. One panel per table, the same scale on all;
    returns the figure.
    """
    fig, axes = plt.subplots(1, len(tables), figsize=(4.2 * len(tables), 3.2), sharey=True,
                             squeeze=False)
    for ax, (title, rows) in zip(axes[0], tables.items()):
        x = np.arange(len(rows))
        ax.bar(x - 0.2, [r[1] for r in rows], 0.4, label="parameters", color="tab:blue")
        ax.bar(x + 0.2, [r[2] for r in rows], 0.4, label="multiply-adds", color="tab:orange")
        ax.set_xticks(x, [r[0].replace(" ", "\n") for r in rows], fontsize=8)
        ax.set_yscale("log")
        ax.set_title(title, fontsize=10)
        ax.grid(True, axis="y", alpha=0.3)
    axes[0, 0].set_ylabel("count (log scale)")
    axes[0, 0].legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    return fig


def check_conv1x1_input(X, K):
    """Check ``X`` (c_i, n_h, n_w) and ``K`` (c_o, c_i, 1, 1) for ``conv1x1``; return nothing."""
    require_tensor("X", X)
    require_tensor("K", K)
    if X.dim() != 3:
        raise ValueError(f"X must be 3-D (channels, height, width), got shape {tuple(X.shape)}")
    if K.dim() != 4 or K.shape[2:] != (1, 1):
        raise ValueError(f"K must have shape (out channels, in channels, 1, 1), "
                         f"got {tuple(K.shape)}")
    if K.shape[1] != X.shape[0]:
        raise ValueError(f"X has {X.shape[0]} channels but K expects {K.shape[1]} "
                         f"(X {tuple(X.shape)}, K {tuple(K.shape)})")
