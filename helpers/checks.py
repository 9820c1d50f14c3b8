"""Argument checks: what a public function of helpers requires of its arguments.

A check ``require_...`` takes the arguments of the function it guards, by the same names,
and returns nothing or raises ``TypeError`` (wrong kind of thing) or ``ValueError`` (right
kind, value out of range) with a message that names the argument and what it got. It
converts nothing: the function's body does that, once. ``helpers.boundary`` pairs each
public function with its check; the functions the notebooks show hold the idea alone.
"""

import math
import numbers

import torch

from helpers.sizes import dilated_span, fits, output_size


def require_tensor(name, t):
    """Raise ``TypeError`` naming ``name`` unless ``t`` is a ``torch.Tensor``; return nothing."""
    if not isinstance(t, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(t).__name__}")


def _shown(value):
    """Return ``value`` as an error message shows it: a NumPy scalar as its Python number
    (NumPy 2 would write ``np.float64(3.0)``, NumPy 1 ``3.0``: one message on both)."""
    if isinstance(value, numbers.Number) and type(value).__module__ == "numpy":
        value = value.item()  # type: ignore[attr-defined]  # a NumPy scalar has .item()
    return repr(value)


def _bound(smallest):
    """Return the words for "at least ``smallest``", as the error messages say it."""
    return "positive" if smallest == 1 else f"at least {smallest}"


def whole_number(name, value, smallest):
    """Return ``value`` as a Python ``int`` if it is an integer at least ``smallest``.

    Integers are Python ints and NumPy or PyTorch integer scalars (``numbers.Integral``);
    ``bool`` and floats (even ``3.0``) raise ``TypeError``, values below ``smallest``
    raise ``ValueError``.
    """
    if isinstance(value, torch.Tensor) and value.dim() == 0 and not value.dtype.is_floating_point \
            and not value.dtype.is_complex and value.dtype != torch.bool:
        value = value.item()  # a 0-d integer tensor is an integer scalar too
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {_shown(value)}")
    if value < smallest:
        raise ValueError(f"{name} must be {_bound(smallest)}, got {_shown(value)}")
    return int(value)


def real_number(name, value):
    """Return ``value`` as a Python ``float`` if it is a finite real number (not ``bool``).

    Anything else raises ``TypeError``; infinity and NaN raise ``ValueError``.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {_shown(value)}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {_shown(value)}")
    return float(value)


def int_pair(name, value, smallest):
    """Return ``value``, an integer or a pair of integers each at least ``smallest``, as a pair.

    Each integer follows the rule of ``whole_number``. Anything else raises ``TypeError``,
    a number below ``smallest`` ``ValueError``; both messages name ``name`` and the value.
    """
    pair = tuple(value) if isinstance(value, (tuple, list)) else (value, value)
    try:
        if len(pair) != 2:
            raise TypeError
        return whole_number(name, pair[0], smallest), whole_number(name, pair[1], smallest)
    except TypeError:
        raise TypeError(f"{name} must be an int or a pair of ints (height, width), "
                        f"got {value!r}") from None
    except ValueError:
        shown = ", ".join(map(_shown, pair))
        raise ValueError(f"{name} must be {_bound(smallest)}, got ({shown})") from None


# The element types all three cross-correlations accept: those of PyTorch's CPU matrix
# multiplication and in-place addition. The others (bool,
# uint16, uint32, uint64) are refused by one message, so corr2d, corr2d_fast and
# corr2d_matmul agree on what they take.
SUPPORTED_DTYPES = (
    torch.float16, torch.bfloat16, torch.float32, torch.float64,
    torch.complex64, torch.complex128,
    torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64,
)
SUPPORTED = frozenset(SUPPORTED_DTYPES)  # looked up at every call


def require_operands(X, K, names=("X", "K"), kernel=True):
    """Check two operands of a cross-correlation, named ``names``; return nothing.

    Both must be tensors of a dtype in ``SUPPORTED_DTYPES``, non-empty and on one device;
    ``X`` has at least 2 dimensions (..., height, width), and ``K`` is 2-D (a kernel) or,
    with ``kernel=False``, has at least 2 dimensions as well. (Right operands pass one
    test, a few microseconds; wrong ones are then told what is wrong.)
    """
    if not (isinstance(X, torch.Tensor) and isinstance(K, torch.Tensor)
            and X.dtype in SUPPORTED and K.dtype in SUPPORTED and X.ndim >= 2
            and (K.ndim == 2 if kernel else K.ndim >= 2) and X.numel() and K.numel()
            and (X.is_cpu and K.is_cpu or X.device == K.device)):
        _refuse_operands(X, K, names, kernel)


def _refuse_operands(X, K, names, kernel):
    """Raise the error that says what is wrong with the operands ``X`` and ``K``."""
    x_name, k_name = names
    require_tensor(x_name, X)
    require_tensor(k_name, K)
    for name, t in ((x_name, X), (k_name, K)):
        if t.dtype not in SUPPORTED:
            raise TypeError(
                f"{name} has dtype {t.dtype}, which the course's cross-correlations do not "
                f"support; use a float, complex or signed integer dtype (or uint8), "
                f"e.g. {name}.float()"
            )
    if kernel and K.dim() != 2:
        raise ValueError(f"{k_name} must be 2-D (height, width), got shape {tuple(K.shape)}")
    for name, t in ((x_name, X), (k_name, K)):
        if t.dim() < 2:
            raise ValueError(f"{name} must have at least 2 dimensions (..., height, width), "
                             f"got shape {tuple(t.shape)}")
    if X.numel() == 0 or K.numel() == 0:
        raise ValueError(
            f"{x_name} and {k_name} must not be empty, got {x_name} of shape {tuple(X.shape)} "
            f"and {k_name} of shape {tuple(K.shape)}"
        )
    raise ValueError(f"{x_name} is on {X.device} but {k_name} is on {K.device}; "
                     "move both to one device")


def require_input(X, K):
    """Check that ``X`` (..., H, W) and kernel ``K`` (h, w) can be cross-correlated.

    Returns nothing; raises ``TypeError`` (not a tensor, or an element type outside
    ``SUPPORTED_DTYPES``) or ``ValueError`` with a message naming the shapes it got.
    """
    require_operands(X, K)
    (k_h, k_w), (*_, n_h, n_w) = K.shape, X.shape
    if not (fits(k_h, n_h) and fits(k_w, n_w)):
        raise ValueError(
            f"kernel of shape {tuple(K.shape)} is larger than the input's "
            f"height x width {tuple(X.shape[-2:])} (X has shape {tuple(X.shape)})"
        )


def require_image_and_kernel(X, K):
    """Check the arguments of ``corr2d``: one image ``X`` (n_h, n_w) and a kernel ``K`` that
    fits (``require_input``); return nothing."""
    require_input(X, K)
    if X.dim() != 2:
        raise ValueError(f"X must be one image (height, width), got shape {tuple(X.shape)}; "
                         "corr2d_batched takes leading dimensions (..., height, width)")


def require_input_grad_args(grad_Y, K):
    """Check the arguments of ``corr2d_input_grad``: ``grad_Y`` (..., out_h, out_w), ``K``
    (k_h, k_w); return nothing."""
    require_operands(grad_Y, K, ("grad_Y", "K"))


def require_kernel_grad_args(X, grad_Y):
    """Check the arguments of ``corr2d_kernel_grad``; return nothing.

    ``X`` is (..., n_h, n_w) and ``grad_Y`` (..., out_h, out_w), the gradient of an output
    of X: the same leading dimensions, and no larger than X.
    """
    require_operands(X, grad_Y, ("X", "grad_Y"), kernel=False)
    if grad_Y.shape[:-2] != X.shape[:-2]:
        raise ValueError(f"grad_Y must have X's leading dimensions {tuple(X.shape[:-2])}, "
                         f"got shape {tuple(grad_Y.shape)}")
    if not (fits(grad_Y.shape[-2], X.shape[-2]) and fits(grad_Y.shape[-1], X.shape[-1])):
        raise ValueError(f"grad_Y of shape {tuple(grad_Y.shape)} is larger than X's height x "
                         f"width {tuple(X.shape[-2:])}: it is the gradient of an output of X")


def require_output_size_args(n, k, p, s, ceil_mode=False):
    """Check the arguments of the output-size rule (side ``n``, window ``k``, padding ``p``,
    stride ``s``); return nothing.

    Raises ``TypeError`` for a value that is not an integer (a float side such as 4.0
    included) and ``ValueError`` for a side or window below 1, a negative padding, a stride
    below 1 (stride 0 would divide by zero), or a window larger than the padded side (no
    window fits: the rule would give 0 or less).
    """
    n = whole_number("n", n, 1)
    k = whole_number("k", k, 1)
    p = whole_number("p", p, 0)
    s = whole_number("s", s, 1)
    if not fits(k, n, p):
        raise ValueError(f"the window k = {k} is larger than the padded side n + 2p = "
                         f"{n + 2 * p}: no window fits")


def require_output_size_pair_args(n, k, padding=0, stride=1, dilation=1):
    """Check the arguments of ``output_size``, each an int or a pair; return nothing.

    The window, spread by the dilation, must fit in the padded input.
    """
    (n_h, n_w), (k_h, k_w) = int_pair("n", n, 1), int_pair("k", k, 1)
    (p_h, p_w), _ = int_pair("padding", padding, 0), int_pair("stride", stride, 1)
    d_h, d_w = int_pair("dilation", dilation, 1)
    if not (fits(k_h, n_h, p_h, d_h) and fits(k_w, n_w, p_w, d_w)):
        span = (dilated_span(k_h, d_h), dilated_span(k_w, d_w))
        spans = f" with dilation {(d_h, d_w)} spans {span} and" if (d_h, d_w) != (1, 1) else ""
        raise ValueError(f"kernel {(k_h, k_w)}{spans} is larger than the padded input "
                         f"{(n_h + 2 * p_h, n_w + 2 * p_w)}")


def require_conv2d_layer_args(layer, kernel_size, corr=None):
    """Check the arguments of ``Conv2D``: a kernel size, and a cross-correlation to use
    (None: the default, ``corr2d``)."""
    if corr is not None and not callable(corr):
        raise TypeError(f"corr must be a function like corr2d, got {type(corr).__name__}")
    int_pair("kernel_size", kernel_size, 1)


POOL_MODES = ("max", "avg")


def require_pool_sizes(pool_size, stride, padding, mode):
    """Check the sizes and the mode of a pooling; return the window and the padding as pairs.

    Each size is an int or a pair, ``stride=None`` meaning the window; under PyTorch's own
    rule the padding is at most half the window.
    """
    if not isinstance(mode, str) or mode not in POOL_MODES:
        raise ValueError(f"mode must be 'max' or 'avg', got {mode!r}")
    k = int_pair("pool_size", pool_size, 1)
    if stride is not None:
        int_pair("stride", stride, 1)
    p = int_pair("padding", padding, 0)
    if p[0] > k[0] // 2 or p[1] > k[1] // 2:
        raise ValueError(f"padding must be at most half the window per side: padding {p} "
                         f"with pool_size {k} (a window of padding alone has nothing to pool)")
    return k, p


def require_pool_args(X, pool_size, stride=None, padding=0, *, mode="max", ceil_mode=False):
    """Check the arguments of ``pool2d`` and ``pool2d_fast``; return nothing.

    Raises ``TypeError`` or ``ValueError`` with a message naming what is wrong, under
    PyTorch's own rules: padding at most half the window, and at least one window.
    """
    require_tensor("X", X)
    if X.dim() < 2:
        raise ValueError(
            f"X must have at least 2 dimensions (..., height, width), got shape {tuple(X.shape)}")
    if X.shape[-2] == 0 or X.shape[-1] == 0:
        raise ValueError(f"X must not be empty, got shape {tuple(X.shape)}")
    if not isinstance(mode, str) or mode not in POOL_MODES:
        raise ValueError(f"mode must be 'max' or 'avg', got {mode!r}")
    if X.dtype == torch.bool or X.is_complex():
        raise TypeError(f"X must hold real numbers, got dtype {X.dtype}")
    if mode == "avg" and not X.is_floating_point():
        raise TypeError(f"average pooling needs a floating-point X, got dtype {X.dtype}; "
                        "convert it with X.float()")
    if not isinstance(ceil_mode, bool):
        raise TypeError(f"ceil_mode must be True or False, got {ceil_mode!r}")
    k, p = require_pool_sizes(pool_size, stride, padding, mode)
    n = tuple(X.shape[-2:])
    if not (fits(k[0], n[0], p[0]) and fits(k[1], n[1], p[1])):
        raise ValueError(f"pool_size {k} is larger than the padded input: X is {n} "
                         f"(shape {tuple(X.shape)}), padded by {p} on each side")


def require_pool_backward_args(X, grad_Y, pool_size, stride=None):
    """Check the arguments of ``max_pool2d_backward``; return nothing.

    ``X`` is an image (n_h, n_w) of real numbers (integers too, as ``F.max_pool2d`` takes
    them) and ``grad_Y`` a tensor of the output's shape.
    """
    require_tensor("grad_Y", grad_Y)
    require_pool_args(X, pool_size, stride)
    if X.dim() != 2:
        raise ValueError(f"X must be 2-D (height, width), got shape {tuple(X.shape)}")
    expected = output_size(tuple(X.shape), pool_size, stride=stride or pool_size)
    if tuple(grad_Y.shape) != expected:
        raise ValueError(f"grad_Y must have the output's shape {expected}, "
                         f"got {tuple(grad_Y.shape)}")
    if not grad_Y.is_floating_point():
        raise TypeError(f"grad_Y must hold floating-point numbers, got dtype {grad_Y.dtype}")


def require_layer_shapes_args(input_shape, kernel_sizes):
    """Check the arguments of ``layer_shapes``; return the last layer's output shape.

    ``input_shape`` and each of ``kernel_sizes`` (a list or tuple) are a positive int or a
    pair of them, as ``torch.nn.Conv2d`` takes a kernel size, and no kernel is larger than
    its input.
    """
    if not isinstance(kernel_sizes, (list, tuple)):
        raise TypeError(f"kernel_sizes must be a list of kernel sizes (an int or a pair each), "
                        f"got {type(kernel_sizes).__name__} {_shown(kernel_sizes)}")
    shape = int_pair("input_shape", input_shape, 1)
    kernels = [int_pair(f"kernel_sizes[{i}]", k, 1) for i, k in enumerate(kernel_sizes)]
    for k in kernels:
        if not (fits(k[0], shape[0]) and fits(k[1], shape[1])):
            raise ValueError(f"kernel {k} is larger than its input {shape}")
        shape = output_size(shape, k)
    return shape


def require_receptive_field_args(input_shape, kernel_sizes, position):
    """Check the arguments of ``receptive_field``; return nothing.

    The sizes follow ``require_layer_shapes_args``; ``position`` is a pair ``(i, j)`` inside
    the last layer's output.
    """
    shape = require_layer_shapes_args(input_shape, kernel_sizes)
    if not isinstance(position, (tuple, list)) or len(position) != 2:
        raise TypeError(f"position must be a pair (row, column), got {position!r}")
    i, j = whole_number("position[0]", position[0], 0), whole_number("position[1]", position[1], 0)
    if i >= shape[0] or j >= shape[1]:
        raise ValueError(f"position {(i, j)} is outside the last output, of shape {tuple(shape)}")


def require_show_receptive_field_args(input_shape, kernel_sizes, position, cell=0.45):
    """Check ``show_receptive_field``'s arguments as ``receptive_field``'s; return nothing."""
    require_receptive_field_args(input_shape, kernel_sizes, position)


def require_kernel(K):
    """Raise unless ``K`` is a non-empty 2-D tensor; return nothing."""
    require_tensor("K", K)
    if K.dim() != 2 or K.numel() == 0:
        raise ValueError(f"K must be a non-empty 2-D kernel (k_h, k_w), got shape {tuple(K.shape)}")


def require_dilated_kernel_args(K, dilation):
    """Check the arguments of ``dilated_kernel``: a kernel, and a dilation (an int or a pair)."""
    require_kernel(K)
    int_pair("dilation", dilation, 1)


def require_dilated_input(X, K, dilation):
    """Check the arguments of ``corr2d_dilated``; return nothing.

    Besides ``require_input``'s checks, the dilation must be a positive integer or a pair of
    them, and the dilated kernel's span must fit inside the input.
    """
    require_input(X, K)
    d_h, d_w = int_pair("dilation", dilation, 1)
    if not (fits(K.shape[0], X.shape[-2], 0, d_h) and fits(K.shape[1], X.shape[-1], 0, d_w)):
        span = (dilated_span(K.shape[0], d_h), dilated_span(K.shape[1], d_w))
        raise ValueError(f"kernel of shape {tuple(K.shape)} with dilation {(d_h, d_w)} spans "
                         f"{span}, larger than the input's height x width {tuple(X.shape[-2:])}")


def require_stripes_args(height=6, width=8, dark=(2, 6)):
    """Check the arguments of ``stripes``; return nothing.

    ``height`` and ``width`` are positive integers; ``dark`` is the pair of columns
    ``(first, stop)`` of the dark band, with ``0 <= first <= stop <= width``.
    """
    height, width = whole_number("height", height, 1), whole_number("width", width, 1)
    first, stop = int_pair("dark", dark, 0)
    if not first <= stop <= width:
        raise ValueError(f"dark must be columns (first, stop) with first <= stop <= width = "
                         f"{width}, got {(first, stop)}")


def require_images(name, X, dims, layout):
    """Raise unless ``X`` is a floating-point tensor of ``dims`` dimensions ``layout``."""
    require_tensor(name, X)
    if X.dim() != dims:
        raise ValueError(f"{name} must be {dims}-D {layout}, got shape {tuple(X.shape)}")
    if not X.is_floating_point():
        raise TypeError(f"{name} must hold floating-point numbers, got dtype {X.dtype}; "
                        f"convert it with {name}.to(torch.float64)")


def require_net_for(net, name, X):
    """Raise unless ``net`` is a ``torch.nn.Module`` whose parameters have ``X``'s dtype."""
    if not isinstance(net, torch.nn.Module):
        raise TypeError(f"net must be a torch.nn.Module, got {type(net).__name__}")
    parameter = next(net.parameters(), None)
    if parameter is not None and parameter.dtype != X.dtype:
        raise TypeError(f"{name} has dtype {X.dtype} but net's parameters are {parameter.dtype}: "
                        f"convert it with {name}.to({parameter.dtype})")


def require_random_shift_args(X, max_shift, generator=None):
    """Check the arguments of ``random_shift``: images ``X`` (batch, c, H, W), a whole
    ``max_shift`` of at least 0, a ``torch.Generator`` or None; return nothing."""
    require_tensor("X", X)
    if X.dim() != 4:
        raise ValueError(f"X must be 4-D (batch, channels, height, width), "
                         f"got shape {tuple(X.shape)}")
    if generator is not None and not isinstance(generator, torch.Generator):
        raise TypeError(f"generator must be a torch.Generator or None, "
                        f"got {type(generator).__name__}")
    whole_number("max_shift", max_shift, 0)


def require_saliency_args(net, X, labels):
    """Check the arguments of ``saliency``: a network, images ``X`` (batch, 1, H, W) of its
    dtype, and one integer class per image in ``labels``; return nothing."""
    require_images("X", X, 4, "(batch, 1, height, width)")
    require_net_for(net, "X", X)
    require_tensor("labels", labels)
    if labels.dtype != torch.int64 or labels.shape != X.shape[:1]:
        raise ValueError(f"labels must be an int64 tensor of one class per image, shape "
                         f"({X.shape[0]},), got {labels.dtype} of shape {tuple(labels.shape)}")


def require_occlusion_args(net, x, label, patch=5, fill=0.0):
    """Check the arguments of ``occlusion``: a network, one image ``x`` (1, H, W) of its
    dtype, a class ``label`` (a whole number), a ``patch`` side of at least 1 and a finite
    ``fill``; return nothing."""
    require_images("x", x, 3, "(1, height, width), one image")
    require_net_for(net, "x", x)
    whole_number("label", label, 0), whole_number("patch", patch, 1), real_number("fill", fill)


def require_dims(name, t, dims, layout):
    """Raise ``TypeError`` unless ``t`` is a tensor, ``ValueError`` unless it has ``dims`` axes."""
    require_tensor(name, t)
    if t.dim() != dims:
        raise ValueError(f"{name} must be {dims}-D {layout}, got shape {tuple(t.shape)}")


def require_multi_in_args(X, K):
    """Check the arguments of ``corr2d_multi_in``: ``X`` and ``K`` (channels, height, width)
    with as many channels, at least one, each channel pair as ``require_input`` wants it."""
    require_dims("X", X, 3, "(channels, height, width)")
    require_dims("K", K, 3, "(channels, height, width)")
    if X.shape[0] != K.shape[0]:
        raise ValueError(f"X has {X.shape[0]} channels but K has {K.shape[0]} "
                         f"(X {tuple(X.shape)}, K {tuple(K.shape)})")
    if X.shape[0] == 0:
        raise ValueError(f"X and K need at least one channel, got X {tuple(X.shape)}")
    require_input(X, K[0])


def require_multi_in_out_args(X, W):
    """Check the weight of ``corr2d_multi_in_out``: (c_out, c_in, h, w), at least one output
    channel, each as ``require_multi_in_args`` wants it with ``X``; return nothing."""
    require_dims("W", W, 4, "(out channels, in channels, height, width)")
    if W.shape[0] == 0:
        raise ValueError(f"W needs at least one output channel, got shape {tuple(W.shape)}")
    require_multi_in_args(X, W[0])


def require_pad2d_args(X, padding):
    """Check the arguments of ``pad2d``: a tensor (..., H, W), a padding (an int or a pair)."""
    require_tensor("X", X)
    if X.dim() < 2:
        raise ValueError(f"X must have at least 2 dimensions (..., height, width), "
                         f"got shape {tuple(X.shape)}")
    int_pair("padding", padding, 0)


def require_conv2d(X, W, bias=None, stride=1, padding=0):
    """Check the arguments of ``conv2d_image`` before it computes anything; return nothing.

    Raises ``TypeError`` or ``ValueError`` naming what is wrong: X not (c_in, H, W), W not
    (c_out, c_in, h, w), channels that do not match, a bias that is not one entry per
    output channel, a padding or stride that is not a non-negative (padding) or positive
    (stride) integer or pair, or a kernel larger than the padded input.
    """
    require_dims("X", X, 3, "(channels, height, width)")
    require_dims("W", W, 4, "(out channels, in channels, height, width)")
    if bias is not None:
        require_dims("bias", bias, 1, "(out channels,)")
        if bias.shape[0] != W.shape[0]:
            raise ValueError(f"bias has {bias.shape[0]} entries but W has {W.shape[0]} "
                             "output channels")
    p_h, p_w = int_pair("padding", padding, 0)
    int_pair("stride", stride, 1)
    if not (fits(W.shape[-2], X.shape[-2], p_h) and fits(W.shape[-1], X.shape[-1], p_w)):
        raise ValueError(f"kernel of shape {tuple(W.shape[-2:])} is larger than the padded "
                         f"input's height x width {(X.shape[-2] + 2 * p_h, X.shape[-1] + 2 * p_w)}")
    if X.shape[0] != W.shape[1]:
        raise ValueError(f"X has {X.shape[0]} channels but W expects {W.shape[1]} "
                         f"(X {tuple(X.shape)}, W {tuple(W.shape)})")
    if 0 in X.shape or 0 in W.shape:
        raise ValueError(f"X and W must not be empty, got X {tuple(X.shape)}, W {tuple(W.shape)}")
    require_operands(X, W[0, 0])


def require_batch_window_matrix_args(X, kernel_size, stride=1):
    """Check the arguments of ``batch_window_matrix``: a batch ``X`` (batch, c_i, H, W) and a
    kernel that fits; return nothing."""
    require_dims("X", X, 4, "(batch, channels, height, width)")
    k = int_pair("kernel_size", kernel_size, 1)
    int_pair("stride", stride, 1)
    if not (fits(k[0], X.shape[-2]) and fits(k[1], X.shape[-1])):
        raise ValueError(f"kernel_size {k} is larger than X's height x width "
                         f"{tuple(X.shape[-2:])}")


def require_conv_layer_args(layer, in_channels, out_channels, kernel_size, stride=1, padding=0):
    """Check the arguments of ``BatchConv2D``: channels, and sizes (an int or a pair)."""
    whole_number("in_channels", in_channels, 1), whole_number("out_channels", out_channels, 1)
    int_pair("kernel_size", kernel_size, 1), int_pair("stride", stride, 1)
    int_pair("padding", padding, 0)


def require_conv2d_batch(X, W, bias=None, stride=1, padding=0):
    """Check the arguments of ``conv2d_batch``; return nothing.

    Raises ``TypeError`` (not a tensor, wrong dtype, padding or stride not integers) or
    ``ValueError`` (wrong number of dimensions, channels that do not match, a kernel
    larger than the padded input), with a message naming the shapes it got.
    """
    require_tensor("X", X)
    require_tensor("W", W)
    if X.dim() != 4:
        hint = " (add the batch dimension: X.unsqueeze(0))" if X.dim() == 3 else ""
        raise ValueError(f"X must be 4-D (batch, channels, height, width), "
                         f"got shape {tuple(X.shape)}{hint}")
    if W.dim() != 4:
        raise ValueError(f"W must be 4-D (out channels, in channels, height, width), "
                         f"got shape {tuple(W.shape)}")
    if X.device != W.device:
        raise ValueError(f"X is on {X.device} but W is on {W.device}; move both to one device")
    if not X.is_floating_point() or X.dtype != W.dtype:
        raise TypeError(f"X and W must have one floating-point dtype, got {X.dtype} and {W.dtype}")
    if X.shape[1] != W.shape[1]:
        raise ValueError(f"X has {X.shape[1]} channels but W expects {W.shape[1]} "
                         f"(X {tuple(X.shape)}, W {tuple(W.shape)})")
    if 0 in X.shape or 0 in W.shape:
        raise ValueError(f"X and W must not be empty, got X {tuple(X.shape)}, W {tuple(W.shape)}")
    p_h, p_w = int_pair("padding", padding, 0)
    int_pair("stride", stride, 1)
    if not (fits(W.shape[2], X.shape[2], p_h) and fits(W.shape[3], X.shape[3], p_w)):
        raise ValueError(f"kernel of shape {tuple(W.shape[2:])} is larger than the padded "
                         f"input's height x width {(X.shape[2] + 2 * p_h, X.shape[3] + 2 * p_w)}")
    if bias is not None:
        require_tensor("bias", bias)
        if bias.shape != (W.shape[0],):
            raise ValueError(f"bias must have shape ({W.shape[0]},), one entry per output "
                             f"channel, got {tuple(bias.shape)}")
        if bias.dtype != W.dtype:
            raise TypeError(f"bias must have W's dtype {W.dtype}, got {bias.dtype}")


def require_learn_kernel_args(model, X, Y, steps=10, lr=0.03, report_every=2, on_step=None,
                              unit="step"):
    """Raise ``TypeError`` or ``ValueError`` naming a bad argument of ``learn_kernel``.

    The model must have trainable parameters, and ``model(X)`` the shape of ``Y``; ``unit``
    is the word a report line starts with.
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    require_tensor("X", X)
    require_tensor("Y", Y)
    whole_number("steps", steps, 1), whole_number("report_every", report_every, 0)
    if not isinstance(unit, str):
        raise TypeError(f"unit must be a word such as 'step' or 'batch', got {unit!r}")
    if real_number("lr", lr) <= 0:
        raise ValueError(f"lr must be positive, got {lr!r}")
    if on_step is not None and not callable(on_step):
        raise TypeError(f"on_step must be a function or None, got {type(on_step).__name__}")
    params = [p for p in model.parameters() if p.requires_grad]
    if not params:
        raise ValueError("model has no trainable parameters")
    with torch.no_grad():
        shape = model(X).shape
    if shape != Y.shape:
        raise ValueError(f"model(X) has shape {tuple(shape)} but Y has shape {tuple(Y.shape)}")


def require_conv1x1_input(X, W):
    """Check ``X`` (c_i, n_h, n_w) and ``W`` (c_o, c_i, 1, 1) for ``conv1x1``; return nothing."""
    require_tensor("X", X)
    require_tensor("W", W)
    if X.dim() != 3:
        raise ValueError(f"X must be 3-D (channels, height, width), got shape {tuple(X.shape)}")
    if W.dim() != 4 or W.shape[2:] != (1, 1):
        raise ValueError(f"W must have shape (out channels, in channels, 1, 1), "
                         f"got {tuple(W.shape)}")
    if W.shape[1] != X.shape[0]:
        raise ValueError(f"X has {X.shape[0]} channels but W expects {W.shape[1]} "
                         f"(X {tuple(X.shape)}, W {tuple(W.shape)})")


def require_convolution_matrix_input(K, input_shape):
    """Check the arguments of ``convolution_matrix``: a 2-D kernel that fits; return nothing."""
    require_tensor("K", K)
    if K.dim() != 2 or K.numel() == 0:
        raise ValueError(f"K must be a non-empty 2-D kernel (k_h, k_w), got shape {tuple(K.shape)}")
    n_h, n_w = int_pair("input_shape", tuple(input_shape) if isinstance(input_shape, torch.Size)
                        else input_shape, 1)
    if K.shape[0] > n_h or K.shape[1] > n_w:
        raise ValueError(f"kernel of shape {tuple(K.shape)} is larger than the input "
                         f"{(n_h, n_w)}")


def require_kernels(P, Q):
    """Check ``compose_kernels``'s arguments: two non-empty 2-D tensors; return nothing."""
    for name, K in (("P", P), ("Q", Q)):
        require_tensor(name, K)
        if K.dim() != 2 or K.numel() == 0:
            raise ValueError(f"{name} must be a non-empty 2-D kernel (k_h, k_w), "
                             f"got shape {tuple(K.shape)}")


def require_direction(dx, dy):
    """Check a direction ``(dx, dy)`` for ``directional_edge``: two finite numbers, not both
    0; return nothing."""
    if real_number("dx", dx) == 0 and real_number("dy", dy) == 0:
        raise ValueError("the direction (dx, dy) must not be (0, 0)")


def require_cost_args(c_i, c_o, k, n, padding=0, stride=1, bias=True):
    """Check the arguments of ``conv_cost`` and ``locally_connected_cost``: channels, and
    sizes as ``output_size`` takes them; return nothing."""
    whole_number("c_i", c_i, 1), whole_number("c_o", c_o, 1)
    require_output_size_pair_args(n, k, padding, stride, 1)


def require_net(net, kind=torch.nn.Module):
    """Raise ``TypeError`` unless ``net`` is a ``torch.nn.Module`` (or the ``kind`` given)."""
    if not isinstance(net, kind):
        raise TypeError(f"net must be a torch.nn.{kind.__name__}, got {type(net).__name__}")


def require_image_tensor(name, X, dims=2):
    """Raise unless ``X`` is a tensor with at least ``dims`` dimensions (..., height, width)."""
    require_tensor(name, X)
    if X.dim() < dims:
        raise ValueError(f"{name} must have at least {dims} dimensions "
                         f"(..., height, width), got shape {tuple(X.shape)}")


def require_net_images(net, X):
    """Check a network and its images ``X`` (batch, channels, H, W), of the dtype of its
    parameters; return nothing."""
    require_net(net)
    require_image_tensor("X", X, 4)
    require_net_for(net, "X", X)


def require_saved_for_backward_args(net, x):
    """Check ``saved_for_backward``'s arguments: a network and an input of its dtype."""
    require_net(net)
    require_tensor("x", x)
    require_net_for(net, "x", x)


def require_net_only(net):
    """Check that ``net`` is a ``torch.nn.Module``; return nothing."""
    require_net(net)


def require_accuracy_args(net, X, y):
    """Check ``accuracy``'s network and images (``require_net_images``); return nothing."""
    require_net_images(net, X)


def require_class_scores_args(net, X, batch_size=100):
    """Check ``class_scores``'s network and images (``require_net_images``); return nothing."""
    require_net_images(net, X)


def require_multiply_adds_args(net, input_shape=(1, 28, 28)):
    """Check ``multiply_adds``'s network; return nothing."""
    require_net(net)


def require_sequential(net, input_shape):
    """Check ``activation_table``'s arguments: an ``nn.Sequential`` with parameters, and the
    shape of one image (channels, height, width); return nothing."""
    require_net(net, torch.nn.Sequential)
    if next(net.parameters(), None) is None:
        raise ValueError("net must have parameters: their dtype is the input's")
    if not isinstance(input_shape, (tuple, list)) or len(input_shape) != 3:
        raise TypeError(f"input_shape must be (channels, height, width), got {input_shape!r}")
    for i, n in enumerate(input_shape):
        whole_number(f"input_shape[{i}]", n, 1)


def require_shift_args(X, d_x, d_y):
    """Check ``shift``'s arguments: images ``X`` (..., H, W) and whole numbers of pixels
    (negative: left or up); return nothing."""
    require_image_tensor("X", X)
    whole_number("d_x", d_x, -math.inf), whole_number("d_y", d_y, -math.inf)


def require_shift_accuracy_args(net, X, y, shifts, direction="x"):
    """Check ``shift_accuracy``'s arguments; return nothing."""
    require_net_images(net, X)
    require_tensor("y", y)
    if direction not in ("x", "y"):
        raise ValueError(f"direction must be 'x' or 'y', got {direction!r}")
    for s in shifts:
        whole_number("each shift", s, -math.inf)


def require_shift_right_args(X, pixels=1):
    """Check ``shift_right``'s arguments: images ``X`` (..., H, W), pixels at least 0."""
    require_image_tensor("X", X)
    whole_number("pixels", pixels, 0)


def require_most_similar_args(kernel, designed):
    """Check ``most_similar``'s arguments: a kernel tensor, and a non-empty dict of kernels of
    its shape; return nothing."""
    require_tensor("kernel", kernel)
    if not hasattr(designed, "items") or len(designed) == 0:
        raise TypeError(f"designed must be a non-empty dict (name -> kernel), "
                        f"got {type(designed).__name__}")
    for name, K in designed.items():
        require_tensor(f"designed[{name!r}]", K)
        if K.shape != kernel.shape:
            raise ValueError(f"designed[{name!r}] has shape {tuple(K.shape)}, the kernel "
                             f"{tuple(kernel.shape)}")


def require_fold_args(columns, padded_size, kernel_size):
    """Check ``fold``'s arguments: a window matrix (batch, c_i * k_h * k_w, windows) whose
    rows and columns fit the sizes; return nothing."""
    require_dims("columns", columns, 3, "(batch, channels * k_h * k_w, windows)")
    (H, W), (k_h, k_w) = int_pair("padded_size", padded_size, 1), int_pair("kernel_size",
                                                                           kernel_size, 1)
    if not (fits(k_h, H) and fits(k_w, W)):
        raise ValueError(f"kernel_size {(k_h, k_w)} is larger than padded_size {(H, W)}")
    out_h, out_w = output_size((H, W), (k_h, k_w))
    windows = out_h * out_w
    if columns.shape[2] != windows or columns.shape[1] % (k_h * k_w) != 0:
        raise ValueError(f"columns of shape {tuple(columns.shape)} do not fit padded_size "
                         f"{(H, W)} and kernel_size {(k_h, k_w)}: they need {windows} columns "
                         f"and rows a multiple of {k_h * k_w}")


def require_human_bytes_args(n):
    """Check ``human_bytes``'s argument: a number of bytes, at least 0."""
    if real_number("n", n) < 0:
        raise ValueError(f"n must be at least 0, got {_shown(n)}")


def require_receptive_field_sizes_args(layers):
    """Check ``receptive_field_sizes``'s argument: a list of (k, s) pairs of whole numbers."""
    if not isinstance(layers, (list, tuple)):
        raise TypeError(f"layers must be a list of (k, s) pairs, got {type(layers).__name__}")
    for i, layer in enumerate(layers):
        if not isinstance(layer, (list, tuple)) or len(layer) != 2:
            raise TypeError(f"layers[{i}] must be a pair (k, s), got {layer!r}")
        whole_number(f"layers[{i}] k", layer[0], 1), whole_number(f"layers[{i}] s", layer[1], 1)


def require_median_ms_args(fn, min_run_time=0.2, threads=None):
    """Check ``median_ms``'s arguments: a function of no arguments, a positive time, a thread
    count or None; return nothing."""
    if not callable(fn):
        raise TypeError(f"fn must be a function of no arguments, got {type(fn).__name__}")
    if real_number("min_run_time", min_run_time) <= 0:
        raise ValueError(f"min_run_time must be positive, got {_shown(min_run_time)}")
    if threads is not None:
        whole_number("threads", threads, 1)


def require_methods_args(X, K):
    """Check ``methods``'s arguments: one image ``X`` (H, W) and a kernel ``K``."""
    require_input(X, K)
    if X.dim() != 2:
        raise ValueError(f"X must be one image (height, width), got shape {tuple(X.shape)}")


def require_dense_net_args(hidden=78, dtype=torch.float64):
    """Check ``dense_net``'s argument: a number of hidden units, at least 1."""
    whole_number("hidden", hidden, 1)


def require_lenet5_gap_args(padding=1, dtype=torch.float64):
    """Check ``lenet5_gap``'s argument: a padding, at least 0."""
    whole_number("padding", padding, 0)


def require_conv2d_layer_input(layer, x):
    """Check the input of a ``Conv2D``: ``x`` (..., H, W), the layer's weight its kernel."""
    require_input(x, layer.weight)


def require_conv_layer_input(layer, x):
    """Check the input of a ``BatchConv2D``: a batch ``x`` as ``conv2d_batch`` takes it."""
    require_conv2d_batch(x, layer.weight, layer.bias, layer.stride, layer.padding)


def require_stride_one(layer, in_channels, out_channels, kernel_size, stride=1, padding=0):
    """Check that a ``FoldBackwardConv2D`` has stride 1 (``BatchConv2D`` checks the rest)."""
    if stride not in (1, (1, 1)):
        raise ValueError(f"FoldBackwardConv2D has stride 1 only, got stride {stride!r}")


def require_pool_layer_args(layer, pool_size, stride=None, padding=0, *, mode="max"):
    """Check the arguments of ``Pool2D`` as ``pool2d_fast`` would check them; return nothing."""
    require_pool_sizes(pool_size, stride, padding, mode)


def require_pool_layer_input(layer, x):
    """Check the input of a ``Pool2D`` as ``pool2d_fast`` takes it."""
    require_pool_args(x, layer.pool_size, layer.stride, layer.padding, mode=layer.mode)
